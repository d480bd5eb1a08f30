mod emission;
mod epoch;
mod rounds;
mod submission;
mod yuma;

mod emission;
mod epoch;
mod submission;
mod yuma;

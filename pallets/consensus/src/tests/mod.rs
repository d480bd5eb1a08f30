mod emission;
mod epoch;
mod migrations;
mod payouts;
mod rounds;
mod submission;
mod yuma;
mod yuma_reference;

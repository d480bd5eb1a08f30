mod applying;
mod deferred;
mod disputes;
mod migrations;
mod offences;
mod window;

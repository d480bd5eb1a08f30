mod deferred;
mod disputes;
mod offences;
mod window;

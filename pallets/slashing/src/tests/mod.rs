mod deferred;
mod offences;
mod window;

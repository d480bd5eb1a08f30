mod deferred;
mod offences;

//! Attacks on Merit's incentive game, each performed against the real runtime with the
//! `development` and the `testnet` presets' parameters, and each shown to gain the attacker
//! nothing while honest participants lose nothing. One file per attack; each opens with the
//! attack in two sentences.

mod commit_every_epoch;
mod disputed_weights;
mod dissolve_escape;
mod emission_farming;
mod epoch_overrun;
mod hotkey_squat;
mod late_reveal;
mod low_trust_cartel;
mod outage;
mod owner_takeover;
mod payout_flood;
mod permit_drop;
mod round_drift;
mod slash_pages;
mod slash_queue_spam;
mod staker_squat;
mod unbond_escape;

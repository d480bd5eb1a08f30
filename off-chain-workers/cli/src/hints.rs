//! What to do about a refused call: each error of Merit's pallets (and the common ones of
//! `Balances`) with advice a person can act on. Commands add figures they know (how much more
//! stake a permit needs) in their own checks before sending.

/// Splits a described dispatch error, `Subnets(NotRegistered)`, into pallet and error names.
pub fn split(described: &str) -> Option<(&str, &str)> {
	let (pallet, rest) = described.split_once('(')?;
	let name = rest.strip_suffix(')')?;
	let name = name.split(['(', ' ', '{']).next()?;
	Some((pallet, name))
}

/// Advice for `pallet`'s error `name`, if there is any beyond the error's own name.
pub fn advice(pallet: &str, name: &str) -> Option<&'static str> {
	Some(match (pallet, name) {
		(_, "SubnetNotFound") => "`merit subnet list` shows the subnets",
		(_, "NotRegistered") => "register the hotkey first: `merit register --netuid <netuid>`",
		(_, "NoValidatorPermit") => {
			"permits go to the most-staked hotkeys at each epoch: add stake (`merit stake add`) \
			 and wait for the next epoch"
		},
		("Subnets", "NotSubnetOwner") => "only the subnet's owner coldkey (or governance) may",
		("Subnets", "SubnetLimitReached") => {
			"every subnet slot is taken by an immune subnet: try again after the immunity ends"
		},
		("Subnets", "SubnetRegistrationRateLimited") => {
			"subnets are registered at most once per rate-limit period: try again later"
		},
		("Subnets", "InvalidTaskSpec") => {
			"check --max-model-bytes, --eval-size and --dataset against the task's limits"
		},
		("Subnets", "HotkeyOwnedByAnotherColdkey") => {
			"this hotkey belongs to another coldkey: create a hotkey of your own \
			 (`merit wallet create --hotkey <name>`)"
		},
		("Subnets", "HotkeyConsentExpired") => {
			"the hotkey's consent expired: run the command again"
		},
		("Subnets", "InsufficientBalance") | ("Staking", "InsufficientBalance") => {
			"the coldkey cannot pay this and keep its existential deposit: `merit balance` shows \
			 what is transferable"
		},
		("Subnets", "RegistrationDisabled") => "this subnet takes no registrations now",
		("Subnets", "HotkeyAlreadyRegistered") => {
			"this hotkey already holds a UID here: `merit metagraph <netuid>` shows it"
		},
		("Subnets", "TooManyRegistrationsThisBlock")
		| ("Subnets", "TooManyRegistrationsThisInterval") => {
			"the subnet's registrations are used up for now: try again in a few blocks"
		},
		("Subnets", "AllNeuronsImmune") => {
			"the subnet is full and every neuron is immune: try again when immunity ends"
		},
		("Subnets", "InvalidHyperparameter") => {
			"the value is out of range: `merit subnet hyperparameters <netuid>` shows the values"
		},
		("Subnets", "OutsideOwnerRange") => {
			"owners set this only within their range; governance may set any value \
			 (`merit gov propose hyperparameter`)"
		},
		("Subnets", "HyperparameterAdminOnly") => {
			"only governance sets this one: propose it with `merit gov propose`"
		},
		("Subnets", "HyperparameterRateLimited") => {
			"owners change a hyperparameter at most once per rate-limit period: try later"
		},
		("Subnets", "HyperparameterFrozen") => {
			"owners may not change parameters just before an epoch: try after it \
			 (`merit epoch <netuid>`)"
		},
		("Subnets", "InvalidIpAddress") => {
			"serve a public address (private ones only where the subnet allows them)"
		},
		("Subnets", "InvalidPort") => "give a port from 1 to 65535",
		("Subnets", "ServingRateLimited") => "axons are updated at most once per rate-limit period",
		("Subnets", "ModelTooLarge") => "the model is larger than the subnet's task allows",
		("Subnets", "NoCommitment") => "commit a model first",
		("Subnets", "RevealTooEarly") => "a model is revealed from the block after its commit on",
		("Subnets", "BindingMismatch") => "the revealed hash is not the one committed",
		("Subnets", "NeuronForfeited") => {
			"this neuron lost its place for an offence; register a new hotkey"
		},
		("Staking", "HotkeyNotRegistered") => {
			"stake goes on a registered hotkey: register it first (`merit register`)"
		},
		("Staking", "NotHotkeyOwner") => "only the hotkey's coldkey may do this",
		("Staking", "NotADelegate") => {
			"this hotkey takes no nominators: stake on a delegate (`merit delegate list`)"
		},
		("Staking", "AlreadyDelegate") => "the hotkey is a delegate already",
		("Staking", "ZeroAmount") => "give an amount above zero",
		("Staking", "StakeBelowMinimum") => {
			"a position must hold at least the minimum stake, or nothing"
		},
		("Staking", "NotEnoughStake") => "`merit stake show` shows what you have staked",
		("Staking", "TooManyUnbondingChunks") => {
			"withdraw matured unbonding first: `merit stake withdraw`"
		},
		("Staking", "TooManyStakers") => {
			"the hotkey has the most stakers allowed: stake more than its smallest position"
		},
		("Staking", "NothingToWithdraw") => {
			"no unbonding has matured yet: `merit stake show` shows when it does"
		},
		("Staking", "TakeTooHigh") => "the take is above the chain's maximum",
		("Staking", "TakeIncreaseRateLimited") => {
			"takes rise at most once per rate-limit period; lowering is always allowed"
		},
		("Staking", "NothingToClaim") => "no rewards are waiting on this hotkey",
		("Consensus", "LengthMismatch") => "give one weight per UID",
		("Consensus", "DuplicateUid") => "each UID once",
		("Consensus", "UidOutOfRange") => "`merit metagraph <netuid>` lists the UIDs",
		("Consensus", "TooFewWeights") => {
			"weight at least the subnet's min_allowed_weights UIDs \
			 (`merit subnet hyperparameters <netuid>`)"
		},
		("Consensus", "AllWeightsZero") => "give at least one weight above zero",
		("Consensus", "WeightAboveLimit") => {
			"spread the weights: none may exceed the subnet's max_weight_limit"
		},
		("Consensus", "OutdatedVersionKey") => {
			"the subnet wants a newer weights version key: pass --version-key"
		},
		("Consensus", "WeightsRateLimited") => {
			"weights are set at most once per weights_rate_limit blocks: try later"
		},
		("Consensus", "CommitRevealEnabled") => {
			"this subnet uses commit-reveal: `merit weights commit`, then `merit weights reveal`"
		},
		("Consensus", "CommitRevealDisabled") => {
			"this subnet takes weights directly: `merit weights set`"
		},
		("Consensus", "TooManyPendingCommits") => {
			"reveal pending commits first (`merit weights reveal`)"
		},
		("Consensus", "NoMatchingCommit") => {
			"no pending commit matches: reveal exactly what was committed, from the same wallet \
			 directory"
		},
		("Consensus", "RevealTooEarly") => {
			"the commit's reveal epoch has not started: `merit epoch <netuid>` shows when it does"
		},
		("Consensus", "CommitExpired") => {
			"the commit's reveal epoch has ended: commit the weights again and reveal them in \
			 their epoch"
		},
		("Consensus", "WrongRound") => {
			"the round moved on while this was in flight: run the command again"
		},
		("Balances", "InsufficientBalance") | ("Balances", "FundsUnavailable") => {
			"not enough transferable funds: `merit balance` shows them"
		},
		("Balances", "Expendability") | ("Balances", "KeepAlive") => {
			"this would take the account below the existential deposit: send less, or pass \
			 --allow-death to empty it"
		},
		("Balances", "ExistentialDeposit") => {
			"the receiving account would hold less than the existential deposit: send more"
		},
		("ConvictionVoting", "InsufficientFunds") => {
			"you cannot lock that much: `merit balance` shows your funds"
		},
		("ConvictionVoting", "NotOngoing") => "the referendum is not open for votes",
		("ConvictionVoting", "AlreadyDelegating") => {
			"your votes are delegated on this track: `merit gov undelegate` first"
		},
		("ConvictionVoting", "AlreadyVoting") => {
			"you have votes on this track: remove them before delegating"
		},
		("Referenda", "BadReferendum") | ("Referenda", "NotOngoing") => {
			"`merit gov list` shows the open referenda"
		},
		("Referenda", "NoTrack") => "no track takes this origin",
		_ => return None,
	})
}

/// `described` with its advice: `Subnets(NotRegistered): register the hotkey first ...`.
pub fn explain(described: &str) -> String {
	match split(described).and_then(|(pallet, name)| advice(pallet, name)) {
		Some(advice) => format!("{described}: {advice}"),
		None => described.to_string(),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn errors_get_their_advice() {
		assert_eq!(split("Subnets(NotRegistered)"), Some(("Subnets", "NotRegistered")));
		assert_eq!(split("Balances(KeepAlive)"), Some(("Balances", "KeepAlive")));
		assert_eq!(split("BadOrigin"), None);
		assert!(explain("Staking(NothingToWithdraw)").contains("no unbonding has matured"));
		assert!(explain("Consensus(CommitRevealEnabled)").contains("merit weights commit"));
		assert_eq!(explain("BadOrigin"), "BadOrigin");
	}
}

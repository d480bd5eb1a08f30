//! `merit gov`: OpenGov as a token holder uses it. Propose (common proposals by name, or any
//! encoded call on an origin's track), vote with conviction (staked MRT votes too: a vote's lock
//! may cover funds held as stake), delegate votes on a track, and read referenda.

use crate::{
	amount,
	commands::{account::ensure_transferable, subnet::hyperparameter},
	ctx::Ctx,
	wallet::{parse_address, Role},
};
use clap::{Subcommand, ValueEnum};
use codec::{Decode, DecodeAll, Encode};
use frame_support::traits::{schedule::DispatchTime, Bounded};
use merit_client::{Balance, Client, RuntimeCall, RuntimeEvent};
use merit_runtime::{configs::tracks, OriginCaller, Runtime};
use pallet_conviction_voting::{AccountVote, Conviction, Vote};
use pallet_merit_origins::Origin;
use pallet_referenda::{ReferendumIndex, ReferendumInfo};
use serde_json::{json, Value};

/// A referendum as the chain keeps it.
type Info = pallet_referenda::ReferendumInfoOf<Runtime, ()>;

/// Calls at most this long go inline in the referendum; longer ones are noted as preimages.
const INLINE_LIMIT: usize = 128;
/// How many of the latest referenda `gov list` looks at.
const LIST_DEPTH: u32 = 64;

#[derive(Subcommand)]
pub enum GovCommand {
	/// Submit a referendum and place its decision deposit.
	#[command(subcommand)]
	Propose(Proposal),
	/// Vote on a referendum: `aye` or `nay`, with an amount of MRT locked for the conviction's
	/// period (free or staked MRT alike).
	Vote {
		index: ReferendumIndex,
		#[arg(value_enum)]
		side: Side,
		amount: String,
		/// 0 (0.1× votes, no lock) to 6 (6× votes, locked 32 periods).
		#[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(0..=6))]
		conviction: u8,
	},
	/// Delegate your votes on a track to another account.
	Delegate {
		#[arg(long, value_enum)]
		track: Track,
		#[arg(long)]
		to: String,
		amount: String,
		#[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(0..=6))]
		conviction: u8,
	},
	/// Take back your delegation on a track.
	Undelegate {
		#[arg(long, value_enum)]
		track: Track,
	},
	/// The open referenda.
	List,
	/// One referendum: its track, proposal, tally and state.
	Status { index: ReferendumIndex },
}

#[derive(Subcommand)]
pub enum Proposal {
	/// Give a subnet an emission share weight (0 stops its emission). Subnet-admin track.
	EmissionShare {
		#[arg(long)]
		netuid: u16,
		#[arg(long)]
		share: u32,
	},
	/// Set any hyperparameter of a subnet, admin-only ones included. Subnet-admin track.
	Hyperparameter { netuid: u16, name: String, value: String },
	/// Spend from the treasury to an account. Small-spender track up to 1,000 MRT, treasurer
	/// up to 100,000.
	Spend {
		#[arg(long)]
		to: String,
		amount: String,
	},
	/// Any call, SCALE-encoded as hex (polkadot.js's "encoded call data"), on a track.
	Call {
		#[arg(long, value_enum)]
		track: Track,
		call: String,
	},
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Side {
	Aye,
	Nay,
}

/// The tracks, by the origin a proposal on each is dispatched with.
#[derive(Clone, Copy, ValueEnum, Debug)]
pub enum Track {
	Root,
	SubnetAdmin,
	EmissionAdmin,
	SlashCanceller,
	SmallSpender,
	Treasurer,
}

impl Track {
	fn id(self) -> u16 {
		match self {
			Self::Root => tracks::ROOT,
			Self::SubnetAdmin => tracks::SUBNET_ADMIN,
			Self::EmissionAdmin => tracks::EMISSION_ADMIN,
			Self::SlashCanceller => tracks::SLASH_CANCELLER,
			Self::SmallSpender => tracks::SMALL_SPENDER,
			Self::Treasurer => tracks::TREASURER,
		}
	}

	fn origin(self) -> OriginCaller {
		match self {
			Self::Root => OriginCaller::system(frame_system::RawOrigin::Root),
			Self::SubnetAdmin => OriginCaller::Origins(Origin::SubnetAdmin),
			Self::EmissionAdmin => OriginCaller::Origins(Origin::EmissionAdmin),
			Self::SlashCanceller => OriginCaller::Origins(Origin::SlashCanceller),
			Self::SmallSpender => OriginCaller::Origins(Origin::SmallSpender),
			Self::Treasurer => OriginCaller::Origins(Origin::Treasurer),
		}
	}
}

/// A track's name, by id.
pub fn track_name(id: u16) -> &'static str {
	match id {
		tracks::ROOT => "root",
		tracks::SUBNET_ADMIN => "subnet_admin",
		tracks::EMISSION_ADMIN => "emission_admin",
		tracks::SLASH_CANCELLER => "slash_canceller",
		tracks::SMALL_SPENDER => "small_spender",
		tracks::TREASURER => "treasurer",
		_ => "unknown",
	}
}

fn conviction(level: u8) -> Conviction {
	match level {
		0 => Conviction::None,
		1 => Conviction::Locked1x,
		2 => Conviction::Locked2x,
		3 => Conviction::Locked3x,
		4 => Conviction::Locked4x,
		5 => Conviction::Locked5x,
		_ => Conviction::Locked6x,
	}
}

pub async fn run(ctx: &Ctx, command: GovCommand) -> Result<(), String> {
	match command {
		GovCommand::Propose(proposal) => propose(ctx, proposal).await,
		GovCommand::Vote { index, side, amount: text, conviction: level } => {
			let balance = amount::parse(&text)?;
			if balance == 0 {
				return Err("a vote needs an amount above zero".into());
			}
			let info = referendum(ctx.client().await?, index).await?;
			if !matches!(info, Some(ReferendumInfo::Ongoing(_))) {
				return Err(format!("referendum {index} is not open for votes: `merit gov list` shows the open ones"));
			}
			let aye = matches!(side, Side::Aye);
			let summary = format!(
				"vote {} on referendum {index} with {} at conviction {level}",
				if aye { "aye" } else { "nay" },
				amount::format(balance)
			);
			let call = RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::vote {
				poll_index: index,
				vote: AccountVote::Standard {
					vote: Vote { aye, conviction: conviction(level) },
					balance,
				},
			});
			send(
				ctx,
				call,
				&summary,
				json!({ "index": index, "aye": aye, "amount": amount::json(balance), "conviction": level }),
			)
			.await
		},
		GovCommand::Delegate { track, to, amount: text, conviction: level } => {
			let balance = amount::parse(&text)?;
			let to = parse_address(&to)?;
			let summary = format!(
				"delegate {} of votes on the {} track to {to} at conviction {level}",
				amount::format(balance),
				track_name(track.id())
			);
			let call = RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::delegate {
				class: track.id(),
				to: merit_runtime::Address::Id(to.clone()),
				conviction: conviction(level),
				balance,
			});
			send(ctx, call, &summary, json!({ "track": track_name(track.id()), "to": to.to_string(), "amount": amount::json(balance) })).await
		},
		GovCommand::Undelegate { track } => {
			let summary =
				format!("take back the delegation on the {} track", track_name(track.id()));
			let call = RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::undelegate {
				class: track.id(),
			});
			send(ctx, call, &summary, json!({ "track": track_name(track.id()) })).await
		},
		GovCommand::List => list(ctx).await,
		GovCommand::Status { index } => {
			let info = referendum(ctx.client().await?, index).await?.ok_or_else(|| {
				format!("no referendum {index}: `merit gov list` shows the open ones")
			})?;
			let view = describe(index, &info);
			ctx.out.answer(view.clone(), || text(&view));
			Ok(())
		},
	}
}

async fn send(ctx: &Ctx, call: RuntimeCall, summary: &str, extra: Value) -> Result<(), String> {
	let signer = ctx.signer(Role::Coldkey)?;
	let sent = ctx.send(call, &signer, summary).await?;
	ctx.out.answer(sent.json(extra), || format!("{summary}: done in block #{}", sent.number));
	Ok(())
}

/// Referendum `index` in the best block, if it exists.
async fn referendum(client: &Client, index: ReferendumIndex) -> Result<Option<Info>, String> {
	let key = pallet_referenda::ReferendumInfoFor::<Runtime>::hashed_key_for(index);
	match client.storage(&key, None).await.map_err(|e| e.to_string())? {
		Some(bytes) => Info::decode(&mut &bytes[..])
			.map(Some)
			.map_err(|e| format!("referendum {index} does not decode: {e}")),
		None => Ok(None),
	}
}

/// A readable account of a referendum.
fn describe(index: ReferendumIndex, info: &Info) -> Value {
	let ended =
		|state: &str, block: &u32| json!({ "index": index, "state": state, "endedAt": block });
	match info {
		ReferendumInfo::Ongoing(s) => {
			let proposal = match &s.proposal {
				Bounded::Inline(bytes) => RuntimeCall::decode(&mut &bytes[..])
					.map(|c| call_name(&c))
					.unwrap_or_else(|_| "an undecodable call".into()),
				Bounded::Lookup { hash, len } => format!("preimage {hash:?} ({len} bytes)"),
				Bounded::Legacy { hash, .. } => format!("preimage {hash:?}"),
			};
			let state = match (&s.deciding, s.decision_deposit.is_some()) {
				(Some(d), _) if d.confirming.is_some() => "confirming",
				(Some(_), _) => "deciding",
				(None, false) => "waiting for its decision deposit",
				(None, true) => "preparing",
			};
			json!({
				"index": index,
				"state": state,
				"track": track_name(s.track),
				"proposal": proposal,
				"submittedAt": s.submitted,
				"decidingSince": s.deciding.as_ref().map(|d| d.since),
				"confirmingUntil": s.deciding.as_ref().and_then(|d| d.confirming),
				"tally": {
					"ayes": amount::json(s.tally.ayes),
					"nays": amount::json(s.tally.nays),
					"support": amount::json(s.tally.support),
				},
			})
		},
		ReferendumInfo::Approved(block, ..) => ended("approved", block),
		ReferendumInfo::Rejected(block, ..) => ended("rejected", block),
		ReferendumInfo::Cancelled(block, ..) => ended("cancelled", block),
		ReferendumInfo::TimedOut(block, ..) => ended("timed out", block),
		ReferendumInfo::Killed(block) => ended("killed", block),
	}
}

fn text(v: &Value) -> String {
	let planck = |x: &Value| amount::format(crate::commands::account::planck(x));
	match v["proposal"].as_str() {
		Some(proposal) => format!(
			"referendum {} on the {} track: {}\n  {}; ayes {}, nays {}, support {}",
			v["index"],
			v["track"].as_str().unwrap_or("?"),
			proposal,
			v["state"].as_str().unwrap_or("?"),
			planck(&v["tally"]["ayes"]),
			planck(&v["tally"]["nays"]),
			planck(&v["tally"]["support"]),
		),
		None => format!(
			"referendum {}: {} in block #{}",
			v["index"],
			v["state"].as_str().unwrap_or("?"),
			v["endedAt"]
		),
	}
}

/// `Consensus.set_emission_share` for a call.
fn call_name(call: &RuntimeCall) -> String {
	crate::ctx::pallet_dot_variant(&format!("{call:?}"))
}

/// The open referenda among the latest [`LIST_DEPTH`], described.
pub async fn open(client: &Client) -> Result<Vec<Value>, String> {
	let key = pallet_referenda::ReferendumCount::<Runtime>::hashed_key();
	let count = match client.storage(&key, None).await.map_err(|e| e.to_string())? {
		Some(bytes) => u32::decode(&mut &bytes[..]).map_err(|e| e.to_string())?,
		None => 0,
	};
	let mut open = Vec::new();
	for index in count.saturating_sub(LIST_DEPTH)..count {
		if let Some(info @ ReferendumInfo::Ongoing(_)) = referendum(client, index).await? {
			open.push(describe(index, &info));
		}
	}
	Ok(open)
}

async fn list(ctx: &Ctx) -> Result<(), String> {
	let open = open(ctx.client().await?).await?;
	ctx.out.answer(json!({ "referenda": open }), || {
		if open.is_empty() {
			return "no open referenda".into();
		}
		open.iter().map(text).collect::<Vec<_>>().join("\n")
	});
	Ok(())
}

async fn propose(ctx: &Ctx, proposal: Proposal) -> Result<(), String> {
	let (track, call, what) = match proposal {
		Proposal::EmissionShare { netuid, share } => (
			Track::SubnetAdmin,
			RuntimeCall::Consensus(pallet_merit_consensus::Call::set_emission_share {
				netuid,
				share,
			}),
			format!("set the emission share of subnet {netuid} to {share}"),
		),
		Proposal::Hyperparameter { netuid, name, value } => (
			Track::SubnetAdmin,
			RuntimeCall::Subnets(pallet_merit_subnets::Call::set_hyperparameter {
				netuid,
				param: hyperparameter(&name, &value)?,
			}),
			format!("set {name} of subnet {netuid} to {value}"),
		),
		Proposal::Spend { to, amount: text } => {
			let value = amount::parse(&text)?;
			let beneficiary = parse_address(&to)?;
			let track = if value <= tracks::SMALL_SPEND_LIMIT {
				Track::SmallSpender
			} else if value <= tracks::TREASURER_SPEND_LIMIT {
				Track::Treasurer
			} else {
				return Err(format!(
					"{} is above the treasurer track's limit ({}): propose it on the root track \
					 with `merit gov propose call --track root`",
					amount::format(value),
					amount::format(tracks::TREASURER_SPEND_LIMIT)
				));
			};
			(
				track,
				RuntimeCall::Treasury(pallet_treasury::Call::spend_local {
					amount: value,
					beneficiary: merit_runtime::Address::Id(beneficiary.clone()),
				}),
				format!("spend {} from the treasury to {beneficiary}", amount::format(value)),
			)
		},
		Proposal::Call { track, call } => {
			let bytes =
				merit_client::from_hex(&call).map_err(|e| format!("the call is not hex: {e}"))?;
			let decoded = RuntimeCall::decode_all(&mut &bytes[..])
				.map_err(|e| format!("the call does not decode as one of this runtime's: {e}"))?;
			let what = call_name(&decoded);
			(track, decoded, what)
		},
	};
	let coldkey = ctx.signer(Role::Coldkey)?;
	let deposits = submission_deposit() + decision_deposit(track);
	let summary = format!(
		"propose on the {} track: {what}; holds {} in deposits",
		track_name(track.id()),
		amount::format(deposits)
	);
	ensure_transferable(ctx, &coldkey.account(), deposits, &summary).await?;
	let encoded = call.encode();
	let proposal = if encoded.len() <= INLINE_LIMIT {
		Bounded::Inline(encoded.clone().try_into().map_err(|_| "the call is too long to inline")?)
	} else {
		let note =
			RuntimeCall::Preimage(pallet_preimage::Call::note_preimage { bytes: encoded.clone() });
		ctx.send(
			note,
			&coldkey,
			&format!("note the proposal's preimage ({} bytes)", encoded.len()),
		)
		.await?;
		Bounded::Lookup {
			hash: sp_io::hashing::blake2_256(&encoded).into(),
			len: encoded.len() as u32,
		}
	};
	let submit = RuntimeCall::Referenda(pallet_referenda::Call::submit {
		proposal_origin: Box::new(track.origin()),
		proposal,
		enactment_moment: DispatchTime::After(0),
	});
	let sent = ctx.send(submit, &coldkey, &summary).await?;
	let index = sent
		.find(|e| match e {
			RuntimeEvent::Referenda(pallet_referenda::Event::Submitted { index, .. }) => {
				Some(*index)
			},
			_ => None,
		})
		.ok_or("submitted, yet no Referenda.Submitted event")?;
	let deposit = RuntimeCall::Referenda(pallet_referenda::Call::place_decision_deposit { index });
	ctx.send(deposit, &coldkey, &format!("place referendum {index}'s decision deposit")).await?;
	ctx.out.answer(sent.json(json!({ "index": index, "track": track_name(track.id()), "proposal": what })), || {
		format!("referendum {index} is open on the {} track: vote with `merit gov vote {index} aye <amount>`", track_name(track.id()))
	});
	Ok(())
}

fn submission_deposit() -> Balance {
	<Runtime as pallet_referenda::Config>::SubmissionDeposit::get()
}

/// The track's decision deposit (the same on both timescales).
fn decision_deposit(track: Track) -> Balance {
	tracks::DAYS_TRACKS
		.iter()
		.find(|t| t.id == track.id())
		.map(|t| t.info.decision_deposit)
		.unwrap_or_default()
}

//! The rule of docs/upgrades.md, enforced: a change to any pallet's storage raises that
//! pallet's storage version (and so ships a migration, which the runtime's `Migrations` run)
//! and the runtime's `spec_version`. `runtime/storage-layout.json` records, for the runtime
//! as last recorded, its spec version and each pallet's storage version and storage layout
//! (tests/src/storage_layout.rs: what a change is); this test compares this source's runtime
//! with it. After a change that follows the rule, record the new layout with
//! `MERIT_RECORD_STORAGE_LAYOUT=1 cargo test --release -p merit-e2e --test storage_layout`;
//! the test refuses to record a change that breaks the rule.

use frame_support::traits::OnGenesis;
use merit_e2e::{
	node::workspace_root,
	storage_layout::{self, Item, Layout},
};
use merit_runtime::{AllPalletsWithSystem, Runtime, VERSION};
use std::collections::BTreeMap;

const RECORD: &str = "runtime/storage-layout.json";

/// A runtime's storage as recorded: its spec version, and each pallet's storage version
/// and items.
#[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
struct Record {
	spec_version: u32,
	storage_versions: BTreeMap<String, u16>,
	pallets: Layout,
}

/// This source's runtime.
fn current() -> Record {
	// Genesis writes every pallet's in-code storage version. (The metadata reads storage: a
	// track's periods depend on the chain's timescale.)
	let mut ext = sp_io::TestExternalities::default();
	let (metadata, state) = ext.execute_with(|| {
		<AllPalletsWithSystem as OnGenesis>::on_genesis();
		let metadata = Runtime::metadata_at_version(16).expect("metadata V16");
		let pallets = storage_layout::layout(&storage_layout::metadata_v16(&metadata));
		let state: BTreeMap<Vec<u8>, Vec<u8>> = pallets
			.keys()
			.map(|p| storage_layout::storage_version_key(p))
			.filter_map(|k| sp_io::storage::get(&k).map(|v| (k, v.to_vec())))
			.collect();
		(pallets, state)
	});
	let storage_versions =
		metadata.keys().map(|p| (p.clone(), storage_layout::storage_version(&state, p))).collect();
	Record { spec_version: VERSION.spec_version, storage_versions, pallets: metadata }
}

/// The record as text: one line per storage item, so a diff shows what changed.
fn render(record: &Record) -> String {
	let mut out = format!("{{\n\"spec_version\": {},\n", record.spec_version);
	let versions = serde_json::to_string(&record.storage_versions).expect("JSON");
	out += &format!("\"storage_versions\": {versions},\n\"pallets\": {{\n");
	let pallets: Vec<String> = record
		.pallets
		.iter()
		.map(|(pallet, items)| {
			let items: Vec<String> = items
				.iter()
				.map(|(name, item)| {
					format!("  {:?}: {}", name, serde_json::to_string(item).expect("JSON"))
				})
				.collect();
			format!("{pallet:?}: {{\n{}\n}}", items.join(",\n"))
		})
		.collect();
	out + &pallets.join(",\n") + "\n}\n}\n"
}

/// What breaks the rule from `old` to `now`: a pallet whose storage changed with its storage
/// version, or the spec version, left as it was.
fn violations(old: &Record, now: &Record) -> Vec<String> {
	let mut out = Vec::new();
	for (pallet, lines) in storage_layout::changed(&old.pallets, &now.pallets) {
		let version = |r: &Record| r.storage_versions.get(&pallet).copied().unwrap_or(0);
		if old.pallets.contains_key(&pallet) && version(now) <= version(old) {
			out.push(format!(
				"{pallet}: storage changed ({lines:?}) but its storage version is still {}: \
				 raise it and add its migration to the runtime's Migrations",
				version(now)
			));
		}
		if now.spec_version <= old.spec_version {
			out.push(format!(
				"{pallet}: storage changed but spec_version is still {}",
				now.spec_version
			));
		}
	}
	out
}

#[test]
fn storage_changes_raise_storage_and_spec_versions() {
	let now = current();
	assert!(now.pallets.contains_key("Consensus") && now.pallets.contains_key("System"));
	let text = std::fs::read_to_string(workspace_root().join(RECORD)).expect(RECORD);
	let old: Record = serde_json::from_str(&text).expect("the record is JSON");
	let broken = violations(&old, &now);
	assert!(broken.is_empty(), "docs/upgrades.md's rule is broken:\n{}", broken.join("\n"));
	if render(&now) == text {
		return;
	}
	if std::env::var_os("MERIT_RECORD_STORAGE_LAYOUT").is_some() {
		std::fs::write(workspace_root().join(RECORD), render(&now)).expect("write the record");
		return;
	}
	panic!(
		"the runtime's storage differs from {RECORD} (spec {}) within the rule: record it with \
		 MERIT_RECORD_STORAGE_LAYOUT=1 cargo test --release -p merit-e2e --test storage_layout",
		old.spec_version
	);
}

/// The rule on made-up records: a layout change needs both versions raised; an enum that
/// only gains variants is no change.
#[test]
fn the_rule_catches_a_change_without_its_versions() {
	use storage_layout::Shape::*;
	let item = |value| Item { modifier: "optional".into(), hashers: vec![], key: None, value };
	let record = |spec, version, value| Record {
		spec_version: spec,
		storage_versions: [("P".to_string(), version)].into(),
		pallets: [("P".to_string(), [("Item".to_string(), item(value))].into())].into(),
	};
	let u32_ = || Primitive("u32".into());
	let old = record(100, 1, Fields(vec![u32_()]));
	let wider = record(100, 1, Fields(vec![u32_(), u32_()]));
	assert_eq!(violations(&old, &wider).len(), 2, "neither version raised");
	assert_eq!(violations(&old, &record(101, 1, Fields(vec![u32_(), u32_()]))).len(), 1);
	assert!(violations(&old, &record(101, 2, Fields(vec![u32_(), u32_()]))).is_empty());

	let one = Enum([(0, vec![])].into());
	let two = Enum([(0, vec![]), (1, vec![u32_()])].into());
	assert!(violations(&record(100, 1, one.clone()), &record(100, 1, two.clone())).is_empty());
	assert_eq!(violations(&record(100, 1, two), &record(100, 1, one)).len(), 2, "a variant gone");
	assert!(violations(&old, &old).is_empty());
}

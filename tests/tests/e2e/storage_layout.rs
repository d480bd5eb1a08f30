//! The rule of docs/upgrades.md, enforced: a change to any pallet's storage raises that
//! pallet's storage version (and so ships a migration, which the runtime's `Migrations` run)
//! and the runtime's `spec_version`. `runtime/storage-layout.json` records, for the runtime
//! as last recorded, its spec version and each pallet's storage version and storage layout
//! (tests/src/storage_layout.rs: what a change is); this test compares this source's runtime
//! with it. After a change that follows the rule, record the new layout with
//! `MERIT_RECORD_STORAGE_LAYOUT=1 cargo test --release --workspace --test e2e storage_layout`;
//! the test refuses to record a change that breaks the rule.

use merit_e2e::{
	node::workspace_root,
	storage_layout::{self, Item, Layout},
};
use merit_runtime::VERSION;
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
	let (pallets, storage_versions) = storage_layout::this_runtime();
	Record { spec_version: VERSION.spec_version, storage_versions, pallets }
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
	for (pallet, was) in &old.storage_versions {
		if now.storage_versions.get(pallet).is_some_and(|v| v < was) {
			out.push(format!("{pallet}: storage version went down from {was}"));
		}
	}
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
		 MERIT_RECORD_STORAGE_LAYOUT=1 cargo test --release --workspace --test e2e storage_layout",
		old.spec_version
	);
}

/// The rule on made-up records: a layout change needs both versions raised; an enum that
/// only gains variants is no change; a moved variant, swapped fields or a shrunk bound are.
#[test]
fn the_rule_catches_a_change_without_its_versions() {
	use storage_layout::{Field, Shape::*, Variant};
	let item = |value, max_size| Item {
		modifier: "optional".into(),
		hashers: vec![],
		key: None,
		value,
		max_size,
	};
	let record = |spec, version, value, max_size| Record {
		spec_version: spec,
		storage_versions: [("P".to_string(), version)].into(),
		pallets: [("P".to_string(), [("Item".to_string(), item(value, max_size))].into())].into(),
	};
	let u32_ = |name: &str| Field(Some(name.into()), Primitive("u32".into()));
	let old = record(100, 1, Fields(vec![u32_("a")]), None);
	let wider = || Fields(vec![u32_("a"), u32_("b")]);
	assert_eq!(violations(&old, &record(100, 1, wider(), None)).len(), 2, "neither raised");
	assert_eq!(violations(&old, &record(101, 1, wider(), None)).len(), 1);
	assert!(violations(&old, &record(101, 2, wider(), None)).is_empty());
	assert_eq!(violations(&old, &record(101, 0, Fields(vec![u32_("a")]), None)).len(), 1, "down");

	let swapped = |first: &str, second: &str| Fields(vec![u32_(first), u32_(second)]);
	let (ab, ba) =
		(record(100, 1, swapped("a", "b"), None), record(100, 1, swapped("b", "a"), None));
	assert_eq!(violations(&ab, &ba).len(), 2, "swapped fields");

	let unit = |name: &str| Variant(name.into(), vec![]);
	let one = Enum([(0, unit("X"))].into());
	let two = Enum([(0, unit("X")), (1, unit("Y"))].into());
	let moved = Enum([(0, unit("Y")), (1, unit("X"))].into());
	let (r1, r2) = (record(100, 1, one, None), record(100, 1, two, None));
	assert!(violations(&r1, &r2).is_empty(), "a variant added");
	assert_eq!(violations(&r2, &r1).len(), 2, "a variant gone");
	assert_eq!(violations(&r2, &record(100, 1, moved, None)).len(), 2, "variants moved");

	let bounded = |max| record(100, 1, Seq(Box::new(Primitive("u8".into()))), Some(max));
	assert!(violations(&bounded(64), &bounded(128)).is_empty(), "a bound grew");
	assert_eq!(violations(&bounded(128), &bounded(64)).len(), 2, "a bound shrank");
	assert!(violations(&old, &old).is_empty());
}

//! The shape of every pallet's storage, read from a runtime's metadata: what must not change
//! without a migration. A shape is each item's modifier, hashers and the structure of its key
//! and value types: how their bytes are laid out and which field or variant each part is
//! (type paths and docs left out).
//!
//! A new value shape is compatible with an old one when every old value decodes under it
//! unchanged and means the same: the same structure and field names, where an enum may have
//! gained variants at new indices (a hold reason of a new pallet, say), and no bound shrank.
//! Anything else (an item added, removed, re-keyed, a value laid out differently, a field or
//! variant renamed or moved) is a change of the pallet's storage.

use codec::Decode;
use frame_metadata::{
	v14::{StorageEntryModifier, StorageEntryType},
	v16::RuntimeMetadataV16,
	RuntimeMetadata, RuntimeMetadataPrefixed,
};
use scale_info::{PortableRegistry, TypeDef};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How values of a type are encoded.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
	/// Fields one after the other (a struct or a tuple).
	Fields(Vec<Field>),
	/// An index byte, then the fields of that variant.
	Enum(BTreeMap<u8, Variant>),
	/// A compact length, then the elements.
	Seq(Box<Shape>),
	/// A fixed number of elements.
	Array(u32, Box<Shape>),
	Primitive(String),
	Compact(Box<Shape>),
	Bits(Box<Shape>, Box<Shape>),
	/// The enclosing type this many levels up (a recursive type).
	Recursive(usize),
}

/// A field: its name (none in a tuple) and shape. Names are kept because two fields of one
/// shape that swap places encode alike but mean each other's values.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
pub struct Field(pub Option<String>, pub Shape);

/// An enum variant at an index: its name (what the index means) and fields.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
pub struct Variant(pub String, pub Vec<Field>);

impl Shape {
	/// Whether every value of shape `old` decodes unchanged, and means the same, as `self`.
	pub fn reads(&self, old: &Shape) -> bool {
		use Shape::*;
		let all = |new: &[Field], old: &[Field]| {
			new.len() == old.len()
				&& new.iter().zip(old).all(|(n, o)| n.0 == o.0 && n.1.reads(&o.1))
		};
		match (self, old) {
			(Fields(n), Fields(o)) => all(n, o),
			// Variants may be added, never moved, renamed or changed.
			(Enum(n), Enum(o)) => {
				o.iter().all(|(i, vo)| n.get(i).is_some_and(|vn| vn.0 == vo.0 && all(&vn.1, &vo.1)))
			},
			(Seq(n), Seq(o)) | (Compact(n), Compact(o)) => n.reads(o),
			(Array(ln, n), Array(lo, o)) => ln == lo && n.reads(o),
			(Bits(a, b), Bits(c, d)) => a == c && b == d,
			(n, o) => n == o,
		}
	}
}

/// One storage item.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
pub struct Item {
	/// `optional` or `default`.
	pub modifier: String,
	/// The key's hashers (none for a plain value).
	pub hashers: Vec<String>,
	pub key: Option<Shape>,
	pub value: Shape,
	/// The largest encoded value (`MaxEncodedLen`, from the runtime's storage info), where
	/// known: a bound that shrinks leaves longer old values undecodable.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub max_size: Option<u32>,
}

impl Item {
	/// Whether what is stored under `old` stays readable, at the same keys, as `self` (a key
	/// encodes to the same bytes, so hashes to the same key, when its shape reads the old).
	pub fn reads(&self, old: &Item) -> bool {
		self.modifier == old.modifier
			&& self.hashers == old.hashers
			&& match (&self.key, &old.key) {
				(Some(new), Some(old)) => new.reads(old),
				(new, old) => new == old,
			} && self.value.reads(&old.value)
			&& match (self.max_size, old.max_size) {
				(Some(new), Some(old)) => new >= old,
				_ => true,
			}
	}
}

/// Each pallet's storage items, by name.
pub type Layout = BTreeMap<String, BTreeMap<String, Item>>;

/// Decodes metadata V16 (`Metadata_metadata_at_version(16)`'s bytes).
pub fn metadata_v16(prefixed: &[u8]) -> RuntimeMetadataV16 {
	match RuntimeMetadataPrefixed::decode(&mut &prefixed[..]).expect("metadata decodes").1 {
		RuntimeMetadata::V16(m) => m,
		_ => panic!("asked for V16"),
	}
}

/// The storage layout of every pallet that has storage.
pub fn layout(metadata: &RuntimeMetadataV16) -> Layout {
	let types = &metadata.types;
	let mut layout = Layout::new();
	for pallet in &metadata.pallets {
		let Some(storage) = &pallet.storage else { continue };
		let items = storage
			.entries
			.iter()
			.map(|entry| {
				let modifier = match entry.modifier {
					StorageEntryModifier::Optional => "optional",
					StorageEntryModifier::Default => "default",
				};
				let item = match &entry.ty {
					StorageEntryType::Plain(value) => Item {
						modifier: modifier.into(),
						hashers: vec![],
						key: None,
						value: shape(types, value.id),
						max_size: None,
					},
					StorageEntryType::Map { hashers, key, value } => Item {
						modifier: modifier.into(),
						hashers: hashers.iter().map(|h| format!("{h:?}")).collect(),
						key: Some(shape(types, key.id)),
						value: shape(types, value.id),
						max_size: None,
					},
				};
				(entry.name.clone(), item)
			})
			.collect();
		layout.insert(pallet.name.clone(), items);
	}
	layout
}

/// The shape of type `id`.
pub fn shape(types: &PortableRegistry, id: u32) -> Shape {
	shape_within(types, id, &mut Vec::new())
}

fn shape_within(types: &PortableRegistry, id: u32, open: &mut Vec<u32>) -> Shape {
	if let Some(at) = open.iter().rposition(|o| *o == id) {
		return Shape::Recursive(open.len() - at);
	}
	let ty = &types.resolve(id).expect("type ids resolve").type_def;
	open.push(id);
	let fields = |fields: &[scale_info::Field<scale_info::form::PortableForm>],
	              open: &mut Vec<u32>| {
		fields.iter().map(|f| Field(f.name.clone(), shape_within(types, f.ty.id, open))).collect()
	};
	let out = match ty {
		TypeDef::Composite(c) => Shape::Fields(fields(&c.fields, open)),
		TypeDef::Tuple(t) => Shape::Fields(
			t.fields.iter().map(|f| Field(None, shape_within(types, f.id, open))).collect(),
		),
		TypeDef::Variant(v) => Shape::Enum(
			v.variants
				.iter()
				.map(|v| (v.index, Variant(v.name.clone(), fields(&v.fields, open))))
				.collect(),
		),
		TypeDef::Sequence(s) => Shape::Seq(Box::new(shape_within(types, s.type_param.id, open))),
		TypeDef::Array(a) => {
			Shape::Array(a.len, Box::new(shape_within(types, a.type_param.id, open)))
		},
		TypeDef::Primitive(p) => Shape::Primitive(format!("{p:?}").to_lowercase()),
		TypeDef::Compact(c) => Shape::Compact(Box::new(shape_within(types, c.type_param.id, open))),
		TypeDef::BitSequence(b) => {
			let store = shape_within(types, b.bit_store_type.id, open);
			Shape::Bits(Box::new(store), Box::new(shape_within(types, b.bit_order_type.id, open)))
		},
	};
	open.pop();
	out
}

/// Items no value of outlives a block: `frame_system` clears them as each block begins, so
/// an upgrade (which runs before that) never reads one written by the old runtime.
pub const TRANSIENT: [(&str, &str); 1] = [("System", "Events")];

/// Pallets whose storage changed from `before` to `after` (module docs), with a line per
/// item added, removed or no longer readable ([`TRANSIENT`] items left out).
pub fn changed(before: &Layout, after: &Layout) -> BTreeMap<String, Vec<String>> {
	let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
	let empty = BTreeMap::new();
	let pallets: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
	for pallet in pallets {
		let old = before.get(pallet).unwrap_or(&empty);
		let new = after.get(pallet).unwrap_or(&empty);
		let names: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
		for name in names {
			if TRANSIENT.contains(&(pallet.as_str(), name.as_str())) {
				continue;
			}
			let line = match (old.get(name), new.get(name)) {
				(Some(a), Some(b)) if b.reads(a) => continue,
				(Some(_), Some(b)) => {
					let mut shown = format!("{name} changed: now {b:?}");
					shown.truncate(400);
					shown
				},
				(None, Some(_)) => format!("{name} added"),
				(Some(_), None) => format!("{name} removed"),
				(None, None) => continue,
			};
			out.entry(pallet.clone()).or_default().push(line);
		}
	}
	out
}

/// The storage key of `pallet`'s on-chain storage version.
pub fn storage_version_key(pallet: &str) -> Vec<u8> {
	let mut key = sp_io::hashing::twox_128(pallet.as_bytes()).to_vec();
	key.extend(sp_io::hashing::twox_128(b":__STORAGE_VERSION__:"));
	key
}

/// `pallet`'s storage version in `storage` (0 when none is stored).
pub fn storage_version(storage: &BTreeMap<Vec<u8>, Vec<u8>>, pallet: &str) -> u16 {
	storage
		.get(&storage_version_key(pallet))
		.map_or(0, |b| u16::decode(&mut &b[..]).expect("a storage version is a u16"))
}

/// This source's runtime: its storage layout (with each item's largest encoded value) and
/// each pallet's in-code storage version, read natively.
pub fn this_runtime() -> (Layout, BTreeMap<String, u16>) {
	use frame_support::traits::{OnGenesis, StorageInfoTrait};
	use merit_runtime::{AllPalletsWithSystem, Runtime};
	// Genesis writes every pallet's in-code storage version. (The metadata reads storage: a
	// track's periods depend on the chain's timescale.)
	let mut ext = sp_io::TestExternalities::default();
	#[allow(clippy::type_complexity)]
	let (mut pallets, versions, infos) = ext.execute_with(|| {
		<AllPalletsWithSystem as OnGenesis>::on_genesis();
		let metadata = Runtime::metadata_at_version(16).expect("metadata V16");
		let pallets = layout(&metadata_v16(&metadata));
		let stored: BTreeMap<Vec<u8>, Vec<u8>> = pallets
			.keys()
			.map(|p| storage_version_key(p))
			.filter_map(|k| sp_io::storage::get(&k).map(|v| (k, v.to_vec())))
			.collect();
		let versions = pallets.keys().map(|p| (p.clone(), storage_version(&stored, p))).collect();
		// Some bounds are parameters read from storage.
		(pallets, versions, <AllPalletsWithSystem as StorageInfoTrait>::storage_info())
	});
	for info in infos {
		let pallet = String::from_utf8_lossy(&info.pallet_name).into_owned();
		let name = String::from_utf8_lossy(&info.storage_name).into_owned();
		if let Some(item) = pallets.get_mut(&pallet).and_then(|items| items.get_mut(&name)) {
			item.max_size = info.max_size;
		}
	}
	(pallets, versions)
}

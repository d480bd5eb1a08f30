//! The shape of every pallet's storage, read from a runtime's metadata: what must not change
//! without a migration. A shape is each item's modifier, hashers and the structure of its key
//! and value types: how their bytes are laid out, without field and variant names, type
//! paths or docs (renaming changes no byte stored).
//!
//! A new value shape is compatible with an old one when every old value decodes under it
//! unchanged: the same structure, where an enum may have gained variants (a hold reason of a
//! new pallet, say). Anything else (an item added, removed, re-keyed, or a value laid out
//! differently) is a change of the pallet's storage.

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
	Fields(Vec<Shape>),
	/// An index byte, then the fields of that variant.
	Enum(BTreeMap<u8, Vec<Shape>>),
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

impl Shape {
	/// Whether every value of shape `old` decodes unchanged as `self`.
	pub fn reads(&self, old: &Shape) -> bool {
		use Shape::*;
		let all = |new: &[Shape], old: &[Shape]| {
			new.len() == old.len() && new.iter().zip(old).all(|(n, o)| n.reads(o))
		};
		match (self, old) {
			(Fields(n), Fields(o)) => all(n, o),
			(Enum(n), Enum(o)) => {
				o.iter().all(|(i, fo)| n.get(i).is_some_and(|fnew| all(fnew, fo)))
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
					},
					StorageEntryType::Map { hashers, key, value } => Item {
						modifier: modifier.into(),
						hashers: hashers.iter().map(|h| format!("{h:?}")).collect(),
						key: Some(shape(types, key.id)),
						value: shape(types, value.id),
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
	let mut of = |id: u32| shape_within(types, id, open);
	let out = match ty {
		TypeDef::Composite(c) => Shape::Fields(c.fields.iter().map(|f| of(f.ty.id)).collect()),
		TypeDef::Tuple(t) => Shape::Fields(t.fields.iter().map(|f| of(f.id)).collect()),
		TypeDef::Variant(v) => Shape::Enum(
			v.variants
				.iter()
				.map(|v| (v.index, v.fields.iter().map(|f| of(f.ty.id)).collect()))
				.collect(),
		),
		TypeDef::Sequence(s) => Shape::Seq(Box::new(of(s.type_param.id))),
		TypeDef::Array(a) => Shape::Array(a.len, Box::new(of(a.type_param.id))),
		TypeDef::Primitive(p) => Shape::Primitive(format!("{p:?}").to_lowercase()),
		TypeDef::Compact(c) => Shape::Compact(Box::new(of(c.type_param.id))),
		TypeDef::BitSequence(b) => {
			let store = of(b.bit_store_type.id);
			Shape::Bits(Box::new(store), Box::new(of(b.bit_order_type.id)))
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

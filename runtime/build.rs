//! Builds the runtime's Wasm blob (embedded in the native crate as `WASM_BINARY`).
//! `SKIP_WASM_BUILD=1` skips it, for fast pallet iteration.

fn main() {
	#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();

	// The real metadata hash, for wallets that verify metadata (CheckMetadataHash).
	#[cfg(all(feature = "std", feature = "metadata-hash"))]
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash("MRT", 12)
		.build();
}

//! The lesson module's entry point: a second wasm module, loaded by the
//! playground when a lesson opens (static/lessons-loader.js).

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    dirtybit::lessons_app::start();
}

//! The scenario decoder and validator: never a panic; whatever decodes
//! also validates (or is refused with a named field), and re-encodes to the
//! same scenario.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match dirtybit_sim::json::scenario(text) {
        Ok(s) => {
            assert_eq!(s.validate(), Ok(()));
            let again = serde_json::to_string(&s).expect("a scenario serializes");
            let back = dirtybit_sim::json::scenario(&again).expect("it reads back");
            assert_eq!(back, s, "re-encodes to the same scenario");
        }
        Err(e) => {
            assert!(!e.field.is_empty() && !e.message.is_empty(), "{e:?}");
        }
    }
});

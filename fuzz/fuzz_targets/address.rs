//! The page's address decoder (`#s=` and the query): never a panic; a link
//! that decodes holds a valid scenario and re-encodes to the same link.
#![no_main]

use dirtybit::url;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = url::parse_query(text);
    // The text as a hash, and as the JSON a hash carries.
    for hash in [text.to_string(), format!("#s={}", url::encode_b64(text.as_bytes()))] {
        if let Ok(Some(shared)) = url::from_hash(&hash) {
            assert_eq!(shared.scenario.validate(), Ok(()));
            let again = url::to_hash(&shared);
            assert_eq!(url::from_hash(&again), Ok(Some(shared)), "re-encodes to the same link");
        }
    }
});

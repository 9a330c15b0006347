//! A fingerprint of a whole run: FNV-1a over the `Debug` form of every
//! event. Equal fingerprints on two targets mean byte-identical traces; the
//! tests compare the native and the browser fingerprints of the example
//! scenarios.

use core::fmt::{self, Write};

use crate::sim::Sim;

/// FNV-1a, 64 bits, fed through `fmt::Write` so nothing is allocated.
struct Fnv(u64);

impl Write for Fnv {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for b in s.bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01B3);
        }
        Ok(())
    }
}

/// Runs `sim` to the end; returns how many events happened and the
/// fingerprint of their trace.
pub fn fingerprint(mut sim: Sim) -> (u64, u64) {
    let mut h = Fnv(0xCBF2_9CE4_8422_2325);
    let mut n = 0;
    while let Some(e) = sim.step() {
        // Writing into an FNV hasher cannot fail.
        let _ = writeln!(h, "{e:?}");
        n += 1;
    }
    (n, h.0)
}

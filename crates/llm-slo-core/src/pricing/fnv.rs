//! FNV-1a: a tiny, fast hasher for the short string keys of the pricing hot path (unit
//! names, providers, model ids), which are not attacker-chosen in bulk. The standard
//! SipHash dominated the cost of pricing one call.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The FNV-1a hasher.
#[derive(Clone, Copy, Debug)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A hash map keyed by short strings.
pub type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

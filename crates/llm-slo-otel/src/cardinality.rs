//! A guard against the SDK's cardinality limit. The OpenTelemetry SDK keeps at most 2,000
//! attribute sets per instrument (by default); every set after that is merged into one
//! series labelled `otel_metric_overflow="true"`, without provider, model or feature, which
//! every SLO's filters drop — traffic that silently leaves the dashboards. The guard
//! estimates how many distinct attribute sets the calls have (a HyperLogLog of 256
//! registers: one hash and one atomic max per call, no lock, no allocation) and warns once,
//! when the estimate first reaches the limit.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};

/// The SDK's default cardinality limit per instrument (`opentelemetry_sdk` 0.33).
pub const SDK_CARDINALITY_LIMIT: usize = 2000;

/// What the guard says when it warns.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Overflow {
    /// The estimated number of attribute sets of the busiest instrument.
    pub estimated_sets: usize,
    /// The limit it reached.
    pub limit: usize,
}

impl std::fmt::Display for Overflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "llm-slo-otel: about {} distinct attribute sets per instrument, at the OpenTelemetry SDK's cardinality limit of {}: further sets are merged into one `otel_metric_overflow=\"true\"` series without provider, model or feature, which the generated rules drop. Raise the limit with a View (`Stream::builder().with_cardinality_limit(n)`), or keep high-cardinality attributes off some instruments (a View with `with_allowed_attribute_keys`).",
            self.estimated_sets, self.limit
        )
    }
}

/// Where a warning goes.
pub type OverflowHandler = Arc<dyn Fn(&Overflow) + Send + Sync>;

const REGISTERS: usize = 256;

pub(crate) struct Guard {
    registers: [AtomicU8; REGISTERS],
    calls: AtomicU64,
    warned: AtomicBool,
    /// Attribute sets per call key, at most (token types or modalities multiply them).
    per_key: usize,
    limit: usize,
    handler: OverflowHandler,
}

impl std::fmt::Debug for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guard")
            .field("limit", &self.limit)
            .field("warned", &self.warned.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl Guard {
    pub(crate) fn new(limit: usize, per_key: usize, handler: OverflowHandler) -> Guard {
        Guard {
            registers: std::array::from_fn(|_| AtomicU8::new(0)),
            calls: AtomicU64::new(0),
            warned: AtomicBool::new(false),
            per_key: per_key.max(1),
            limit,
            handler,
        }
    }

    /// Whether it has warned (and stopped counting).
    pub(crate) fn warned(&self) -> bool {
        self.warned.load(Ordering::Relaxed)
    }

    /// Counts a call's attribute set, by its hash.
    pub(crate) fn observe(&self, hash: u64) {
        if self.warned() {
            return;
        }
        let register = (hash >> 56) as usize % REGISTERS;
        // The rank of the first set bit of the other 56 bits.
        let rank = ((hash << 8) | 0x80).leading_zeros() as u8 + 1;
        self.registers[register].fetch_max(rank, Ordering::Relaxed);
        // The estimate is worked out every 256 calls: cheap, and soon enough.
        if self.calls.fetch_add(1, Ordering::Relaxed) % 256 == 255 {
            let sets = self.estimate() * self.per_key;
            if sets >= self.limit && !self.warned.swap(true, Ordering::Relaxed) {
                (self.handler)(&Overflow {
                    estimated_sets: sets,
                    limit: self.limit,
                });
            }
        }
    }

    /// The estimated number of distinct hashes seen (HyperLogLog, with the small-range
    /// correction).
    pub(crate) fn estimate(&self) -> usize {
        let m = REGISTERS as f64;
        let mut sum = 0.0;
        let mut zeros = 0usize;
        for register in &self.registers {
            let r = register.load(Ordering::Relaxed);
            sum += 2f64.powi(-i32::from(r));
            if r == 0 {
                zeros += 1;
            }
        }
        let alpha = 0.7213 / (1.0 + 1.079 / m);
        let raw = alpha * m * m / sum;
        let estimate = if raw <= 2.5 * m && zeros > 0 {
            m * (m / zeros as f64).ln()
        } else {
            raw
        };
        estimate.round() as usize
    }
}

/// A hash of the parts of a call that make its attribute sets: eight bytes at a time (the
/// multiply-rotate step of FxHash: this runs on every call), a separator after each part,
/// then SplitMix64's finalizer, which spreads the bits over the high ones the registers
/// are chosen by.
pub(crate) struct SetHash(u64);

impl SetHash {
    pub(crate) fn new() -> SetHash {
        SetHash(0xcbf2_9ce4_8422_2325)
    }

    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    pub(crate) fn part(&mut self, part: &str) {
        let mut chunks = part.as_bytes().chunks_exact(8);
        for chunk in chunks.by_ref() {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let mut tail = [0u8; 8];
        let rest = chunks.remainder();
        tail[..rest.len()].copy_from_slice(rest);
        // The length ends the part: "ab" + "c" and "a" + "bc" differ.
        self.mix(u64::from_le_bytes(tail) ^ ((part.len() as u64) << 56));
    }

    pub(crate) fn finish(&self) -> u64 {
        // SplitMix64's finalizer.
        let mut hash = self.0;
        hash ^= hash >> 30;
        hash = hash.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        hash ^= hash >> 27;
        hash = hash.wrapping_mul(0x94d0_49bb_1331_11eb);
        hash ^ (hash >> 31)
    }
}

#[cfg(test)]
fn hash_of(parts: &[&str]) -> u64 {
    let mut hash = SetHash::new();
    for part in parts {
        hash.part(part);
    }
    hash.finish()
}

/// The default handler: one line on standard error.
pub(crate) fn print(overflow: &Overflow) {
    eprintln!("{overflow}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn the_estimate_is_close_and_the_warning_comes_once() {
        let warnings = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&warnings);
        let guard = Guard::new(
            2000,
            1,
            Arc::new(move |o: &Overflow| seen.lock().unwrap().push(o.clone())),
        );
        for i in 0..1500u64 {
            guard.observe(hash_of(&["chat", "openai", &i.to_string()]));
        }
        let estimate = guard.estimate() as f64;
        assert!((estimate - 1500.0).abs() < 1500.0 * 0.15, "{estimate}");
        assert!(warnings.lock().unwrap().is_empty());
        for i in 0..5000u64 {
            guard.observe(hash_of(&["chat", "openai", &i.to_string()]));
        }
        assert_eq!(warnings.lock().unwrap().len(), 1);
        // The same sets again change nothing.
        let quiet = Guard::new(2000, 1, Arc::new(|_: &Overflow| panic!("no warning")));
        for _ in 0..10_000 {
            quiet.observe(hash_of(&["chat", "openai", "gpt-4o"]));
        }
    }
}

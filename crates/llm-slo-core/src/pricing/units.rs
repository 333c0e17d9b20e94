//! The units prices are quoted in, and how they nest.
//!
//! Token units form a lattice by their dimensions (direction, modality, token type, cache
//! lifetime): `cache_audio_read` is part of both `cache_read` and `input_audio`, which are
//! part of `input`. Usage is reported per unit, totals included (`input` counts every input
//! token, cache reads too); cost is computed on the parts that are not counted by a more
//! specific priced unit (see [`super::engine`]). The names are the usage keys of the
//! community catalogs without their `_tokens` suffix.

use std::sync::OnceLock;

/// A unit of usage that can carry a price.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// The unit's position in [`units`], below [`UNIT_COUNT`]: usage and containment are
    /// kept by position, so pricing a call compares no strings.
    pub id: usize,
    /// The unit's name: `input`, `cache_read`, `output_reasoning`, `requests`, ….
    pub name: String,
    /// How many units a price is quoted for (1,000,000 for tokens, 1,000 for counts).
    pub per: u64,
    /// `tokens`, `requests` or `web_searches`: units of different families never nest.
    pub family: &'static str,
    /// `input` or `output`, for tokens.
    pub direction: Option<&'static str>,
    /// `text`, `audio`, `image` or `video`.
    pub modality: Option<&'static str>,
    /// `cache_read`, `cache_write`, `tool`, `reasoning` or `citation`.
    pub token_type: Option<&'static str>,
    /// `5m` or `1h`, for cache writes.
    pub cache_ttl: Option<&'static str>,
}

impl Unit {
    fn dimensions(&self) -> [Option<&'static str>; 4] {
        [
            self.direction,
            self.modality,
            self.token_type,
            self.cache_ttl,
        ]
    }

    /// The number of dimensions that make the unit specific.
    pub fn specificity(&self) -> usize {
        self.dimensions().iter().filter(|d| d.is_some()).count()
    }

    /// Whether `other` counts a part of this unit (or is this unit).
    pub fn contains(&self, other: &Unit) -> bool {
        self.parts() & other.bit() != 0
    }

    /// This unit as a member of a [`UnitSet`].
    pub fn bit(&self) -> UnitSet {
        1 << self.id
    }

    /// The units that count a part of this one, itself included.
    pub fn parts(&self) -> UnitSet {
        lattice().parts[self.id]
    }

    /// The units this one counts a part of, itself included.
    pub fn containers(&self) -> UnitSet {
        lattice().containers[self.id]
    }

    fn contains_by_dimensions(&self, other: &Unit) -> bool {
        self.family == other.family
            && self
                .dimensions()
                .iter()
                .zip(other.dimensions())
                .all(|(mine, theirs)| mine.is_none() || *mine == theirs)
    }

    /// The usage key of the unit (`cache_read_tokens`, `requests`).
    pub fn usage_key(&self) -> String {
        if self.family == "tokens" {
            format!("{}_tokens", self.name)
        } else {
            self.name.clone()
        }
    }
}

const MODALITIES: [Option<&str>; 5] = [
    None,
    Some("text"),
    Some("audio"),
    Some("image"),
    Some("video"),
];

/// How many units there are.
pub const UNIT_COUNT: usize = 47;

/// A set of units, one bit per [`Unit::id`].
pub type UnitSet = u64;

/// Containment between units, computed once from their dimensions.
struct Lattice {
    parts: [UnitSet; UNIT_COUNT],
    containers: [UnitSet; UNIT_COUNT],
}

fn lattice() -> &'static Lattice {
    static LATTICE: OnceLock<Lattice> = OnceLock::new();
    LATTICE.get_or_init(|| {
        let mut lattice = Lattice {
            parts: [0; UNIT_COUNT],
            containers: [0; UNIT_COUNT],
        };
        for a in units() {
            for b in units() {
                if a.contains_by_dimensions(b) {
                    lattice.parts[a.id] |= b.bit();
                    lattice.containers[b.id] |= a.bit();
                }
            }
        }
        lattice
    })
}

/// Every unit, built once.
pub fn units() -> &'static [Unit] {
    static UNITS: OnceLock<Vec<Unit>> = OnceLock::new();
    UNITS.get_or_init(|| {
        let mut all = Vec::new();
        let token = |name: String, direction, modality, token_type, cache_ttl| Unit {
            id: 0,
            name,
            per: 1_000_000,
            family: "tokens",
            direction: Some(direction),
            modality,
            token_type,
            cache_ttl,
        };
        for modality in MODALITIES {
            let m = modality.map(|m| format!("_{m}")).unwrap_or_default();
            all.push(token(format!("input{m}"), "input", modality, None, None));
            all.push(token(format!("output{m}"), "output", modality, None, None));
            all.push(token(
                format!("cache{m}_read"),
                "input",
                modality,
                Some("cache_read"),
                None,
            ));
            all.push(token(
                format!("cache{m}_write"),
                "input",
                modality,
                Some("cache_write"),
                None,
            ));
            for ttl in ["5m", "1h"] {
                all.push(token(
                    format!("cache{m}_write_{ttl}"),
                    "input",
                    modality,
                    Some("cache_write"),
                    Some(ttl),
                ));
            }
            all.push(token(
                format!("input{m}_tool"),
                "input",
                modality,
                Some("tool"),
                None,
            ));
            all.push(token(
                format!("output{m}_reasoning"),
                "output",
                modality,
                Some("reasoning"),
                None,
            ));
            all.push(token(
                format!("output{m}_citation"),
                "output",
                modality,
                Some("citation"),
                None,
            ));
        }
        for (name, family) in [("requests", "requests"), ("web_searches", "web_searches")] {
            all.push(Unit {
                id: 0,
                name: name.to_owned(),
                per: 1000,
                family,
                direction: None,
                modality: None,
                token_type: None,
                cache_ttl: None,
            });
        }
        for (id, unit) in all.iter_mut().enumerate() {
            unit.id = id;
        }
        assert_eq!(all.len(), UNIT_COUNT, "UNIT_COUNT is the number of units");
        all
    })
}

/// Every unit in name order.
pub fn units_by_name() -> &'static [&'static Unit] {
    static SORTED: OnceLock<Vec<&'static Unit>> = OnceLock::new();
    SORTED.get_or_init(|| {
        let mut sorted: Vec<&Unit> = units().iter().collect();
        sorted.sort_by(|a, b| a.name.cmp(&b.name));
        sorted
    })
}

/// A unit by name.
pub fn unit(name: &str) -> Option<&'static Unit> {
    // Looked up several times per priced call: hashed, not scanned.
    static BY_NAME: OnceLock<super::fnv::FnvMap<&'static str, &'static Unit>> = OnceLock::new();
    BY_NAME
        .get_or_init(|| units().iter().map(|u| (u.name.as_str(), u)).collect())
        .get(name)
        .copied()
}

/// A unit by usage key (`cache_read_tokens` or `cache_read`).
pub fn unit_for_usage_key(key: &str) -> Option<&'static Unit> {
    unit(key.strip_suffix("_tokens").unwrap_or(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lattice_nests_as_documented() {
        let u = |n| unit(n).unwrap();
        assert!(u("input").contains(u("cache_audio_read")));
        assert!(u("cache_read").contains(u("cache_audio_read")));
        assert!(u("input_audio").contains(u("cache_audio_read")));
        assert!(u("cache_write").contains(u("cache_write_1h")));
        assert!(!u("cache_write_1h").contains(u("cache_write")));
        assert!(!u("input").contains(u("output_reasoning")));
        assert!(!u("input").contains(u("requests")));
        assert_eq!(units().len(), UNIT_COUNT);
        assert!(UNIT_COUNT <= UnitSet::BITS as usize);
        assert!(units().iter().enumerate().all(|(i, u)| u.id == i));
        assert!(u("input").containers() & u("cache_read").bit() == 0);
        assert!(u("cache_read").containers() & u("input").bit() != 0);
        assert_eq!(u("cache_read").usage_key(), "cache_read_tokens");
    }
}

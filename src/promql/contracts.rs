//! The metric contracts expressions are judged against: one contract's series indexed for
//! the checks ([`ContractIndex`]), several merged into one (a file that fits more than one
//! profile), and the catalogue of every known contract ([`known`]): each profile × naming
//! strategy × histogram mode, with which of them have a given series name.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use llm_slo_core::contract::{
    Contract, HistogramMode, LEGACY_COST_METRIC, NamingStrategy, Profile, Series,
};

/// The contract's series, indexed for the checks.
#[derive(Clone, Debug)]
pub(crate) struct ContractIndex {
    /// The contract (for a merged index, the first one's: its naming spells the labels).
    pub contract: Contract,
    series: HashMap<String, Series>,
    labels: BTreeSet<String>,
    /// How messages name what is checked: `genai-v1.41`, or `genai-v1.41 or openlit`.
    profiles: String,
    /// Whether the application's own attributes are unknown (no spec names them), so a
    /// label outside the contract may be one of them.
    pub open_attributes: bool,
}

impl ContractIndex {
    /// Indexes a contract.
    pub(crate) fn new(contract: Contract) -> ContractIndex {
        let all = contract.series();
        let labels = all.iter().flat_map(|s| s.labels.iter().cloned()).collect();
        let series = all.into_iter().map(|s| (s.name.clone(), s)).collect();
        ContractIndex {
            profiles: contract.profile.as_str().to_owned(),
            contract,
            series,
            labels,
            open_attributes: false,
        }
    }

    /// A contract's index that also accepts the runtime's former cost counter
    /// (`gen_ai.client.cost`, before it left the namespace the conventions reserve; still
    /// its name when a spec keeps it): for files checked without a spec, which may read
    /// either.
    pub(crate) fn with_legacy_cost_metric(contract: Contract) -> ContractIndex {
        let legacy = ContractIndex::new(Contract {
            cost_metric: LEGACY_COST_METRIC.to_owned(),
            ..contract.clone()
        });
        let index = ContractIndex::new(contract);
        ContractIndex::merged(&[&index, &legacy]).unwrap_or(index)
    }

    /// One index that accepts what any of `indexes` accepts: each name with the labels any
    /// of them gives it. `None` for no index.
    pub(crate) fn merged(indexes: &[&ContractIndex]) -> Option<ContractIndex> {
        let (first, rest) = indexes.split_first()?;
        let mut merged = (*first).clone();
        let mut profiles = vec![first.contract.profile.as_str()];
        for index in rest {
            for (name, series) in &index.series {
                match merged.series.get_mut(name) {
                    Some(known) => {
                        for label in &series.labels {
                            if !known.labels.contains(label) {
                                known.labels.push(label.clone());
                            }
                        }
                    }
                    None => {
                        merged.series.insert(name.clone(), series.clone());
                    }
                }
            }
            merged.labels.extend(index.labels.iter().cloned());
            let profile = index.contract.profile.as_str();
            if !profiles.contains(&profile) {
                profiles.push(profile);
            }
        }
        merged.profiles = profiles.join(" or ");
        Some(merged)
    }

    /// A series of the contract by Prometheus name.
    pub(crate) fn series(&self, name: &str) -> Option<&Series> {
        self.series.get(name)
    }

    /// Every series name, sorted.
    pub(crate) fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.series.keys().map(String::as_str).collect();
        names.sort();
        names
    }

    /// Whether any contract series has this label.
    pub(crate) fn has_label(&self, label: &str) -> bool {
        self.labels.contains(label)
    }

    /// Every label of the contract, sorted.
    pub(crate) fn all_labels(&self) -> impl Iterator<Item = &str> {
        self.labels.iter().map(String::as_str)
    }

    /// Whether a name claims to be part of the GenAI contract (so the contract may judge it).
    pub(crate) fn claims(&self, name: &str) -> bool {
        name.starts_with("gen_ai_") || name.starts_with("gen_ai.") || self.series.contains_key(name)
    }

    /// The profile (or profiles) checked against, for messages.
    pub(crate) fn profile_name(&self) -> &str {
        &self.profiles
    }
}

/// Which parts of the contract are found from each file's series names instead of being
/// fixed by the given contract: a file is then checked against the known
/// contract (profile × naming × histograms) it fits, and an info says which.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Detect {
    /// The profile (`genai-v1.41`, `genai-latest`, `openlit`, `openllmetry`).
    pub profile: bool,
    /// The naming strategy.
    pub naming: bool,
    /// Classic or native histograms.
    pub histograms: bool,
}

impl Detect {
    /// Everything fixed by the contract.
    pub const NOTHING: Detect = Detect {
        profile: false,
        naming: false,
        histograms: false,
    };
    /// Everything found from the file, as `validate` does without a spec.
    pub const EVERYTHING: Detect = Detect {
        profile: true,
        naming: true,
        histograms: true,
    };

    /// The same with the profile found (`true`) or fixed.
    pub fn profile(mut self, detect: bool) -> Detect {
        self.profile = detect;
        self
    }

    /// The same with the naming strategy found (`true`) or fixed.
    pub fn naming(mut self, detect: bool) -> Detect {
        self.naming = detect;
        self
    }

    /// The same with the histogram mode found (`true`) or fixed.
    pub fn histograms(mut self, detect: bool) -> Detect {
        self.histograms = detect;
        self
    }
}

/// A set of known contracts, as bits over [`Known::candidates`].
pub(crate) type Fits = u64;

/// Every known contract, and which of them have each series name. The names are what most
/// files need (a file without a GenAI series name needs nothing else), so only they are
/// built up front; a contract's index is built the first time a file fits it.
pub(crate) struct Known {
    /// Each profile × naming × histogram mode, in order of preference: the default profile,
    /// naming and classic histograms first.
    candidates: Vec<Contract>,
    indexes: Vec<OnceLock<Arc<ContractIndex>>>,
    fits: HashMap<String, Fits>,
    /// The first three bytes of every name (`gen`, `llm`): a text without any of them
    /// names no known series.
    prefixes: Vec<String>,
}

/// The catalogue, built once.
pub(crate) fn known() -> &'static Known {
    static KNOWN: OnceLock<Known> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let mut candidates = Vec::new();
        for profile in Profile::ALL {
            for naming in NamingStrategy::ALL {
                for histograms in [HistogramMode::Classic, HistogramMode::Native] {
                    candidates.push(Contract {
                        profile,
                        naming,
                        histograms,
                        ..Contract::default()
                    });
                }
            }
        }
        // Every profile, naming and mode once: the bits fit.
        debug_assert!(candidates.len() <= Fits::BITS as usize);
        let mut fits: HashMap<String, Fits> = HashMap::new();
        for (bit, contract) in candidates.iter().enumerate() {
            let legacy = Contract {
                cost_metric: LEGACY_COST_METRIC.to_owned(),
                ..contract.clone()
            };
            for name in contract
                .series_names()
                .into_iter()
                .chain(legacy.series_names())
            {
                *fits.entry(name).or_default() |= 1 << bit;
            }
        }
        let mut prefixes: Vec<String> = fits
            .keys()
            .map(|name| name.chars().take(3).collect())
            .collect();
        prefixes.sort();
        prefixes.dedup();
        Known {
            prefixes,
            indexes: candidates.iter().map(|_| OnceLock::new()).collect(),
            candidates,
            fits,
        }
    })
}

impl Known {
    /// The contracts that have a series of this name (no bit: none has it).
    pub(crate) fn fits(&self, name: &str) -> Fits {
        if !self.prefixes.iter().any(|p| name.starts_with(p.as_str())) {
            return 0;
        }
        self.fits.get(name).copied().unwrap_or(0)
    }

    /// Whether a text may name a known series (without this, it names none).
    pub(crate) fn may_name_any(&self, text: &str) -> bool {
        self.prefixes.iter().any(|p| text.contains(p.as_str()))
    }

    /// How many contracts there are (bits `0..count`).
    pub(crate) fn count(&self) -> usize {
        self.candidates.len()
    }

    /// The known contracts that agree with `contract` where `detect` does not free them.
    pub(crate) fn agreeing(&self, contract: &Contract, detect: Detect) -> Fits {
        let mut fits = 0;
        for (bit, c) in self.candidates.iter().enumerate() {
            if (detect.profile || c.profile == contract.profile)
                && (detect.naming || c.naming == contract.naming)
                && (detect.histograms || c.histograms == contract.histograms)
            {
                fits |= 1 << bit;
            }
        }
        fits
    }

    /// The indexes of a set, in order of preference.
    pub(crate) fn members(&self, fits: Fits) -> impl Iterator<Item = &Arc<ContractIndex>> {
        self.indexes
            .iter()
            .enumerate()
            .filter(move |(bit, _)| fits & (1 << bit) != 0)
            .map(|(bit, index)| {
                index.get_or_init(|| {
                    Arc::new(ContractIndex::with_legacy_cost_metric(
                        self.candidates[bit].clone(),
                    ))
                })
            })
    }

    /// The contracts of a set, in order of preference.
    fn contracts(&self, fits: Fits) -> impl Iterator<Item = &Contract> {
        self.candidates
            .iter()
            .enumerate()
            .filter(move |(bit, _)| fits & (1 << bit) != 0)
            .map(|(_, contract)| contract)
    }

    /// How a message names a set: `openlit (UnderscoreEscapingWithSuffixes naming)`, or
    /// `genai-v1.41, openlit or openllmetry (UnderscoreEscapingWithSuffixes naming, native
    /// histograms)`. Histograms are named only when classic ones do not fit.
    pub(crate) fn describe(&self, fits: Fits) -> String {
        let mut profiles: Vec<&str> = Vec::new();
        let mut namings: BTreeMap<usize, &str> = BTreeMap::new();
        let mut classic = false;
        for contract in self.contracts(fits) {
            if !profiles.contains(&contract.profile.as_str()) {
                profiles.push(contract.profile.as_str());
            }
            let order = NamingStrategy::ALL
                .iter()
                .position(|n| *n == contract.naming)
                .unwrap_or(0);
            namings.insert(order, contract.naming.as_str());
            classic |= contract.histograms == HistogramMode::Classic;
        }
        let namings: Vec<&str> = namings.into_values().collect();
        let mut out = format!("{} ({} naming", or_list(&profiles), or_list(&namings));
        if !classic {
            out.push_str(", native histograms");
        }
        out.push(')');
        out
    }
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fit_the_profiles_that_have_them() {
        let known = known();
        let v1_41 = known.fits("gen_ai_client_token_usage_bucket");
        let described = known.describe(v1_41);
        assert!(
            described.starts_with("genai-v1.41, openlit or openllmetry ("),
            "{described}"
        );
        assert!(
            described.contains("UnderscoreEscapingWithSuffixes"),
            "{described}"
        );
        let cost = known.fits("gen_ai_usage_cost_USD_sum");
        assert_eq!(
            known.describe(cost),
            "openlit (UnderscoreEscapingWithSuffixes naming)"
        );
        assert_eq!(known.fits("gen_ai_client_token_usage_total"), 0);
    }

    #[test]
    fn a_merged_index_accepts_what_either_accepts() {
        let known = known();
        let fits = known.fits("gen_ai_client_token_usage_bucket");
        let members: Vec<&ContractIndex> = known.members(fits).map(|i| &**i).collect();
        let merged = ContractIndex::merged(&members).expect("members");
        let usage = merged
            .series("gen_ai_client_token_usage_bucket")
            .expect("series");
        // OpenLIT's resource labels and OpenLLMetry's `stream` on one series.
        assert!(usage.labels.iter().any(|l| l == "service_name"));
        assert!(usage.labels.iter().any(|l| l == "stream"));
        assert!(merged.series("gen_ai_usage_cost_USD_sum").is_some());
    }
}

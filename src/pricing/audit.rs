//! Audits of a price catalog: units that exist, no negative prices, ascending tiers
//! and dates, cache reads cheaper than input, every price sourced.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use llm_slo_core::pricing::time::Instant;
use llm_slo_core::pricing::units::{self, unit};

use super::catalog::{CatalogFile, CatalogStep};
use crate::base::Usd;
use crate::diagnostics::{Code, Diagnostic};
use crate::yaml::{Document, Path};
use crate::yaml_path;

/// `pricing/unknown-unit`: documented in the registry, `diagnostics::codes::pricing`.
pub(crate) const UNKNOWN_UNIT: Code = crate::diagnostics::codes::pricing::UNKNOWN_UNIT;
/// `pricing/negative-price`: documented in the registry, `diagnostics::codes::pricing`.
pub(crate) const NEGATIVE_PRICE: Code = crate::diagnostics::codes::pricing::NEGATIVE_PRICE;
/// `pricing/tier-order`: documented in the registry, `diagnostics::codes::pricing`.
pub(crate) const TIER_ORDER: Code = crate::diagnostics::codes::pricing::TIER_ORDER;
/// `pricing/cache-above-input`: documented in the registry, `diagnostics::codes::pricing`.
pub(crate) const CACHE_ABOVE_INPUT: Code = crate::diagnostics::codes::pricing::CACHE_ABOVE_INPUT;
/// `pricing/period`: documented in the registry, `diagnostics::codes::pricing`.
pub(crate) const PERIOD: Code = crate::diagnostics::codes::pricing::PERIOD;
/// `pricing/unsourced`: documented in the registry, `diagnostics::codes::pricing`.
pub(crate) const UNSOURCED: Code = crate::diagnostics::codes::pricing::UNSOURCED;
/// `pricing/duplicate-model`: documented in the registry, `diagnostics::codes::pricing`.
pub(crate) const DUPLICATE_MODEL: Code = crate::diagnostics::codes::pricing::DUPLICATE_MODEL;
/// `pricing/invalid-catalog`: documented in the registry, `diagnostics::codes::pricing`.
pub(crate) const INVALID_CATALOG: Code = crate::diagnostics::codes::pricing::INVALID_CATALOG;

/// What is wrong with one price, if anything: an unknown unit or a negative amount.
pub(crate) fn unit_problem(name: &str, price: &Usd) -> Option<(Code, String, Option<String>)> {
    if unit(name).is_none() {
        let help = crate::base::suggest::did_you_mean(&crate::base::suggest::closest(
            name,
            units::units().iter().map(|u| u.name.as_str()),
        ))
        .or_else(|| Some("units are `input`, `output`, `cache_read`, `cache_write`, `cache_write_1h`, `output_reasoning`, `input_audio`, …".to_owned()));
        return Some((UNKNOWN_UNIT, format!("unknown unit `{name}`"), help));
    }
    if price.0.is_sign_negative() {
        return Some((
            NEGATIVE_PRICE,
            format!("price of `{name}` is negative"),
            None,
        ));
    }
    None
}

struct Auditor<'a> {
    file: &'a Arc<str>,
    document: &'a Document,
    out: Vec<Diagnostic>,
}

impl Auditor<'_> {
    fn error(&mut self, code: Code, path: &Path, message: String) -> &mut Diagnostic {
        let span = self.document.locate(path);
        self.out
            .push(Diagnostic::error(code, message).at(self.file, span));
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    fn error_at_key(&mut self, code: Code, path: &Path, message: String) -> &mut Diagnostic {
        let span = self.document.locate_key(path);
        self.out
            .push(Diagnostic::error(code, message).at(self.file, span));
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    fn prices(&mut self, path: &Path, prices: &BTreeMap<String, Usd>) {
        for (name, price) in prices {
            let at = path.join(name.as_str());
            if let Some((code, message, help)) = unit_problem(name, price) {
                let diagnostic = if code == UNKNOWN_UNIT {
                    self.error_at_key(code, &at, message)
                } else {
                    self.error(code, &at, message)
                };
                diagnostic.help = help;
            }
        }
        // A cache read discounts input of the same modality.
        for (name, price) in prices {
            let Some(read) = unit(name).filter(|u| u.token_type == Some("cache_read")) else {
                continue;
            };
            let input = match read.modality {
                Some(m) => format!("input_{m}"),
                None => "input".to_owned(),
            };
            let enclosing = prices.get(&input).or_else(|| prices.get("input"));
            if let Some(input_price) = enclosing
                && price.0 > input_price.0
            {
                let diagnostic = self.error(
                    CACHE_ABOVE_INPUT,
                    &path.join(name.as_str()),
                    format!(
                        "`{name}` ({}) costs more than `{input}` ({})",
                        price.0, input_price.0
                    ),
                );
                diagnostic.severity = crate::diagnostics::Severity::Warning;
                diagnostic.help = Some(
                    "cache reads are a discount on input; check the unit (USD per million tokens)"
                        .to_owned(),
                );
            }
        }
    }

    /// Daily windows: times of day that parse, and their prices.
    fn daily(&mut self, path: &Path, windows: &[super::catalog::CatalogDaily]) {
        for (i, window) in windows.iter().enumerate() {
            let at = path.join(i);
            for (key, text) in [("from", &window.from), ("until", &window.until)] {
                if llm_slo_core::pricing::time::parse_time_of_day(text).is_err() {
                    self.error(
                        PERIOD,
                        &at.join(key),
                        format!("`{text}` is not a time of day: write `HH:MM` (UTC)"),
                    );
                }
            }
            if let Some(day) = window.weekdays.iter().find(|d| !(1..=7).contains(*d)) {
                self.error(
                    PERIOD,
                    &at.join("weekdays"),
                    format!("weekday {day} is not 1 (Monday) … 7 (Sunday)"),
                );
            }
            if window.weekday_offset_minutes.abs() > 14 * 60 {
                self.error(
                    PERIOD,
                    &at.join("weekday_offset_minutes"),
                    "an offset from UTC is at most 14 hours (840 minutes)".to_owned(),
                );
            }
            self.prices(&at.join("prices"), &window.prices);
        }
    }

    fn tiers(&mut self, path: &Path, base: &BTreeMap<String, Usd>, tiers: &[CatalogStep]) {
        let mut previous: Option<u64> = None;
        for (i, step) in tiers.iter().enumerate() {
            let at = path.join(i);
            let key = if step.from_input_tokens.is_some() {
                "from_input_tokens"
            } else {
                "above_input_tokens"
            };
            let above = match step.above() {
                Ok(above) => above,
                Err(message) => {
                    self.error(INVALID_CATALOG, &at, message);
                    continue;
                }
            };
            if previous.is_some_and(|p| above <= p) {
                self.error(
                    TIER_ORDER,
                    &at.join(key),
                    format!("step above {above} does not follow the previous step"),
                );
            }
            previous = Some(above);
            self.prices(&at.join("prices"), &step.prices);
            for name in step.prices.keys() {
                if !base.contains_key(name) {
                    self.error_at_key(
                        INVALID_CATALOG,
                        &at.join("prices").join(name.as_str()),
                        format!("the step prices `{name}`, which has no base price"),
                    );
                }
            }
        }
    }
}

/// Every problem of a catalog file.
pub(crate) fn audit(
    file: &Arc<str>,
    document: &Document,
    catalog: &CatalogFile,
) -> Vec<Diagnostic> {
    let mut cx = Auditor {
        file,
        document,
        out: Vec::new(),
    };
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (i, model) in catalog.models.iter().enumerate() {
        let at = yaml_path!["models", i];
        for (j, id) in std::iter::once(&model.id).chain(&model.aliases).enumerate() {
            if let Some(first) = ids.insert(id, i)
                && first != i
            {
                let path = if j == 0 {
                    at.join("id")
                } else {
                    at.join("aliases").join(j - 1)
                };
                cx.error(
                    DUPLICATE_MODEL,
                    &path,
                    format!("`{id}` also names model #{}", first + 1),
                );
            }
        }
        if model.source.trim().is_empty() {
            cx.error(
                UNSOURCED,
                &at.join("source"),
                "every price needs its source".to_owned(),
            );
        }
        if let Some(checked) = &model.checked
            && Instant::parse(checked).is_err()
        {
            cx.error(
                UNSOURCED,
                &at.join("checked"),
                format!("`checked` is not a date: `{checked}`"),
            );
        }
        if let Some(retires) = &model.retires
            && Instant::parse(retires).is_err()
        {
            cx.error(
                PERIOD,
                &at.join("retires"),
                format!("`retires` is not a date: `{retires}`"),
            );
        }
        if let Some(prices) = &model.prices {
            cx.prices(&at.join("prices"), prices);
            cx.tiers(&at.join("tiers"), prices, &model.tiers);
        }
        for (tier, set) in &model.service_tiers {
            let tier_at = at.join("service_tiers").join(tier.as_str());
            cx.prices(&tier_at.join("prices"), &set.prices);
            cx.tiers(&tier_at.join("tiers"), &set.prices, &set.tiers);
        }
        cx.daily(&at.join("daily"), &model.daily);
        let mut previous: Option<Instant> = None;
        for (p, period) in model.periods.iter().enumerate() {
            let period_at = at.join("periods").join(p);
            match (&period.since, p) {
                (None, 0) => {}
                (None, _) => {
                    cx.error(
                        PERIOD,
                        &period_at,
                        "only the first period may have no `since`".to_owned(),
                    );
                }
                (Some(since), _) => match Instant::parse(since) {
                    Ok(instant) => {
                        if previous.is_some_and(|prev| instant <= prev) {
                            cx.error(
                                PERIOD,
                                &period_at.join("since"),
                                format!("`{since}` is not after the previous period"),
                            );
                        }
                        previous = Some(instant);
                    }
                    Err(error) => {
                        cx.error(PERIOD, &period_at.join("since"), error.to_string());
                    }
                },
            }
            cx.prices(&period_at.join("prices"), &period.prices);
            cx.tiers(&period_at.join("tiers"), &period.prices, &period.tiers);
            for (tier, set) in &period.service_tiers {
                let tier_at = period_at.join("service_tiers").join(tier.as_str());
                cx.prices(&tier_at.join("prices"), &set.prices);
                cx.tiers(&tier_at.join("tiers"), &set.prices, &set.tiers);
            }
            cx.daily(&period_at.join("daily"), &period.daily);
        }
    }
    cx.out
}

//! The arithmetic of SLOs that rules, dashboards and the spec's checks share: error budgets,
//! burn-rate thresholds and the SRE workbook's multi-window tiers.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::base::Duration;

/// One burn-rate alert: fire when both windows burn the budget `factor` times faster than
/// the objective allows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct BurnTier {
    /// `page` or `ticket`.
    pub tier: &'static str,
    /// The burn rate, as a decimal string (`14.4`).
    pub factor: &'static str,
    /// The long window.
    pub long: Duration,
    /// The short window, a twelfth of the long one: it makes the alert stop soon after the
    /// burn stops.
    pub short: Duration,
}

/// The SRE workbook's tiers for a 30-day window: 2 % of the budget in 1 hour, 5 % in 6
/// hours (page), 10 % in 1 day and 10 % in 3 days (ticket).
const WORKBOOK: [(&str, &str, u64, u64); 4] = [
    ("page", "14.4", 60, 5),
    ("page", "6", 360, 30),
    ("ticket", "3", 1440, 120),
    ("ticket", "1", 4320, 360),
];

/// The burn-rate tiers of an SLO window: the workbook's windows scaled by window ÷ 30 days
/// (as Sloth does), to whole minutes, never shorter than `min_window`; the factors stay, so
/// each tier still spends the same share of the budget.
pub(crate) fn burn_tiers(window: Duration, min_window: Duration) -> Vec<BurnTier> {
    let thirty_days = Duration::from_days(30).as_millis() as u128;
    let scale = |minutes: u64| {
        let millis = u128::from(minutes) * 60_000 * window.as_millis() as u128;
        let scaled_minutes = (millis + thirty_days * 60_000 / 2) / (thirty_days * 60_000);
        let scaled = Duration::from_mins(u64::try_from(scaled_minutes).unwrap_or(u64::MAX).max(1));
        scaled.max(min_window)
    };
    WORKBOOK
        .iter()
        .map(|&(tier, factor, long, short)| BurnTier {
            tier,
            factor,
            long: scale(long),
            short: scale(short),
        })
        .collect()
}

/// `1 - objective / 100`, exactly.
pub(crate) fn error_budget(objective: f64) -> Decimal {
    let objective = Decimal::from_str(&objective.to_string()).unwrap_or(Decimal::ONE_HUNDRED);
    (Decimal::ONE - objective / Decimal::ONE_HUNDRED).normalize()
}

/// The objective as a ratio (`99.9` → `0.999`), exactly: `99.9 / 100.0` in floating point
/// is `0.9990000000000001`.
pub(crate) fn objective_ratio(objective: f64) -> Decimal {
    let objective = Decimal::from_str(&objective.to_string()).unwrap_or(Decimal::ONE_HUNDRED);
    (objective / Decimal::ONE_HUNDRED).normalize()
}

/// `factor × budget`, exactly.
pub(crate) fn burn_threshold(factor: &str, budget: Decimal) -> Decimal {
    (Decimal::from_str(factor).unwrap_or(Decimal::ONE) * budget).normalize()
}

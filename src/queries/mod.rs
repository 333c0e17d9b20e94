//! The PromQL vocabulary that rules, dashboards and the spec's checks share.
//!
//! * [`names`]: the name of every recorded series;
//! * [`builder`]: selectors, labels and rates from the metric contract ([`Queries`]), and
//!   [`sum_by`];
//! * [`dimensions`]: the dimension names of `by` and `filter`, and their attributes;
//! * [`slo_math`]: error budgets, burn-rate thresholds and the workbook's tiers;
//! * [`templates`]: the shipped PromQL templates under `templates/` and their environment.
//!
//! This layer knows PromQL and the metric contract, not the spec: the spec builds a
//! [`Queries`] from its telemetry and recording sections.

pub(crate) mod builder;
pub(crate) mod dimensions;
pub(crate) mod names;
pub(crate) mod slo_math;
pub(crate) mod templates;

pub(crate) use builder::{Queries, le_regex, sum_by};

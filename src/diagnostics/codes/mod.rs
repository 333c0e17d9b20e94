//! The registry of diagnostic codes: every code llm-slo reports is declared here, once, with
//! its default severity, a one-line summary, its documentation (what it means, why it
//! matters, an example, how to fix it) and the release that introduced it.
//!
//! Everything else reads this registry: the checks report its constants, `llm-slo explain`
//! prints its entries, `docs/codes/` and the README's table are generated from it (a test
//! keeps them equal), and SARIF output describes each rule from it. One file per area; the
//! [`codes!`] macro declares an area's constants and its `ALL` list together, so a code
//! cannot be declared without being listed.

pub(crate) mod alerts;
pub(crate) mod contract;
pub(crate) mod docs;
pub(crate) mod generate;
pub(crate) mod grafana;
pub(crate) mod import;
pub(crate) mod pricing;
pub(crate) mod promql;
pub(crate) mod rules;
pub(crate) mod schema;
pub(crate) mod spec;
pub(crate) mod suppression;
pub(crate) mod validate;
pub(crate) mod yaml;

use super::{Code, Severity};

/// What the registry says of a code. Ordered and hashed by `id` first, the field that
/// identifies it.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CodeInfo {
    /// The stable identifier, `area/name`.
    pub id: &'static str,
    /// The severity its findings have unless the check says otherwise.
    pub severity: Severity,
    /// The release that introduced it.
    pub since: &'static str,
    /// One line: what a finding means.
    pub summary: &'static str,
    /// Markdown paragraphs after the summary: more of what it means, why it matters, an
    /// example, how to fix it.
    pub doc: &'static str,
}

/// Declares an area's codes: a constant per code, and `ALL`, every code of the area in
/// declaration order.
macro_rules! codes {
    ($(
        $name:ident {
            id: $id:literal,
            severity: $severity:ident,
            since: $since:literal,
            summary: $summary:literal,
            doc: $doc:literal,
        }
    )*) => {
        $(
            #[doc = concat!("`", $id, "`: ", $summary)]
            pub(crate) const $name: Code = Code(&CodeInfo {
                id: $id,
                severity: Severity::$severity,
                since: $since,
                summary: $summary,
                doc: $doc,
            });
        )*
        /// Every code of this area, in declaration order.
        pub(crate) const ALL: &[Code] = &[$($name),*];
    };
}
pub(crate) use codes;

/// Every code, sorted by id.
pub(crate) fn all() -> Vec<Code> {
    let mut all: Vec<Code> = [
        yaml::ALL,
        schema::ALL,
        spec::ALL,
        pricing::ALL,
        promql::ALL,
        contract::ALL,
        alerts::ALL,
        rules::ALL,
        grafana::ALL,
        validate::ALL,
        generate::ALL,
        suppression::ALL,
        import::ALL,
    ]
    .concat();
    all.sort_by_key(|c| c.as_str());
    all
}

/// The code with this id.
pub(crate) fn find(id: &str) -> Option<Code> {
    all().into_iter().find(|c| c.as_str() == id)
}

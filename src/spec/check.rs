//! Semantic checks: what the types alone cannot say.
//!
//! Every check reports at the value it is about (found by its path in the YAML tree) and
//! carries on, so one run shows every problem.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use llm_slo_core::contract::{COMMON_ATTRIBUTES_BY_SHORT_NAME, is_legacy_label_name};
use llm_slo_core::pricing::{ModelPricing, Period, Rate};

use super::codes;
use super::{Spec, slos::Sli};
use crate::base::Duration;
use crate::base::suggest;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::path;
use crate::pricing::catalog::{Catalog, Lookup};
use crate::promql::lints::Usage;
use crate::queries::dimensions;
use crate::yaml::{Document, Path};

/// Runs every check; returns the findings and the resolved prices of the spec's models.
pub fn check(
    spec: &Spec,
    document: &Document,
    file: &Arc<str>,
    text: &str,
) -> (Vec<Diagnostic>, Vec<ModelPricing>) {
    let mut cx = Checker {
        document,
        file,
        text,
        out: Vec::new(),
    };
    cx.service(spec);
    cx.telemetry(spec);
    let prices = cx.pricing(spec);
    cx.recording(spec);
    cx.slos(spec);
    cx.budgets(spec);
    cx.alerts(spec);
    cx.dashboards(spec);
    cx.outputs(spec);
    (cx.out, prices)
}

struct Checker<'a> {
    document: &'a Document,
    file: &'a Arc<str>,
    text: &'a str,
    out: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// Runs the validator on a PromQL expression of the spec, against the spec's own
    /// contract; findings point inside the expression. `{{ window }}` placeholders are
    /// replaced by a duration of the same length, which keeps every offset in place.
    fn expression(&mut self, spec: &Spec, path: &Path, usage: Usage) {
        let Some(node) = self.document.lookup(path) else {
            return;
        };
        let crate::yaml::NodeKind::Scalar { value, style } = &node.kind else {
            return;
        };
        let map = crate::yaml::ValueMap::new(self.text, node.span.start.offset, value, *style);
        let substituted = value
            .replace("{{ window }}", "     5m     ")
            .replace("{{window}}", "    5m    ");
        let mut settings = crate::validate::Settings::new(spec.telemetry.contract());
        settings.scrape_interval_ms = spec.telemetry.scrape_interval.as_millis() as i64;
        let source = crate::validate::Source::new(self.file, self.text);
        let site = crate::validate::Site {
            expr: &substituted,
            map: &|offset| map.source(offset),
            usage,
        };
        self.out
            .extend(crate::validate::check_expression(&source, &site, &settings));
    }
    fn report(
        &mut self,
        severity: Severity,
        code: Code,
        path: &Path,
        message: String,
    ) -> &mut Diagnostic {
        let span = self.document.locate(path);
        let mut diagnostic = Diagnostic::error(code, message).at(self.file, span);
        diagnostic.severity = severity;
        self.out.push(diagnostic);
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    fn error(&mut self, code: Code, path: &Path, message: String) -> &mut Diagnostic {
        self.report(Severity::Error, code, path, message)
    }

    /// An error at a mapping key rather than its value.
    fn error_at_key(&mut self, code: Code, path: &Path, message: String) -> &mut Diagnostic {
        let span = self.document.locate_key(path);
        self.out
            .push(Diagnostic::error(code, message).at(self.file, span));
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    fn name(&mut self, path: &Path, name: &str, what: &str) {
        let valid = name.len() <= 100
            && name.starts_with(|c: char| c.is_ascii_alphanumeric())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
        if !valid {
            self.error(
                codes::INVALID_NAME,
                path,
                format!("invalid {what} name `{}`", name.escape_debug()),
            )
            .help = Some("use letters, digits, `-`, `_` and `.`, starting with a letter or digit (at most 100)".to_owned());
        }
    }

    fn labels(&mut self, path: &Path, labels: &BTreeMap<String, String>) {
        for name in labels.keys() {
            self.label_name(&path.join(name.as_str()), name, true);
        }
    }

    fn label_name(&mut self, path: &Path, name: &str, at_key: bool) {
        let problem = if !is_legacy_label_name(name) {
            Some("is not a valid Prometheus label name")
        } else if name.starts_with("__") {
            Some("starts with `__`, which Prometheus reserves for internal labels")
        } else {
            None
        };
        if let Some(problem) = problem {
            let message = format!("label `{}` {problem}", name.escape_debug());
            let diagnostic = if at_key {
                self.error_at_key(codes::INVALID_LABEL, path, message)
            } else {
                self.error(codes::INVALID_LABEL, path, message)
            };
            diagnostic.help = Some("label names are `[a-zA-Z_][a-zA-Z0-9_]*`".to_owned());
        }
    }

    fn positive(&mut self, path: &Path, value: Duration, what: &str) {
        if value.is_zero() {
            self.error(
                codes::OUT_OF_RANGE,
                path,
                format!("{what} must be longer than 0s"),
            );
        }
    }

    fn unique<'n>(&mut self, names: impl IntoIterator<Item = (Path, &'n str)>, what: &str) {
        let mut seen: HashMap<&str, Path> = HashMap::new();
        for (path, name) in names {
            if let Some(first) = seen.get(name) {
                let line = self.document.locate(first).start.line;
                self.error(
                    codes::DUPLICATE_NAME,
                    &path,
                    format!("{what} `{name}` is already defined (line {line})"),
                )
                .help = Some(format!("give each {what} a unique name"));
            } else {
                seen.insert(name, path);
            }
        }
    }

    fn service(&mut self, spec: &Spec) {
        self.name(&path!["service", "name"], &spec.service.name, "service");
        self.labels(&path!["service", "labels"], &spec.service.labels);
    }

    fn telemetry(&mut self, spec: &Spec) {
        let t = &spec.telemetry;
        self.positive(
            &path!["telemetry", "scrape_interval"],
            t.scrape_interval,
            "scrape_interval",
        );
        for name in t.selector.keys() {
            self.label_name(&path!["telemetry", "selector", name.as_str()], name, true);
        }
        let mut seen = HashMap::new();
        for (i, attribute) in t.attributes.iter().enumerate() {
            let at = path!["telemetry", "attributes", i];
            let common = COMMON_ATTRIBUTES_BY_SHORT_NAME
                .iter()
                .any(|(short, full)| short == attribute || full == attribute);
            if attribute.is_empty()
                || attribute
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control())
            {
                self.error(
                    codes::INVALID_NAME,
                    &at,
                    format!("invalid attribute name `{}`", attribute.escape_debug()),
                );
            } else if common {
                self.error(
                    codes::DUPLICATE_ENTRY,
                    &at,
                    format!("`{attribute}` is a GenAI attribute already; list only extra attributes here"),
                );
            } else if seen.insert(attribute, i).is_some() {
                self.error(
                    codes::DUPLICATE_ENTRY,
                    &at,
                    format!("attribute `{attribute}` is listed twice"),
                );
            }
        }
        if let Some(buckets) = &t.duration_buckets {
            let at = path!["telemetry", "duration_buckets"];
            if buckets.is_empty() {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at,
                    "duration_buckets is empty".to_owned(),
                );
            }
            for (i, pair) in buckets.windows(2).enumerate() {
                if pair[1] <= pair[0] {
                    self.error(
                        codes::OUT_OF_RANGE,
                        &at.join(i + 1),
                        format!(
                            "bucket boundaries must ascend: {} follows {}",
                            pair[1], pair[0]
                        ),
                    );
                }
            }
            for (i, bound) in buckets.iter().enumerate() {
                if !bound.is_finite() || *bound <= 0.0 {
                    self.error(
                        codes::OUT_OF_RANGE,
                        &at.join(i),
                        format!("bucket boundary {bound} must be a positive number of seconds"),
                    );
                }
            }
        }
    }

    fn pricing(&mut self, spec: &Spec) -> Vec<ModelPricing> {
        let p = &spec.pricing;
        let shipped = match Catalog::shipped() {
            Ok(catalog) => catalog,
            Err(report) => {
                // A broken shipped catalog is a bug in this release; say so plainly.
                self.out.extend(report.diagnostics.iter().cloned());
                return Vec::new();
            }
        };
        if let Some(names) = &p.catalogs {
            for (i, name) in names.iter().enumerate() {
                if !Catalog::shipped_names().any(|n| n == name) {
                    let close = suggest::closest(name, Catalog::shipped_names());
                    let help = suggest::did_you_mean(&close).unwrap_or_else(|| {
                        format!(
                            "shipped catalogs: {}",
                            Catalog::shipped_names().collect::<Vec<_>>().join(", ")
                        )
                    });
                    self.error(
                        codes::UNKNOWN_CATALOG,
                        &path!["pricing", "catalogs", i],
                        format!("no shipped catalog is named `{name}`"),
                    )
                    .help = Some(help);
                }
            }
        }
        let catalog = shipped.select(p.catalogs.as_deref());
        for (i, o) in p.overrides.iter().enumerate() {
            let at = path!["pricing", "overrides", i, "prices"];
            if o.prices.is_empty() {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at,
                    "an override needs at least an `input` or `output` price".to_owned(),
                );
            }
            for (unit, price) in &o.prices {
                if let Some((code, message, help)) =
                    crate::pricing::check::unit_problem(unit, price)
                {
                    let diagnostic = self.error_at_key(code, &at.join(unit.as_str()), message);
                    diagnostic.help = help;
                }
            }
        }
        if p.models.is_empty() {
            self.error(
                codes::OUT_OF_RANGE,
                &path!["pricing", "models"],
                "list at least one model the service calls".to_owned(),
            );
        }
        let mut prices = Vec::new();
        let mut seen = HashMap::new();
        for (i, m) in p.models.iter().enumerate() {
            let at = path!["pricing", "models", i];
            if seen
                .insert((m.provider.as_str(), m.model.as_str()), i)
                .is_some()
            {
                self.error(
                    codes::DUPLICATE_ENTRY,
                    &at.join("model"),
                    format!("model `{}/{}` is listed twice", m.provider, m.model),
                );
                continue;
            }
            if let Some(o) = p
                .overrides
                .iter()
                .find(|o| o.provider == m.provider && o.model == m.model)
            {
                prices.push(ModelPricing {
                    provider: m.provider.clone(),
                    model: m.model.clone(),
                    aliases: Vec::new(),
                    periods: vec![Period {
                        since: None,
                        prices: o
                            .prices
                            .iter()
                            .map(|(k, v)| (k.clone(), Rate::Flat(v.0)))
                            .collect(),
                        service_tiers: Default::default(),
                    }],
                    source: o
                        .source
                        .clone()
                        .unwrap_or_else(|| "pricing.overrides in the spec".to_owned()),
                    checked: String::new(),
                });
                continue;
            }
            match catalog.lookup(&m.provider, &m.model) {
                Lookup::Found(_, model) => {
                    // Priced under the id the application sends; the catalog's ids become
                    // aliases.
                    let mut found = model.clone();
                    if found.model != m.model {
                        found
                            .aliases
                            .push(std::mem::replace(&mut found.model, m.model.clone()));
                        found.aliases.retain(|a| *a != m.model);
                        found.aliases.sort();
                    }
                    prices.push(found);
                }
                Lookup::UnknownProvider(close) => {
                    let known: Vec<&str> = catalog
                        .providers
                        .iter()
                        .map(|p| p.provider.as_str())
                        .collect();
                    let help = suggest::did_you_mean(&close).unwrap_or_else(|| {
                        format!(
                            "known providers: {}; or price the model in `pricing.overrides`",
                            known.join(", ")
                        )
                    });
                    self.error(
                        codes::UNKNOWN_PROVIDER,
                        &at.join("provider"),
                        format!("no catalog prices provider `{}`", m.provider),
                    )
                    .help = Some(help);
                }
                Lookup::UnknownModel(close) => {
                    let help = match suggest::did_you_mean(&close) {
                        Some(h) => format!("{h} Or price it in `pricing.overrides`."),
                        None => "price it in `pricing.overrides` (USD per million tokens by unit: `input`, `output`, …)".to_owned(),
                    };
                    self.error(
                        codes::UNKNOWN_MODEL,
                        &at.join("model"),
                        format!(
                            "the `{}` catalog has no price for model `{}`",
                            m.provider, m.model
                        ),
                    )
                    .help = Some(help);
                }
            }
        }
        prices.sort_by(|a, b| (&a.provider, &a.model).cmp(&(&b.provider, &b.model)));
        prices
    }

    /// Checks `by` dimensions.
    fn by(&mut self, spec: &Spec, path: &Path, by: &[String]) {
        for (i, dimension) in by.iter().enumerate() {
            self.dimension(spec, &path.join(i), dimension, false);
        }
    }

    /// Checks `filter`: known dimensions, and model or provider values the pricing knows.
    fn filter(&mut self, spec: &Spec, path: &Path, filter: &BTreeMap<String, String>) {
        for (dimension, value) in filter {
            let at = path.join(dimension.as_str());
            let Some(attribute) = self.dimension(spec, &at, dimension, true) else {
                continue;
            };
            let models = &spec.pricing.models;
            if dimensions::is_model(attribute) && !models.iter().any(|m| &m.model == value) {
                let close = suggest::closest(value, models.iter().map(|m| m.model.as_str()));
                self.error(
                    codes::UNKNOWN_MODEL,
                    &at,
                    format!("model `{value}` is not one of `pricing.models`"),
                )
                .help =
                    Some(suggest::did_you_mean(&close).unwrap_or_else(|| {
                        "add it to `pricing.models` with its provider".to_owned()
                    }));
            }
            if dimensions::is_provider(attribute) && !models.iter().any(|m| &m.provider == value) {
                let close = suggest::closest(value, models.iter().map(|m| m.provider.as_str()));
                self.error(
                    codes::UNKNOWN_PROVIDER,
                    &at,
                    format!("provider `{value}` has no model in `pricing.models`"),
                )
                .help = suggest::did_you_mean(&close);
            }
        }
    }

    fn dimension<'d>(
        &mut self,
        spec: &Spec,
        path: &Path,
        dimension: &'d str,
        at_key: bool,
    ) -> Option<&'d str> {
        let attribute = dimensions::attribute(dimension, &spec.telemetry.attributes);
        if attribute.is_none() {
            let known = dimensions::known(&spec.telemetry.attributes);
            let close = suggest::closest(dimension, known.iter().map(String::as_str));
            let help = suggest::did_you_mean(&close).unwrap_or_else(|| {
                format!(
                    "use one of {}, or declare the attribute in `telemetry.attributes`",
                    known.join(", ")
                )
            });
            let message = format!("unknown dimension `{dimension}`");
            let diagnostic = if at_key {
                self.error_at_key(codes::UNKNOWN_DIMENSION, path, message)
            } else {
                self.error(codes::UNKNOWN_DIMENSION, path, message)
            };
            diagnostic.help = Some(help);
        }
        attribute
    }

    fn slos(&mut self, spec: &Spec) {
        let buckets = spec.telemetry.duration_buckets();
        self.unique(
            spec.slos
                .iter()
                .enumerate()
                .map(|(i, s)| (path!["slos", i, "name"], s.name.as_str())),
            "SLO",
        );
        for (i, slo) in spec.slos.iter().enumerate() {
            let at = path!["slos", i];
            self.name(&at.join("name"), &slo.name, "SLO");
            if !(slo.objective > 0.0 && slo.objective < 100.0) {
                let help = if slo.objective >= 100.0 {
                    "100 % leaves no error budget: every failure would page. Use e.g. 99.9."
                } else {
                    "write the objective as a percentage, e.g. 99.5 for 99.5 %"
                };
                self.error(
                    codes::OBJECTIVE_RANGE,
                    &at.join("objective"),
                    format!(
                        "objective must be between 0 and 100 (exclusive), got {}",
                        slo.objective
                    ),
                )
                .help = Some(help.to_owned());
            }
            self.positive(&at.join("window"), slo.window, "window");
            self.filter(spec, &at.join("filter"), &slo.filter);
            self.labels(&at.join("alerting").join("labels"), &slo.alerting.labels);
            if slo.objective > 0.0 && slo.objective < 100.0 {
                self.burn_tiers(spec, &at, slo);
            }
            match &slo.sli {
                Sli::Availability {} => {}
                Sli::Latency { threshold } | Sli::TimeToFirstChunk { threshold } => {
                    let kind = if matches!(slo.sli, Sli::Latency { .. }) {
                        "latency"
                    } else {
                        "time_to_first_chunk"
                    };
                    self.threshold_on_bucket(
                        &at.join("sli").join(kind).join("threshold"),
                        *threshold,
                        &buckets,
                    );
                }
                Sli::Events { errors, total } => {
                    for (field, expr) in [("errors", errors), ("total", total)] {
                        let expr_at = at.join("sli").join("events").join(field);
                        if !expr.contains("{{ window }}") && !expr.contains("{{window}}") {
                            self.report(
                                Severity::Warning,
                                codes::WINDOW_PLACEHOLDER,
                                &expr_at,
                                format!("`{field}` has no `{{{{ window }}}}` placeholder, so every window computes the same ratio"),
                            )
                            .help = Some("write the range as `[{{ window }}]`".to_owned());
                        }
                        self.expression(spec, &expr_at, Usage::Query);
                    }
                }
            }
        }
    }

    fn threshold_on_bucket(&mut self, path: &Path, threshold: Duration, buckets: &[f64]) {
        let seconds = threshold.as_secs_f64();
        if buckets.iter().any(|b| (b - seconds).abs() < 1e-9) {
            return;
        }
        let below = buckets.iter().rev().find(|b| **b < seconds);
        let above = buckets.iter().find(|b| **b > seconds);
        let neighbours: Vec<String> = below
            .into_iter()
            .chain(above)
            .map(|b| format!("{b}s"))
            .collect();
        self.error(
            codes::THRESHOLD_NOT_ON_BUCKET,
            path,
            format!("threshold {threshold} is not a bucket boundary of the duration histogram"),
        )
        .help = Some(format!(
            "the share of calls under a threshold is exact only at a boundary: use {} or add the boundary to `telemetry.duration_buckets`",
            neighbours.join(" or ")
        ));
    }

    fn budgets(&mut self, spec: &Spec) {
        self.unique(
            spec.budgets
                .iter()
                .enumerate()
                .map(|(i, b)| (path!["budgets", i, "name"], b.name.as_str())),
            "budget",
        );
        for (i, budget) in spec.budgets.iter().enumerate() {
            let at = path!["budgets", i];
            self.name(&at.join("name"), &budget.name, "budget");
            if !(budget.limit.is_finite() && budget.limit > 0.0) {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at.join("limit"),
                    format!(
                        "limit must be a positive amount of US dollars, got {}",
                        budget.limit
                    ),
                );
            }
            self.by(spec, &at.join("by"), &budget.by);
            self.filter(spec, &at.join("filter"), &budget.filter);
            if budget.cost == crate::spec::budgets::CostSource::Estimated {
                let recorded = spec.recording.dimensions(&spec.telemetry);
                for (field, dims) in [
                    ("by", budget.by.clone()),
                    ("filter", budget.filter.keys().cloned().collect::<Vec<_>>()),
                ] {
                    for dim in dims.iter().filter(|d| !recorded.contains(d)) {
                        self.error(
                            codes::UNSUPPORTED,
                            &at.join(field),
                            format!(
                                "estimated spend is recorded by {}, not by `{dim}`",
                                recorded.join(", ")
                            ),
                        )
                        .help = Some(format!("add `{dim}` to `recording.by`"));
                    }
                }
            }
            if let Some(d) = budget.for_ {
                self.positive(&at.join("for"), d, "for");
            }
        }
    }

    fn alerts(&mut self, spec: &Spec) {
        let a = &spec.alerts;
        let scrape = spec.telemetry.scrape_interval;
        if let Some(l) = &a.latency {
            let at = path!["alerts", "latency"];
            if !(l.quantile > 0.0 && l.quantile < 1.0) {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at.join("quantile"),
                    format!(
                        "quantile must be between 0 and 1 (exclusive), got {}",
                        l.quantile
                    ),
                )
                .help = Some("0.95 is the 95th percentile".to_owned());
            }
            self.positive(&at.join("above"), l.above, "above");
            self.by(spec, &at.join("by"), &l.by);
            self.filter(spec, &at.join("filter"), &l.filter);
            self.window(&at.join("window"), l.window, scrape);
        }
        if let Some(e) = &a.error_ratio {
            let at = path!["alerts", "error_ratio"];
            if !(e.above > 0.0 && e.above < 1.0) {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at.join("above"),
                    format!(
                        "above must be a fraction between 0 and 1 (exclusive), got {}",
                        e.above
                    ),
                )
                .help = Some("0.05 means 5 % of calls fail".to_owned());
            }
            self.by(spec, &at.join("by"), &e.by);
            self.filter(spec, &at.join("filter"), &e.filter);
            self.window(&at.join("window"), e.window, scrape);
        }
        if let Some(s) = &a.spend {
            let at = path!["alerts", "spend"];
            if !(s.per_hour_above.is_finite() && s.per_hour_above > 0.0) {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at.join("per_hour_above"),
                    format!(
                        "per_hour_above must be a positive amount of US dollars, got {}",
                        s.per_hour_above
                    ),
                );
            }
            self.by(spec, &at.join("by"), &s.by);
            self.filter(spec, &at.join("filter"), &s.filter);
        }
        if let Some(c) = &a.cache_hit_ratio {
            let at = path!["alerts", "cache_hit_ratio"];
            if spec
                .telemetry
                .contract()
                .metric(llm_slo_core::contract::Signal::CacheReadInputTokens)
                .is_none()
            {
                self.error(
                    codes::UNSUPPORTED,
                    &at,
                    format!(
                        "the {} profile does not count cache reads, so no cache hit ratio can be computed",
                        spec.telemetry.profile.as_str()
                    ),
                )
                .help = Some(
                    "use `telemetry.profile: genai-latest` (its usage counters count cache reads), or remove this alert"
                        .to_owned(),
                );
            }
            if !(c.below > 0.0 && c.below < 1.0) {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at.join("below"),
                    format!(
                        "below must be a fraction between 0 and 1 (exclusive), got {}",
                        c.below
                    ),
                )
                .help = Some("0.3 means 30 % of input tokens come from the cache".to_owned());
            }
            self.by(spec, &at.join("by"), &c.by);
            self.filter(spec, &at.join("filter"), &c.filter);
            self.window(&at.join("window"), c.window, scrape);
        }
        if let Some(n) = &a.no_data {
            self.positive(&path!["alerts", "no_data", "for"], n.for_, "for");
        }
        self.unique(
            a.custom
                .iter()
                .enumerate()
                .map(|(i, c)| (path!["alerts", "custom", i, "name"], c.name.as_str())),
            "alert",
        );
        for (i, c) in a.custom.iter().enumerate() {
            let at = path!["alerts", "custom", i];
            let valid = c.name.starts_with(|ch: char| ch.is_ascii_alphabetic())
                && c.name
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
            if !valid {
                self.error(codes::INVALID_NAME, &at.join("name"), format!("invalid alert name `{}`", c.name.escape_debug()))
                    .help = Some("alert names are a letter followed by letters, digits and `_`, e.g. `LLMQueueBacklog`".to_owned());
            }
            self.labels(&at.join("labels"), &c.labels);
            let for_ms = Some(c.for_.as_millis() as i64);
            self.expression(spec, &at.join("expr"), Usage::Alert { for_ms });
        }
        for (path, severity) in [
            (
                path!["alerts", "latency", "severity"],
                a.latency.as_ref().map(|l| &l.severity),
            ),
            (
                path!["alerts", "error_ratio", "severity"],
                a.error_ratio.as_ref().map(|e| &e.severity),
            ),
            (
                path!["alerts", "spend", "severity"],
                a.spend.as_ref().map(|s| &s.severity),
            ),
        ] {
            if severity.is_some_and(|s| s.trim().is_empty()) {
                self.error(
                    codes::OUT_OF_RANGE,
                    &path,
                    "severity must not be empty".to_owned(),
                );
            }
        }
    }

    fn window(&mut self, path: &Path, window: Option<Duration>, scrape: Duration) {
        if let Some(window) = window
            && window < scrape.times(4)
        {
            self.report(
                Severity::Warning,
                codes::OUT_OF_RANGE,
                path,
                format!(
                    "window {window} is shorter than four scrape intervals ({})",
                    scrape.times(4)
                ),
            )
            .help = Some(
                "`rate` needs at least two samples in its range and should tolerate a missed scrape"
                    .to_owned(),
            );
        }
    }

    fn recording(&mut self, spec: &Spec) {
        let at = path!["recording"];
        if let Some(by) = &spec.recording.by {
            self.by(spec, &at.join("by"), by);
        }
        for (i, quantile) in spec.recording.quantiles.iter().enumerate() {
            if !(*quantile > 0.0 && *quantile < 1.0) {
                self.error(
                    codes::QUANTILE_RANGE,
                    &at.join("quantiles").join(i),
                    format!("a quantile must be between 0 and 1 (exclusive), got {quantile}"),
                )
                .help = Some("0.95 is the 95th percentile".to_owned());
            }
        }
        self.window(
            &at.join("window"),
            spec.recording.window,
            spec.telemetry.scrape_interval,
        );
    }

    /// Burn-rate tiers that can never fire, and error budgets a single scrape can spend.
    fn burn_tiers(&mut self, spec: &Spec, at: &Path, slo: &crate::spec::slos::Slo) {
        use crate::queries::slo_math::{burn_threshold, burn_tiers, error_budget};
        let budget = error_budget(slo.objective);
        let mut reported = std::collections::BTreeSet::new();
        for tier in burn_tiers(slo.window, spec.telemetry.scrape_interval) {
            let enabled = match tier.tier {
                "page" => slo.alerting.page.enabled,
                _ => slo.alerting.ticket.enabled,
            };
            let threshold = burn_threshold(tier.factor, budget);
            if enabled && threshold >= rust_decimal::Decimal::ONE && reported.insert(tier.factor) {
                self.report(
                    Severity::Warning,
                    codes::UNREACHABLE_TIER,
                    &at.join("objective"),
                    format!(
                        "the {}× {} alert can never fire: it needs an error ratio above {threshold}, and at most every event fails",
                        tier.factor, tier.tier
                    ),
                )
                .help = Some(format!(
                    "raise the objective, or turn the tier off with `alerting.{}.enabled: false`",
                    tier.tier
                ));
            }
        }
        let budget_millis = (1.0 - slo.objective / 100.0) * slo.window.as_millis() as f64;
        let scrape = spec.telemetry.scrape_interval;
        if budget_millis < scrape.as_millis() as f64 {
            self.report(
                Severity::Warning,
                codes::BUDGET_TOO_SMALL,
                &at.join("objective"),
                format!(
                    "the error budget is {:.1}s of the {} window, less than one scrape interval ({scrape}): one bad scrape spends it all",
                    budget_millis / 1000.0,
                    slo.window
                ),
            )
            .help = Some("lower the objective or lengthen the window".to_owned());
        }
    }

    fn dashboards(&mut self, spec: &Spec) {
        let d = &spec.dashboards;
        if !(36..=42).contains(&d.schema_version) {
            self.error(
                codes::OUT_OF_RANGE,
                &path!["dashboards", "schema_version"],
                format!(
                    "schema_version must be between 36 and 42 (Grafana 12.2 and later), got {}",
                    d.schema_version
                ),
            )
            .help = Some(
                "41 imports into Grafana 10 to 13: Grafana migrates older versions on load"
                    .to_owned(),
            );
        }
        if !d.time_from.starts_with("now") {
            self.error(
                codes::OUT_OF_RANGE,
                &path!["dashboards", "time_from"],
                format!(
                    "time_from must be relative to now, e.g. `now-6h`, got `{}`",
                    d.time_from
                ),
            );
        }
    }

    fn outputs(&mut self, spec: &Spec) {
        let dir = &spec.outputs.dir;
        if dir.trim().is_empty() {
            self.error(
                codes::OUT_OF_RANGE,
                &path!["outputs", "dir"],
                "dir must not be empty".to_owned(),
            );
        }
        let mut formats = spec.outputs.rules.formats.clone();
        formats.sort();
        if formats.windows(2).any(|w| w[0] == w[1]) {
            self.error(
                codes::DUPLICATE_ENTRY,
                &path!["outputs", "rules", "formats"],
                "a format is listed twice".to_owned(),
            );
        }
    }
}

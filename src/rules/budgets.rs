//! Spend budgets: an alert when a period's spend exceeds the limit, one when the current pace
//! would exceed it, and for monthly budgets the month-to-date spend (calendar month, UTC) and
//! a forecast alert.

use std::collections::BTreeMap;

use llm_slo_core::contract::Signal;
use minijinja::context;

use super::alerts::go_literal;
use super::model::{Rule, RuleGroup, RuleKind};
use super::recording::record;
use crate::base::Duration;
use crate::promql::build::{self, Matcher};
use crate::queries::Queries;
use crate::queries::names;
use crate::queries::templates::Templates;
use crate::spec::Spec;
use crate::spec::budgets::{Budget, CostSource, Period};

/// How often the month-to-date groups are evaluated: the 31-day subquery is heavy, and a
/// monthly forecast does not need a fresher answer.
pub(crate) const MONTH_GROUP_INTERVAL: Duration = Duration::from_mins(15);

fn period(budget: &Budget) -> Duration {
    match budget.period {
        Period::Hour => Duration::from_hours(1),
        Period::Day => Duration::from_days(1),
        Period::Week => Duration::from_days(7),
        Period::Month => Duration::from_days(30),
    }
}

/// The window of the pace alert: short enough to react, long enough to be steady.
fn pace_window(budget: &Budget, q: &Queries) -> Duration {
    match budget.period {
        Period::Hour => q.window(),
        Period::Day => Duration::from_hours(1),
        Period::Week => Duration::from_hours(6),
        Period::Month => Duration::from_days(1),
    }
}

/// Spend expressions of one series: over a range, and per second.
struct Spend<'a> {
    q: &'a Queries,
    budget: &'a Budget,
}

impl Spend<'_> {
    /// US dollars spent over `range`, per series.
    fn over(&self, range: Duration) -> Result<String, String> {
        match self.budget.cost.resolve(&self.q.contract) {
            CostSource::Exact | CostSource::Auto => {
                let cost = self.q.metric(Signal::Cost).ok_or("no cost metric")?;
                Ok(self
                    .q
                    .counter_increase(&cost, &self.q.matchers(&self.budget.filter), range))
            }
            CostSource::Estimated => Ok(format!(
                "avg_over_time({}[{range}]) * {}",
                self.estimate(),
                build::number(range.as_secs_f64())
            )),
        }
    }

    /// US dollars per second over `range`, per series.
    fn rate(&self, range: Duration) -> Result<String, String> {
        match self.budget.cost.resolve(&self.q.contract) {
            CostSource::Exact | CostSource::Auto => {
                let cost = self.q.metric(Signal::Cost).ok_or("no cost metric")?;
                Ok(self
                    .q
                    .counter_rate(&cost, &self.q.matchers(&self.budget.filter), range))
            }
            CostSource::Estimated => Ok(format!("avg_over_time({}[{range}])", self.estimate())),
        }
    }

    /// The estimated spend rate record, filtered.
    fn estimate(&self) -> String {
        let matchers: Vec<Matcher> = self
            .budget
            .filter
            .iter()
            .map(|(d, v)| Matcher::eq(self.q.label(d), v))
            .collect();
        self.q.recorded(
            &names::cost_estimate(&self.q.window().to_string()),
            &matchers,
        )
    }
}

fn labels(spec: &Spec, budget: &Budget) -> BTreeMap<String, String> {
    let mut labels: BTreeMap<String, String> = spec
        .service
        .labels
        .iter()
        .map(|(k, v)| (k.clone(), go_literal(v)))
        .collect();
    labels.insert("service".to_owned(), go_literal(&spec.service.name));
    labels.insert("severity".to_owned(), go_literal(&budget.severity));
    labels.insert("budget".to_owned(), budget.name.clone());
    labels.insert("period".to_owned(), period_name(budget).to_owned());
    labels
}

fn period_name(budget: &Budget) -> &'static str {
    match budget.period {
        Period::Hour => "hour",
        Period::Day => "day",
        Period::Week => "week",
        Period::Month => "month",
    }
}

fn annotations(budget: &Budget, summary: String, description: String) -> BTreeMap<String, String> {
    let mut annotations = BTreeMap::from([
        ("summary".to_owned(), summary),
        ("description".to_owned(), description),
    ]);
    if let Some(url) = &budget.runbook_url {
        annotations.insert("runbook_url".to_owned(), go_literal(url));
    }
    annotations
}

/// The rules of every budget: alerts for the shared group, and one group per monthly budget
/// (month-to-date record and its alerts, evaluated together every 15 minutes).
pub(crate) fn budget_rules(
    spec: &Spec,
    q: &Queries,
    t: &Templates,
) -> Result<(Vec<Rule>, Vec<RuleGroup>), String> {
    let mut alerts = Vec::new();
    let mut groups = Vec::new();
    for budget in &spec.budgets {
        let spend = Spend { q, budget };
        let by = q.labels(&budget.by);
        let limit = build::number(budget.limit);
        let scope = if budget.by.is_empty() {
            String::new()
        } else {
            format!(" ({})", q.scope(&budget.by))
        };
        let for_ = budget.for_.unwrap_or(Duration::from_mins(5));
        let pace = pace_window(budget, q);
        alerts.push(Rule {
            kind: RuleKind::Alert("LLMBudgetBurnRate".to_owned()),
            expr: t.render(
                "budgets/burn.promql.j2",
                context! {
                    by => by.to_vec(),
                    rate => spend.rate(pace)?,
                    period_seconds => build::number(period(budget).as_secs_f64()),
                    limit => limit.clone(),
                },
            )?,
            for_: Some(for_),
            labels: labels(spec, budget),
            annotations: annotations(
                budget,
                format!(
                    "Budget {}{scope}: at the pace of the last {pace}, spend would reach ${{{{ $value | printf \"%.2f\" }}}} per {}",
                    budget.name,
                    period_name(budget)
                ),
                format!(
                    "The budget is ${limit} per {}. Spend over the last {pace}, projected over a whole {}, exceeds it.",
                    period_name(budget),
                    period_name(budget)
                ),
            ),
        });
        match budget.period {
            Period::Hour | Period::Day | Period::Week => alerts.push(Rule {
                kind: RuleKind::Alert("LLMBudgetExceeded".to_owned()),
                expr: t.render(
                    "budgets/spend.promql.j2",
                    context! { by => by.to_vec(), spend => spend.over(period(budget))?, limit => limit.clone() },
                )?,
                for_: Some(for_),
                labels: labels(spec, budget),
                annotations: annotations(
                    budget,
                    format!(
                        "Budget {}{scope}: ${{{{ $value | printf \"%.2f\" }}}} spent in the last {}",
                        budget.name,
                        period_name(budget)
                    ),
                    format!(
                        "Spend over the last {} is above the budget of ${limit}.",
                        period_name(budget)
                    ),
                ),
            }),
            Period::Month => groups.push(month_group(spec, q, t, budget, &by)?),
        }
    }
    Ok((alerts, groups))
}

fn month_group(
    spec: &Spec,
    q: &Queries,
    t: &Templates,
    budget: &Budget,
    by: &[String],
) -> Result<RuleGroup, String> {
    let spend = Spend { q, budget };
    let limit = build::number(budget.limit);
    let hourly = if by.is_empty() {
        format!("sum({})", spend.over(Duration::from_hours(1))?)
    } else {
        format!(
            "sum by ({}) ({})",
            build::label_list(by),
            spend.over(Duration::from_hours(1))?
        )
    };
    let month_to_date = q.recorded(
        names::BUDGET_MONTH_TO_DATE,
        &[Matcher::eq("budget", &budget.name)],
    );
    let rate = spend.rate(Duration::from_days(1))?;
    let rate = if by.is_empty() {
        format!("sum({rate})")
    } else {
        format!("sum by ({}) ({rate})", build::label_list(by))
    };
    let scope = if budget.by.is_empty() {
        String::new()
    } else {
        format!(" ({})", q.scope(&budget.by))
    };
    let for_ = budget.for_.unwrap_or(Duration::from_mins(30));
    let rules = vec![
        record(
            names::BUDGET_MONTH_TO_DATE.to_owned(),
            t.render(
                "budgets/month_to_date.promql.j2",
                context! { hourly => hourly },
            )?,
            BTreeMap::from([("budget".to_owned(), budget.name.clone())]),
        ),
        Rule {
            kind: RuleKind::Alert("LLMBudgetExceeded".to_owned()),
            expr: format!("{month_to_date} > {limit}"),
            // Month-to-date spend only grows until the month ends: no need to wait.
            for_: None,
            labels: labels(spec, budget),
            annotations: annotations(
                budget,
                format!(
                    "Budget {}{scope}: ${{{{ $value | printf \"%.2f\" }}}} spent this month",
                    budget.name
                ),
                format!(
                    "Spend since the first of the month (UTC) is above the budget of ${limit}."
                ),
            ),
        },
        Rule {
            kind: RuleKind::Alert("LLMBudgetForecast".to_owned()),
            expr: t.render(
                "budgets/forecast.promql.j2",
                context! {
                    month_to_date => month_to_date,
                    rate => rate,
                    by_list => build::label_list(by),
                    limit => limit.clone(),
                },
            )?,
            for_: Some(for_),
            labels: labels(spec, budget),
            annotations: annotations(
                budget,
                format!(
                    "Budget {}{scope}: this month's spend is heading for ${{{{ $value | printf \"%.2f\" }}}}",
                    budget.name
                ),
                format!(
                    "Month-to-date spend plus the last day's pace over the rest of the month exceeds the budget of ${limit}."
                ),
            ),
        },
    ];
    Ok(RuleGroup {
        name: format!("{}-llm-budget-{}", spec.service.name, budget.name),
        interval: Some(MONTH_GROUP_INTERVAL),
        rules,
    })
}

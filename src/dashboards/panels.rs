//! Panels with the options Grafana expects for each type, and queries on the `datasource`
//! variable. Positions and ids are set by [`super::layout`].

use serde_json::{Value, json};

use crate::queries::sum_by;

use super::model::{
    DataSourceRef, FieldColor, FieldConfig, FieldConfigSource, GridPos, Panel, Step, Target,
    Thresholds,
};

/// A Grafana unit id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// Seconds.
    Seconds,
    /// US dollars.
    Usd,
    /// A fraction shown as a percentage (0.05 → 5 %).
    Ratio,
    /// Requests per second.
    PerSecond,
    /// A plain number.
    Count,
}

impl Unit {
    fn id(self) -> &'static str {
        match self {
            Unit::Seconds => "s",
            Unit::Usd => "currencyUSD",
            Unit::Ratio => "percentunit",
            Unit::PerSecond => "reqps",
            Unit::Count => "short",
        }
    }
}

/// A query and its legend.
#[derive(Clone, Debug)]
pub(crate) struct Query {
    /// PromQL with Grafana variables.
    pub expr: String,
    /// `{{label}}` legend.
    pub legend: String,
}

impl Query {
    /// A query with a legend.
    pub(crate) fn new(expr: impl Into<String>, legend: impl Into<String>) -> Query {
        Query {
            expr: expr.into(),
            legend: legend.into(),
        }
    }

    /// `sum by (labels) (expr)`, one series per combination of labels, named by them.
    pub(crate) fn summed(labels: &[String], expr: &str) -> Query {
        Query::new(sum_by(labels, expr), legend(labels))
    }
}

/// `{{label}}` legends, joined by ` / `.
pub(crate) fn legend(labels: &[String]) -> String {
    labels
        .iter()
        .map(|l| format!("{{{{{l}}}}}"))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Threshold steps: a base color, then (value, color) pairs.
pub(crate) fn steps(base: &str, rest: &[(f64, &str)]) -> Thresholds {
    let mut steps = vec![Step {
        color: base.to_owned(),
        value: None,
    }];
    steps.extend(rest.iter().map(|(value, color)| Step {
        color: (*color).to_owned(),
        value: Some(*value),
    }));
    Thresholds {
        mode: "absolute".to_owned(),
        steps,
    }
}

fn field_config(unit: Unit, thresholds: Thresholds, color: &str) -> FieldConfig {
    FieldConfig {
        unit: unit.id().to_owned(),
        decimals: None,
        min: None,
        max: None,
        thresholds,
        color: FieldColor {
            mode: color.to_owned(),
        },
        no_value: None,
        custom: None,
        mappings: Vec::new(),
    }
}

fn targets(queries: &[Query], instant: bool, format: &str) -> Vec<Target> {
    queries
        .iter()
        .enumerate()
        .map(|(i, q)| Target {
            ref_id: ref_id(i),
            datasource: DataSourceRef::prometheus(),
            expr: q.expr.clone(),
            legend_format: q.legend.clone(),
            range: !instant,
            instant,
            format: format.to_owned(),
            editor_mode: "code".to_owned(),
        })
        .collect()
}

/// `A`, `B`, … `Z`, `AA`, ….
fn ref_id(i: usize) -> String {
    let mut n = i;
    let mut out = String::new();
    loop {
        out.insert(0, char::from(b'A' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out
}

fn base(kind: &str, title: &str, description: &str, w: u32, h: u32) -> Panel {
    Panel {
        kind: kind.to_owned(),
        id: 0,
        title: title.to_owned(),
        description: Some(description.to_owned()),
        grid_pos: GridPos { h, w, x: 0, y: 0 },
        datasource: Some(DataSourceRef::prometheus()),
        targets: Vec::new(),
        options: None,
        field_config: None,
        time_from: None,
        collapsed: None,
        panels: None,
        transformations: Vec::new(),
    }
}

fn reduce() -> Value {
    json!({ "values": false, "calcs": ["lastNotNull"], "fields": "" })
}

/// A row header.
pub(crate) fn row(title: &str) -> Panel {
    Panel {
        kind: "row".to_owned(),
        id: 0,
        title: title.to_owned(),
        description: None,
        grid_pos: GridPos {
            h: 1,
            w: 24,
            x: 0,
            y: 0,
        },
        datasource: None,
        targets: Vec::new(),
        options: None,
        field_config: None,
        time_from: None,
        collapsed: Some(false),
        panels: Some(Vec::new()),
        transformations: Vec::new(),
    }
}

/// A single big number (the last value).
pub(crate) fn stat(
    title: &str,
    description: &str,
    unit: Unit,
    thresholds: Thresholds,
    q: Query,
) -> Panel {
    let mut panel = base("stat", title, description, 4, 4);
    panel.targets = targets(&[q], false, "time_series");
    panel.options = Some(json!({
        "graphMode": "area",
        "colorMode": "value",
        "justifyMode": "auto",
        "textMode": "auto",
        "wideLayout": true,
        "showPercentChange": false,
        "percentChangeColorMode": "standard",
        "orientation": "auto",
        "reduceOptions": reduce(),
        "text": {}
    }));
    panel.field_config = Some(FieldConfigSource {
        defaults: field_config(unit, thresholds, "thresholds"),
        overrides: Vec::new(),
    });
    panel
}

/// A gauge between `min` and `max`.
pub(crate) fn gauge(
    title: &str,
    description: &str,
    unit: Unit,
    (min, max): (f64, f64),
    thresholds: Thresholds,
    q: Query,
) -> Panel {
    let mut panel = base("gauge", title, description, 6, 6);
    panel.targets = targets(&[q], false, "time_series");
    panel.options = Some(json!({
        "showThresholdLabels": false,
        "showThresholdMarkers": true,
        "sizing": "auto",
        "minVizWidth": 75,
        "minVizHeight": 75,
        "orientation": "auto",
        "reduceOptions": reduce(),
        "text": {}
    }));
    let mut defaults = field_config(unit, thresholds, "thresholds");
    defaults.min = Some(min);
    defaults.max = Some(max);
    panel.field_config = Some(FieldConfigSource {
        defaults,
        overrides: Vec::new(),
    });
    panel
}

/// Horizontal bars, one per series.
pub(crate) fn bargauge(
    title: &str,
    description: &str,
    unit: Unit,
    range: Option<(f64, f64)>,
    thresholds: Thresholds,
    queries: &[Query],
) -> Panel {
    let mut panel = base("bargauge", title, description, 8, 8);
    panel.targets = targets(queries, false, "time_series");
    panel.options = Some(json!({
        "displayMode": "gradient",
        "valueMode": "color",
        "namePlacement": "auto",
        "showUnfilled": true,
        "sizing": "auto",
        "minVizWidth": 8,
        "minVizHeight": 16,
        "maxVizHeight": 300,
        "orientation": "horizontal",
        "legend": { "displayMode": "list", "placement": "bottom", "showLegend": false, "calcs": [] },
        "reduceOptions": reduce(),
        "text": {}
    }));
    let mut defaults = field_config(unit, thresholds, "thresholds");
    if let Some((min, max)) = range {
        defaults.min = Some(min);
        defaults.max = Some(max);
    }
    panel.field_config = Some(FieldConfigSource {
        defaults,
        overrides: Vec::new(),
    });
    panel
}

/// Lines over time; thresholds drawn as dashed lines when given.
pub(crate) fn timeseries(
    title: &str,
    description: &str,
    unit: Unit,
    thresholds: Option<Thresholds>,
    queries: &[Query],
) -> Panel {
    let mut panel = base("timeseries", title, description, 12, 8);
    panel.targets = targets(queries, false, "time_series");
    panel.options = Some(json!({
        "legend": {
            "displayMode": "table",
            "placement": "bottom",
            "showLegend": true,
            "calcs": ["mean", "max", "lastNotNull"],
            "sortBy": "Max",
            "sortDesc": true
        },
        "tooltip": { "mode": "multi", "sort": "desc" }
    }));
    let draw_thresholds = thresholds.is_some();
    let mut defaults = field_config(
        unit,
        thresholds.unwrap_or_else(|| steps("green", &[])),
        "palette-classic",
    );
    defaults.min = Some(0.0);
    defaults.custom = Some(json!({
        "drawStyle": "line",
        "lineInterpolation": "linear",
        "lineWidth": 1,
        "fillOpacity": 10,
        "gradientMode": "none",
        "showPoints": "never",
        "pointSize": 4,
        "spanNulls": false,
        "axisPlacement": "auto",
        "axisLabel": "",
        "axisCenteredZero": false,
        "axisColorMode": "text",
        "axisBorderShow": false,
        "scaleDistribution": { "type": "linear" },
        "stacking": { "mode": "none", "group": "A" },
        "barAlignment": 0,
        "hideFrom": { "tooltip": false, "legend": false, "viz": false },
        "thresholdsStyle": { "mode": if draw_thresholds { "dashed" } else { "off" } }
    }));
    panel.field_config = Some(FieldConfigSource {
        defaults,
        overrides: Vec::new(),
    });
    panel
}

/// A table of one instant query, rows sorted by value.
pub(crate) fn table(title: &str, description: &str, unit: Unit, q: Query) -> Panel {
    let mut panel = base("table", title, description, 12, 8);
    panel.targets = targets(&[q], true, "table");
    panel.options = Some(json!({
        "frameIndex": 0,
        "showHeader": true,
        "cellHeight": "sm",
        "sortBy": [{ "displayName": "Value", "desc": true }],
        "footer": { "show": false, "reducer": ["sum"], "countRows": false }
    }));
    let mut defaults = field_config(unit, steps("green", &[]), "thresholds");
    defaults.custom = Some(json!({ "align": "auto", "inspect": false }));
    panel.field_config = Some(FieldConfigSource {
        defaults,
        overrides: Vec::new(),
    });
    // The instant query's `Time` column says nothing.
    panel.transformations = vec![json!({
        "id": "organize",
        "options": { "excludeByName": { "Time": true }, "renameByName": {} }
    })];
    panel
}

/// One column of a [`comparison`] table: its query and header (which names the unit: the
/// published dashboard schema types override values as objects, so one table cannot give
/// each column a unit of its own).
pub(crate) struct Column {
    pub query: Query,
    pub header: String,
}

/// A table with a row per value of the grouping labels and a column per query: instant
/// queries over the dashboard's range, merged on their labels by Grafana.
pub(crate) fn comparison(title: &str, description: &str, columns: &[Column]) -> Panel {
    let mut panel = base("table", title, description, 24, 8);
    let queries: Vec<Query> = columns.iter().map(|c| c.query.clone()).collect();
    panel.targets = targets(&queries, true, "table");
    panel.options = Some(json!({
        "frameIndex": 0,
        "showHeader": true,
        "cellHeight": "sm",
        "footer": { "show": false, "reducer": ["sum"], "countRows": false }
    }));
    let mut defaults = field_config(Unit::Count, steps("green", &[]), "thresholds");
    defaults.custom = Some(json!({ "align": "auto", "inspect": false }));
    panel.field_config = Some(FieldConfigSource {
        defaults,
        overrides: Vec::new(),
    });
    let renames: serde_json::Map<String, Value> = columns
        .iter()
        .enumerate()
        .map(|(i, column)| (format!("Value #{}", ref_id(i)), json!(column.header)))
        .collect();
    // One row per group: the queries' frames merged on their labels, the instant queries'
    // `Time` column dropped, each value named for its column.
    panel.transformations = vec![
        json!({ "id": "merge", "options": {} }),
        json!({
            "id": "organize",
            "options": { "excludeByName": { "Time": true }, "renameByName": renames }
        }),
    ];
    panel
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ref_ids_count_like_spreadsheet_columns() {
        assert_eq!(ref_id(0), "A");
        assert_eq!(ref_id(25), "Z");
        assert_eq!(ref_id(26), "AA");
    }
}

//! A typed model of Grafana's classic dashboard JSON: what llm-slo emits, complete and
//! correct for that (Grafana's published schema for the dashboard and for the timeseries,
//! stat, gauge, bargauge and table panels), serialized with sorted keys.

use serde::{Deserialize, Serialize};

/// A dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Dashboard {
    /// Stable id, unique per Grafana instance (at most 40 characters).
    pub uid: String,
    /// Title.
    pub title: String,
    /// What the dashboard shows.
    pub description: String,
    /// Tags.
    pub tags: Vec<String>,
    /// `browser` or `utc`.
    pub timezone: String,
    /// Whether users may edit it in Grafana (provisioned copies are overwritten anyway).
    pub editable: bool,
    /// 1: shared crosshair.
    pub graph_tooltip: u8,
    /// Default time range.
    pub time: TimeRange,
    /// Auto-refresh interval.
    pub refresh: String,
    /// The JSON model version.
    pub schema_version: u32,
    /// Template variables.
    pub templating: Templating,
    /// Annotation queries.
    pub annotations: Annotations,
    /// Rows and panels, top to bottom.
    pub panels: Vec<Panel>,
    /// Links to the other dashboards.
    pub links: Vec<DashboardLink>,
}

/// A time range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct TimeRange {
    /// Start, e.g. `now-6h`.
    pub from: String,
    /// End, e.g. `now`.
    pub to: String,
}

/// `templating`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Templating {
    /// The variables.
    pub list: Vec<Variable>,
}

/// A template variable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Variable {
    /// `datasource`, `query` or `custom`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Name, used as `$name`.
    pub name: String,
    /// Label shown in the variable bar.
    pub label: String,
    /// What it selects.
    pub description: String,
    /// For `datasource`: the plugin id; for `query`: the query.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<serde_json::Value>,
    /// The data source a `query` variable runs on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datasource: Option<DataSourceRef>,
    /// Query text as shown in the editor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    /// 2: refresh when the time range changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh: Option<u8>,
    /// Multiple values at once.
    pub multi: bool,
    /// An `All` option.
    pub include_all: bool,
    /// The value of `All` (`.*`, so series without the label still match).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all_value: Option<String>,
    /// 1: alphabetical.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<u8>,
    /// The selection saved with the dashboard.
    pub current: VariableOption,
    /// Options saved with the dashboard (none: they come from the query).
    pub options: Vec<VariableOption>,
    /// 0: shown.
    pub hide: u8,
}

/// A variable value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct VariableOption {
    /// Shown text.
    pub text: serde_json::Value,
    /// Value.
    pub value: serde_json::Value,
    /// Whether selected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selected: Option<bool>,
}

/// A data source reference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct DataSourceRef {
    /// Plugin id (`prometheus`, `grafana`).
    #[serde(rename = "type")]
    pub kind: String,
    /// `${datasource}` or a built-in uid.
    pub uid: String,
}

impl DataSourceRef {
    /// The Prometheus data source chosen by the `datasource` variable.
    pub(crate) fn prometheus() -> DataSourceRef {
        DataSourceRef {
            kind: "prometheus".to_owned(),
            uid: "${datasource}".to_owned(),
        }
    }
}

/// `annotations`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Annotations {
    /// The annotation queries.
    pub list: Vec<Annotation>,
}

/// An annotation query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Annotation {
    /// Name in the annotation toggle.
    pub name: String,
    /// Where it comes from.
    pub datasource: DataSourceRef,
    /// On by default.
    pub enable: bool,
    /// Hidden from the toggle bar.
    pub hide: bool,
    /// Color.
    pub icon_color: String,
    /// 1 for Grafana's built-in annotations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub built_in: Option<u8>,
    /// `dashboard` for the built-in one.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// PromQL for Prometheus annotations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expr: Option<String>,
    /// Title template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_format: Option<String>,
    /// Text template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_format: Option<String>,
    /// Labels shown as tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_keys: Option<String>,
    /// Query step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
}

/// A link to other dashboards.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DashboardLink {
    /// Text.
    pub title: String,
    /// `dashboards`: every dashboard with the tags.
    #[serde(rename = "type")]
    pub kind: String,
    /// Tags selecting the dashboards.
    pub tags: Vec<String>,
    /// A dropdown.
    pub as_dropdown: bool,
    /// Keep the time range.
    pub keep_time: bool,
    /// Keep the variable values.
    pub include_vars: bool,
    /// Tooltip.
    pub tooltip: String,
    /// Icon.
    pub icon: String,
    /// Opens in a new tab.
    pub target_blank: bool,
    /// URL (unused for `dashboards` links).
    pub url: String,
}

/// A row or a panel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Panel {
    /// `row`, `timeseries`, `stat`, `gauge`, `bargauge` or `table`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Unique in the dashboard.
    pub id: u32,
    /// Title.
    pub title: String,
    /// What it shows and how it is computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Position on the 24-column grid.
    pub grid_pos: GridPos,
    /// The data source (not on rows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datasource: Option<DataSourceRef>,
    /// Queries.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub targets: Vec<Target>,
    /// Visualization options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<serde_json::Value>,
    /// Field defaults and overrides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_config: Option<FieldConfigSource>,
    /// A relative time of its own (`now/d`: today so far).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_from: Option<String>,
    /// Rows: collapsed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collapsed: Option<bool>,
    /// Rows: their panels when collapsed (always empty: ours are expanded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub panels: Option<Vec<Panel>>,
    /// Data transformations.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub transformations: Vec<serde_json::Value>,
}

/// A position on the grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct GridPos {
    /// Height in grid units.
    pub h: u32,
    /// Width (of 24).
    pub w: u32,
    /// Column.
    pub x: u32,
    /// Row.
    pub y: u32,
}

/// A Prometheus query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Target {
    /// `A`, `B`, ….
    pub ref_id: String,
    /// The data source.
    pub datasource: DataSourceRef,
    /// PromQL, with Grafana variables.
    pub expr: String,
    /// Series names (`{{gen_ai_request_model}}`).
    pub legend_format: String,
    /// A range query.
    pub range: bool,
    /// An instant query.
    pub instant: bool,
    /// `time_series` or `table`.
    pub format: String,
    /// `code`: shown as text in the editor.
    pub editor_mode: String,
}

/// `fieldConfig`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct FieldConfigSource {
    /// Defaults of every field.
    pub defaults: FieldConfig,
    /// Per-field changes.
    pub overrides: Vec<serde_json::Value>,
}

/// Field defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FieldConfig {
    /// A Grafana unit id (`s`, `currencyUSD`, `percentunit`, `reqps`, `short`).
    pub unit: String,
    /// Decimals shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u32>,
    /// Axis or gauge minimum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Axis or gauge maximum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Thresholds.
    pub thresholds: Thresholds,
    /// Color scheme.
    pub color: FieldColor,
    /// Shown when there is no data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_value: Option<String>,
    /// Panel-specific field options (timeseries draw style, table cells).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom: Option<serde_json::Value>,
    /// Value mappings.
    pub mappings: Vec<serde_json::Value>,
}

/// `thresholds`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Thresholds {
    /// `absolute`.
    pub mode: String,
    /// Steps, the first with a `null` value (the base color).
    pub steps: Vec<Step>,
}

/// A threshold step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Step {
    /// Color name.
    pub color: String,
    /// From this value on; `null` for the base.
    pub value: Option<f64>,
}

/// `color`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FieldColor {
    /// `thresholds`, `palette-classic`, ….
    pub mode: String,
}

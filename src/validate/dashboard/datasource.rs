//! Which datasource a query goes to, resolved as Grafana resolves it: the target's own
//! datasource, else the panel's (a `-- Mixed --` panel leaves it to each target), else the
//! dashboard's default. A reference is an object (`{"type": "prometheus", "uid": …}`) or,
//! in older dashboards, a name; either may be a variable (`$datasource`, `${DS_LOKI}`) that
//! the dashboard's datasource variables (`"type": "datasource"`, whose `query` is the
//! plugin) or its `__inputs` (`"pluginId"`) resolve.

use std::collections::HashMap;

use crate::yaml::{Node, NodeKind};

/// What a query's datasource is, as far as the dashboard says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// Prometheus or a service that speaks PromQL (Mimir, Thanos, Cortex and the managed
    /// Prometheus services all use Prometheus' plugin or one named for it).
    Prometheus,
    /// Another plugin: Loki, Elasticsearch, Tempo, Grafana's built-in test data, …
    Other,
    /// `-- Mixed --`: each target names its own.
    Mixed,
    /// Not said: the dashboard's default datasource, or a name that no variable or input
    /// resolves. Judged as Prometheus, since a dashboard with PromQL targets is queried so.
    Unknown,
}

impl Kind {
    /// Whether queries of this kind are PromQL.
    pub(super) fn is_promql(self) -> bool {
        matches!(self, Kind::Prometheus | Kind::Unknown)
    }
}

/// The datasource variables and inputs of a dashboard: name → plugin id.
pub(super) struct Datasources {
    plugins: HashMap<String, String>,
}

/// The kind a plugin id means.
fn plugin_kind(plugin: &str) -> Kind {
    let plugin = plugin.to_ascii_lowercase();
    if plugin.contains("prometheus") || plugin == "mimir" || plugin == "thanos" {
        Kind::Prometheus
    } else if plugin.is_empty() {
        Kind::Unknown
    } else if plugin == "datasource" {
        // `{"type": "datasource", "uid": "-- Mixed --"}`, `-- Dashboard --`, `grafana`.
        Kind::Mixed
    } else {
        Kind::Other
    }
}

/// `$name`, `${name}`, `${name:format}` or `[[name]]`: the variable's name.
fn variable_name(text: &str) -> Option<&str> {
    let inner = if let Some(rest) = text.strip_prefix("${") {
        rest.strip_suffix('}')?
    } else if let Some(rest) = text.strip_prefix("[[") {
        rest.strip_suffix("]]")?
    } else {
        text.strip_prefix('$')?
    };
    Some(inner.split(':').next().unwrap_or(inner))
}

/// The kind a variable's or input's name suggests (`DS_LOKI`, `prometheus_datasource`).
fn kind_by_name(name: &str) -> Kind {
    let lower = name.to_ascii_lowercase();
    if lower.contains("loki") || lower.contains("elastic") || lower.contains("tempo") {
        Kind::Other
    } else if lower.contains("prometheus") {
        Kind::Prometheus
    } else {
        Kind::Unknown
    }
}

impl Datasources {
    /// The datasource variables (`templating.list` of type `datasource`) and the export's
    /// `__inputs` of a dashboard model.
    pub(super) fn new(model: &Node, root: &Node) -> Datasources {
        let mut plugins = HashMap::new();
        for holder in [root, model] {
            if let Some(NodeKind::Seq(inputs)) = holder.get("__inputs").map(|i| &i.kind) {
                for input in inputs {
                    if let (Some(name), Some(plugin)) = (
                        input.get("name").and_then(Node::as_str),
                        input.get("pluginId").and_then(Node::as_str),
                    ) {
                        plugins.insert(name.to_owned(), plugin.to_owned());
                    }
                }
            }
        }
        for variable in super::variables::declared(model) {
            if variable.get("type").and_then(Node::as_str) != Some("datasource") {
                continue;
            }
            if let (Some(name), Some(plugin)) = (
                variable.get("name").and_then(Node::as_str),
                variable.get("query").and_then(Node::as_str),
            ) {
                plugins.insert(name.to_owned(), plugin.to_owned());
            }
        }
        Datasources { plugins }
    }

    /// The kind of a datasource reference; `None` when there is none (`null`, absent).
    pub(super) fn kind(&self, reference: Option<&Node>) -> Option<Kind> {
        let reference = reference.filter(|r| !r.is_null())?;
        if let Some(text) = reference.as_str() {
            return Some(self.named(text));
        }
        if let Some(plugin) = reference.get("type").and_then(Node::as_str) {
            match variable_name(plugin) {
                Some(name) => return Some(self.variable(name)),
                None => {
                    let kind = plugin_kind(plugin);
                    // `{"type": "datasource", "uid": "grafana"}` is Grafana's own.
                    let uid = reference.get("uid").and_then(Node::as_str).unwrap_or("");
                    if kind == Kind::Mixed && uid != "-- Mixed --" {
                        return Some(Kind::Other);
                    }
                    return Some(kind);
                }
            }
        }
        match reference.get("uid").and_then(Node::as_str) {
            Some(uid) => Some(self.named(uid)),
            None => Some(Kind::Unknown),
        }
    }

    /// A datasource given by name or uid, or by a variable.
    fn named(&self, text: &str) -> Kind {
        if let Some(name) = variable_name(text) {
            return self.variable(name);
        }
        match text {
            "-- Mixed --" => Kind::Mixed,
            "-- Grafana --" | "-- Dashboard --" | "grafana" => Kind::Other,
            _ => {
                // A bare name says nothing of its plugin unless the plugin is in it.
                let lower = text.to_ascii_lowercase();
                if [
                    "loki",
                    "elasticsearch",
                    "tempo",
                    "influx",
                    "graphite",
                    "mysql",
                    "postgres",
                ]
                .iter()
                .any(|p| lower.contains(p))
                {
                    Kind::Other
                } else {
                    Kind::Unknown
                }
            }
        }
    }

    fn variable(&self, name: &str) -> Kind {
        match self.plugins.get(name) {
            Some(plugin) => plugin_kind(plugin),
            // An input or variable that is not declared: its name may still say.
            None => kind_by_name(name),
        }
    }

    /// The kind of a target's datasource inside a panel: the target's own, else the
    /// panel's, else the default.
    pub(super) fn of_target(&self, panel: Kind, target: &Node) -> Kind {
        match (self.kind(target.get("datasource")), panel) {
            (Some(Kind::Mixed), _) | (None, Kind::Mixed) => Kind::Unknown,
            // A target without a type inside a panel that has one: the panel's.
            (Some(Kind::Unknown), panel) if panel != Kind::Unknown => panel,
            (Some(own), _) => own,
            (None, panel) => panel,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn model(text: &str) -> Node {
        yaml::parse(text, yaml::Limits::default()).documents[0]
            .root
            .clone()
    }

    #[test]
    fn variables_and_inputs_resolve_to_plugins() {
        let m = model(
            r#"{"__inputs": [{"name": "DS_LOKI", "pluginId": "loki"}],
                "templating": {"list": [{"name": "ds", "type": "datasource", "query": "prometheus"},
                                        {"name": "logs", "type": "datasource", "query": "loki"}]},
                "a": "${DS_LOKI}", "b": {"type": "prometheus", "uid": "$ds"},
                "c": {"uid": "$logs"}, "d": "$ds", "e": {"type": "datasource", "uid": "-- Mixed --"},
                "f": {"type": "datasource", "uid": "grafana"}, "g": null}"#,
        );
        let sources = Datasources::new(&m, &m);
        assert_eq!(sources.kind(m.get("a")), Some(Kind::Other));
        assert_eq!(sources.kind(m.get("b")), Some(Kind::Prometheus));
        assert_eq!(sources.kind(m.get("c")), Some(Kind::Other));
        assert_eq!(sources.kind(m.get("d")), Some(Kind::Prometheus));
        assert_eq!(sources.kind(m.get("e")), Some(Kind::Mixed));
        assert_eq!(sources.kind(m.get("f")), Some(Kind::Other));
        assert_eq!(sources.kind(m.get("g")), None);
        assert_eq!(sources.kind(m.get("missing")), None);
    }
}

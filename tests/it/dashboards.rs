//! The generated Grafana dashboards, checked without Grafana and without `../shared`: they
//! read back into the typed model, follow the dashboard linter's conventions, query only
//! series the rules record or the contract names, and every query (variables substituted
//! as Grafana does) passes `promtool check rules`.

use crate::common;

use std::collections::{BTreeSet, HashMap};
use std::process::Command;

use serde_json::Value;

/// Every dashboard generated from the repository's spec and the valid fixtures.
fn dashboards() -> Vec<(String, Value, llm_slo::LoadedSpec)> {
    let mut specs = vec![common::root().join("llm-slo.yaml")];
    let mut fixtures: Vec<_> = std::fs::read_dir(common::root().join("tests/fixtures/valid"))
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    fixtures.sort();
    specs.extend(fixtures);
    let mut out = Vec::new();
    for path in specs {
        let loaded = llm_slo::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let files = llm_slo::generate(&loaded).expect("generation succeeds");
        for file in files {
            if file.path.starts_with("grafana/") && file.path.ends_with(".json") {
                let value: Value = serde_json::from_slice(&file.contents).expect("JSON");
                out.push((
                    format!("{}: {}", path.display(), file.path),
                    value,
                    loaded.clone(),
                ));
            }
        }
    }
    assert!(out.len() >= 8, "only {} dashboards", out.len());
    out
}

fn panels(value: &Value) -> Vec<&Value> {
    value["panels"]
        .as_array()
        .map_or(Vec::new(), |p| p.iter().collect())
}

const UNITS: &[&str] = &["s", "currencyUSD", "percentunit", "reqps", "short"];

#[test]
fn dashboards_read_back_into_the_typed_model() {
    for (name, value, _) in dashboards() {
        let core: serde_json::Map<String, Value> = value
            .as_object()
            .expect("an object")
            .iter()
            .filter(|(k, _)| !k.starts_with("__"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let typed = llm_slo::internal::dashboard_round_trip(Value::Object(core.clone()))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            typed,
            Value::Object(core),
            "{name}: the model keeps every key"
        );
    }
}

#[test]
fn dashboards_follow_the_linter_conventions() {
    for (name, d, _) in dashboards() {
        let uid = d["uid"].as_str().expect("uid");
        assert!(!uid.is_empty() && uid.len() <= 40, "{name}: uid {uid}");
        assert!(d.get("id").is_none(), "{name}: no id");
        assert!(
            (36..=42).contains(&d["schemaVersion"].as_u64().expect("schemaVersion")),
            "{name}"
        );
        let variables = d["templating"]["list"].as_array().expect("variables");
        assert!(
            variables
                .iter()
                .any(|v| v["type"] == "datasource" && v["name"] == "datasource"),
            "{name}: a datasource variable"
        );
        for v in variables.iter().filter(|v| v["type"] == "query") {
            assert_eq!(v["datasource"]["uid"], "${datasource}", "{name}");
            assert_eq!(v["refresh"], 2, "{name}");
            assert_eq!(v["includeAll"], true, "{name}");
            assert_eq!(v["multi"], true, "{name}");
        }
        let mut ids = BTreeSet::new();
        let mut cells: Vec<(u64, u64, u64, u64)> = Vec::new();
        for p in panels(&d) {
            let id = p["id"].as_u64().expect("id");
            assert!(ids.insert(id), "{name}: duplicate panel id {id}");
            let g = &p["gridPos"];
            let (x, y, w, h) = (
                g["x"].as_u64().expect("x"),
                g["y"].as_u64().expect("y"),
                g["w"].as_u64().expect("w"),
                g["h"].as_u64().expect("h"),
            );
            assert!(w > 0 && x + w <= 24, "{name}: panel {id} outside the grid");
            for &(ox, oy, ow, oh) in &cells {
                let overlaps = x < ox + ow && ox < x + w && y < oy + oh && oy < y + h;
                assert!(!overlaps, "{name}: panel {id} overlaps");
            }
            cells.push((x, y, w, h));
            if p["type"] == "row" {
                continue;
            }
            assert!(
                p["title"].as_str().is_some_and(|t| !t.is_empty()),
                "{name}: {id} title"
            );
            assert!(
                p["description"].as_str().is_some_and(|t| t.len() > 20),
                "{name}: {id} description"
            );
            assert_eq!(p["datasource"]["uid"], "${datasource}", "{name}: {id}");
            let unit = p["fieldConfig"]["defaults"]["unit"].as_str().unwrap_or("");
            assert!(UNITS.contains(&unit), "{name}: {id} unit {unit:?}");
            let targets = p["targets"].as_array().expect("targets");
            assert!(!targets.is_empty(), "{name}: {id} has no query");
            let mut refs = BTreeSet::new();
            for t in targets {
                assert!(
                    refs.insert(t["refId"].as_str().expect("refId")),
                    "{name}: {id} refId"
                );
                assert_eq!(t["datasource"]["uid"], "${datasource}", "{name}: {id}");
                let expr = t["expr"].as_str().expect("expr");
                for (at, _) in expr.match_indices("rate(") {
                    let rest = &expr[at..];
                    let end = rest.find(']').unwrap_or(rest.len());
                    if rest[..end].contains('[') {
                        assert!(
                            rest[..end].contains("[$__rate_interval"),
                            "{name}: {id}: rate over a fixed range in {expr}"
                        );
                    }
                }
            }
        }
    }
}

/// Grafana's variables as Grafana would fill them for a check.
fn substituted(expr: &str) -> String {
    let values: HashMap<String, String> = [
        ("__rate_interval", "2m"),
        ("__interval", "30s"),
        ("__range", "1h"),
        ("datasource", "prometheus"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let text = llm_slo::internal::substitute(expr, &values);
    // Every dimension variable selects everything.
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let name_len = rest[at + 1..]
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len() - at - 1);
        out.push_str(".*");
        rest = &rest[at + 1 + name_len..];
    }
    out.push_str(rest);
    out
}

#[test]
fn every_panel_query_passes_promtool_and_reads_recorded_series() {
    let mut checked = 0;
    for (name, d, loaded) in dashboards() {
        let recorded: BTreeSet<String> = llm_slo::internal::rules(&loaded)
            .expect("rules")
            .into_iter()
            .filter(|rule| rule.records)
            .map(|rule| rule.name)
            .collect();
        let mut exprs = Vec::new();
        for p in panels(&d) {
            for t in p["targets"].as_array().into_iter().flatten() {
                exprs.push(t["expr"].as_str().expect("expr").to_owned());
            }
        }
        for v in d["templating"]["list"].as_array().into_iter().flatten() {
            if let Some(query) = v["query"]
                .as_str()
                .and_then(|q| q.strip_prefix("label_values("))
            {
                // `label_values(selector, label)`: the selector is a query.
                let selector = query.rsplit_once(',').map_or(query, |(s, _)| s);
                exprs.push(selector.to_owned());
            }
        }
        let mut file = String::from("groups:\n  - name: dashboard\n    rules:\n");
        for (i, expr) in exprs.iter().enumerate() {
            for word in expr.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')) {
                if word.starts_with("llm_slo:") {
                    assert!(recorded.contains(word), "{name}: `{word}` is not recorded");
                }
            }
            file.push_str(&format!(
                "      - record: dashboard_query_{i}\n        expr: {}\n",
                serde_json::to_string(&substituted(expr)).expect("JSON string")
            ));
        }
        // UTF-8 names need Prometheus 3's syntax, which promtool 2 cannot read; the
        // validator checks those dashboards for Prometheus 3 when they are generated.
        let utf8 = matches!(
            loaded.spec().telemetry.naming,
            llm_slo_core::contract::NamingStrategy::NoUtf8EscapingWithSuffixes
                | llm_slo_core::contract::NamingStrategy::NoTranslation
        );
        if utf8 {
            continue;
        }
        let path = common::scratch("dashboard-queries").join("queries.rules.yml");
        std::fs::write(&path, &file).expect("write");
        let output = Command::new(common::promtool())
            .args(["check", "rules"])
            .arg(&path)
            .output()
            .expect("promtool runs");
        assert!(
            output.status.success(),
            "{name}: promtool rejects a panel query:\n{}{}\n{file}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        checked += exprs.len();
    }
    assert!(checked > 100, "only {checked} queries");
}

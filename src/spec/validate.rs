//! `validate`: findings of `llm-slo validate` that a team has decided to accept — codes
//! ignored everywhere or under some paths, and codes ignored in chosen Grafana panels. A
//! repository without a spec writes the same section in `.llm-slo.yaml`.

use regex::Regex;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::diagnostics::Code;

/// Findings `llm-slo validate` does not report. Each entry that no longer matches any
/// finding is reported itself (`suppression/unused`), so the list cannot rot.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Validate {
    /// Codes not reported, everywhere or in some files.
    #[serde(default)]
    pub ignore: Vec<Ignore>,
    /// Codes not reported in chosen Grafana dashboards or panels.
    #[serde(default)]
    pub panels: Vec<PanelIgnore>,
}

/// Codes not reported, everywhere or in the files some globs match.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ignore {
    /// Codes (`promql/short-range`), or every code of an area (`promql/*`).
    pub codes: Vec<String>,
    /// Globs over the paths as given to `validate` (`dashboards/legacy/*.json`,
    /// `rules/**`): `*` stays within a folder, `**` crosses folders, `?` is one character.
    /// Every file when absent.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Why the findings are accepted, for whoever reads the file next.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Codes not reported in a Grafana dashboard, or one of its panels.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PanelIgnore {
    /// The dashboard's `uid`.
    pub dashboard: String,
    /// The panel's `id`; every panel of the dashboard when absent.
    #[serde(default)]
    pub panel: Option<u64>,
    /// Codes, or every code of an area (`promql/*`).
    pub codes: Vec<String>,
    /// Why the findings are accepted.
    #[serde(default)]
    pub reason: Option<String>,
}

/// `.llm-slo.yaml`: the `validate` section, for a repository without a spec.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "llm-slo repository configuration (.llm-slo.yaml)")]
pub struct RepositoryConfig {
    /// Findings `llm-slo validate` does not report.
    #[serde(default)]
    pub validate: Validate,
}

/// Whether a code as written (`promql/short-range`, `promql/*`) covers a code.
pub(crate) fn covers(pattern: &str, code: Code) -> bool {
    match pattern.strip_suffix("/*") {
        Some(area) => code
            .as_str()
            .strip_prefix(area)
            .is_some_and(|rest| rest.starts_with('/')),
        None => pattern == code.as_str(),
    }
}

/// Why a code as written names nothing, with the closest codes.
pub(crate) fn unknown_code(pattern: &str) -> Option<String> {
    let all = Code::all();
    let known = match pattern.strip_suffix("/*") {
        Some(area) => all
            .iter()
            .any(|c| c.as_str().split('/').next() == Some(area)),
        None => all.iter().any(|c| c.as_str() == pattern),
    };
    if known {
        return None;
    }
    let ids: Vec<&str> = all.iter().map(|c| c.as_str()).collect();
    let help = crate::base::suggest::did_you_mean(&crate::base::suggest::closest(
        pattern,
        ids.iter().copied(),
    ))
    .unwrap_or_else(|| "`llm-slo explain --list` lists every code".to_owned());
    Some(format!("no diagnostic code is named `{pattern}`; {help}"))
}

/// A path glob as a regex: `*` within a folder, `**` across folders, `?` one character.
pub(crate) fn glob(pattern: &str) -> Result<Regex, String> {
    let mut out = String::from("^");
    let mut chars = pattern.trim_start_matches("./").chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                if chars.peek() == Some(&'/') {
                    chars.next();
                    out.push_str("(?:.*/)?");
                } else {
                    out.push_str(".*");
                }
            }
            '*' => out.push_str("[^/]*"),
            '?' => out.push_str("[^/]"),
            c => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    out.push('$');
    Regex::new(&out).map_err(|e| format!("the glob `{pattern}` does not parse: {e}"))
}

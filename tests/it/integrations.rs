//! The CI integrations, run against this repository as their CI systems would run them:
//! the GitHub Action (`action.yml`) by executing its steps' commands with GitHub's
//! conventions (inputs through `${{ }}`, `$GITHUB_OUTPUT`, `$GITHUB_PATH`, `bash -eo
//! pipefail`), the pre-commit hooks (`.pre-commit-hooks.yaml`) as this repository's own
//! `.pre-commit-config.yaml` uses them with `--all-files`, and the GitLab CI job
//! (`ci/llm-slo.gitlab-ci.yml`) by its script. The built `llm-slo` is first on the PATH,
//! so nothing is installed.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(common::root().join(path)).unwrap();
    llm_slo::internal::yaml_to_json(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A PATH with the built binary first.
fn path_with_binary() -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_llm-slo"))
        .parent()
        .unwrap()
        .to_owned();
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// What a step's `${{ … }}` expressions say, for the forms the action uses: inputs, step
/// outputs, `github.action_path`, `runner.temp`, `always()`, `==`, `!=` and `&&`.
struct Context {
    inputs: BTreeMap<String, String>,
    outputs: BTreeMap<String, BTreeMap<String, String>>,
    action_path: PathBuf,
    temp: PathBuf,
}

impl Context {
    fn term(&self, term: &str) -> String {
        let term = term.trim();
        if let Some(literal) = term.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
            return literal.to_owned();
        }
        if let Some(name) = term.strip_prefix("inputs.") {
            return self.inputs.get(name).cloned().unwrap_or_default();
        }
        if let Some(rest) = term.strip_prefix("steps.") {
            let (id, output) = rest.split_once(".outputs.").expect("steps.ID.outputs.NAME");
            return self
                .outputs
                .get(id)
                .and_then(|o| o.get(output))
                .cloned()
                .unwrap_or_default();
        }
        match term {
            "github.action_path" => self.action_path.display().to_string(),
            "runner.temp" => self.temp.display().to_string(),
            "always()" => "true".to_owned(),
            other => panic!("the test does not know the expression `{other}`"),
        }
    }

    fn condition(&self, expression: &str) -> bool {
        let expression = expression
            .trim()
            .trim_start_matches("${{")
            .trim_end_matches("}}");
        expression.split("&&").all(|part| {
            if let Some((a, b)) = part.split_once("!=") {
                self.term(a) != self.term(b)
            } else if let Some((a, b)) = part.split_once("==") {
                self.term(a) == self.term(b)
            } else {
                self.term(part) == "true"
            }
        })
    }

    /// A text with its `${{ … }}` replaced.
    fn substitute(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find("}}").expect("closed") + start;
            out.push_str(&self.term(&rest[start + 3..end]));
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }
}

/// Runs the action's steps; returns (whether every step passed, the stdout of all steps,
/// the action's outputs).
fn run_action(name: &str, inputs: &[(&str, &str)]) -> (bool, String, BTreeMap<String, String>) {
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    let temp = common::scratch(&format!("action-{name}"));
    let mut cx = Context {
        inputs: BTreeMap::new(),
        outputs: BTreeMap::new(),
        action_path: common::root().to_owned(),
        temp: temp.clone(),
    };
    for (name, input) in action["inputs"].as_object().expect("inputs") {
        assert!(
            input["description"].as_str().is_some_and(|d| !d.is_empty()),
            "input {name} is documented"
        );
        cx.inputs.insert(
            name.clone(),
            input["default"].as_str().unwrap_or_default().to_owned(),
        );
    }
    for (name, value) in inputs {
        assert!(
            cx.inputs.contains_key(*name),
            "the action has an input {name}"
        );
        cx.inputs.insert((*name).to_owned(), (*value).to_owned());
    }
    let mut passed = true;
    let mut stdout = String::new();
    for step in action["runs"]["steps"].as_array().expect("steps") {
        // A failed step skips the rest, except those that run `always()`.
        let condition = step["if"].as_str().unwrap_or("");
        if !passed && !condition.contains("always()") {
            continue;
        }
        if !condition.is_empty() && !cx.condition(condition) {
            continue;
        }
        let Some(script) = step["run"].as_str() else {
            // `uses:` steps (the SARIF upload) belong to GitHub.
            assert!(step["uses"].is_string());
            continue;
        };
        assert_eq!(step["shell"], "bash", "run steps name their shell");
        let output_file = temp.join("github-output");
        std::fs::write(&output_file, "").unwrap();
        let mut command = Command::new("bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
            .arg(cx.substitute(script))
            .current_dir(
                common::root()
                    .join(cx.substitute(step["working-directory"].as_str().unwrap_or("."))),
            )
            .env("PATH", path_with_binary())
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_PATH", temp.join("github-path"))
            .env("GITHUB_ACTION_PATH", common::root())
            .env("RUNNER_TEMP", &temp);
        if let Some(env) = step["env"].as_object() {
            for (name, value) in env {
                command.env(name, cx.substitute(value.as_str().unwrap_or_default()));
            }
        }
        let output = command.output().expect("bash runs");
        stdout.push_str(&String::from_utf8_lossy(&output.stdout));
        if !output.status.success() {
            passed = false;
        }
        if let Some(id) = step["id"].as_str() {
            let written = std::fs::read_to_string(&output_file).unwrap();
            let outputs = written
                .lines()
                .filter_map(|l| l.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            cx.outputs.insert(id.to_owned(), outputs);
        }
    }
    let outputs = action["outputs"]
        .as_object()
        .expect("outputs")
        .iter()
        .map(|(name, output)| {
            assert!(
                output["description"].is_string(),
                "output {name} is documented"
            );
            (
                name.clone(),
                cx.substitute(
                    output["value"]
                        .as_str()
                        .expect("a composite output has a value"),
                ),
            )
        })
        .collect();
    (passed, stdout, outputs)
}

#[test]
fn the_action_checks_and_validates_this_repository() {
    let (passed, stdout, outputs) =
        run_action("repository", &[("paths", "generated"), ("sarif", "true")]);
    assert!(passed, "{stdout}");
    assert_eq!(outputs["findings"], "0", "{stdout}");
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(&outputs["sarif-file"]).unwrap())
            .expect("SARIF");
    assert_eq!(sarif["version"], "2.1.0");
}

#[test]
fn the_action_annotates_and_fails_on_findings() {
    let (passed, stdout, outputs) = run_action(
        "findings",
        &[
            ("paths", "tests/fixtures/validate/article.rules.yml"),
            ("check", "false"),
        ],
    );
    assert!(!passed, "the last step fails the job");
    assert!(
        stdout.contains("::error file=tests/fixtures/validate/article.rules.yml,line="),
        "{stdout}"
    );
    assert!(outputs["findings"].parse::<u32>().unwrap() > 0);
}

/// Every file the repository tracks (or, outside a git checkout, every file but `target/`).
fn tracked_files() -> Vec<String> {
    let git = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(common::root())
        .output();
    match git {
        Ok(output) if output.status.success() => String::from_utf8_lossy(&output.stdout)
            .split('\0')
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect(),
        _ => common::tree(common::root())
            .into_iter()
            .map(|(name, _)| name)
            .filter(|name| !name.starts_with("target/") && !name.starts_with(".git/"))
            .collect(),
    }
}

/// pre-commit's `types_or: [yaml, json]`, by extension as its `identify` library does.
fn has_type(file: &str, types: &[&str]) -> bool {
    let extension = file.rsplit('.').next().unwrap_or_default();
    types.iter().any(|t| match *t {
        "yaml" => matches!(extension, "yaml" | "yml"),
        "json" => extension == "json",
        other => panic!("the test does not know the type {other}"),
    })
}

#[test]
fn the_pre_commit_hooks_pass_on_this_repository() {
    let published = yaml(".pre-commit-hooks.yaml");
    let published = published.as_array().expect("a list of hooks");
    let config = yaml(".pre-commit-config.yaml");
    let files = tracked_files();
    let mut ran = 0;
    for repo in config["repos"].as_array().unwrap() {
        for hook in repo["hooks"].as_array().unwrap() {
            let id = hook["id"].as_str().unwrap();
            let definition = published
                .iter()
                .find(|h| h["id"] == id)
                .unwrap_or_else(|| panic!("{id} is a published hook"));
            // This repository's configuration uses the published hook as it is.
            for key in [
                "entry",
                "language",
                "pass_filenames",
                "types_or",
                "always_run",
            ] {
                assert_eq!(hook[key], definition[key], "{id}: {key}");
            }
            assert_eq!(definition["language"], "rust");
            let mut selected: Vec<&String> = files.iter().collect();
            if let Some(types) = definition["types_or"].as_array() {
                let types: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
                selected.retain(|f| has_type(f, &types));
            }
            if let Some(exclude) = hook["exclude"].as_str() {
                let exclude = regex::Regex::new(exclude).unwrap();
                selected.retain(|f| !exclude.is_match(f));
            }
            let entry: Vec<&str> = definition["entry"]
                .as_str()
                .unwrap()
                .split_whitespace()
                .collect();
            let mut command = Command::new(entry[0]);
            command
                .args(&entry[1..])
                .current_dir(common::root())
                .env("PATH", path_with_binary());
            if definition["pass_filenames"] != "false" {
                assert!(!selected.is_empty(), "{id} has files to check");
                command.args(&selected);
            }
            let output = command.output().expect("the hook runs");
            assert!(
                output.status.success(),
                "hook {id} fails on this repository:\n{}",
                common::transcript(&output)
            );
            ran += 1;
        }
    }
    assert_eq!(ran, published.len(), "every published hook is used here");
}

#[test]
fn the_gitlab_job_writes_a_code_quality_report() {
    let snippet = yaml("ci/llm-slo.gitlab-ci.yml");
    let job = &snippet["llm-slo"];
    assert_eq!(job["artifacts"]["when"], "always");
    let report = job["artifacts"]["reports"]["codequality"].as_str().unwrap();
    let dir = common::scratch("gitlab-job");
    let mut variables: Vec<(String, String)> = snippet["variables"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect();
    variables.push(("LLM_SLO_PATHS".to_owned(), "generated".to_owned()));
    for line in job["script"].as_array().unwrap() {
        // GitLab runs each line in one shell, stopping at the first that fails.
        let output = Command::new("bash")
            .args(["-e", "-c", line.as_str().unwrap()])
            .current_dir(common::root())
            .env("PATH", path_with_binary())
            .envs(variables.iter().map(|(k, v)| (k, v)))
            .output()
            .expect("bash runs");
        assert!(
            output.status.success(),
            "`{line}` fails:\n{}",
            common::transcript(&output)
        );
    }
    let written = common::root().join(report);
    let issues: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&written).unwrap()).expect("JSON");
    std::fs::rename(&written, dir.join(report)).unwrap();
    assert!(issues.is_empty(), "{issues:?}");
}

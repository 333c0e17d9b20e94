//! promtool accepts what llm-slo generates. These tests fail, with instructions, when
//! promtool is not installed.

use crate::common;

use std::process::Command;

/// `promtool check rules --lint=all --lint-fatal`: duplicate rules are errors too.
fn check_rules(path: &std::path::Path) {
    let output = Command::new(common::promtool())
        .args(["check", "rules", "--lint=all", "--lint-fatal"])
        .arg(path)
        .output()
        .expect("promtool runs");
    assert!(
        output.status.success(),
        "promtool check rules {} failed:\n{}{}",
        path.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The groups of a Mimir namespace file, as a plain rule file promtool reads.
fn without_namespace(path: &std::path::Path, scratch: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(path).expect("mimir file");
    let plain: String = text
        .lines()
        .filter(|line| !line.starts_with("namespace:"))
        .map(|line| format!("{line}\n"))
        .collect();
    let out = scratch.join("mimir-groups.rules.yml");
    std::fs::write(&out, plain).expect("write");
    out
}

/// The `spec.groups` of a `PrometheusRule` manifest, as a plain rule file promtool reads.
fn manifest_groups(path: &std::path::Path, scratch: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(path).expect("manifest");
    let spec = text.split("\nspec:\n").nth(1).expect("a spec section");
    let plain: String = spec
        .lines()
        .map(|line| format!("{}\n", line.strip_prefix("  ").unwrap_or(line)))
        .collect();
    let out = scratch.join("manifest-groups.rules.yml");
    std::fs::write(&out, plain).expect("write");
    out
}

/// `promtool test rules` on every generated test file of a folder.
fn run_unit_tests(dir: &std::path::Path) -> usize {
    let tests = dir.join("prometheus/tests");
    let Ok(entries) = std::fs::read_dir(&tests) else {
        return 0;
    };
    let mut files: Vec<_> = entries.map(|e| e.expect("entry").path()).collect();
    files.sort();
    if files.is_empty() {
        return 0;
    }
    let output = Command::new(common::promtool())
        .args(["test", "rules"])
        .args(&files)
        .current_dir(&tests)
        .output()
        .expect("promtool runs");
    assert!(
        output.status.success(),
        "promtool test rules failed in {}:\n{}{}",
        tests.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    files.len()
}

#[test]
fn promtool_accepts_the_committed_rules() {
    let generated = common::root().join("generated");
    check_rules(&generated.join("prometheus/llm-slo.rules.yml"));
    let scratch = common::scratch("promtool-mimir");
    check_rules(&without_namespace(
        &generated.join("mimir/llm-slo.rules.yml"),
        &scratch,
    ));
    check_rules(&manifest_groups(
        &generated.join("kubernetes/llm-slo.prometheusrule.yaml"),
        &scratch,
    ));
}

/// Every alert of the repository's spec fires in one generated test and stays quiet in
/// another; the recording rules compute what they should.
#[test]
fn promtool_passes_the_committed_unit_tests() {
    let files = run_unit_tests(&common::root().join("generated"));
    assert!(files >= 5, "only {files} test files");
}

/// Every valid fixture that Prometheus 2 can read (no UTF-8 names) generates rules promtool
/// accepts: hostile strings included.
#[test]
fn promtool_accepts_rules_from_every_fixture() {
    let fixtures = common::root().join("tests/fixtures/valid");
    let mut checked = 0;
    for entry in std::fs::read_dir(&fixtures).expect("fixtures") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("fixture");
        if text.contains("NoUTF8EscapingWithSuffixes") || text.contains("NoTranslation") {
            continue;
        }
        let out = common::scratch(&format!(
            "promtool-{}",
            path.file_stem().unwrap().to_string_lossy()
        ));
        let output = common::llm_slo([
            "--spec".as_ref(),
            path.as_os_str(),
            "generate".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            common::transcript(&output)
        );
        check_rules(&out.join("prometheus/llm-slo.rules.yml"));
        run_unit_tests(&out);
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} fixtures checked");
}

/// Runs `promtool test rules` on a test file next to a generated rule file.
fn unit_test(dir: &std::path::Path, tests: &str) {
    let path = dir.join("tests.yml");
    std::fs::write(&path, tests).expect("test file");
    common::promtool_test_rules(&[path], "");
}

fn generate_into(spec: &str, name: &str) -> std::path::PathBuf {
    let out = common::scratch(name);
    let output = common::llm_slo(
        ["--spec", spec, "generate", "--out"]
            .map(std::ffi::OsString::from)
            .into_iter()
            .chain([out.clone().into_os_string()]),
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        common::transcript(&output)
    );
    out
}

/// Under genai-v1.41 the estimate prices the token histogram's sums (the price series come
/// from the token series' counts): claude-sonnet-4-6 at
/// $3 input and $15 output per million, 50 input and 10 output tokens per second, is
/// $0.0003 per second (compared in units of 1e-7 USD: promtool compares floats exactly), by
/// the recording labels.
#[test]
fn promtool_evaluates_the_cost_estimate_from_token_histograms() {
    let out = generate_into("llm-slo.yaml", "estimate-v1");
    unit_test(
        &out,
        r#"rule_files: [prometheus/llm-slo.rules.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'gen_ai_client_token_usage_sum{job="support-assistant", gen_ai_provider_name="anthropic", gen_ai_request_model="claude-sonnet-4-6", gen_ai_token_type="input", feature="chat"}'
        values: '0+3000x20'
      - series: 'gen_ai_client_token_usage_sum{job="support-assistant", gen_ai_provider_name="anthropic", gen_ai_request_model="claude-sonnet-4-6", gen_ai_token_type="output", feature="chat"}'
        values: '0+600x20'
      - series: 'gen_ai_client_token_usage_sum{job="support-assistant", gen_ai_provider_name="openai", gen_ai_request_model="not-in-the-spec", gen_ai_token_type="input", feature="chat"}'
        values: '0+600x20'
    promql_expr_test:
      - expr: llm_slo:gen_ai_token_price:usd{gen_ai_request_model="claude-sonnet-4-6"}
        eval_time: 10m
        exp_samples:
          - labels: 'llm_slo:gen_ai_token_price:usd{gen_ai_provider_name="anthropic", gen_ai_request_model="claude-sonnet-4-6", gen_ai_token_type="input", service="support-assistant", team="support-ml"}'
            value: 0.000003
          - labels: 'llm_slo:gen_ai_token_price:usd{gen_ai_provider_name="anthropic", gen_ai_request_model="claude-sonnet-4-6", gen_ai_token_type="output", service="support-assistant", team="support-ml"}'
            value: 0.000015
      # A price exists while the model's tokens are counted: none for gpt-4o (no tokens)
      # nor for a model the spec does not price.
      - expr: llm_slo:gen_ai_token_price:usd{gen_ai_request_model=~"gpt-4o|not-in-the-spec"}
        eval_time: 10m
        exp_samples: []
      - expr: round(llm_slo:gen_ai_cost_estimate_usd:rate5m * 1e7)
        eval_time: 10m
        exp_samples:
          - labels: '{gen_ai_provider_name="anthropic", gen_ai_request_model="claude-sonnet-4-6", feature="chat", service="support-assistant", team="support-ml"}'
            value: 3000
"#,
    );
}

/// Under genai-latest the estimate prices the usage counters, cache reads and reasoning as
/// the difference from their parent's price: gemini-2.5-flash at $0.30 input, $0.03 cache
/// read, $2.50 output per million; 100 input tokens per second of which 40 cache reads, 10
/// output of which 4 reasoning: 60 × 0.3 + 40 × 0.03 + 10 × 2.5 = $44.2 per million seconds
/// (compared in units of 1e-7 USD).
/// A model with no cache or reasoning series still gets its estimate.
#[test]
fn promtool_evaluates_the_cost_estimate_from_usage_counters() {
    let out = generate_into("tests/fixtures/valid/latest-native.yaml", "estimate-latest");
    let series = |metric: &str, model: &str, modality: &str, per_minute: u32| {
        format!(
            "      - series: '{metric}{{job=\"native\", namespace=\"prod\", gen_ai_provider_name=\"gcp.gemini\", gen_ai_request_model=\"{model}\", gen_ai_token_modality=\"{modality}\"}}'\n        values: '0+{per_minute}x20'\n"
        )
    };
    let mut inputs = String::new();
    inputs += &series(
        "gen_ai_client_inference_usage_input_tokens_total",
        "gemini-2.5-flash",
        "text",
        4800,
    );
    inputs += &series(
        "gen_ai_client_inference_usage_input_tokens_total",
        "gemini-2.5-flash",
        "image",
        1200,
    );
    inputs += &series(
        "gen_ai_client_inference_usage_cache_read_input_tokens_total",
        "gemini-2.5-flash",
        "text",
        2400,
    );
    inputs += &series(
        "gen_ai_client_inference_usage_output_tokens_total",
        "gemini-2.5-flash",
        "text",
        600,
    );
    inputs += &series(
        "gen_ai_client_inference_usage_reasoning_output_tokens_total",
        "gemini-2.5-flash",
        "text",
        240,
    );
    inputs += &series(
        "gen_ai_client_inference_usage_input_tokens_total",
        "gemini-2.5-pro",
        "text",
        6000,
    );
    inputs += &series(
        "gen_ai_client_inference_usage_output_tokens_total",
        "gemini-2.5-pro",
        "text",
        600,
    );
    unit_test(
        &out,
        &format!(
            r#"rule_files: [prometheus/llm-slo.rules.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
{inputs}    promql_expr_test:
      - expr: round(llm_slo:gen_ai_cost_estimate_usd:rate5m * 1e7)
        eval_time: 10m
        exp_samples:
          - labels: '{{gen_ai_provider_name="gcp.gemini", gen_ai_request_model="gemini-2.5-flash", service="native"}}'
            value: 442
          - labels: '{{gen_ai_provider_name="gcp.gemini", gen_ai_request_model="gemini-2.5-pro", service="native"}}'
            value: 2250
"#
        ),
    );
}

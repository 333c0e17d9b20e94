// The README's library example: load a spec, generate from it and from a copy changed in
// code, and validate a rule file against its contract. Run it from the repository root:
// `cargo run --example library`.

// readme:start
use std::path::Path;

use llm_slo::{Format, Severity, ValidateOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Load and check a spec: a file (`load_str` reads text, `load_spec` a `Spec` value).
    let spec = llm_slo::load(Path::new("llm-slo.yaml"))?;
    for file in llm_slo::generate(&spec)? {
        println!("{} ({} bytes)", file.path, file.contents.len());
    }

    // Change it in code: the copy passes the same checks before it generates.
    let mut bot = spec.spec().clone();
    bot.service.name = "review-bot".to_owned();
    let files = llm_slo::generate(&llm_slo::load_spec("review-bot", &bot)?)?;
    println!("review-bot: {} files", files.len());

    // Validate a rule file against the spec's contract, as a pull-request check would.
    let rules = "groups:\n- name: llm\n  rules:\n  - alert: SlowLLM\n    expr: histogram_quantile(0.95, sum(rate(gen_ai_client_operation_duration_seconds_bucket[5m]))) > 10\n";
    let report = llm_slo::validate_str("rules.yml", rules, &ValidateOptions::for_spec(&spec));
    print!("{}", report.render(Format::Human)); // or Json, Github, Sarif
    assert!(report.has_at_least(Severity::Warning)); // `sum` without `le`
    Ok(())
}
// readme:end

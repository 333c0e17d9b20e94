//! The cost engine against the two community calculators, as oracles.
//!
//! * `tests/oracle/genai_prices_oracle.py` dumps pydantic genai-prices' own `data.json`,
//!   draws random usages across its whole catalog (cache, audio, images, reasoning, web
//!   searches, long contexts above 200k tokens, three dates, service tiers) and records what
//!   `genai_prices.calc_price` says. Python with `genai-prices`: `LLM_SLO_ORACLE_PYTHON`.
//! * `tests/oracle/litellm_oracle.py` copies LiteLLM's bundled
//!   `model_prices_and_context_window_backup.json`, draws 500 random calls across its chat
//!   models (cache reads and writes, long prompts, flex and priority tiers, any hour of two
//!   weeks, so off-peak windows and weekdays) and records `litellm.cost_per_token` at each
//!   call's time. Python with `litellm`: `LLM_SLO_LITELLM_PYTHON`.
//!
//! Each test imports the source's data with `llm-slo pricing import`, prices the same calls
//! with `llm-slo price --batch`, and compares to 1e-9 USD. Without the package the test
//! fails, saying how to install it.

use crate::common;

use std::collections::BTreeMap;
use std::process::Command;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

fn lines(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}

fn decimal(value: &Value) -> Option<Decimal> {
    value.as_str().and_then(|s| Decimal::from_str(s).ok())
}

/// An oracle: its script, the package it needs and the variable naming its Python, and the
/// import format and data file the script writes.
struct Oracle {
    name: &'static str,
    script: &'static str,
    count: &'static str,
    package: &'static str,
    python_env: &'static str,
    from: &'static str,
    data: &'static str,
}

/// How often llm-slo and the oracle agree: (agreeing calls, calls, agreeing of the calls the
/// oracle priced, calls the oracle priced), after printing every disagreement by model.
fn agreement(oracle: &Oracle) -> (usize, usize, usize, usize) {
    let dir = common::scratch(&format!("{}-oracle", oracle.name));
    let python = std::env::var(oracle.python_env).unwrap_or_else(|_| "python3".to_owned());
    let how = format!(
        "this test needs Python 3 with {} (`pip install {}`); set {} to its interpreter",
        oracle.name, oracle.package, oracle.python_env
    );
    let run = Command::new(&python)
        .arg(common::root().join(oracle.script))
        .arg(&dir)
        .arg(oracle.count)
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{python}` ({e}): {how}"));
    assert!(
        run.status.success(),
        "the {} oracle failed ({how}):\n{}",
        oracle.name,
        String::from_utf8_lossy(&run.stderr)
    );
    let catalog = dir.join("catalog.yaml");
    let import = common::llm_slo([
        "pricing".as_ref(),
        "import".as_ref(),
        "--from".as_ref(),
        oracle.from.as_ref(),
        dir.join(oracle.data).as_os_str(),
        "--out".as_ref(),
        catalog.as_os_str(),
    ]);
    assert_eq!(
        import.status.code(),
        Some(0),
        "{}",
        common::transcript(&import)
    );
    let priced = common::llm_slo([
        "price".as_ref(),
        "--pricing".as_ref(),
        catalog.as_os_str(),
        "--batch".as_ref(),
        dir.join("calls.jsonl").as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    // Exit 1 when some calls cannot be priced; every line is still answered.
    assert!(
        matches!(priced.status.code(), Some(0 | 1)),
        "{}",
        common::transcript(&priced)
    );
    let ours: Vec<Value> = String::from_utf8_lossy(&priced.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON result line"))
        .collect();
    let calls = lines(&dir.join("calls.jsonl"));
    let expected = lines(&dir.join("expected.jsonl"));
    assert_eq!(ours.len(), calls.len(), "one result per call, in order");

    let tolerance = Decimal::new(1, 9);
    let (mut agree, mut oracle_priced, mut priced_agree) = (0, 0, 0);
    let mut disagreements: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for ((call, theirs), mine) in calls.iter().zip(&expected).zip(&ours) {
        let their_total = decimal(&theirs["total"]);
        let my_total = decimal(&mine["total_usd"]);
        let same = match (their_total, my_total) {
            (Some(a), Some(b)) => (a - b).abs() <= tolerance,
            (None, None) => true,
            _ => false,
        };
        if their_total.is_some() {
            oracle_priced += 1;
            priced_agree += usize::from(same);
        }
        if same {
            agree += 1;
            continue;
        }
        let key = format!("{}/{}", call["provider"], call["model"]).replace('"', "");
        disagreements.entry(key).or_default().push(format!(
            "{call}\n      {}: {theirs}\n      llm-slo: {}",
            oracle.name,
            mine.get("total_usd")
                .or_else(|| mine.get("error"))
                .unwrap_or(mine)
        ));
    }
    println!(
        "{}: agreement on {agree} of {} calls ({:.2}%); of the {oracle_priced} it prices, {priced_agree} ({:.2}%)",
        oracle.name,
        calls.len(),
        agree as f64 * 100.0 / calls.len() as f64,
        priced_agree as f64 * 100.0 / oracle_priced.max(1) as f64
    );
    for (model, cases) in &disagreements {
        println!(
            "  {model}: {} disagreements, e.g.\n    {}",
            cases.len(),
            cases[0]
        );
    }
    (agree, calls.len(), priced_agree, oracle_priced)
}

#[test]
fn costs_agree_with_genai_prices() {
    let (agree, calls, priced_agree, priced) = agreement(&Oracle {
        name: "genai-prices",
        script: "tests/oracle/genai_prices_oracle.py",
        count: "3",
        package: "genai-prices==0.2.3",
        python_env: "LLM_SLO_ORACLE_PYTHON",
        from: "genai-prices",
        data: "data.json",
    });
    assert!(calls > 5_000, "only {calls} calls");
    let (share, priced_share) = (
        agree as f64 / calls as f64,
        priced_agree as f64 / priced as f64,
    );
    assert!(
        share >= 0.99 && priced_share >= 0.99,
        "agreement below 99%: {:.2}% of calls, {:.2}% of priced calls",
        share * 100.0,
        priced_share * 100.0
    );
}

/// LiteLLM's whole map imports (no entry lost to a name another entry has), and its
/// calculator agrees on 497 of 500 random calls. The 3 others are Fireworks priority calls:
/// the map lists Fireworks' priority prices, but LiteLLM's Fireworks cost path ignores
/// `service_tier` and charges the standard ones; llm-slo charges the tier asked for.
#[test]
fn costs_agree_with_litellm() {
    let (agree, calls, _, _) = agreement(&Oracle {
        name: "litellm",
        script: "tests/oracle/litellm_oracle.py",
        count: "500",
        package: "litellm==1.110.2",
        python_env: "LLM_SLO_LITELLM_PYTHON",
        from: "litellm",
        data: "litellm.json",
    });
    assert_eq!(calls, 500);
    assert!(
        agree >= 497,
        "agreement with LiteLLM on only {agree} of {calls} calls"
    );
}

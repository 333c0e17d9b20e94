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

/// Agreement within a group of calls (the oracle's `group`: when the calls were made, or
/// whether the oracle priced what it was asked).
#[derive(Debug, Default)]
struct Tally {
    agree: usize,
    calls: usize,
}

impl Tally {
    fn share(&self) -> f64 {
        self.agree as f64 / self.calls.max(1) as f64
    }
}

/// How often llm-slo and the oracle agree, by the oracle's group of calls, after printing
/// every disagreement by model.
fn agreement(oracle: &Oracle) -> BTreeMap<String, Tally> {
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
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut disagreements: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for ((call, theirs), mine) in calls.iter().zip(&expected).zip(&ours) {
        let group = theirs["group"].as_str().unwrap_or("all").to_owned();
        let tally = tallies.entry(group.clone()).or_default();
        tally.calls += 1;
        let their_total = decimal(&theirs["total"]);
        let my_total = decimal(&mine["total_usd"]);
        let same = match (their_total, my_total) {
            (Some(a), Some(b)) => (a - b).abs() <= tolerance,
            (None, None) => true,
            _ => false,
        };
        if same {
            tally.agree += 1;
            continue;
        }
        let key = format!("{group}: {}/{}", call["provider"], call["model"]).replace('"', "");
        disagreements.entry(key).or_default().push(format!(
            "{call}\n      {}: {theirs}\n      llm-slo: {}",
            oracle.name,
            mine.get("total_usd")
                .or_else(|| mine.get("error"))
                .unwrap_or(mine)
        ));
    }
    for (group, tally) in &tallies {
        println!(
            "{} ({group}): agreement on {} of {} calls ({:.2}%)",
            oracle.name,
            tally.agree,
            tally.calls,
            tally.share() * 100.0
        );
    }
    for (model, cases) in &disagreements {
        println!(
            "  {model}: {} disagreements, e.g.\n    {}",
            cases.len(),
            cases[0]
        );
    }
    tallies
}

/// genai-prices 0.2.3: every model at the current time (the price in force now, never a
/// period that has not started), and inside each dated period of its prices.
#[test]
fn costs_agree_with_genai_prices() {
    let tallies = agreement(&Oracle {
        name: "genai-prices",
        script: "tests/oracle/genai_prices_oracle.py",
        count: "3",
        package: "genai-prices==0.2.3",
        python_env: "LLM_SLO_ORACLE_PYTHON",
        from: "genai-prices",
        data: "data.json",
    });
    let now = &tallies["now"];
    let period = &tallies["period"];
    assert!(now.calls >= 5_000, "only {} calls now", now.calls);
    assert!(period.calls >= 100, "only {} dated calls", period.calls);
    for (group, tally) in [("now", now), ("period", period)] {
        assert!(
            tally.share() >= 0.999,
            "agreement with genai-prices below 99.9% on calls {group}: {tally:?}"
        );
    }
}

/// LiteLLM's whole map imports (no entry lost to a name another entry has), and its
/// calculator agrees on at least 99.5% of 500 random calls that it prices as asked. The
/// others are calls whose service tier the map prices apart but LiteLLM's cost path for the
/// provider never reads (Fireworks' priority tier): LiteLLM charges the standard prices,
/// llm-slo the tier asked for; they are printed, and llm-slo is right on each.
#[test]
fn costs_agree_with_litellm() {
    let tallies = agreement(&Oracle {
        name: "litellm",
        script: "tests/oracle/litellm_oracle.py",
        count: "500",
        package: "litellm==1.110.2",
        python_env: "LLM_SLO_LITELLM_PYTHON",
        from: "litellm",
        data: "litellm.json",
    });
    let calls: usize = tallies.values().map(|t| t.calls).sum();
    assert_eq!(calls, 500);
    let as_asked = &tallies["as-asked"];
    assert!(
        as_asked.share() >= 0.995,
        "agreement with LiteLLM below 99.5% on the calls it prices as asked: {as_asked:?}"
    );
    if let Some(ignored) = tallies.get("tier-ignored") {
        // LiteLLM charged the standard prices: llm-slo must not.
        assert_eq!(
            ignored.agree, 0,
            "llm-slo ignored a service tier: {ignored:?}"
        );
    }
}

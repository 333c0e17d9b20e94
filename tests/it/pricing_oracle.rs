//! The cost engine against pydantic genai-prices, the community calculator, as an oracle.
//!
//! `tests/oracle/genai_prices_oracle.py` dumps the package's own `data.json`, draws random
//! usages across its whole catalog (cache, audio, images, reasoning, web searches, long
//! contexts above 200k tokens, three dates, service tiers) and records what
//! `genai_prices.calc_price` says. This test imports that `data.json` with
//! `llm-slo pricing import`, prices the same calls with `llm-slo price --batch`, and
//! compares to 1e-9 USD. It needs Python with the `genai-prices` package: set
//! `LLM_SLO_ORACLE_PYTHON` to its interpreter (default `python3`).

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

#[test]
fn costs_agree_with_genai_prices() {
    let dir = common::scratch("genai-prices-oracle");
    let python = std::env::var("LLM_SLO_ORACLE_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let oracle = Command::new(&python)
        .arg(common::root().join("tests/oracle/genai_prices_oracle.py"))
        .arg(&dir)
        .arg("3")
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `{python}` ({e}): this test needs Python 3 with the genai-prices package (`pip install genai-prices`); set LLM_SLO_ORACLE_PYTHON to its interpreter")
        });
    assert!(
        oracle.status.success(),
        "the genai-prices oracle failed (this test needs `pip install genai-prices`; set LLM_SLO_ORACLE_PYTHON to the interpreter that has it):\n{}",
        String::from_utf8_lossy(&oracle.stderr)
    );

    let catalog = dir.join("catalog.yaml");
    let import = common::llm_slo([
        "pricing".as_ref(),
        "import".as_ref(),
        "--from".as_ref(),
        "genai-prices".as_ref(),
        dir.join("data.json").as_os_str(),
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
    assert!(calls.len() > 5_000, "only {} calls", calls.len());

    let tolerance = Decimal::new(1, 9);
    let mut agree = 0;
    let mut oracle_priced = 0;
    let mut priced_agree = 0;
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
            "{call}\n      genai-prices: {theirs}\n      llm-slo: {}",
            mine.get("total_usd")
                .or_else(|| mine.get("error"))
                .unwrap_or(mine)
        ));
    }
    let share = agree as f64 / calls.len() as f64;
    let priced_share = priced_agree as f64 / oracle_priced as f64;
    println!(
        "agreement: {agree} of {} calls ({:.2}%); of the {oracle_priced} genai-prices prices, {priced_agree} ({:.2}%)",
        calls.len(),
        share * 100.0,
        priced_share * 100.0
    );
    for (model, cases) in &disagreements {
        println!(
            "  {model}: {} disagreements, e.g.\n    {}",
            cases.len(),
            cases[0]
        );
    }
    assert!(
        share >= 0.99 && priced_share >= 0.99,
        "agreement below 99%: {:.2}% of calls, {:.2}% of priced calls",
        share * 100.0,
        priced_share * 100.0
    );
}

//! `llm-slo price` through the built binary: results, and every way a call can fail, as
//! snapshots of exit code, stdout and stderr.

use crate::common;

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::{llm_slo, transcript};

fn price(args: &[&str]) -> String {
    let mut all = vec!["price"];
    all.extend_from_slice(args);
    transcript(&llm_slo(&all))
}

fn price_stdin(args: &[&str], input: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_llm-slo"))
        .arg("price")
        .args(args)
        .current_dir(common::root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the llm-slo binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    transcript(&child.wait_with_output().expect("it ends"))
}

const SONNET: [&str; 4] = ["--provider", "anthropic", "--model", "claude-sonnet-4-5"];

#[test]
fn a_call_is_priced_component_by_component() {
    let mut args = SONNET.to_vec();
    args.extend([
        "--input-tokens",
        "12000",
        "--cache-read-tokens",
        "8000",
        "--cache-write-tokens",
        "2000",
        "--cache-write-1h-tokens",
        "500",
        "--output-tokens",
        "900",
    ]);
    insta::assert_snapshot!("call_human", price(&args));
    args.extend(["--format", "json"]);
    insta::assert_snapshot!("call_json", price(&args));
}

#[test]
fn dated_snapshots_and_provider_aliases_resolve() {
    insta::assert_snapshot!(price(&[
        "--provider",
        "anthropic",
        "--model",
        "claude-sonnet-4-5-20250929",
        "--input-tokens",
        "1000000",
        "--format",
        "json"
    ]));
    insta::assert_snapshot!(
        "google_alias_long_context",
        price(&[
            "--provider",
            "google",
            "--model",
            "gemini-2.5-pro",
            "--input-tokens",
            "250000",
            "--output-tokens",
            "1000"
        ])
    );
}

#[test]
fn the_price_in_force_at_the_call_and_the_service_tier_apply() {
    let o3 = [
        "--provider",
        "openai",
        "--model",
        "o3",
        "--input-tokens",
        "1000000",
        "--output-tokens",
        "1000000",
        "--reasoning-tokens",
        "400000",
    ];
    let mut before = o3.to_vec();
    before.extend(["--at", "2025-06-01"]);
    insta::assert_snapshot!("o3_before_the_price_cut", price(&before));
    let mut batch = o3.to_vec();
    batch.extend(["--service-tier", "batch"]);
    insta::assert_snapshot!("o3_batch", price(&batch));
}

#[test]
fn every_error_path_is_reported() {
    let cases: &[(&str, &[&str])] = &[
        (
            "unknown_provider",
            &["--provider", "antropic", "--model", "claude-sonnet-4-5"],
        ),
        (
            "unknown_model",
            &["--provider", "anthropic", "--model", "claude-sonet-4-5"],
        ),
        (
            "invalid_date",
            &[
                "--provider",
                "openai",
                "--model",
                "o3",
                "--at",
                "2025-13-01",
            ],
        ),
        (
            "no_service_tier",
            &[
                "--provider",
                "anthropic",
                "--model",
                "claude-haiku-4-5",
                "--service-tier",
                "flex",
                "--input-tokens",
                "10",
            ],
        ),
        (
            "subset_exceeds_total",
            &[
                "--provider",
                "anthropic",
                "--model",
                "claude-haiku-4-5",
                "--input-tokens",
                "100",
                "--cache-read-tokens",
                "150",
            ],
        ),
        (
            "unpriced_usage",
            &[
                "--provider",
                "openai",
                "--model",
                "gpt-4o-2024-05-13",
                "--input-tokens",
                "100",
                "--usage",
                "web_searches=2",
            ],
        ),
        (
            "ambiguous_overlap",
            &[
                "--provider",
                "gcp.gemini",
                "--model",
                "gemini-2.5-flash",
                "--input-tokens",
                "1000",
                "--cache-read-tokens",
                "400",
                "--usage",
                "input_audio=300",
            ],
        ),
        (
            "usage_without_a_count",
            &[
                "--provider",
                "openai",
                "--model",
                "gpt-4o",
                "--usage",
                "input",
            ],
        ),
        (
            "usage_of_an_unknown_unit",
            &[
                "--provider",
                "openai",
                "--model",
                "gpt-4o",
                "--usage",
                "tokens=1",
            ],
        ),
        (
            "usage_not_a_number",
            &[
                "--provider",
                "openai",
                "--model",
                "gpt-4o",
                "--usage",
                "input=12k",
            ],
        ),
        (
            "negative_flag",
            &[
                "--provider",
                "openai",
                "--model",
                "gpt-4o",
                "--input-tokens",
                "-5",
            ],
        ),
        ("missing_model", &["--provider", "openai"]),
        ("batch_and_flags", &["--batch", "-", "--provider", "openai"]),
        (
            "unreadable_pricing",
            &[
                "--pricing",
                "no/such/catalog.yaml",
                "--provider",
                "openai",
                "--model",
                "gpt-4o",
            ],
        ),
        (
            "invalid_pricing_catalog",
            &[
                "--pricing",
                "tests/fixtures/pricing/invalid.yaml",
                "--provider",
                "acme",
                "--model",
                "a1",
            ],
        ),
        ("missing_batch_file", &["--batch", "no/such/calls.jsonl"]),
        (
            "invalid_spec",
            &[
                "--spec",
                "tests/fixtures/invalid/empty.yaml",
                "--provider",
                "openai",
                "--model",
                "gpt-4o",
            ],
        ),
    ];
    for (name, args) in cases {
        let out = price(args);
        assert!(!out.starts_with("exit: 0"), "{name} succeeded:\n{out}");
        insta::assert_snapshot!(*name, out);
    }
}

#[test]
fn batch_lines_answer_in_order_errors_included() {
    let input = r#"{"provider": "openai", "model": "gpt-4o-mini", "input_tokens": 1000, "cache_read_tokens": 200, "output_tokens": 50}
not json
["an", "array"]
{"model": "gpt-4o"}
{"provider": "openai", "model": "gpt-4o", "input_tokens": "12"}
{"provider": "openai", "model": "gpt-4o", "input_tokens": -3}
{"provider": "openai", "model": "gpt-4o", "bogus_tokens": 3}
{"provider": "anthropic", "model": "claude-sonnet-4-5", "input_tokens": 10, "at": "yesterday"}

{"provider": "anthropic", "model": "claude-haiku-4-5-20251001", "input_tokens": 2000, "output_tokens": 100, "reasoning_tokens": 40, "service_tier": "batch"}
"#;
    insta::assert_snapshot!(
        "batch_json",
        price_stdin(&["--batch", "-", "--format", "json"], input)
    );
    insta::assert_snapshot!("batch_human", price_stdin(&["--batch", "-"], input));
}

/// The total `price --format json` prints for a call, with a catalog of its own.
fn total(catalog: &std::path::Path, args: &[&str]) -> String {
    let mut all = vec![
        "price",
        "--pricing",
        catalog.to_str().unwrap(),
        "--format",
        "json",
    ];
    all.extend_from_slice(args);
    let output = llm_slo(&all);
    assert_eq!(output.status.code(), Some(0), "{}", transcript(&output));
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("price prints JSON");
    json["total_usd"].as_str().unwrap_or_default().to_owned()
}

/// Each case of the engine that a catalog can state: a service tier that lists no cache
/// price (the standard one, discounted as the tier discounts input, never the tier's input
/// price), a long-context cliff kept under a flex price, an inclusive threshold, a future
/// period never used before it starts, off-peak hours, and a dated snapshot with its own
/// price.
#[test]
fn the_engine_prices_every_case_a_catalog_states() {
    let dir = common::scratch("engine-cases");
    let catalog = dir.join("catalog.yaml");
    std::fs::write(
        &catalog,
        r"provider: acme
models:
  - id: haiku
    prices: { input: 1.1, output: 5.5, cache_read: 0.11 }
    service_tiers:
      batch: { prices: { input: 0.55, output: 2.75 } }
    source: https://example.com/haiku
  - id: long
    prices: { input: 2.5, output: 10 }
    tiers: [{ above_input_tokens: 272000, prices: { input: 5 } }]
    service_tiers:
      flex: { prices: { input: 1.25, output: 5 } }
    source: https://example.com/long
  - id: grok
    prices: { input: 3, output: 15 }
    tiers: [{ from_input_tokens: 200000, prices: { input: 6 } }]
    source: https://example.com/grok
  - id: gemini
    periods:
      - prices: { input: 1, output: 4 }
      - since: 9999-01-01
        prices: { input: 2, output: 8 }
    source: https://example.com/gemini
  - id: deepseek
    prices: { input: 0.56, output: 1.68 }
    daily: [{ from: '16:30', until: '00:30', prices: { input: 0.28, output: 0.84 } }]
    source: https://example.com/deepseek
  - id: four
    aliases: [four-2024-11-20]
    prices: { input: 2.5, output: 10 }
    source: https://example.com/four
  - id: four-2024-05-13
    prices: { input: 5, output: 15 }
    source: https://example.com/four
",
    )
    .unwrap();
    let call = |model: &str, extra: &[&str]| {
        let mut args = vec!["--provider", "acme", "--model", model];
        args.extend_from_slice(extra);
        total(&catalog, &args)
    };
    let million = "1000000";
    // 1M batch cache reads: 0.11 × 0.5, not the batch input price 0.55.
    assert_eq!(
        call(
            "haiku",
            &[
                "--input-tokens",
                million,
                "--cache-read-tokens",
                million,
                "--service-tier",
                "batch"
            ]
        ),
        "0.055"
    );
    // 370k tokens under flex: the cliff at 272k holds, at the flex price doubled.
    assert_eq!(
        call(
            "long",
            &["--input-tokens", "370000", "--service-tier", "flex"]
        ),
        "0.925"
    );
    // From 200,000 tokens on, included: exactly 200,000 pays the long-context price.
    assert_eq!(call("grok", &["--input-tokens", "200000"]), "1.2");
    assert_eq!(call("grok", &["--input-tokens", "199999"]), "0.599997");
    // A period from 9999 is not today's price, but is that day's.
    assert_eq!(call("gemini", &["--input-tokens", million]), "1");
    assert_eq!(
        call("gemini", &["--input-tokens", million, "--at", "9999-06-01"]),
        "2"
    );
    // Off-peak from 16:30 to 00:30 UTC.
    assert_eq!(
        call(
            "deepseek",
            &["--input-tokens", million, "--at", "2026-03-13T21:39:00Z"]
        ),
        "0.28"
    );
    assert_eq!(
        call(
            "deepseek",
            &["--input-tokens", million, "--at", "2026-03-14T02:30:00Z"]
        ),
        "0.56"
    );
    // A dated snapshot with an entry of its own is priced by it, not by the undated id.
    assert_eq!(call("four-2024-05-13", &["--input-tokens", million]), "5");
    assert_eq!(call("four-2024-08-06", &["--input-tokens", million]), "2.5");
}

/// A reseller's model `same_as` a maker's: the maker's prices whole (periods, steps, service
/// tiers), every token price times the markup, fees as they are; in a catalog folder, across
/// files; and a `same_as` that names nothing, or comes back to itself, is a positioned error.
#[test]
fn a_resellers_model_is_priced_as_its_makers_marked_up() {
    let dir = common::scratch("same-as");
    let folder = dir.join("catalogs");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("maker.yaml"),
        r"provider: maker
models:
  - id: big
    periods:
      - prices: { input: 2, output: 10, web_searches: 10 }
        tiers: [{ above_input_tokens: 200000, prices: { input: 4 } }]
        service_tiers: { batch: { prices: { input: 1, output: 5 } } }
      - since: 9999-01-01
        prices: { input: 3, output: 15 }
    source: https://example.com/maker
",
    )
    .unwrap();
    std::fs::write(
        folder.join("reseller.yaml"),
        r"provider: cloud
models:
  - id: big-global
    same_as: { provider: maker, model: big }
    source: https://example.com/cloud
  - id: big-regional
    same_as: { provider: cloud, model: big-global, markup: 1.1 }
    source: https://example.com/cloud
",
    )
    .unwrap();
    let call = |model: &str, extra: &[&str]| {
        let mut args = vec!["--provider", "cloud", "--model", model];
        args.extend_from_slice(extra);
        total(&folder, &args)
    };
    let million = ["--input-tokens", "1000000"];
    assert_eq!(call("big-global", &["--input-tokens", "100000"]), "0.2");
    // The long-context step, marked up: 1M tokens at 4 × 1.1.
    assert_eq!(call("big-regional", &million), "4.4");
    // Batch, marked up; web searches are not: 10 searches at $10 per thousand.
    assert_eq!(
        call(
            "big-regional",
            &["--input-tokens", "100000", "--service-tier", "batch"]
        ),
        "0.11"
    );
    assert_eq!(
        call(
            "big-regional",
            &["--input-tokens", "100000", "--usage", "web_searches=10"]
        ),
        "0.32"
    );
    // The maker's later period comes with it.
    assert_eq!(
        call(
            "big-regional",
            &["--input-tokens", "100000", "--at", "9999-06-01"]
        ),
        "0.33"
    );

    // The shipped resellers follow their makers: Bedrock's US profile is Anthropic's +10%.
    let shipped = |provider: &str, model: &str| {
        let output = llm_slo([
            "price",
            "--provider",
            provider,
            "--model",
            model,
            "--input-tokens",
            "100000",
            "--cache-read-tokens",
            "50000",
            "--output-tokens",
            "1000",
            "--format",
            "json",
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", transcript(&output));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        json["total_usd"]
            .as_str()
            .unwrap_or_default()
            .parse::<f64>()
            .unwrap_or(-1.0)
    };
    let maker = shipped("anthropic", "claude-sonnet-4-6");
    assert!((shipped("aws.bedrock", "global.anthropic.claude-sonnet-4-6") - maker).abs() < 1e-12);
    assert!((shipped("bedrock", "us.anthropic.claude-sonnet-4-6") - maker * 1.1).abs() < 1e-12);

    let broken = dir.join("broken.yaml");
    std::fs::write(
        &broken,
        r"provider: cloud
models:
  - id: typo
    same_as: { provider: anthropic, model: claude-sonet-4-6 }
    source: https://example.com/cloud
  - id: loop-a
    same_as: { provider: cloud, model: loop-b }
    source: https://example.com/cloud
  - id: loop-b
    same_as: { provider: cloud, model: loop-a }
    source: https://example.com/cloud
",
    )
    .unwrap();
    insta::assert_snapshot!(
        "same_as_errors",
        price(&[
            "--pricing",
            broken.to_str().unwrap(),
            "--provider",
            "cloud",
            "--model",
            "typo",
            "--input-tokens",
            "1"
        ])
        .replace(broken.to_str().unwrap(), "broken.yaml")
    );
}

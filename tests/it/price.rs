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
                "gpt-4o",
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

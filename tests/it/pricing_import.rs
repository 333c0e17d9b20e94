//! `llm-slo pricing import` through the built binary: small hand-written samples of
//! genai-prices' `data.json` and LiteLLM's `model_prices_and_context_window.json` become
//! catalogs (snapshots), which then price calls with each source's semantics.

use std::path::{Path, PathBuf};

use crate::common::{llm_slo, scratch, transcript};

/// Imports a fixture; returns the transcript and the written catalog.
fn import(from: &str, fixture: &str) -> (String, PathBuf) {
    let out = scratch(&format!("import-{from}")).join("catalog.yaml");
    let output = llm_slo([
        "pricing",
        "import",
        "--from",
        from,
        &format!("tests/fixtures/pricing/{fixture}"),
        "--out",
        out.to_str().expect("UTF-8 path"),
    ]);
    let text = transcript(&output).replace(out.to_str().expect("UTF-8 path"), "OUT");
    (text, out)
}

fn price(catalog: &Path, args: &[&str]) -> String {
    let mut all = vec![
        "price",
        "--pricing",
        catalog.to_str().expect("UTF-8 path"),
        "--format",
        "json",
    ];
    all.extend_from_slice(args);
    transcript(&llm_slo(&all)).replace(catalog.to_str().expect("UTF-8 path"), "CATALOG")
}

#[test]
fn genai_prices_data_becomes_a_catalog() {
    let (transcript, catalog) = import("genai-prices", "genai-prices.json");
    insta::assert_snapshot!("genai_prices_transcript", transcript);
    insta::assert_snapshot!(
        "genai_prices_catalog",
        std::fs::read_to_string(&catalog).expect("the catalog is written")
    );
    let sonnet = [
        "--provider",
        "anthropic",
        "--model",
        "claude-sonnet-4-5-20250929",
        "--input-tokens",
        "300000",
        "--cache-read-tokens",
        "100000",
        "--output-tokens",
        "1000",
        "--service-tier",
        "batch",
    ];
    // Before its variant starts, genai-prices charges batch the standard prices.
    let mut before = sonnet.to_vec();
    before.extend(["--at", "2024-12-31"]);
    insta::assert_snapshot!(
        "genai_prices_batch_before_the_variant",
        price(&catalog, &before)
    );
    insta::assert_snapshot!("genai_prices_batch_long_context", price(&catalog, &sonnet));
    insta::assert_snapshot!(
        "genai_prices_flex_dated",
        price(
            &catalog,
            &[
                "--provider",
                "openai",
                "--model",
                "o3",
                "--input-tokens",
                "1000",
                "--service-tier",
                "flex",
                "--at",
                "2025-06-10T00:00:00Z"
            ]
        )
    );
    insta::assert_snapshot!(
        "genai_prices_audio_with_cache",
        price(
            &catalog,
            &[
                "--provider",
                "google",
                "--model",
                "gemini-2.5-flash",
                "--input-tokens",
                "1000",
                "--cache-read-tokens",
                "400",
                "--usage",
                "input_audio=300",
                "--usage",
                "cache_audio_read=100"
            ]
        )
    );
    insta::assert_snapshot!(
        "genai_prices_per_request_fee",
        price(
            &catalog,
            &[
                "--provider",
                "openai",
                "--model",
                "gpt-4o-audio",
                "--input-tokens",
                "1000",
                "--usage",
                "input_audio=1000"
            ]
        )
    );
}

#[test]
fn litellm_prices_become_a_catalog() {
    let (transcript, catalog) = import("litellm", "litellm.json");
    insta::assert_snapshot!("litellm_transcript", transcript);
    insta::assert_snapshot!(
        "litellm_catalog",
        std::fs::read_to_string(&catalog).expect("the catalog is written")
    );
    insta::assert_snapshot!(
        "litellm_long_context_cache_write_1h",
        price(
            &catalog,
            &[
                "--provider",
                "anthropic",
                "--model",
                "claude-sonnet-4-5",
                "--input-tokens",
                "250000",
                "--cache-write-tokens",
                "50000",
                "--cache-write-1h-tokens",
                "10000",
                "--output-tokens",
                "2000"
            ]
        )
    );
    insta::assert_snapshot!(
        "litellm_priority_by_prefixed_name",
        price(
            &catalog,
            &[
                "--provider",
                "openai",
                "--model",
                "openai/gpt-4o",
                "--input-tokens",
                "1000",
                "--output-tokens",
                "100",
                "--service-tier",
                "priority"
            ]
        )
    );
}

#[test]
fn import_errors_are_reported() {
    let out = scratch("import-errors");
    let target = out.join("catalog.yaml");
    let target = target.to_str().expect("UTF-8 path");
    std::fs::write(out.join("not-json.json"), "{ \"a\": [1, 2").expect("write");
    std::fs::write(out.join("array.json"), "[1, 2, 3]").expect("write");
    std::fs::write(out.join("object.json"), "{\"providers\": []}").expect("write");
    let path = |name: &str| out.join(name).to_str().expect("UTF-8 path").to_owned();
    let cases: Vec<(&str, Vec<String>)> = vec![
        (
            "missing_file",
            vec!["genai-prices".into(), "no/such/data.json".into()],
        ),
        (
            "not_json",
            vec!["genai-prices".into(), path("not-json.json")],
        ),
        (
            "litellm_not_a_mapping",
            vec!["litellm".into(), path("array.json")],
        ),
        (
            "genai_prices_not_a_list",
            vec!["genai-prices".into(), path("object.json")],
        ),
        (
            "unknown_source",
            vec!["openrouter".into(), path("array.json")],
        ),
    ];
    for (name, args) in cases {
        let output = llm_slo(
            ["pricing", "import", "--from"]
                .into_iter()
                .map(str::to_owned)
                .chain(args)
                .chain(["--out".to_owned(), target.to_owned()]),
        );
        let text = transcript(&output).replace(out.to_str().expect("UTF-8 path"), "SCRATCH");
        assert!(!text.starts_with("exit: 0"), "{name}:\n{text}");
        insta::assert_snapshot!(name, text);
    }
    assert!(!Path::new(target).exists(), "nothing is written on failure");
    let unwritable = llm_slo([
        "pricing",
        "import",
        "--from",
        "litellm",
        "tests/fixtures/pricing/litellm.json",
        "--out",
        "/proc/llm-slo/catalog.yaml",
    ]);
    assert_eq!(
        unwritable.status.code(),
        Some(2),
        "{}",
        transcript(&unwritable)
    );
}

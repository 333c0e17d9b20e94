//! The README's library section is `examples/library.rs` verbatim, and it runs; its contract
//! tables are `llm-slo contract`'s output.

mod library {
    include!("../../examples/library.rs");

    pub fn run() -> Result<(), Box<dyn std::error::Error>> {
        main()
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no `{start}`")) + start.len();
    let to = from
        + text[from..]
            .find(end)
            .unwrap_or_else(|| panic!("no `{end}`"));
    text[from..to].trim_matches('\n')
}

#[test]
fn the_readme_shows_the_library_example() {
    let readme = include_str!("../../README.md");
    let section = &readme[readme.find("## As a library").expect("a library section")..];
    let shown = between(section, "```rust\n", "```");
    let example = include_str!("../../examples/library.rs");
    let program = between(example, "// readme:start\n", "// readme:end");
    assert_eq!(shown, program, "README.md and examples/library.rs differ");
}

#[test]
fn the_library_example_runs() {
    // Integration tests run in the package root, where `cargo run --example library` runs.
    library::run().expect("the README's library example runs");
}

#[test]
fn the_readme_shows_the_contract_as_llm_slo_contract_prints_it() {
    let readme = include_str!("../../README.md");
    let shown = between(
        readme,
        "<!-- llm-slo contract: start -->\n",
        "<!-- llm-slo contract: end -->",
    );
    let output = crate::common::llm_slo(["contract"]);
    assert!(output.status.success());
    let printed = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        shown,
        printed.trim_matches('\n'),
        "README.md's contract tables differ from `llm-slo contract`: paste its output"
    );
}

#[test]
fn the_readme_shows_the_targets_as_llm_slo_targets_prints_them() {
    let readme = include_str!("../../README.md");
    let shown = between(
        readme,
        "<!-- llm-slo targets: start -->\n",
        "<!-- llm-slo targets: end -->",
    );
    let output = crate::common::llm_slo(["targets"]);
    assert!(output.status.success());
    let printed = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        shown,
        printed.trim_matches('\n'),
        "README.md's table of targets differs from `llm-slo targets`: paste its output"
    );
}

/// The README's spec example, copied as it is, loads: with the template folder it names
/// present, and without it as a positioned error.
#[test]
fn the_readme_spec_example_loads() {
    let readme = include_str!("../../README.md");
    let section = between(readme, "## The spec\n", "\n## ");
    let example = between(section, "```yaml\n", "```");
    let dir = crate::common::scratch("readme-spec");
    let spec = dir.join("llm-slo.yaml");
    std::fs::write(&spec, example).expect("write");
    let spec_arg = spec.to_str().expect("UTF-8 path");
    let output = crate::common::llm_slo(["--spec", spec_arg, "validate"]);
    let transcript = crate::common::transcript(&output);
    assert_eq!(output.status.code(), Some(1), "{transcript}");
    assert!(
        transcript.contains("error[spec/templates-not-found]"),
        "{transcript}"
    );
    std::fs::create_dir_all(dir.join("my-templates")).expect("mkdir");
    let output = crate::common::llm_slo(["--spec", spec_arg, "validate"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        crate::common::transcript(&output)
    );
}

/// The README's catalog example is a catalog that reads and prices: every field it shows
/// is one the catalog format has.
#[test]
fn the_readme_catalog_example_prices_calls() {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("provider: anthropic                # the OTel gen_ai.provider.name")
        .expect("the catalog example");
    let end = start + readme[start..].find("```").expect("its end");
    let dir = crate::common::scratch("readme-catalog");
    let catalog = dir.join("catalog.yaml");
    std::fs::write(&catalog, &readme[start..end]).expect("the example written");
    for (model, at, total) in [
        ("claude-sonnet-4-5", "2026-12-03T12:00:00Z", "$0.003"),
        ("o3-like", "2025-06-01T00:00:00Z", "$0.01"),
        ("deepseek-like", "2026-12-03T12:00:00Z", "$0.00056"),
        ("deepseek-like", "2026-12-05T12:00:00Z", "$0.00028"),
    ] {
        let output = crate::common::llm_slo([
            "price",
            "--pricing",
            catalog.to_str().expect("a path"),
            "--provider",
            "anthropic",
            "--model",
            model,
            "--input-tokens",
            "1000",
            "--at",
            at,
        ]);
        let printed = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && printed.lines().next().is_some_and(|l| l.ends_with(total)),
            "{model} at {at}: {}",
            crate::common::transcript(&output)
        );
    }
}

//! The README's instrumentation of one call is `examples/one_call.rs` verbatim, is under 20
//! lines, and runs.

mod one_call {
    include!("../../examples/one_call.rs");

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
fn the_readme_shows_the_example_in_under_20_lines() {
    let readme = include_str!("../../README.md");
    let example = include_str!("../../examples/one_call.rs");
    let shown = between(readme, "```rust\n", "```");
    let program = between(example, "// readme:start\n", "// readme:end");
    assert_eq!(shown, program, "README.md and examples/one_call.rs differ");
    let lines = shown.lines().count();
    assert!(lines < 20, "the README's example has {lines} lines");
}

#[test]
fn the_example_runs_on_the_generated_configuration() {
    // The example reads `generated/…` from the repository root, as `cargo run` there does.
    std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).expect("root");
    one_call::run().expect("the README's example runs");
}

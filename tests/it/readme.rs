//! The README's library section is `examples/library.rs` verbatim, and it runs.

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

//! Snapshots of what each valid fixture spec generates (the JSON schemas aside, which do not
//! depend on the spec and have their own test): rule files and price tables.

use crate::common;

#[test]
fn generated_files_match_their_snapshots() {
    insta::glob!("../fixtures", "valid/*.yaml", |path| {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).expect("fixture");
        let spec = llm_slo::load_str(&name, &text)
            .unwrap_or_else(|report| panic!("{name} is invalid:\n{report}"));
        let files = llm_slo::generate(&spec).expect("generation succeeds");
        let mut transcript = String::new();
        for file in files.iter().filter(|f| !f.path.ends_with(".schema.json")) {
            transcript.push_str(&format!("=== {}\n", file.path));
            transcript.push_str(&String::from_utf8_lossy(&file.contents));
        }
        insta::assert_snapshot!(transcript);
    });
}

/// The library and the binary agree: the same spec gives the same bytes.
#[test]
fn the_library_generates_what_the_binary_writes() {
    let spec = llm_slo::load(&common::root().join("llm-slo.yaml")).expect("the repository spec");
    for file in llm_slo::generate(&spec).expect("generation succeeds") {
        let committed = std::fs::read(common::root().join("generated").join(&file.path))
            .unwrap_or_else(|e| panic!("generated/{}: {e}", file.path));
        assert!(
            committed == file.contents,
            "generated/{} is stale: run `cargo run -- generate`",
            file.path
        );
    }
}

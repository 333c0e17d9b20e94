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

/// Decimal numbers in `text` with ten or more significant digits: floating-point noise such as
/// `0.9990000000000001` (prices have at most a few significant digits).
fn noisy_numbers(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit()
            || (i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'))
        {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
            i += 1;
        }
        let number = &text[start..i];
        let significant = number
            .replace('.', "")
            .trim_start_matches('0')
            .trim_end_matches('0')
            .len();
        if number.contains('.') && significant >= 10 {
            out.push(number.to_owned());
        }
    }
    out
}

#[test]
fn no_float_noise_in_generated_files() {
    assert_eq!(
        noisy_numbers("vector(0.9990000000000001) / 0.0009999999999998899"),
        ["0.9990000000000001", "0.0009999999999998899"]
    );
    assert!(noisy_numbers("vector(0.000000000275) > 0.999 and x1234567890.5").is_empty());
    let mut specs = vec![common::root().join("llm-slo.yaml")];
    let valid = common::root().join("tests/fixtures/valid");
    let mut fixtures: Vec<_> = std::fs::read_dir(&valid)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    fixtures.sort();
    specs.extend(fixtures);
    for path in specs {
        let spec = llm_slo::load(&path).expect("a valid spec");
        for file in llm_slo::generate(&spec).expect("generation succeeds") {
            let text = String::from_utf8_lossy(&file.contents);
            let noise = noisy_numbers(&text);
            assert!(
                noise.is_empty(),
                "{}: {} has floating-point noise: {noise:?}",
                path.display(),
                file.path
            );
        }
    }
}

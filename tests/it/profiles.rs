//! Every profile × naming strategy: a rule file and a dashboard that use every series of the
//! profile (`fixtures/contract/<profile>.*`, written with the names the profile's source
//! gives, under the default naming) validate clean under that profile and naming, and under
//! detection, which says that the file is written for it. Also: the repository's own
//! generated files validate clean from another folder, without a spec.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use llm_slo::{Contract, HistogramMode, NamingStrategy, Profile};

use crate::common;

/// Runs `validate` from a folder without a spec.
fn validate_elsewhere(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_llm-slo"))
        .arg("validate")
        .args(args)
        .args(["--format", "json"])
        .current_dir(cwd)
        .output()
        .expect("the llm-slo binary runs")
}

fn contract(profile: Profile, naming: NamingStrategy) -> Contract {
    Contract {
        profile,
        naming,
        histograms: HistogramMode::Classic,
        ..Contract::default()
    }
}

/// `"old"` → `"new"` for every series and label of the profile, from the default naming to
/// `naming`. The fixtures quote every name (`{"x_bucket"}`, `by ("le")`), so a name is
/// replaced whole.
fn renamed(text: &str, profile: Profile, naming: NamingStrategy) -> String {
    let from = contract(profile, NamingStrategy::UnderscoreEscapingWithSuffixes);
    let to = contract(profile, naming);
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (a, b) in from.series().into_iter().zip(to.series()) {
        assert_eq!((a.signal, a.kind), (b.signal, b.kind));
        names.insert(a.name, b.name);
        for instrument in from.instruments() {
            for attribute in from.attributes(instrument.signal) {
                names.insert(from.label(attribute), to.label(attribute));
            }
        }
    }
    let mut out = text.to_owned();
    for (old, new) in &names {
        out = out.replace(&format!("\\\"{old}\\\""), &format!("\\\"{new}\\\""));
    }
    out
}

fn problems(output: &Output) -> Vec<String> {
    common::json_findings(output)
        .iter()
        .filter(|f| f["severity"] != "info")
        .map(|f| format!("{}: {}", f["code"], f["message"]))
        .collect()
}

#[test]
fn every_profile_and_naming_validates_clean_and_is_detected() {
    let dir = common::scratch("profiles");
    let cwd = common::scratch("profiles-cwd");
    for profile in Profile::ALL {
        for kind in ["rules.yml", "dashboard.json"] {
            let fixture = common::root().join(format!(
                "tests/fixtures/contract/{}.{kind}",
                profile.as_str()
            ));
            let text = std::fs::read_to_string(&fixture).expect("fixture");
            // The fixture uses every series of the profile.
            for series in contract(profile, NamingStrategy::default()).series() {
                assert!(
                    text.contains(&format!("\\\"{}\\\"", series.name)),
                    "{}: no `{}`",
                    fixture.display(),
                    series.name
                );
            }
            for naming in NamingStrategy::ALL {
                let file = dir.join(format!("{}-{}.{kind}", profile.as_str(), naming.as_str()));
                std::fs::write(&file, renamed(&text, profile, naming)).expect("write");
                let path = file.to_string_lossy().into_owned();
                let fixed = validate_elsewhere(
                    &cwd,
                    &[
                        &path,
                        "--profile",
                        profile.as_str(),
                        "--naming",
                        naming.as_str(),
                        "--histograms",
                        "classic",
                    ],
                );
                assert_eq!(
                    problems(&fixed),
                    Vec::<String>::new(),
                    "{path}, fixed contract"
                );
                let detected = validate_elsewhere(&cwd, &[&path]);
                assert_eq!(
                    problems(&detected),
                    Vec::<String>::new(),
                    "{path}, detected"
                );
                let infos: Vec<String> = common::json_findings(&detected)
                    .iter()
                    .filter(|f| f["code"] == "contract/detected")
                    .map(|f| f["message"].as_str().unwrap_or("").to_owned())
                    .collect();
                let expected = format!("written for {} ({}", profile.as_str(), naming.as_str());
                assert!(
                    infos.len() == 1 && infos[0].starts_with(&expected),
                    "{path}: {infos:?}, expected `{expected} …`"
                );
            }
        }
    }
}

#[test]
fn the_generated_files_validate_clean_without_a_spec() {
    let generated = common::root().join("generated");
    let cwd = common::scratch("generated-cwd");
    let output = validate_elsewhere(&cwd, &[&generated.to_string_lossy()]);
    assert_eq!(problems(&output), Vec::<String>::new());
    // Every file that names contract series says what it was checked against.
    let detected = common::json_findings(&output)
        .iter()
        .filter(|f| f["code"] == "contract/detected")
        .count();
    assert!(detected >= 2, "{detected} files detected");
}

#[test]
fn the_contract_command_prints_every_profile() {
    for (name, args) in [
        ("contract-md", vec!["contract"]),
        ("contract-json", vec!["contract", "--format", "json"]),
        (
            "contract-openlit-utf8-native",
            vec![
                "contract",
                "--profile",
                "openlit",
                "--naming",
                "NoUTF8EscapingWithSuffixes",
                "--histograms",
                "native",
            ],
        ),
    ] {
        let output = common::llm_slo(&args);
        assert!(output.status.success(), "{}", common::transcript(&output));
        insta::assert_snapshot!(name, String::from_utf8_lossy(&output.stdout));
    }
    let output = common::llm_slo(["contract", "--profile", "opentelemetry"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        common::transcript(&output)
    );
}

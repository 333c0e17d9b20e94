//! Every `llm-slo` command in the README's shell examples runs as written, in a folder that
//! holds what the examples read (the repository's spec and generated files under the names
//! the examples use): its subcommand and flags exist, it never crashes, it succeeds, and
//! where the README shows its output (the `# ` lines under a command), it prints exactly
//! that. The commands of one block run in order in one folder, as a reader would run them;
//! `validate` may exit 1 with findings, as on inputs its example was not written for.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common;

/// One command of the README: its words, where stdout goes, and the output shown under it.
#[derive(Debug)]
struct Example {
    /// Which ```sh block it is in: a block's commands run in order in one folder.
    block: usize,
    line: String,
    words: Vec<String>,
    stdout_to: Option<String>,
    shown: Vec<String>,
}

/// Splits a command line into words, with single and double quotes.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if started {
                    out.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            (_, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(word);
    }
    out
}

/// The `llm-slo` commands of the README's ```sh blocks (`cargo run --release --` counts as
/// `llm-slo`), continuation lines joined, comments and other programs' parts cut.
fn examples(readme: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut in_block = false;
    let mut pending = String::new();
    // Whether the line before was an llm-slo command, whose output `# ` lines show.
    let mut after_command = false;
    let mut block = 0;
    for raw in readme.lines() {
        if raw.starts_with("```") {
            in_block = raw == "```sh";
            block += usize::from(in_block);
            after_command = false;
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(shown) = raw.strip_prefix("# ") {
            // Output shown under the previous command.
            if after_command
                && pending.is_empty()
                && let Some(last) = out.last_mut()
            {
                last.shown.push(shown.to_owned());
            }
            continue;
        }
        let line = raw.trim_end();
        if let Some(head) = line.strip_suffix('\\') {
            pending.push_str(head);
            pending.push(' ');
            continue;
        }
        pending.push_str(line);
        let full = std::mem::take(&mut pending);
        let code = full.split(" # ").next().unwrap_or_default().trim();
        // The llm-slo part of a pipeline or `&&` chain.
        let Some(part) = code
            .split(" | ")
            .flat_map(|p| p.split(" && "))
            .map(str::trim)
            .find(|p| p.starts_with("llm-slo ") || p.starts_with("cargo run --release -- "))
        else {
            after_command = false;
            continue;
        };
        after_command = true;
        let part = part
            .strip_prefix("cargo run --release -- ")
            .map(|rest| format!("llm-slo {rest}"))
            .unwrap_or_else(|| part.to_owned());
        let (command, stdout_to) = match part.split_once(" > ") {
            Some((command, file)) => (command.to_owned(), Some(file.trim().to_owned())),
            None => (part.clone(), None),
        };
        let mut words = words(&command);
        words.remove(0);
        out.push(Example {
            block,
            line: part,
            words,
            stdout_to,
            shown: Vec::new(),
        });
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("a readable folder") {
        let path = entry.expect("an entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("a copy");
        }
    }
}

/// The folder an example runs in: the repository's spec (also as
/// `services/chat/llm-slo.yaml`) and its generated files, the rule files and dashboards
/// under the names the examples use, a batch of calls, the price fixtures as the catalogs
/// they import, and a Sloth and an OpenSLO file. `init` runs in a folder without a spec.
fn workspace(name: &str, with_spec: bool) -> std::path::PathBuf {
    let root = common::root();
    let dir = common::scratch(&format!("readme-commands/{name}"));
    let generated = root.join("generated");
    copy_dir(&generated, &dir.join("generated"));
    copy_dir(&root.join("pricing"), &dir.join("pricing"));
    if with_spec {
        std::fs::copy(root.join("llm-slo.yaml"), dir.join("llm-slo.yaml")).expect("the spec");
    }
    copy_dir(&generated.join("prometheus"), &dir.join("rules"));
    copy_dir(&generated.join("grafana"), &dir.join("dashboards"));
    copy_dir(&generated.join("kubernetes"), &dir.join("k8s"));
    let rules = generated.join("prometheus/llm-slo.rules.yml");
    for copy in ["rules.yml", "alerts.yml"] {
        std::fs::copy(&rules, dir.join(copy)).expect("a rule file");
    }
    std::fs::create_dir_all(dir.join("services/chat")).expect("a folder");
    std::fs::copy(
        root.join("llm-slo.yaml"),
        dir.join("services/chat/llm-slo.yaml"),
    )
    .expect("the spec");
    copy_dir(&generated, &dir.join("services/chat/generated"));
    let fixtures = root.join("tests/fixtures/pricing");
    std::fs::copy(fixtures.join("genai-prices.json"), dir.join("data.json")).expect("a catalog");
    std::fs::copy(
        fixtures.join("litellm.json"),
        dir.join("model_prices_and_context_window.json"),
    )
    .expect("a catalog");
    // What the migration examples import.
    let imports = root.join("tests/fixtures/import");
    std::fs::create_dir_all(dir.join("slos")).expect("a folder");
    std::fs::copy(
        imports.join("sloth/getting-started.yml"),
        dir.join("slos/checkout.yml"),
    )
    .expect("a Sloth spec");
    std::fs::copy(imports.join("openslo/v1.yml"), dir.join("openslo.yaml")).expect("OpenSLO");
    std::fs::write(
        dir.join("calls.jsonl"),
        "{\"provider\": \"openai\", \"model\": \"gpt-4o-mini\", \"input_tokens\": 1200, \"output_tokens\": 300}\n\
         {\"provider\": \"anthropic\", \"model\": \"claude-haiku-4-5\", \"input_tokens\": 800, \"cache_read_tokens\": 400, \"output_tokens\": 90}\n",
    )
    .expect("calls");
    dir
}

#[test]
fn every_readme_command_runs_as_written() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README.md");
    let examples = examples(&readme);
    assert!(
        examples.len() >= 20,
        "the README's shell examples were not found: {examples:?}"
    );
    let mut failures = Vec::new();
    let mut folders = std::collections::BTreeMap::new();
    for example in &examples {
        // A block that starts from `init` starts without a spec, as its reader would.
        let dir = folders.entry(example.block).or_insert_with(|| {
            let init = examples
                .iter()
                .any(|e| e.block == example.block && e.words.first().is_some_and(|w| w == "init"));
            workspace(&example.block.to_string(), !init)
        });
        let output = Command::new(env!("CARGO_BIN_EXE_llm-slo"))
            .args(&example.words)
            .current_dir(&dir)
            .stdin(Stdio::null())
            .output()
            .expect("the llm-slo binary runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        if let Some(file) = &example.stdout_to {
            std::fs::write(dir.join(file), output.stdout.as_slice()).expect("stdout to a file");
        }
        // `validate` exits 1 on findings: on inputs its example was not written for (the
        // repository's own rules under another naming), that is the tool working.
        let validate_findings = example.words.first().is_some_and(|w| w == "validate")
            && output.status.code() == Some(1);
        if !output.status.success() && !validate_findings {
            failures.push(format!(
                "`{}` exited {:?}:\n{}",
                example.line,
                output.status.code(),
                common::transcript(&output)
            ));
            continue;
        }
        if !example.shown.is_empty() {
            let printed: Vec<&str> = stdout.lines().collect();
            if printed != example.shown {
                failures.push(format!(
                    "`{}` prints\n{}\nbut the README shows\n{}",
                    example.line,
                    printed.join("\n"),
                    example.shown.join("\n")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn commands_are_read_as_a_shell_reads_them() {
    let readme = "```sh\ncp a b\n# not output\nllm-slo price --provider a \\\n  --model b   # a comment\n# a: $1\nllm-slo contract --format json | jq '.x'\nx | llm-slo validate - && diff a b\ncargo run --release -- schema > s.json\n```\n";
    let found = examples(readme);
    let found_words: Vec<Vec<String>> = found.iter().map(|e| e.words.clone()).collect();
    assert_eq!(
        found_words,
        [
            vec!["price", "--provider", "a", "--model", "b"],
            vec!["contract", "--format", "json"],
            vec!["validate", "-"],
            vec!["schema"],
        ]
        .map(|w| w.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
    );
    assert_eq!(found[0].shown, ["a: $1"]);
    assert_eq!(found[3].stdout_to.as_deref(), Some("s.json"));
    assert_eq!(words("a 'b c' \"d\""), ["a", "b c", "d"]);
}

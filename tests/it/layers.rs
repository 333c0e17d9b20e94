//! The architecture as written in ARCHITECTURE.md holds in the source: no library module uses
//! one of its own layer or above (the layer table), and the code map names every file and
//! only files that exist.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common;

fn architecture() -> String {
    std::fs::read_to_string(common::root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md")
}

/// The layer of each top-level module, from the rows `| N | `a`, `b` | … |` of the table.
fn layers(text: &str) -> BTreeMap<String, u32> {
    let row = regex::Regex::new(r"^\| (\d+) \| ([^|]*) \|").expect("a regex");
    let name = regex::Regex::new(r"`(\w+)`").expect("a regex");
    let mut out = BTreeMap::new();
    for line in text.lines() {
        if let Some(caps) = row.captures(line) {
            let layer: u32 = caps[1].parse().expect("a layer number");
            for module in name.captures_iter(&caps[2]) {
                out.insert(module[1].to_owned(), layer);
            }
        }
    }
    out
}

/// The `.rs` files under a folder, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("a readable folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The library's top-level modules: its folders and `.rs` files but `lib.rs` and `main.rs`.
fn top_level_modules(src: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(src)
        .expect("src/")
        .map(|e| e.expect("an entry").path())
        .filter_map(|p| {
            let name = p.file_stem()?.to_str()?.to_owned();
            (p.is_dir() || (name != "lib" && name != "main")).then_some(name)
        })
        .collect();
    out.sort();
    out
}

/// The first segments of the paths a `crate::` reference names: `crate::spec::Spec` gives
/// `spec`, `crate::{base::Duration, load}` gives `base` and `load`. Unit tests (after
/// `#[cfg(test)]`) do not count: what a test imports does not make a layer.
fn crate_references(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            out.extend(group_heads(group));
        } else {
            let head: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(head);
        }
    }
    out
}

/// The first segment of each path of a `{…}` group, up to its closing brace.
fn group_heads(group: &str) -> Vec<String> {
    let mut depth = 0;
    let mut pieces = vec![String::new()];
    for c in group.chars() {
        match c {
            '}' if depth == 0 => break,
            ',' if depth == 0 => pieces.push(String::new()),
            _ => {
                depth += i32::from(c == '{') - i32::from(c == '}');
                pieces.last_mut().expect("a piece").push(c);
            }
        }
    }
    pieces
        .iter()
        .map(|p| {
            p.trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|head| !head.is_empty())
        .collect()
}

#[test]
fn the_reference_scan_finds_every_form() {
    let text = "use crate::spec::Spec;\nuse crate::{base::{Duration, Usd}, load};\nlet x = crate::queries::sum_by(a, b);\n$crate::yaml::Path\n#[cfg(test)]\nuse crate::cli;";
    assert_eq!(crate_references(text), ["spec", "base", "load", "queries"]);
}

#[test]
fn no_module_uses_one_of_its_layer_or_above() {
    let text = architecture();
    let layers = layers(&text);
    let src = common::root().join("src");
    let modules = top_level_modules(&src);
    assert!(modules.len() > 10, "{modules:?}");
    let mut problems = Vec::new();
    for module in &modules {
        let Some(&layer) = layers.get(module) else {
            problems.push(format!(
                "`{module}` is not in ARCHITECTURE.md's layer table"
            ));
            continue;
        };
        let folder = src.join(module);
        let files = if folder.is_dir() {
            rust_files(&folder)
        } else {
            vec![src.join(format!("{module}.rs"))]
        };
        for file in files {
            let text = std::fs::read_to_string(&file).expect("a readable source file");
            for used in crate_references(&text) {
                let Some(&used_layer) = layers.get(&used) else {
                    continue;
                };
                if used != *module && used_layer >= layer {
                    problems.push(format!(
                        "{}: `{module}` (layer {layer}) uses `crate::{used}` (layer {used_layer})",
                        file.strip_prefix(common::root()).unwrap_or(&file).display()
                    ));
                }
            }
        }
    }
    for module in layers.keys() {
        if !modules.contains(module) {
            problems.push(format!(
                "the layer table names `{module}`, which src/ does not have"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The code map's entries: (path, its text with continuation lines).
fn code_map(text: &str) -> Vec<(String, String)> {
    let section = text
        .split("## Code map")
        .nth(1)
        .expect("a code map section");
    let block = section.split("```").nth(1).expect("a code block");
    let mut entries: Vec<(String, String)> = Vec::new();
    for line in block.lines() {
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with(' ') {
            if let Some(last) = entries.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        } else {
            let mut words = line.splitn(2, char::is_whitespace);
            let path = words.next().unwrap_or_default().to_owned();
            let rest = words.next().unwrap_or_default().trim().to_owned();
            entries.push((path, rest));
        }
    }
    entries
}

/// Every source file of the workspace, relative to the root.
fn source_files() -> Vec<String> {
    let root = common::root();
    let mut out = Vec::new();
    let mut folders = vec![
        root.join("src"),
        root.join("tests/it"),
        root.join("tests/oracle"),
        root.join("tests/fixtures/promql"),
        root.join("examples"),
        root.join("scripts"),
    ];
    for krate in std::fs::read_dir(root.join("crates")).expect("crates/") {
        let krate = krate.expect("an entry").path();
        for part in ["src", "examples", "benches", "tests"] {
            folders.push(krate.join(part));
        }
    }
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "snapshots") {
                    folders.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs" || e == "py") {
                let relative = path.strip_prefix(root).expect("inside the root");
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_code_map_names_every_file_and_only_files_that_exist() {
    let entries = code_map(&architecture());
    let mut problems = Vec::new();
    for file in source_files() {
        let (folder, name) = file.rsplit_once('/').unwrap_or(("", &file));
        let folder = format!("{folder}/");
        let named = entries.iter().any(|(path, text)| {
            *path == file
                || (*path == folder
                    && text
                        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                        .any(|word| word.trim_end_matches('.') == name))
        });
        if !named {
            problems.push(format!("{file} is not in ARCHITECTURE.md's code map"));
        }
    }
    for (path, _) in &entries {
        if !common::root().join(path).exists() {
            problems.push(format!("the code map names {path}, which does not exist"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

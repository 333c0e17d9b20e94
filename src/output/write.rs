//! Writing generated files atomically.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{GENERATED_MARKER, GeneratedFile};

/// What [`write`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct WriteSummary {
    /// Files created or changed.
    pub written: Vec<String>,
    /// Files that already had the right bytes (left untouched).
    pub unchanged: Vec<String>,
    /// Earlier generated files that the spec no longer produces, removed.
    pub removed: Vec<String>,
}

/// Writes every file under `dir` (temporary file + rename, so a reader never sees half a
/// file), then removes stale generated files.
pub(crate) fn write(dir: &Path, files: &[GeneratedFile]) -> io::Result<WriteSummary> {
    let mut summary = WriteSummary::default();
    for file in files {
        let target = dir.join(&file.path);
        if fs::read(&target).is_ok_and(|existing| existing == file.contents) {
            summary.unchanged.push(file.path.clone());
            continue;
        }
        write_atomically(&target, &file.contents)?;
        summary.written.push(file.path.clone());
    }
    let produced: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for stale in stale_files(dir, &produced)? {
        let target = dir.join(&stale);
        fs::remove_file(&target)?;
        remove_empty_parents(dir, &target);
        summary.removed.push(stale);
    }
    Ok(summary)
}

/// Writes one file atomically (temporary file in the same folder, then rename).
pub(crate) fn write_file(target: &Path, contents: &[u8]) -> io::Result<()> {
    write_atomically(target, contents)
}

fn write_atomically(target: &Path, contents: &[u8]) -> io::Result<()> {
    let parent = target.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = parent.join(format!(".{name}.llm-slo-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(contents)?;
        file.sync_all()?;
        fs::rename(&temporary, target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

fn remove_empty_parents(dir: &Path, file: &Path) {
    let mut current = file.parent();
    while let Some(folder) = current {
        if folder == dir || !folder.starts_with(dir) || fs::remove_dir(folder).is_err() {
            break;
        }
        current = folder.parent();
    }
}

/// Files under `dir` that carry the generated marker but are not in `produced`, as sorted
/// relative paths.
pub(super) fn stale_files(dir: &Path, produced: &BTreeSet<&str>) -> io::Result<Vec<String>> {
    let mut stale = Vec::new();
    if !dir.is_dir() {
        return Ok(stale);
    }
    let mut pending: Vec<PathBuf> = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder)? {
            let entry = entry?;
            let path = entry.path();
            let kind = entry.file_type()?;
            if kind.is_dir() {
                pending.push(path);
                continue;
            }
            if !kind.is_file() {
                continue;
            }
            let Ok(relative) = path.strip_prefix(dir) else {
                continue;
            };
            let relative = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if !produced.contains(relative.as_str()) && is_generated(&path) {
                stale.push(relative);
            }
        }
    }
    stale.sort();
    Ok(stale)
}

/// Whether a file carries the generated marker in its first 4 KiB.
fn is_generated(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4096];
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    let n = file.read(&mut head).unwrap_or(0);
    head[..n]
        .windows(GENERATED_MARKER.len())
        .any(|w| w == GENERATED_MARKER.as_bytes())
}

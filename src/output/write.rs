//! Writing generated files atomically.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

use super::{GeneratedFile, MANIFEST, listed};

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
    // From the previous run's manifest, before this run's replaces it.
    let produced: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let stale = stale_files(dir, &produced)?;
    for file in files {
        let target = dir.join(&file.path);
        if fs::read(&target).is_ok_and(|existing| existing == file.contents) {
            summary.unchanged.push(file.path.clone());
            continue;
        }
        write_atomically(&target, &file.contents)?;
        summary.written.push(file.path.clone());
    }
    for stale in stale {
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

/// Files the previous run's manifest lists that `produced` no longer has and that still
/// exist, as sorted relative paths. Without a manifest nothing is stale: a file is only
/// removed when a run of llm-slo recorded writing it.
pub(super) fn stale_files(dir: &Path, produced: &BTreeSet<&str>) -> io::Result<Vec<String>> {
    let manifest = match fs::read(dir.join(MANIFEST)) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut stale: Vec<String> = listed(&manifest)
        .into_iter()
        .filter(|path| !produced.contains(path.as_str()) && dir.join(path).is_file())
        .collect();
    stale.sort();
    stale.dedup();
    Ok(stale)
}

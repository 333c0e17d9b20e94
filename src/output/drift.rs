//! Comparing generated files with what is on disk, without writing.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::Path;

use super::GeneratedFile;
use super::write::stale_files;

/// How the files on disk differ from what the spec generates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Drift {
    /// The file is missing.
    Missing {
        /// Relative path.
        path: String,
        /// What it should contain.
        expected: Vec<u8>,
    },
    /// The file has other contents.
    Changed {
        /// Relative path.
        path: String,
        /// What is on disk.
        actual: Vec<u8>,
        /// What it should contain.
        expected: Vec<u8>,
    },
    /// A generated file the spec no longer produces.
    Stale {
        /// Relative path.
        path: String,
        /// What is on disk.
        actual: Vec<u8>,
    },
}

impl Drift {
    /// The relative path.
    pub(crate) fn path(&self) -> &str {
        match self {
            Drift::Missing { path, .. }
            | Drift::Changed { path, .. }
            | Drift::Stale { path, .. } => path,
        }
    }

    /// A unified diff from what is on disk to what should be.
    pub(crate) fn diff(&self) -> String {
        let empty = Vec::new();
        let (actual, expected) = match self {
            Drift::Missing { expected, .. } => (&empty, expected),
            Drift::Changed {
                actual, expected, ..
            } => (actual, expected),
            Drift::Stale { actual, .. } => (actual, &empty),
        };
        unified_diff(self.path(), actual, expected)
    }
}

/// Compares `files` with the files under `dir`.
pub(crate) fn drift(dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Drift>> {
    let mut out = Vec::new();
    for file in files {
        match fs::read(dir.join(&file.path)) {
            Ok(actual) if actual == file.contents => {}
            Ok(actual) => out.push(Drift::Changed {
                path: file.path.clone(),
                actual,
                expected: file.contents.clone(),
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => out.push(Drift::Missing {
                path: file.path.clone(),
                expected: file.contents.clone(),
            }),
            Err(e) => return Err(e),
        }
    }
    let produced: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for path in stale_files(dir, &produced)? {
        let actual = fs::read(dir.join(&path))?;
        out.push(Drift::Stale { path, actual });
    }
    Ok(out)
}

/// A unified diff (`--- a/path`, `+++ b/path`) between two versions of a file.
pub(crate) fn unified_diff(path: &str, old: &[u8], new: &[u8]) -> String {
    let old = String::from_utf8_lossy(old);
    let new = String::from_utf8_lossy(new);
    let diff = similar::TextDiff::from_lines(old.as_ref(), new.as_ref());
    let (from, to) = (
        if old.is_empty() {
            "/dev/null".to_owned()
        } else {
            format!("a/{path}")
        },
        if new.is_empty() {
            "/dev/null".to_owned()
        } else {
            format!("b/{path}")
        },
    );
    diff.unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .header(&from, &to)
        .to_string()
}

//! Loading a spec end to end: the spec layer reads and checks it, the pricing layer prices
//! its models, and its template folder is read. The result, a [`LoadedSpec`], is what every
//! generator takes.

mod templates;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use llm_slo_core::pricing::ModelPricing;

use crate::diagnostics::Report;
use crate::spec::semantic::{self, Checker};
use crate::spec::{self as spec_layer, Spec};
use crate::yaml::Document;

/// A spec that passed every check, with its models priced and what it was read from.
///
/// It can only be made by loading, so a generator never sees a spec that skipped a check.
#[derive(Clone, Debug)]
pub struct LoadedSpec {
    pub(crate) spec: Spec,
    pub(crate) file: Arc<str>,
    pub(crate) path: Option<PathBuf>,
    pub(crate) text: Arc<str>,
    pub(crate) document: Document,
    pub(crate) prices: Vec<ModelPricing>,
    pub(crate) warnings: Report,
    pub(crate) templates: BTreeMap<String, String>,
}

/// Why a spec could not be loaded.
#[derive(Debug)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be read (the CLI exits 2).
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        error: std::io::Error,
    },
    /// The spec is invalid (the CLI exits 1): every diagnostic found.
    Invalid(Report),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io { path, error } => write!(f, "cannot read {}: {error}", path.display()),
            LoadError::Invalid(report) => write!(f, "{report}"),
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Io { error, .. } => Some(error),
            LoadError::Invalid(report) => Some(report),
        }
    }
}

impl LoadedSpec {
    /// Loads a spec from bytes, which must be UTF-8; `file` names it in diagnostics and in
    /// generated headers. The template folder is not read.
    pub(crate) fn from_bytes(file: &str, bytes: &[u8]) -> Result<LoadedSpec, Report> {
        let spec_layer::ParsedSpec {
            spec,
            file,
            text,
            document,
            mut report,
        } = spec_layer::parse(file, bytes)?;
        let mut checker = Checker::new(&document, &file, &text);
        semantic::check(&spec, &mut checker);
        let prices = crate::pricing::resolve(&spec, &mut checker);
        report.diagnostics.extend(checker.finish());
        report.sort();
        if report.has_errors() {
            return Err(report);
        }
        Ok(LoadedSpec {
            spec,
            file,
            path: None,
            text,
            document,
            prices,
            warnings: report,
            templates: BTreeMap::new(),
        })
    }

    /// Loads a spec from a file, with its template folder.
    pub(crate) fn from_path(path: &Path) -> Result<LoadedSpec, LoadError> {
        let bytes = std::fs::read(path).map_err(|error| LoadError::Io {
            path: path.to_owned(),
            error,
        })?;
        let mut loaded =
            Self::from_bytes(&path.display().to_string(), &bytes).map_err(LoadError::Invalid)?;
        loaded.path = Some(path.to_owned());
        if let Some(dir) = loaded.spec.templates.clone() {
            let dir = path.parent().unwrap_or(Path::new(".")).join(dir);
            loaded.templates = templates::read_templates(&loaded, &dir)?;
        }
        Ok(loaded)
    }

    /// The spec.
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// The file name its diagnostics use.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Where it was read from, when read from a file.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The prices of its models (catalogs and overrides resolved), sorted by provider and
    /// model.
    pub fn prices(&self) -> &[ModelPricing] {
        &self.prices
    }

    /// The warnings found while checking it.
    pub fn warnings(&self) -> &Report {
        &self.warnings
    }

    /// The spec's file name without folders, as generated files name it.
    pub fn source_name(&self) -> &str {
        let file: &str = &self.file;
        file.rsplit(['/', '\\']).next().unwrap_or(file)
    }

    /// The output folder the spec asks for, relative to the spec file's folder.
    pub fn output_dir(&self) -> PathBuf {
        let dir = Path::new(&self.spec.outputs.dir);
        match self.path.as_deref().and_then(Path::parent) {
            Some(parent) if dir.is_relative() => parent.join(dir),
            _ => dir.to_owned(),
        }
    }
}

//! Loading a spec: bytes → YAML tree → typed spec → semantic checks.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use llm_slo_core::pricing::ModelPricing;

use super::{SPEC_VERSION, Spec, check, codes};
use crate::diagnostics::{Diagnostic, Report};
use crate::yaml::{Document, NodeKind, load};

/// A spec that passed every check, with what it was read from.
#[derive(Clone, Debug)]
pub struct LoadedSpec {
    /// The typed spec.
    pub spec: Spec,
    /// The file name diagnostics use.
    pub file: Arc<str>,
    /// Where it was read from, when read from disk.
    pub path: Option<PathBuf>,
    /// The source text.
    pub text: Arc<str>,
    /// The positioned YAML tree, for diagnostics about values.
    pub document: Document,
    /// The prices of the spec's models (catalogs and overrides resolved), sorted by provider
    /// and model.
    pub prices: Vec<ModelPricing>,
    /// Warnings found while checking.
    pub warnings: Report,
    /// The spec's own templates (`templates:`), by name, replacing shipped ones.
    pub templates: std::collections::BTreeMap<String, String>,
}

/// Why a spec could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read (exit code 2).
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        error: std::io::Error,
    },
    /// The spec is invalid (exit code 1).
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

impl std::error::Error for LoadError {}

impl LoadedSpec {
    /// Loads a spec from text; `file` names it in diagnostics and in generated headers.
    ///
    /// ```
    /// let spec = llm_slo::spec::LoadedSpec::from_str("llm-slo.yaml", "version: 1\n")
    ///     .unwrap_err();
    /// assert!(spec.to_human().contains("missing field `service`"));
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(file: &str, text: &str) -> Result<LoadedSpec, Report> {
        Self::from_bytes(file, text.as_bytes())
    }

    /// Loads a spec from bytes, which must be UTF-8.
    pub fn from_bytes(file: &str, bytes: &[u8]) -> Result<LoadedSpec, Report> {
        let file: Arc<str> = Arc::from(file);
        let text = load::decode(&file, bytes)?;
        let (document, mut report) = load::parse_one(&file, &text);
        let Some(document) = document else {
            return Err(report);
        };
        if let Some(diagnostic) = check_version(&file, &document) {
            // Another version may have another shape: report only the version.
            report.diagnostics.push(diagnostic);
            return Err(report);
        }
        let spec = match load::deserialize::<Spec>(&file, &document) {
            Ok(spec) => spec,
            Err(diagnostics) => {
                report.diagnostics.extend(diagnostics);
                report.sort();
                return Err(report);
            }
        };
        if report.has_errors() {
            // Duplicate keys: the spec read may not be the one the author meant.
            return Err(report);
        }
        let (diagnostics, prices) = check::check(&spec, &document, &file, &text);
        report.diagnostics.extend(diagnostics);
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
            templates: std::collections::BTreeMap::new(),
        })
    }

    /// Loads a spec from a file.
    pub fn from_path(path: &Path) -> Result<LoadedSpec, LoadError> {
        let bytes = std::fs::read(path).map_err(|error| LoadError::Io {
            path: path.to_owned(),
            error,
        })?;
        let mut loaded =
            Self::from_bytes(&path.display().to_string(), &bytes).map_err(LoadError::Invalid)?;
        loaded.path = Some(path.to_owned());
        if let Some(dir) = loaded.spec.templates.clone() {
            let dir = path.parent().unwrap_or(Path::new(".")).join(dir);
            loaded.templates = read_templates(&loaded, &dir)?;
        }
        Ok(loaded)
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

/// The `.j2` files of a template folder, by their path inside it (`alerts/latency.promql.j2`);
/// each must replace a shipped template.
fn read_templates(
    loaded: &LoadedSpec,
    dir: &Path,
) -> Result<std::collections::BTreeMap<String, String>, LoadError> {
    let io = |path: &Path, error| LoadError::Io {
        path: path.to_owned(),
        error,
    };
    let mut found = std::collections::BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).map_err(|e| io(&folder, e))? {
            let path = entry.map_err(|e| io(&folder, e))?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "j2") {
                let name = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
                found.insert(name, text);
            }
        }
    }
    let shipped: Vec<&str> = crate::queries::templates::SHIPPED
        .iter()
        .map(|(name, _)| *name)
        .collect();
    let mut report = Report::default();
    for name in found.keys() {
        if !shipped.contains(&name.as_str()) {
            let span = loaded.document.locate(&crate::path!["templates"]);
            let mut diagnostic = Diagnostic::error(
                codes::UNKNOWN_TEMPLATE,
                format!("`{name}` in the template folder replaces no shipped template"),
            )
            .at(&loaded.file, span);
            diagnostic.help = crate::base::suggest::did_you_mean(&crate::base::suggest::closest(
                name,
                shipped.iter().copied(),
            ));
            report.diagnostics.push(diagnostic);
        }
    }
    if report.diagnostics.is_empty() {
        Ok(found)
    } else {
        report.sources.add(&loaded.file, &loaded.text);
        Err(LoadError::Invalid(report))
    }
}

fn check_version(file: &Arc<str>, document: &Document) -> Option<Diagnostic> {
    let root = &document.root;
    if !matches!(root.kind, NodeKind::Map(_)) {
        return Some(
            Diagnostic::error(
                crate::yaml::codes::INVALID_VALUE,
                format!(
                    "the spec must be a mapping of sections, found {}",
                    root.describe()
                ),
            )
            .at(file, root.span)
            .with_help("start from `llm-slo init`"),
        );
    }
    match root.get("version") {
        None => Some(
            Diagnostic::error(
                codes::VERSION,
                "missing `version: 1` at the top of the spec",
            )
            .at(file, crate::base::Span::point(root.span.start))
            .with_help("add `version: 1` as the first line"),
        ),
        Some(node) if node.as_str() == Some("1") => None,
        Some(node) => Some(
            Diagnostic::error(
                codes::VERSION,
                format!(
                    "unsupported spec version `{}`: this llm-slo reads version {SPEC_VERSION}",
                    node.as_str().unwrap_or("…")
                ),
            )
            .at(file, node.span)
            .with_help(
                "write `version: 1`, or upgrade llm-slo if the spec comes from a newer release",
            ),
        ),
    }
}

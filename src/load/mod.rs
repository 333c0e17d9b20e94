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
    /// The text it was read from (empty for a spec built in code).
    pub(crate) text: Arc<str>,
    /// Its positioned tree; none for a spec built in code.
    pub(crate) document: Option<Document>,
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

/// The error of a spec that names a template folder but was not read from a file.
fn templates_without_file(checker: &mut Checker<'_>) {
    checker
        .error(
            crate::spec::codes::TEMPLATES_WITHOUT_FILE,
            &crate::yaml_path!["templates"],
            "`templates:` names a folder, and a spec not read from a file has none to find it in"
                .to_owned(),
        )
        .help =
        Some("load the spec from its file (`llm_slo::load`), or drop `templates:`".to_owned());
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
            left_out,
        } = spec_layer::parse(file, bytes)?;
        let mut checker = Checker::new(&document, &file, &text);
        semantic::check(&spec, &mut checker);
        let prices = crate::pricing::resolve(&spec, &mut checker);
        let mut semantic = checker.finish();
        // A finding inside an entry left out for a schema error is about the default that
        // stood in for it: not the author's.
        semantic.diagnostics.retain(|d| {
            d.location.as_ref().is_none_or(|l| {
                !left_out
                    .iter()
                    .any(|s| s.start.line <= l.line && l.end_line <= s.end.line)
            })
        });
        report.extend(semantic);
        report.sort();
        if report.has_errors() {
            return Err(report);
        }
        Ok(LoadedSpec {
            spec,
            file,
            path: None,
            text,
            document: Some(document),
            prices,
            warnings: report,
            templates: BTreeMap::new(),
        })
    }

    /// Loads a spec from text, which has no folder: a `templates:` entry is an error.
    pub(crate) fn from_text(file: &str, text: &str) -> Result<LoadedSpec, Report> {
        Self::from_bytes(file, text.as_bytes())?.without_templates()
    }

    /// Loads a spec built in code: the same checks as a file's, with diagnostics at paths
    /// (`slos[0].objective: …`) for want of lines. It has no folder: a `templates:` entry is
    /// an error.
    pub(crate) fn from_value(file: &str, spec: &Spec) -> Result<LoadedSpec, Report> {
        let file: Arc<str> = Arc::from(file);
        let mut checker = Checker::for_value(&file);
        if spec.version != spec_layer::SPEC_VERSION {
            checker.error(
                crate::spec::codes::VERSION,
                &crate::yaml_path!["version"],
                format!(
                    "unsupported spec version `{}`: this llm-slo reads version {}",
                    spec.version,
                    spec_layer::SPEC_VERSION
                ),
            );
        }
        semantic::check(spec, &mut checker);
        let prices = crate::pricing::resolve(spec, &mut checker);
        if spec.templates.is_some() {
            templates_without_file(&mut checker);
        }
        let mut report = checker.finish();
        report.sort();
        if report.has_errors() {
            return Err(report);
        }
        Ok(LoadedSpec {
            spec: spec.clone(),
            file,
            path: None,
            text: Arc::from(""),
            document: None,
            prices,
            warnings: report,
            templates: BTreeMap::new(),
        })
    }

    /// The spec, or an error at `templates:` when it names a folder it has none to resolve
    /// against.
    fn without_templates(self) -> Result<LoadedSpec, Report> {
        let Some(document) = &self.document else {
            return Ok(self);
        };
        if self.spec.templates.is_none() {
            return Ok(self);
        }
        let mut checker = Checker::new(document, &self.file, &self.text);
        templates_without_file(&mut checker);
        Err(checker.finish())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn repository_spec() -> LoadedSpec {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("llm-slo.yaml");
        LoadedSpec::from_path(&path).expect("the repository spec loads")
    }

    #[test]
    fn a_spec_value_generates_what_its_file_does() {
        let from_file = repository_spec();
        let from_value = LoadedSpec::from_value("llm-slo.yaml", from_file.spec()).expect("loads");
        assert_eq!(
            crate::generate(&from_value).expect("generates"),
            crate::generate(&from_file).expect("generates")
        );
    }

    #[test]
    fn a_spec_value_is_checked_at_paths() {
        let text = "version: 1\nservice: {name: x}\npricing: {models: [{provider: openai, model: gpt-4o}]}\nslos: [{name: a, sli: {availability: {}}, objective: 99}]\nalerts: {custom: [{name: Backlog, expr: 'sum(x)', summary: s}]}\n";
        let mut spec = crate::spec::parse("x.yaml", text.as_bytes())
            .expect("parses")
            .spec;
        spec.slos[0].objective = 100.0;
        spec.alerts.custom[0].expr = "sum(rate(llm_queue_depth[5m]) by (x)".to_owned();
        let report = LoadedSpec::from_value("built", &spec).unwrap_err();
        let human = report.to_human();
        assert!(
            human.contains("slos[0].objective: objective must be between 0 and 100"),
            "{human}"
        );
        // The expression is its own source: the caret lands inside it.
        assert!(human.contains("built#alerts.custom[0].expr:1:"), "{human}");
        assert!(
            human.contains("sum(rate(llm_queue_depth[5m]) by (x)"),
            "{human}"
        );
    }

    #[test]
    fn text_and_values_have_no_template_folder() {
        let text =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("llm-slo.yaml"))
                .expect("the repository spec");
        let with_templates = format!("{text}templates: my-templates\n");
        let report = LoadedSpec::from_text("spec.yaml", &with_templates).unwrap_err();
        assert_eq!(report.diagnostics.len(), 1, "{report}");
        assert_eq!(
            report.diagnostics[0].code,
            crate::spec::codes::TEMPLATES_WITHOUT_FILE
        );
        assert!(
            report.to_human().contains("templates: my-templates"),
            "{report}"
        );

        let mut spec = repository_spec().spec().clone();
        spec.templates = Some("my-templates".to_owned());
        let report = LoadedSpec::from_value("built", &spec).unwrap_err();
        assert!(
            report
                .to_human()
                .contains("templates: `templates:` names a folder"),
            "{report}"
        );
    }
}

//! A spec's own templates: the `.j2` files of its `templates:` folder, each replacing a
//! shipped template of the same name.

use std::path::Path;

use super::{LoadError, LoadedSpec};
use crate::diagnostics::{Diagnostic, Report};

/// The `.j2` files of a template folder, by their path inside it (`alerts/latency.promql.j2`);
/// each must replace a shipped template.
pub(super) fn read_templates(
    loaded: &LoadedSpec,
    dir: &Path,
) -> Result<std::collections::BTreeMap<String, String>, LoadError> {
    let io = |path: &Path, error| LoadError::Io {
        path: path.to_owned(),
        error,
    };
    if !dir.is_dir() {
        // The spec's mistake, at its line: not an I/O failure.
        let mut diagnostic = Diagnostic::error(
            crate::spec::codes::TEMPLATES_NOT_FOUND,
            format!(
                "the template folder `{}` does not exist (it is read relative to the spec)",
                dir.display()
            ),
        )
        .with_help("create the folder with the templates to override, or drop `templates:`");
        if let Some(document) = &loaded.document {
            diagnostic = diagnostic.at(
                &loaded.file,
                document.locate(&crate::yaml_path!["templates"]),
            );
        }
        let mut report = Report::default();
        report.diagnostics.push(diagnostic);
        report.sources.add(&loaded.file, &loaded.text);
        return Err(LoadError::Invalid(report));
    }
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
            let mut diagnostic = Diagnostic::error(
                crate::spec::codes::UNKNOWN_TEMPLATE,
                format!("`{name}` in the template folder replaces no shipped template"),
            );
            if let Some(document) = &loaded.document {
                diagnostic = diagnostic.at(
                    &loaded.file,
                    document.locate(&crate::yaml_path!["templates"]),
                );
            }
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

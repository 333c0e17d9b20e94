//! Renderers: one per output format.

pub(crate) mod github;
pub(crate) mod gitlab;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod sarif;

/// An output format for findings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// `file:line:col: severity[code]: message`, the source line and a caret.
    #[default]
    Human,
    /// A JSON array of findings.
    Json,
    /// GitHub Actions workflow commands (`::error file=…::…`).
    Github,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// GitLab's Code Quality report (`artifacts: reports: codequality`).
    Gitlab,
}

/// Renders a report in a format.
pub(crate) fn render(report: &super::Report, format: Format) -> String {
    match format {
        Format::Human => human::render(report, human::colored(true)),
        Format::Json => json::render(report),
        Format::Github => github::render(report),
        Format::Sarif => sarif::render(report),
        Format::Gitlab => gitlab::render(report),
    }
}

//! Suppressions written in the inputs themselves: `# llm-slo: disable=CODE[,CODE] reason`
//! comments in YAML files, and `llm-slo: disable=CODE` in a Grafana panel's description;
//! and the panels of dashboards, which `validate.panels` names by uid and id.

use std::sync::Arc;

use crate::base::{LineIndex, Pos, Span};
use crate::yaml::{Node, NodeKind};

/// A range of a file: from `start` to `end` (line and column, both included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Region {
    pub start: (u32, u32),
    pub end: (u32, u32),
}

impl Region {
    /// Whether a position (line, column) is inside.
    pub(super) fn contains(&self, at: (u32, u32)) -> bool {
        self.start <= at && at <= self.end
    }

    fn of(span: Span) -> Region {
        Region {
            start: (span.start.line, span.start.column),
            end: (span.end.line, span.end.column),
        }
    }
}

/// One `disable` directive.
#[derive(Clone, Debug)]
pub(super) struct Directive {
    /// The codes as written (`promql/short-range`, `promql/*`).
    pub codes: Vec<String>,
    /// What it covers.
    pub region: Region,
    /// Where it is written (for reporting it).
    pub at: Span,
}

/// A directive that cannot be read, with why.
#[derive(Clone, Debug)]
pub(super) struct Malformed {
    pub at: Span,
    pub message: String,
}

/// A Grafana panel: its dashboard's uid, its id and where it is.
#[derive(Clone, Debug)]
pub(super) struct Panel {
    pub dashboard: Option<String>,
    pub id: Option<u64>,
    pub region: Region,
}

/// What the marker looks like in a comment or a description.
pub(super) const MARKER: &str = "llm-slo:";

/// Parses `disable=CODE[,CODE] reason` after the marker.
fn parse_directive(rest: &str) -> Result<Vec<String>, String> {
    let rest = rest.trim_start();
    let Some(codes) = rest.strip_prefix("disable=") else {
        return Err(format!(
            "`{MARKER} {}` is not a directive: write `{MARKER} disable=CODE[,CODE] reason`",
            rest.split_whitespace().next().unwrap_or_default()
        ));
    };
    let codes: Vec<String> = codes
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    if codes.is_empty() {
        return Err(format!(
            "`{MARKER} disable=` names no code: write `{MARKER} disable=CODE[,CODE] reason`"
        ));
    }
    Ok(codes)
}

/// The start of a `#` comment on a YAML line, outside quotes (`# llm-slo` inside a quoted
/// annotation is text, not a comment).
fn comment_start(line: &str) -> Option<usize> {
    let (mut single, mut double) = (false, false);
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single && previous != '\\' => double = !double,
            '#' if !single && !double && (i == 0 || previous.is_whitespace()) => return Some(i),
            _ => {}
        }
        previous = c;
    }
    None
}

/// Leading spaces: a block is its first line and every line after it indented further (a
/// sequence item's `- ` counts as its first line's, so its fields belong to it).
fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The `# llm-slo: disable=…` directives of a YAML text and the malformed ones. A
/// directive on a line of its own covers the block that starts on the next line with
/// content (a rule's `- alert:` item, or an `expr:` and its continuation lines: every line
/// indented further); one after content on a line covers that line's block.
pub(super) fn yaml_directives(text: &str) -> (Vec<Directive>, Vec<Malformed>) {
    let lines: Vec<&str> = text.lines().collect();
    let index = LineIndex::new(text);
    let mut offsets = Vec::with_capacity(lines.len());
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        offsets.push(offset);
        offset += line.len();
    }
    let mut directives = Vec::new();
    let mut malformed = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let Some(hash) = comment_start(line) else {
            continue;
        };
        let comment = line[hash + 1..].trim_start();
        let Some(rest) = comment.strip_prefix(MARKER) else {
            continue;
        };
        let at = index.span(text, offsets[n] + hash, offsets[n] + line.len());
        let codes = match parse_directive(rest) {
            Ok(codes) => codes,
            Err(message) => {
                malformed.push(Malformed { at, message });
                continue;
            }
        };
        // The block it covers: this line's, or the next line with content's.
        let own_line = !line[..hash].trim().is_empty();
        let first = if own_line {
            Some(n)
        } else {
            (n + 1..lines.len()).find(|&m| {
                let t = lines[m].trim();
                !t.is_empty() && !t.starts_with('#')
            })
        };
        let Some(first) = first else {
            malformed.push(Malformed {
                at,
                message: format!("`{MARKER} disable` is followed by nothing it could cover"),
            });
            continue;
        };
        let indent = indentation(lines[first]);
        let last = (first + 1..lines.len())
            .take_while(|&m| {
                let t = lines[m].trim();
                t.is_empty() || t.starts_with('#') || indentation(lines[m]) > indent
            })
            .last()
            .unwrap_or(first);
        // Trailing blank and comment lines are not part of the block.
        let last = (first..=last)
            .rev()
            .find(|&m| {
                let t = lines[m].trim();
                !t.is_empty() && !t.starts_with('#')
            })
            .unwrap_or(first);
        directives.push(Directive {
            codes,
            region: Region {
                start: (crate::base::position::to_u32(first + 1), 1),
                end: (crate::base::position::to_u32(last + 1), u32::MAX),
            },
            at,
        });
    }
    (directives, malformed)
}

/// Every panel of a dashboard (nested rows and the old `rows` layout included), with the
/// `llm-slo: disable=…` markers of their descriptions. `None` when the text is not a
/// dashboard.
pub(super) fn dashboard_panels(text: &str) -> Option<(Vec<Panel>, Vec<Directive>, Vec<Malformed>)> {
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let parsed = crate::yaml::parse(text, crate::yaml::Limits::default());
    let root = &parsed.documents.first()?.root;
    let dashboard = root.get("dashboard").unwrap_or(root);
    if dashboard.get("panels").is_none() && dashboard.get("rows").is_none() {
        return None;
    }
    let uid = dashboard
        .get("uid")
        .and_then(Node::as_str)
        .map(str::to_owned);
    let mut panels = Vec::new();
    let mut directives = Vec::new();
    let mut malformed = Vec::new();
    let mut pending: Vec<&Node> = Vec::new();
    for key in ["panels", "rows"] {
        if let Some(Node {
            kind: NodeKind::Seq(items),
            ..
        }) = dashboard.get(key)
        {
            pending.extend(items);
        }
    }
    while let Some(panel) = pending.pop() {
        if let Some(Node {
            kind: NodeKind::Seq(items),
            ..
        }) = panel.get("panels")
        {
            pending.extend(items);
        }
        let region = Region::of(panel.span);
        let id = panel
            .get("id")
            .and_then(Node::as_str)
            .and_then(|id| id.parse().ok());
        panels.push(Panel {
            dashboard: uid.clone(),
            id,
            region,
        });
        let Some(description) = panel.get("description") else {
            continue;
        };
        let Some(text) = description.as_str() else {
            continue;
        };
        if let Some(found) = text.find(MARKER) {
            match parse_directive(&text[found + MARKER.len()..]) {
                Ok(codes) => directives.push(Directive {
                    codes,
                    region,
                    at: description.span,
                }),
                Err(message) => malformed.push(Malformed {
                    at: description.span,
                    message,
                }),
            }
        }
    }
    panels.sort_by_key(|p| p.region.start);
    Some((panels, directives, malformed))
}

/// Whether a file's text is JSON (no comments there).
pub(super) fn is_json(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), Some('{' | '['))
}

/// An empty span at the first character, for findings about a whole file.
pub(super) fn file_start() -> Span {
    Span::point(Pos {
        offset: 0,
        line: 1,
        column: 1,
    })
}

/// The file name as diagnostics carry it.
pub(super) fn file(name: &str) -> Arc<str> {
    Arc::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directive_covers_the_next_block() {
        let text = "groups:\n  - name: a\n    rules:\n      # llm-slo: disable=promql/short-range,alerts/comparison too noisy\n      - alert: X\n        expr: |\n          rate(foo[1m])\n\n      - alert: Y\n        expr: z # llm-slo: disable=promql/syntax\n";
        let (directives, malformed) = yaml_directives(text);
        assert!(malformed.is_empty());
        assert_eq!(
            directives[0].codes,
            ["promql/short-range", "alerts/comparison"]
        );
        assert_eq!(directives[0].region.start, (5, 1));
        assert_eq!(directives[0].region.end.0, 7);
        assert_eq!(directives[1].region.start, (10, 1));
        assert_eq!(directives[1].region.end.0, 10);
    }

    #[test]
    fn markers_in_quotes_are_text_and_bad_directives_are_reported() {
        let text = "a: \"# llm-slo: disable=x\"\n# llm-slo: enable=promql/syntax\nb: 1\n";
        let (directives, malformed) = yaml_directives(text);
        assert!(directives.is_empty());
        assert_eq!(malformed.len(), 1);
        assert!(malformed[0].message.contains("not a directive"));
    }

    #[test]
    fn panels_are_found_with_their_markers() {
        let text = r#"{"uid": "llm", "panels": [
  {"id": 1, "type": "row", "panels": [{"id": 2, "description": "llm-slo: disable=promql/short-range"}]},
  {"id": 3}
]}"#;
        let (panels, directives, _) = dashboard_panels(text).expect("a dashboard");
        assert_eq!(panels.len(), 3);
        assert!(panels.iter().all(|p| p.dashboard.as_deref() == Some("llm")));
        assert_eq!(directives.len(), 1);
        assert_eq!(directives[0].codes, ["promql/short-range"]);
    }
}

//! Every panel of a dashboard, in every layout Grafana has had: top-level `panels` (rows
//! inline, and collapsed rows holding their panels), the old top-level `rows` each with its
//! `panels`, library panels exported in `__elements`, and a library panel exported alone
//! (`{"model": {…}}`).

use crate::yaml::{Node, NodeKind};

/// The panels of a dashboard file; `root` is the file, `model` the dashboard in it.
pub(super) fn collect<'a>(root: &'a Node, model: &'a Node) -> Vec<&'a Node> {
    let mut out = Vec::new();
    if let Some(panels) = model.get("panels") {
        nested(panels, &mut out);
    }
    if let Some(NodeKind::Seq(rows)) = model.get("rows").map(|r| &r.kind) {
        for row in rows {
            if let Some(panels) = row.get("panels") {
                nested(panels, &mut out);
            }
        }
    }
    // Library panels: an external export lists each panel's model under its uid.
    let mut holders = vec![root];
    if !std::ptr::eq(root, model) {
        holders.push(model);
    }
    for holder in holders {
        if let Some(NodeKind::Map(elements)) = holder.get("__elements").map(|e| &e.kind) {
            for (_, element) in elements {
                if let Some(panel) = element.get("model") {
                    one(panel, &mut out);
                }
            }
        }
    }
    // A library panel on its own.
    if model.get("panels").is_none()
        && model.get("rows").is_none()
        && let Some(panel) = root.get("model").filter(|m| m.get("targets").is_some())
    {
        one(panel, &mut out);
    }
    out
}

fn nested<'a>(panels: &'a Node, out: &mut Vec<&'a Node>) {
    if let NodeKind::Seq(items) = &panels.kind {
        for panel in items {
            one(panel, out);
        }
    }
}

fn one<'a>(panel: &'a Node, out: &mut Vec<&'a Node>) {
    if !matches!(panel.kind, NodeKind::Map(_)) {
        return;
    }
    // A row counts by its panels, not as one.
    if panel.get("type").and_then(Node::as_str) != Some("row") {
        out.push(panel);
    }
    if let Some(inner) = panel.get("panels") {
        nested(inner, out);
    }
}

//! `llm-slo explain`: what a diagnostic code means, why it matters, an example and how to
//! fix it, from the registry (`diagnostics::codes`); the list of every code; and the
//! documentation pages under `docs/codes/`.

use std::path::PathBuf;

use serde_json::{Value, json};

use super::{Outcome, print_stdout};
use crate::diagnostics::Code;
use crate::diagnostics::codes::docs;

/// Arguments of `explain`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// The code, e.g. `promql/short-range`.
    #[arg(required_unless_present_any = ["list", "docs"], conflicts_with_all = ["list", "docs"])]
    code: Option<String>,
    /// List every code with its severity and summary.
    #[arg(long)]
    list: bool,
    /// Write the documentation pages (one per code, and an index) into this folder
    /// (`docs/codes` in this repository).
    #[arg(long, value_name = "DIR")]
    docs: Option<PathBuf>,
    /// Plain text, Markdown (the documentation page, or the README's table with `--list`)
    /// or JSON.
    #[arg(long, value_enum, default_value = "text")]
    format: ExplainFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ExplainFormat {
    Text,
    Markdown,
    Json,
}

fn info_json(code: Code) -> Value {
    let info = code.info();
    json!({
        "code": info.id,
        "severity": info.severity.as_str(),
        "since": info.since,
        "summary": info.summary,
        "doc": info.doc,
        "url": docs::page_url(code),
    })
}

fn json_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

pub(super) fn run(args: &Args) -> Outcome {
    if let Some(dir) = &args.docs {
        return write_docs(dir);
    }
    if args.list {
        let text = match args.format {
            ExplainFormat::Text => {
                let all = Code::all();
                let width = all.iter().map(|c| c.as_str().len()).max().unwrap_or(0);
                all.iter()
                    .map(|c| {
                        let info = c.info();
                        format!(
                            "{:width$}  {:7}  {}\n",
                            info.id,
                            info.severity.as_str(),
                            info.summary
                        )
                    })
                    .collect()
            }
            ExplainFormat::Markdown => docs::table("docs/codes/"),
            ExplainFormat::Json => json_text(&Value::Array(
                Code::all().into_iter().map(info_json).collect(),
            )),
        };
        return print_stdout(text.as_bytes());
    }
    let id = args.code.as_deref().unwrap_or_default();
    let Some(code) = Code::find(id) else {
        eprintln!("error: no diagnostic code is named `{id}`");
        let ids: Vec<&str> = Code::all().iter().map(|c| c.as_str()).collect();
        let close = crate::base::suggest::closest(id, ids.iter().copied());
        match crate::base::suggest::did_you_mean(&close) {
            Some(help) => eprintln!("  = help: {help}"),
            None => eprintln!("  = help: `llm-slo explain --list` lists every code"),
        }
        return Outcome::Failure;
    };
    let text = match args.format {
        ExplainFormat::Text => docs::text(code),
        ExplainFormat::Markdown => docs::page(code),
        ExplainFormat::Json => json_text(&info_json(code)),
    };
    print_stdout(text.as_bytes())
}

/// Writes every documentation page, each atomically; removes nothing.
fn write_docs(dir: &std::path::Path) -> Outcome {
    let files = docs::files();
    for (path, contents) in &files {
        let target = dir.join(path);
        if let Err(error) = crate::output::write_file(&target, contents.as_bytes()) {
            eprintln!("error: cannot write {}: {error}", target.display());
            return Outcome::Failure;
        }
    }
    super::note(format_args!(
        "wrote {}: {} pages",
        dir.display(),
        files.len()
    ));
    Outcome::Ok
}

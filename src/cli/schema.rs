//! `llm-slo schema`

use super::{Outcome, print_stdout};

/// Arguments of `schema`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {}

pub(super) fn run(_args: &Args) -> Outcome {
    print_stdout(&crate::schema_json())
}

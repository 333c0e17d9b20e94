//! `llm-slo completions <shell>`: a completion script for bash, zsh, fish, PowerShell or
//! elvish, from the same definition as the arguments.

use clap::CommandFactory;

use super::{Cli, Outcome, print_stdout};

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// The shell: `bash`, `zsh`, `fish`, `powershell` or `elvish`.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

pub(super) fn run(args: &Args) -> Outcome {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "llm-slo", &mut script);
    print_stdout(&script)
}

//! `llm-slo man`: the manual page (roff), from the same definition as the arguments; with
//! `--dir`, a page per subcommand as well (`llm-slo-validate.1`, …).

use std::path::PathBuf;

use clap::CommandFactory;

use super::{Cli, Outcome, print_stdout};

/// Arguments of `man`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Write `llm-slo.1` and a page per subcommand into this folder instead of printing
    /// the main page.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub(super) fn run(args: &Args) -> Outcome {
    let command = Cli::command();
    if let Some(dir) = &args.dir {
        if let Err(error) =
            std::fs::create_dir_all(dir).and_then(|()| clap_mangen::generate_to(command, dir))
        {
            eprintln!(
                "error: cannot write the manual pages into {}: {error}",
                dir.display()
            );
            return Outcome::Failure;
        }
        super::note(format_args!(
            "wrote the manual pages into {}",
            dir.display()
        ));
        return Outcome::Ok;
    }
    let mut page = Vec::new();
    if let Err(error) = clap_mangen::Man::new(command).render(&mut page) {
        eprintln!("error: cannot render the manual page: {error}");
        return Outcome::Failure;
    }
    print_stdout(&page)
}

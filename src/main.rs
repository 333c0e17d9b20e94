//! The `llm-slo` command.

fn main() -> std::process::ExitCode {
    llm_slo::cli::run()
}

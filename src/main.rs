//! The `llm-slo` command.

/// Parsing and generating allocate many small values; mimalloc serves them in a fraction of
/// the system allocator's time (`scripts/figures.py` measures the commands).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    llm_slo::cli::run()
}

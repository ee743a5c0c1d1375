use std::process::ExitCode;

use clap::Parser;

/// mimalloc: see README, "Dependencies".
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = claimcheck::cli::Cli::parse();
    ExitCode::from(claimcheck::cli::run(cli))
}

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = claimcheck::cli::Cli::parse();
    ExitCode::from(claimcheck::cli::run(cli))
}

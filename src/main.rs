//! The `archmodel` binary: parse arguments, then run a headless command or start the app.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = archmodel::cli::Cli::parse();
    if let Some(command) = cli.command {
        let code = archmodel::cli::run(command, &mut std::io::stdout(), &mut std::io::stderr());
        return ExitCode::from(code);
    }
    run_app(cli.file, cli.compare)
}

#[cfg(feature = "gui")]
fn run_app(file: Option<std::path::PathBuf>, compare: Option<String>) -> ExitCode {
    match archmodel::ui::run(file, compare) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("archmodel: {e:#}");
            ExitCode::from(archmodel::cli::EXIT_USAGE)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn run_app(_file: Option<std::path::PathBuf>, _compare: Option<String>) -> ExitCode {
    eprintln!(
        "archmodel: this build has no desktop app (feature `gui`); use a subcommand, see --help"
    );
    ExitCode::from(archmodel::cli::EXIT_USAGE)
}

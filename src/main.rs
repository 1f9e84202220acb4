// No console window when the app is started from the Windows Start menu; CLI subcommands
// attach to the parent terminal (see `attach_console`).
#![cfg_attr(all(windows, feature = "app"), windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;
use riskatlas::cli::{Cli, run};

fn main() -> ExitCode {
    attach_console();
    let cli = Cli::parse();
    match cli.command {
        Some(command) => run(command),
        None => open_app(cli.project),
    }
}

#[cfg(feature = "app")]
fn open_app(project: Option<std::path::PathBuf>) -> ExitCode {
    match riskatlas::app::run(project) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("riskatlas: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "app"))]
fn open_app(_project: Option<std::path::PathBuf>) -> ExitCode {
    eprintln!(
        "riskatlas: this build has no desktop app (built without the `app` feature); see --help"
    );
    ExitCode::from(2)
}

/// On Windows a GUI-subsystem program has no console: attach to the terminal that started
/// us, if any, so `riskatlas info …` prints there.
#[cfg(windows)]
fn attach_console() {
    unsafe extern "system" {
        fn AttachConsole(process_id: u32) -> i32;
    }
    const ATTACH_PARENT_PROCESS: u32 = u32::MAX;
    // SAFETY: AttachConsole has no preconditions; failure (no parent console) is harmless.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

#[cfg(not(windows))]
fn attach_console() {}

//! The desktop app's log file, in the per-user local data directory (never next to the
//! program): `%LOCALAPPDATA%\ASHMDF\RiskAtlas\data\logs\riskatlas.log` on Windows,
//! `~/.local/share/riskatlas/logs/riskatlas.log` on Linux.
//!
//! [`start`] (called when the window opens) appends a start line with the version; a log
//! over [`MAX_LOG_BYTES`] is first renamed to `riskatlas.log.1` (one old log kept). On
//! Windows, when the app was started without a console (Start menu, desktop shortcut), the
//! app's stderr messages (save failures, panics) go to this file; elsewhere stderr stays
//! where it was (terminal, journal). Logging must never stop the app: errors are ignored.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A log larger than this is rotated at start.
pub const MAX_LOG_BYTES: u64 = 1024 * 1024;

/// The log file of this user, if the platform has a home directory.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("al", "ASHMDF", "RiskAtlas")
        .map(|d| d.data_local_dir().join("logs").join("riskatlas.log"))
}

/// Opens `path` for appending (creating its folder, rotating a large log) and writes the
/// start line.
pub fn open(path: &Path) -> std::io::Result<File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_LOG_BYTES) {
        std::fs::rename(path, path.with_extension("log.1"))?;
    }
    let mut file = OpenOptions::new().create(true).append(true).open(path)?;
    writeln!(
        file,
        "{} Risk Atlas {} started",
        chrono::Local::now().format("%Y-%m-%d %H:%M:%S"),
        env!("CARGO_PKG_VERSION")
    )?;
    Ok(file)
}

/// Starts the log of a desktop session (see the module doc). Returns the log's path.
pub fn start() -> Option<PathBuf> {
    let path = default_path()?;
    let file = open(&path).ok()?;
    redirect_stderr(file);
    Some(path)
}

#[cfg(windows)]
fn redirect_stderr(file: File) {
    use std::os::windows::io::IntoRawHandle;
    unsafe extern "system" {
        fn GetStdHandle(id: u32) -> *mut std::ffi::c_void;
        fn SetStdHandle(id: u32, handle: *mut std::ffi::c_void) -> i32;
    }
    const STD_ERROR_HANDLE: u32 = -12i32 as u32;
    const INVALID_HANDLE_VALUE: *mut std::ffi::c_void = -1isize as *mut std::ffi::c_void;
    // SAFETY: plain Win32 calls; the handle is leaked on purpose (it serves until exit).
    unsafe {
        let current = GetStdHandle(STD_ERROR_HANDLE);
        if current.is_null() || current == INVALID_HANDLE_VALUE {
            SetStdHandle(STD_ERROR_HANDLE, file.into_raw_handle());
        }
    }
}

#[cfg(not(windows))]
fn redirect_stderr(_file: File) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_start_line_and_rotates_a_large_log() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir
            .path()
            .join("Përdorues Çelë")
            .join("logs")
            .join("riskatlas.log");
        drop(open(&path).expect("open"));
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(concat!(
            "Risk Atlas ",
            env!("CARGO_PKG_VERSION"),
            " started"
        )));
        std::fs::write(&path, vec![b'x'; MAX_LOG_BYTES as usize + 1]).expect("fill");
        drop(open(&path).expect("reopen"));
        let old = std::fs::metadata(path.with_extension("log.1")).expect("rotated");
        assert_eq!(old.len(), MAX_LOG_BYTES + 1);
        assert!(std::fs::metadata(&path).expect("new log").len() < 100);
    }
}

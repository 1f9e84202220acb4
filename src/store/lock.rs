//! The "already open" lock: a sidecar file `<project>.gpkg.lock` held with an exclusive OS
//! lock (`File::try_lock`: `flock` on Unix, `LockFileEx` on Windows) while a store is open.
//!
//! The OS drops the lock when the process ends, so a crash never leaves a project locked. The
//! lock is per open file handle, so a second `open` in the same process is refused as well.
//! On release the sidecar is deleted while still locked; a process that opened the old file
//! just before that notices (on Unix) that the path now names another file, and retries.
//! SQLite's own locking still protects the database against other tools (QGIS, GDAL).

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::StoreError;

/// The sidecar lock file of a project: the project's file name plus `.lock`.
pub fn lock_path(project: &Path) -> PathBuf {
    let mut s = project.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

/// An exclusive lock on a project, released (and its file removed) on drop.
#[derive(Debug)]
pub(crate) struct ProjectLock {
    file: Option<File>,
    path: PathBuf,
}

impl ProjectLock {
    /// Takes the lock of `project`, or `AlreadyOpen` when another store holds it.
    pub fn acquire(project: &Path) -> Result<Self, StoreError> {
        let path = lock_path(project);
        let busy = || StoreError::AlreadyOpen {
            path: project.to_path_buf(),
        };
        for _ in 0..5 {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => return Err(busy()),
                Err(TryLockError::Error(e)) => return Err(e.into()),
            }
            if !still_at(&file, &path) {
                continue; // the previous holder removed this file as we opened it
            }
            // For people wondering what the file is; nobody parses it.
            let note = format!(
                "Risk Atlas holds this project open (process {}). Deleted when it closes.\n",
                std::process::id()
            );
            file.set_len(0)?;
            file.write_all(note.as_bytes())?;
            return Ok(Self {
                file: Some(file),
                path,
            });
        }
        Err(busy())
    }
}

/// Whether `path` still names the file `file` has open.
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_file: &File, path: &Path) -> bool {
    path.exists()
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        // Remove while still holding the lock, then close (which releases it).
        let _ = std::fs::remove_file(&self.path);
        if let Some(file) = self.file.take() {
            let _ = file.unlock();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("Përdoruesi ç.gpkg");
        let first = ProjectLock::acquire(&project).unwrap();
        assert!(lock_path(&project).exists());
        let err = ProjectLock::acquire(&project).unwrap_err();
        assert!(matches!(err, StoreError::AlreadyOpen { .. }), "{err}");
        assert!(
            err.to_string()
                .contains("already open in another Risk Atlas window")
        );
        drop(first);
        assert!(!lock_path(&project).exists());
        let again = ProjectLock::acquire(&project);
        assert!(again.is_ok());
    }

    #[test]
    fn lock_path_appends_lock() {
        let p = lock_path(Path::new("/tmp/a b/projekt.gpkg"));
        assert_eq!(p, PathBuf::from("/tmp/a b/projekt.gpkg.lock"));
    }
}

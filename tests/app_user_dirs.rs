//! Per-user locations with a home folder whose name has spaces and Albanian letters
//! ("Përdorues Çelë"): settings, recent projects, tile cache, log and demo project all go
//! below the user's home (XDG folders on Linux), nothing is written elsewhere, and the
//! non-ASCII paths survive a settings round trip and open in SQLite.
//!
//! The paths come from the process environment (HOME), so the checks run in a child process
//! (this test binary run again with `RA_USER_DIRS_CHILD` set) with HOME pointing at a temp
//! folder and the XDG variables removed. Unix only: on Windows the folders come from the
//! shell's known-folder API, not from the environment.
#![cfg(all(feature = "app", unix))]

use std::path::{Path, PathBuf};

use riskatlas::app::{AppConfig, Language, Settings, logfile};

const CHILD: &str = "RA_USER_DIRS_CHILD";

#[test]
fn user_files_go_to_the_users_folders_even_with_spaces_and_diacritics() {
    if let Ok(home) = std::env::var(CHILD) {
        child(Path::new(&home));
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let home = tmp.path().join("Përdorues Çelë");
    std::fs::create_dir_all(&home).expect("home");
    let out = std::process::Command::new(std::env::current_exe().expect("test exe"))
        .args([
            "--exact",
            "user_files_go_to_the_users_folders_even_with_spaces_and_diacritics",
            "--nocapture",
        ])
        .env(CHILD, &home)
        .env("HOME", &home)
        .env("RISKATLAS_OFFLINE", "1")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CACHE_HOME")
        .output()
        .expect("run the child");
    let log =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "child failed:\n{log}");
    assert!(log.contains("1 passed"), "the child ran no test:\n{log}");
    // What the child wrote, and only that, is below the home folder.
    let mut files = Vec::new();
    walk(tmp.path(), &mut files);
    let rel: Vec<String> = files
        .iter()
        .map(|p| {
            p.strip_prefix(&home)
                .expect("inside home")
                .display()
                .to_string()
        })
        .collect();
    let expected = [
        ".config/riskatlas/settings.json",
        ".local/share/riskatlas/demo-albania.gpkg",
        ".local/share/riskatlas/logs/riskatlas.log",
    ];
    for e in expected {
        assert!(rel.iter().any(|r| r == e), "{e} missing in {rel:?}");
    }
    assert!(
        rel.iter().all(|r| r.starts_with(".config/riskatlas/")
            || r.starts_with(".local/share/riskatlas/")
            || r.starts_with(".cache/riskatlas/")),
        "files outside the app's folders: {rel:?}"
    );
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Runs with HOME = `home`.
fn child(home: &Path) {
    let config = AppConfig::from_env();
    assert!(config.offline);
    let settings_path = config.settings_path.clone().expect("settings path");
    assert_eq!(settings_path, home.join(".config/riskatlas/settings.json"));
    assert_eq!(
        config.tile_cache_dir,
        Some(home.join(".cache/riskatlas/tiles"))
    );
    assert_eq!(
        config.pack_dirs.last(),
        Some(&home.join(".local/share/riskatlas/maps"))
    );

    // Settings with a recent project whose path has spaces and diacritics.
    let project = home.join("Projektet e mia").join("Bulqizë çështje.gpkg");
    let settings = Settings {
        language: Language::En,
        last_project: Some(project.clone()),
        recent_projects: vec![project.clone()],
        ..Settings::default()
    };
    settings.save(&settings_path).expect("save settings");
    assert_eq!(Settings::load(Some(&settings_path)), settings);

    let log = logfile::default_path().expect("log path");
    assert_eq!(log, home.join(".local/share/riskatlas/logs/riskatlas.log"));
    drop(logfile::open(&log).expect("open log"));

    // The demo project is written to the user's data folder and opens from there.
    let demo = riskatlas::demo::ensure_default_project().expect("demo project");
    assert_eq!(demo, home.join(".local/share/riskatlas/demo-albania.gpkg"));
    let store = riskatlas::store::ProjectStore::open(&demo).expect("open demo");
    drop(store);
}

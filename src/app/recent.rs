//! Recent projects: the list kept in `Settings::recent_projects` (most recent first, at most
//! [`MAX_RECENT`], no duplicates) and the File ▸ Open recent submenu.
//!
//! Paths are stored absolute (`std::path::absolute`, no disk access) and compared without
//! regard to case on Windows, where `C:\Projekte\A.gpkg` and `c:\projekte\a.gpkg` are one file.
//! The submenu checks whether each file still exists only while it is open (≤ 10 `stat`s);
//! missing files are shown greyed out and can be removed from the list.

use std::path::{Path, PathBuf};

use egui::Ui;

use super::actions::Action;
use super::files::FilesAction;
use super::i18n::{Language, T};

/// How many projects the list keeps.
pub const MAX_RECENT: usize = 10;

/// Puts `path` at the top of `list`, removing an earlier entry for the same file.
pub fn remember(list: &mut Vec<PathBuf>, path: &Path) {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    list.retain(|p| !same_file(p, &path));
    list.insert(0, path);
    list.truncate(MAX_RECENT);
}

/// Removes `path` from `list` (when it is there).
pub fn forget(list: &mut Vec<PathBuf>, path: &Path) {
    list.retain(|p| !same_file(p, path));
}

/// Removes the entries whose file no longer exists; returns how many were removed.
pub fn prune_missing(list: &mut Vec<PathBuf>) -> usize {
    let before = list.len();
    list.retain(|p| p.is_file());
    before - list.len()
}

/// Whether two stored paths name the same file (ignoring case on Windows).
pub fn same_file(a: &Path, b: &Path) -> bool {
    if cfg!(windows) {
        a.to_string_lossy().to_lowercase() == b.to_string_lossy().to_lowercase()
    } else {
        a == b
    }
}

/// "Projekti.gpkg — Dokumentet": the file name and its folder, for the menu.
pub fn menu_label(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    match path
        .parent()
        .and_then(|d| d.file_name())
        .map(|d| d.to_string_lossy())
    {
        Some(dir) => format!("{name} — {dir}"),
        None => name,
    }
}

/// The File ▸ Open recent submenu.
pub fn submenu(ui: &mut Ui, recent: &[PathBuf], lang: Language, actions: &mut Vec<Action>) {
    ui.add_enabled_ui(!recent.is_empty(), |ui| {
        ui.menu_button(T::OpenRecent.tr(lang), |ui| {
            let mut any_missing = false;
            for path in recent {
                let exists = path.is_file();
                any_missing |= !exists;
                let response = ui
                    .add_enabled(exists, egui::Button::new(menu_label(path)))
                    .on_hover_text(path.display().to_string())
                    .on_disabled_hover_text(format!(
                        "{}: {}",
                        T::RecentMissing.tr(lang),
                        path.display()
                    ));
                if response.clicked() {
                    actions.push(Action::OpenProject(path.clone()));
                }
            }
            ui.separator();
            if any_missing && ui.button(T::RecentRemoveMissing.tr(lang)).clicked() {
                actions.push(Action::Files(FilesAction::PruneRecent));
            }
            if ui.button(T::RecentClear.tr(lang)).clicked() {
                actions.push(Action::Files(FilesAction::ClearRecent));
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_recent_first_without_duplicates_and_at_most_ten() {
        let mut list = Vec::new();
        let dir = std::path::absolute("/tmp").expect("absolute");
        for i in 0..12 {
            remember(&mut list, &dir.join(format!("p{i}.gpkg")));
        }
        assert_eq!(list.len(), MAX_RECENT);
        assert_eq!(list[0], dir.join("p11.gpkg"));
        assert_eq!(list[9], dir.join("p2.gpkg"));
        remember(&mut list, &dir.join("p5.gpkg"));
        assert_eq!(list.len(), MAX_RECENT);
        assert_eq!(list[0], dir.join("p5.gpkg"));
        assert_eq!(list.iter().filter(|p| p.ends_with("p5.gpkg")).count(), 1);
        forget(&mut list, &dir.join("p5.gpkg"));
        assert_eq!(list[0], dir.join("p11.gpkg"));
    }

    #[test]
    fn relative_paths_are_stored_absolute() {
        let mut list = Vec::new();
        remember(&mut list, Path::new("relative.gpkg"));
        assert!(list[0].is_absolute(), "{:?}", list[0]);
        remember(&mut list, Path::new("./relative.gpkg"));
        assert_eq!(list.len(), 1, "{list:?}");
    }

    #[test]
    fn missing_files_are_pruned() {
        let dir = tempfile::tempdir().expect("temp dir");
        let here = dir.path().join("here.gpkg");
        std::fs::write(&here, b"x").expect("write");
        let mut list = vec![dir.path().join("gone.gpkg"), here.clone()];
        assert_eq!(prune_missing(&mut list), 1);
        assert_eq!(list, vec![here]);
    }

    #[test]
    fn menu_label_names_file_and_folder() {
        let label = menu_label(Path::new("/home/ana/Projektet/Korçë.gpkg"));
        assert_eq!(label, "Korçë.gpkg — Projektet");
    }
}

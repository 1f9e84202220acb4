//! Risk Atlas: a desktop GIS for child-protection planning in Albania.
//!
//! The library holds everything; `src/main.rs` opens the desktop app (feature `app`) or runs
//! a CLI subcommand. Layers, top to bottom (arrows point down only):
//! `app` (egui shell) and `cli` → `render` → `store` / `io` → `analysis` → `model` → `crs`.
//! See ARCHITECTURE.md.

pub mod analysis;
pub mod cli;
pub mod crs;
pub mod demo;
pub mod edit;
pub mod io;
pub mod model;
pub mod privacy;
pub mod progress;
pub mod render;
pub mod store;
pub mod text;

#[cfg(feature = "app")]
pub mod app;

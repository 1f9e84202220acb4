//! The command line: `riskatlas <subcommand>`. Human output by default, `--json` for machines,
//! exit code 0 on success and 1 with a one-line reason on failure (2 for usage errors).
//!
//! The subcommands, flags and `--json` fields are contracts: add, never rename.

mod case_filter;
mod coverage;
mod demo;
mod density;
mod export;
mod gaps;
mod import;
mod indicators;
mod info;
pub mod inputs;
mod nearest;
mod print;
mod print_args;
mod reach;
mod risk;
mod route;
mod route_report;
mod site;
mod tiles;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "riskatlas", version, about = "Risk Atlas — child-protection planning maps for Albania", long_about = None)]
pub struct Cli {
    /// Project (GeoPackage) to open in the desktop app; default: the last project or the demo.
    #[arg(long, global = false)]
    pub project: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Write the embedded Albania demo project (synthetic cases) to a new GeoPackage.
    Demo(demo::DemoArgs),
    /// Create a new project holding the Albania base layers (municipalities, qarqe, coastline).
    New(demo::NewArgs),
    /// Import a file (GeoJSON, CSV, Shapefile, GeoPackage, TopoJSON) into a project and print the validation report.
    Import(import::ImportArgs),
    /// List a project's layers, feature counts and extents.
    Info(info::InfoArgs),
    /// Export a layer to GeoJSON or CSV (cases aggregated, small counts hidden; individual cases only with --case-level).
    Export(export::ExportArgs),
    /// Offline basemap tile packs: `tiles build` renders the vector basemap into .mbtiles.
    Tiles(tiles::TilesArgs),
    /// The action plan's indicators for every municipality, as a CSV table (small counts hidden).
    Indicators(indicators::IndicatorsArgs),
    /// Composite risk surface of a project for a month, classified into zones (GeoJSON + project layer).
    Risk(risk::RiskArgs),
    /// Nearest service for every case, with the distance in metres, written to a CSV (no coordinates).
    Nearest(nearest::NearestArgs),
    /// Cases within reach (metres or walking minutes) of a service, in total and per municipality.
    Coverage(coverage::CoverageArgs),
    /// Kernel density of cases (quartic, QGIS-compatible grid) written as a GeoTIFF.
    Density(density::DensityArgs),
    /// Service-gap areas: high risk and no chosen service within reach, as ranked H3 hexagon areas.
    Gaps(gaps::GapsArgs),
    /// Field-team routes over the working days (shifts, time windows, priorities) as GPX or GeoJSON.
    Route(route::RouteArgs),
    /// New day centres: choose p sites among candidates to cover the most cases not yet covered (with the gap to the optimum).
    Site(Box<site::SiteArgs>),
    /// Print a map (PDF or PNG): cases aggregated to hexagons, services and their reach, legend, scale, sources.
    Print(print::PrintArgs),
}

/// Runs a subcommand and turns its outcome into an exit code.
pub fn run(command: Command) -> ExitCode {
    let json = match &command {
        Command::Demo(a) => a.json,
        Command::New(a) => a.json,
        Command::Import(a) => a.json,
        Command::Info(a) => a.json,
        Command::Export(a) => a.json,
        Command::Tiles(a) => a.json(),
        Command::Indicators(a) => a.json,
        Command::Risk(a) => a.json,
        Command::Nearest(a) => a.json,
        Command::Coverage(a) => a.json,
        Command::Density(a) => a.json,
        Command::Gaps(a) => a.json,
        Command::Route(a) => a.json,
        Command::Site(a) => a.json,
        Command::Print(a) => a.json,
    };
    let result = match command {
        Command::Demo(a) => demo::run(a),
        Command::New(a) => demo::run_new(a),
        Command::Import(a) => import::run(a),
        Command::Info(a) => info::run(a),
        Command::Export(a) => export::run(a),
        Command::Tiles(a) => tiles::run(a),
        Command::Indicators(a) => indicators::run(a),
        Command::Risk(a) => risk::run(a),
        Command::Nearest(a) => nearest::run(a),
        Command::Coverage(a) => coverage::run(a),
        Command::Density(a) => density::run(a),
        Command::Gaps(a) => gaps::run(a),
        Command::Route(a) => route::run(a),
        Command::Site(a) => site::run(*a),
        Command::Print(a) => print::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line: the error and its causes.
            let reason = format!("{e:#}").replace('\n', " ");
            if json {
                println!("{}", serde_json::json!({ "ok": false, "error": reason }));
            }
            eprintln!("riskatlas: error: {reason}");
            ExitCode::FAILURE
        }
    }
}

/// Prints a JSON value on one line.
/// A closed pipe (`riskatlas … --json | head -c 100`) is not an error worth a panic.
fn print_json(value: &serde_json::Value) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{value}");
}

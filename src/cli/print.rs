//! `riskatlas print PROJECT --template coverage [--municipality NAME] [--page A4|A3]
//! [--landscape] [--dpi 150|300] [--lang sq|en] --out FILE.pdf|.png [--json]`: a printed map
//! through `render::print` (the same code as the app's Print dialog).
//!
//! Template `coverage`: identified cases per H3 hexagon (counts below `--k`, at least 5, are
//! not drawn), the reach of the chosen services (`--types`, `--within-m`), the services and
//! the municipality's outline, with legend, scale bar, north arrow, inset, data and printing
//! dates and the project's attributions. Default outputs never show an individual case.
//! The file is written atomically; `--json` prints `{ok, out, format, template, municipality,
//! page, landscape, pages, bytes, dpi, width_px, height_px}`.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use serde_json::json;

use crate::model::{Case, LayerKind, Municipality, Service};
use crate::render::pdf::{Orientation, PageSpec, Paper, PdfWriter};
use crate::render::print::coverage::{CoverageInputs, coverage_layers};
use crate::render::print::map_page::{MapPage, PageWords, compose};
use crate::render::print::{scene_pdf, scene_png};
use crate::store::ProjectStore;

#[derive(Args, Debug)]
pub struct PrintArgs {
    /// The project file.
    pub project: PathBuf,
    /// The layout: coverage.
    #[arg(long, default_value = "coverage")]
    pub template: String,
    /// Zoom to this municipality (default: all of Albania).
    #[arg(long)]
    pub municipality: Option<String>,
    /// Paper: A4 or A3.
    #[arg(long, default_value = "A4")]
    pub page: String,
    #[arg(long)]
    pub landscape: bool,
    /// The output: .pdf (vector) or .png (raster at --dpi).
    #[arg(long)]
    pub out: PathBuf,
    /// PNG resolution: 150 or 300.
    #[arg(long, default_value_t = 150)]
    pub dpi: u32,
    /// Language of the page: sq or en.
    #[arg(long, default_value = "sq")]
    pub lang: String,
    /// Services drawn with their reach.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "day_centre,child_protection_unit"
    )]
    pub types: Vec<String>,
    /// Reach of the services in metres.
    #[arg(long, default_value_t = 2000.0)]
    pub within_m: f64,
    /// Smallest count shown (at least 5).
    #[arg(long, default_value_t = 5)]
    pub k: usize,
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: PrintArgs) -> anyhow::Result<()> {
    let pdf = match args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
    {
        Some(e) if e == "pdf" => true,
        Some(e) if e == "png" => false,
        _ => bail!("{}: print writes .pdf or .png", args.out.display()),
    };
    if args.template != "coverage" {
        bail!("unknown template '{}': use coverage", args.template);
    }
    if args.k < 5 {
        bail!(
            "--k {}: the smallest count shown must be at least 5",
            args.k
        );
    }
    if !(args.within_m.is_finite() && args.within_m > 0.0) {
        bail!("--within-m must be a distance in metres above 0");
    }
    if !pdf && ![150, 300].contains(&args.dpi) {
        bail!("--dpi {}: use 150 or 300", args.dpi);
    }
    let albanian = match args.lang.as_str() {
        "sq" => true,
        "en" => false,
        other => bail!("--lang {other}: use sq or en"),
    };
    let paper = match args.page.to_ascii_uppercase().as_str() {
        "A4" => Paper::A4,
        "A3" => Paper::A3,
        other => bail!("--page {other}: use A4 or A3"),
    };
    let spec = PageSpec {
        paper,
        orientation: if args.landscape {
            Orientation::Landscape
        } else {
            Orientation::Portrait
        },
    };
    let types = super::nearest::parse_types(&args.types)?;
    if !args.project.exists() {
        bail!("{} does not exist", args.project.display());
    }
    let store = ProjectStore::open(&args.project)?;
    let municipalities: Vec<Municipality> = store.read_records(LayerKind::Municipalities)?;
    let cases: Vec<Case> = store.read_records(LayerKind::Cases)?;
    let services: Vec<Service> = store.read_records(LayerKind::Services)?;
    drop(store);
    let area = match &args.municipality {
        None => None,
        Some(name) => Some(find_municipality(&municipalities, name)?),
    };
    let (basemap, sources) = super::tiles::basemap(Some(&args.project))?;
    let extent = match area {
        Some(m) => bbox(&m.area_wgs84).context("the municipality has no area")?,
        None => basemap
            .extent_wgs84()
            .context("the project has no land or municipalities")?,
    };
    let layers = coverage_layers(&CoverageInputs {
        cases: &cases,
        services: &services,
        area,
        types,
        reach_m: args.within_m,
        k: args.k,
        albanian,
    });
    let place = area.map_or(if albanian { "Shqipëria" } else { "Albania" }, |m| {
        m.name.as_str()
    });
    let data_date = cases
        .iter()
        .map(|c| c.identified_on)
        .max()
        .map_or("–".to_string(), |d| d.format("%d.%m.%Y").to_string());
    let now = chrono::Local::now().naive_local();
    let page = MapPage {
        page: spec,
        title: if albanian {
            format!("Mbulimi me shërbime — {place}")
        } else {
            format!("Service coverage — {place}")
        },
        subtitle: if albanian {
            format!(
                "Fëmijë të identifikuar në shfrytëzim ekonomik (të grupuar) dhe arritja {:.1} km e shërbimeve",
                args.within_m / 1000.0
            )
        } else {
            format!(
                "Children identified in economic exploitation (aggregated) and the {:.1} km reach of services",
                args.within_m / 1000.0
            )
        },
        extent_wgs84: extent,
        basemap: &basemap,
        layers,
        confidential: None,
        data_date,
        printed_on: now.format("%d.%m.%Y").to_string(),
        sources,
        words: if albanian {
            PageWords::albanian()
        } else {
            PageWords::english()
        },
    };
    let mut writer = PdfWriter::new(&page.title, now)?;
    let scene = compose(&page, writer.fonts());
    let (bytes, size_px) = if pdf {
        scene_pdf::add_page(&mut writer, spec, &scene)?;
        (writer.finish()?, None)
    } else {
        let pm = scene_png::render(&scene, args.dpi)?;
        let size = (pm.width(), pm.height());
        (pm.encode_png().context("PNG encoding")?, Some(size))
    };
    crate::io::atomic::write_atomic::<std::io::Error>(&args.out, |w| {
        use std::io::Write;
        w.write_all(&bytes)
    })
    .with_context(|| format!("cannot write {}", args.out.display()))?;
    let summary = json!({
        "ok": true,
        "out": args.out.display().to_string(),
        "format": if pdf { "pdf" } else { "png" },
        "template": args.template,
        "municipality": area.map(|m| m.name.clone()),
        "page": args.page.to_ascii_uppercase(),
        "landscape": args.landscape,
        "pages": 1,
        "bytes": bytes.len(),
        "dpi": (!pdf).then_some(args.dpi),
        "width_px": size_px.map(|s| s.0),
        "height_px": size_px.map(|s| s.1),
    });
    if args.json {
        super::print_json(&summary);
    } else {
        println!(
            "{}: {} ({} bytes)",
            args.out.display(),
            page.title,
            bytes.len()
        );
    }
    Ok(())
}

/// A municipality by name, ignoring case and Albanian diacritics ("bulqize" finds Bulqizë).
fn find_municipality<'a>(all: &'a [Municipality], name: &str) -> anyhow::Result<&'a Municipality> {
    let fold = |s: &str| -> String {
        s.to_lowercase()
            .chars()
            .map(|c| match c {
                'ë' => 'e',
                'ç' => 'c',
                c => c,
            })
            .collect()
    };
    let want = fold(name.trim());
    all.iter().find(|m| fold(&m.name) == want).with_context(|| {
        format!("no municipality named '{name}' in the project (see riskatlas info)")
    })
}

fn bbox(area: &geo::MultiPolygon<f64>) -> Option<[f64; 4]> {
    use geo::BoundingRect;
    let r = area.bounding_rect()?;
    Some([r.min().x, r.min().y, r.max().x, r.max().y])
}

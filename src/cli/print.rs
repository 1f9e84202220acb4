//! `riskatlas print PROJECT --template coverage [--municipality NAME] [--page A4|A3]
//! [--landscape] [--dpi 150|300] [--lang sq|en] --out FILE.pdf|.png [--json]`: a printed map
//! through `render::print` (the same code as the app's Print dialog); `--atlas
//! [--municipalities A,B]` writes one PDF: a national overview, then one page per
//! municipality, each with its indicators (suppressed as in `riskatlas indicators`).
//!
//! Template `coverage`: identified cases per H3 hexagon (counts below `--k`, at least 5, are
//! not drawn), the reach of the chosen services (`--types`, `--within-m`), the services and
//! the municipality's outline, with legend, scale bar, north arrow, inset, data and printing
//! dates and the project's attributions. Default outputs never show an individual case;
//! `--case-level` adds the case points, marks every page CONFIDENTIAL and is audited.
//! The file is written atomically; `--json` prints `{ok, out, format, template, atlas,
//! layout, municipality, page, landscape, pages, k, case_level, bytes, dpi, width_px,
//! height_px, tiles, tile_cache, density_radius_m, cases_filter}`. `--year`, `--from`,
//! `--to`, `--kinds`, `--statuses` and `--ages` count only those cases (said under the
//! subtitle). `--layout NAME` prints with a layout saved in the project (or a built-in one).
//! `--tiles PACK.mbtiles` draws an offline pack's raster tiles under the map; `--tile-cache
//! DIR` the app's cached OpenStreetMap tiles where they cover a page.

use anyhow::bail;
use serde_json::json;

use crate::model::Municipality;
use crate::privacy::MinCount;
use crate::progress::NoProgress;
use crate::render::pdf::Paper;
use crate::render::print::document::{Format, render, write_file};
use crate::render::print::layout::{self, DensityOptions, PrintLayout};
use crate::render::print::pages::{PageOptions, Template};
use crate::render::print::project::PrintProject;
use crate::render::print::tile_pack::PrintTiles;
use crate::store::ProjectStore;

pub use super::print_args::PrintArgs;

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
    if !(1..=12).contains(&args.month) {
        bail!("--month {}: use 1 to 12", args.month);
    }
    if !(args.band_m.is_finite() && args.band_m > 0.0 && args.band_m <= 50_000.0) {
        bail!("--band-m must be metres above 0 (at most 50 000)");
    }
    let k = MinCount::new(args.k as u32).map_err(|_| {
        anyhow::anyhow!(
            "--k {}: the smallest count shown must be at least 5",
            args.k
        )
    })?;
    if !(args.within_m.is_finite() && args.within_m > 0.0) {
        bail!("--within-m must be a distance in metres above 0");
    }
    if !pdf && ![150, 300].contains(&args.dpi) {
        bail!("--dpi {}: use 150 or 300", args.dpi);
    }
    if args.atlas && !pdf {
        bail!("--atlas writes one PDF of many pages: use --out FILE.pdf");
    }
    if !args.atlas && !args.municipalities.is_empty() {
        bail!("--municipalities chooses the atlas pages: add --atlas (or use --municipality)");
    }
    let albanian = match args.lang.as_str() {
        "sq" => true,
        "en" => false,
        other => bail!("--lang {other}: use sq or en"),
    };
    let paper = match args.page.as_deref().map(str::to_ascii_uppercase).as_deref() {
        None => None,
        Some("A4") => Some(Paper::A4),
        Some("A3") => Some(Paper::A3),
        Some(other) => bail!("--page {other}: use A4 or A3"),
    };
    if !args.project.exists() {
        bail!("{} does not exist", args.project.display());
    }
    let mut chosen = match &args.layout {
        Some(name) => layout::find(&ProjectStore::open(&args.project)?, name)?,
        None => {
            let template = match args.template.as_str() {
                "coverage" => Template::Coverage,
                "mines" => Template::Mines {
                    band_m: args.band_m,
                },
                "coastal" => Template::Coastal { month: args.month },
                other => bail!("unknown template '{other}': use coverage, mines or coastal"),
            };
            PrintLayout {
                landscape: false,
                ..PrintLayout::new(template.code(), template)
            }
        }
    };
    if let Some(paper) = paper {
        chosen.a3 = paper == Paper::A3;
    }
    chosen.landscape |= args.landscape;
    if let Some(radius_m) = args.density_radius_m {
        if !(radius_m.is_finite() && (50.0..=50_000.0).contains(&radius_m)) {
            bail!("--density-radius-m must be between 50 and 50000 metres, not {radius_m}");
        }
        chosen.density = Some(DensityOptions { radius_m });
    }
    let density_radius_m = chosen.density.map(|d| d.radius_m);
    let types = super::nearest::parse_types(&args.types)?;
    let pack = match &args.tiles {
        Some(path) => Some(PrintTiles::open(path).map_err(|e| anyhow::anyhow!("--tiles: {e}"))?),
        None => None,
    };
    let cache = match &args.tile_cache {
        Some(dir) => Some(
            PrintTiles::open_osm_cache(dir).map_err(|e| anyhow::anyhow!("--tile-cache: {e}"))?,
        ),
        None => None,
    };
    let tiles = PrintTiles::chain(cache, pack);
    let filter = args.cases.filter()?;
    let project = PrintProject::read(&args.project, args.within_m, k, &filter, &NoProgress)?;
    for name in &args.layers {
        if !project.layers.iter().any(|l| &l.data.name == name) {
            bail!(
                "--layers {name}: no such printable layer in the project (see riskatlas info; cases are printed aggregated, or with --case-level)"
            );
        }
        if !chosen.extra_layers.contains(name) {
            chosen.extra_layers.push(name.clone());
        }
    }
    // The areas, one page each: the overview (None) first in an atlas.
    let areas: Vec<Option<&Municipality>> = if args.atlas {
        let chosen: Vec<&Municipality> = if args.municipalities.is_empty() {
            project.municipalities.iter().collect()
        } else {
            args.municipalities
                .iter()
                .map(|n| project.municipality(n))
                .collect::<Result<_, _>>()?
        };
        std::iter::once(None)
            .chain(chosen.into_iter().map(Some))
            .collect()
    } else {
        match &args.municipality {
            None => vec![None],
            Some(name) => vec![Some(project.municipality(name)?)],
        }
    };
    let template = chosen.template;
    let spec = chosen.page_spec();
    let opts = PageOptions {
        layout: chosen,
        albanian,
        types,
        reach_m: args.within_m,
        k,
        printed_on: chrono::Local::now().format("%d.%m.%Y").to_string(),
        case_level: args.case_level,
        tiles,
    };
    let title = if args.atlas {
        if albanian {
            "Atlasi i mbulimit me shërbime"
        } else {
            "Service coverage atlas"
        }
        .to_string()
    } else {
        project.page(areas[0], &opts).title
    };
    let format = if pdf {
        Format::Pdf
    } else {
        Format::Png { dpi: args.dpi }
    };
    let done = render(&project, &areas, &opts, &title, format, &NoProgress)?;
    let pages = done.pages;
    write_file(&args.out, &done.bytes)?;
    if args.case_level {
        let detail = format!(
            "case-level print ({} page(s), template {}) written to {}",
            pages,
            template.code(),
            args.out.display()
        );
        let audited = ProjectStore::open(&args.project)
            .and_then(|mut s| s.write(|tx| tx.audit("print_case_level", &detail)));
        if let Err(e) = audited {
            // Unaudited case-level data must not stay behind.
            let _ = std::fs::remove_file(&args.out);
            return Err(e.into());
        }
    }
    let summary = json!({
        "ok": true,
        "out": args.out.display().to_string(),
        "format": if pdf { "pdf" } else { "png" },
        "template": template.code(),
        "layout": args.layout,
        "atlas": args.atlas,
        "density_radius_m": density_radius_m,
        "municipality": (!args.atlas).then(|| areas[0].map(|m| m.name.clone())).flatten(),
        "page": format!("{:?}", spec.paper),
        "landscape": spec.orientation == crate::render::pdf::Orientation::Landscape,
        "pages": pages,
        "k": k.get(),
        "case_level": args.case_level,
        "tiles": args.tiles.as_ref().map(|p| p.display().to_string()),
        "tile_cache": args.tile_cache.as_ref().map(|p| p.display().to_string()),
        "cases_filter": filter.summary(albanian),
        "bytes": done.bytes.len(),
        "dpi": (!pdf).then_some(args.dpi),
        "width_px": done.size_px.map(|s| s.0),
        "height_px": done.size_px.map(|s| s.1),
    });
    if args.json {
        super::print_json(&summary);
    } else {
        println!(
            "{}: {title}, {pages} page(s), {} bytes",
            args.out.display(),
            done.bytes.len()
        );
    }
    Ok(())
}

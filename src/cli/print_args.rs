//! The flags of `riskatlas print` (see `cli::print` for what it does with them).

use std::path::PathBuf;

use clap::Args;

#[derive(Args, Debug)]
pub struct PrintArgs {
    /// The project file.
    pub project: PathBuf,
    /// The layout: coverage, mines (perimeters, risk band, access points) or coastal
    /// (summer hotspots of --month).
    #[arg(long, default_value = "coverage", conflicts_with = "layout")]
    pub template: String,
    /// A print layout saved in the project (its template, title, elements, layers, paper),
    /// or a built-in one: coverage, mines, coastal.
    #[arg(long)]
    pub layout: Option<String>,
    /// Month of the coastal template (1–12).
    #[arg(long, default_value_t = 7)]
    pub month: u32,
    /// Width of the risk band around mines (metres), mines template.
    #[arg(long, default_value_t = 3000.0)]
    pub band_m: f64,
    /// Zoom to this municipality (default: all of Albania).
    #[arg(long)]
    pub municipality: Option<String>,
    /// One PDF: a national overview page, then one page per municipality.
    #[arg(long)]
    pub atlas: bool,
    /// The atlas's municipalities (default: all), e.g. Bulqizë,Dibër,Klos.
    #[arg(long, value_delimiter = ',')]
    pub municipalities: Vec<String>,
    /// Project layers drawn over the template with their on-screen styles (e.g. risk zones,
    /// service gaps, new day centres), by table name; never a layer of individual cases.
    #[arg(long, value_delimiter = ',')]
    pub layers: Vec<String>,
    /// Paper: A4 or A3 (default A4, or the layout's).
    #[arg(long)]
    pub page: Option<String>,
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
    /// Which cases the pages count (all by default); said on every page.
    #[command(flatten)]
    pub cases: super::case_filter::CaseFilterFlags,
    /// Also draw each case as a point (data about children): an explicit choice each time,
    /// marked CONFIDENTIAL on every page and recorded in the project's audit table.
    #[arg(long)]
    pub case_level: bool,
    /// An offline MBTiles pack whose raster tiles are drawn under the map (under the
    /// boundaries and layers; its attribution joins the page's sources).
    #[arg(long, value_name = "PACK.mbtiles")]
    pub tiles: Option<PathBuf>,
    /// The desktop app's tile cache folder (the OpenStreetMap tiles viewed on screen, e.g.
    /// `%LOCALAPPDATA%\ASHMDF\RiskAtlas\cache\tiles` on Windows): a page the cache holds
    /// whole at a printable zoom gets its tiles, before --tiles; else --tiles, else the vector
    /// basemap.
    #[arg(long, value_name = "DIR")]
    pub tile_cache: Option<PathBuf>,
    /// Draw the cases' kernel density (QGIS's quartic kernel, cases per km²) with this
    /// radius in metres under the layers; places with fewer than --k cases within the
    /// radius are left blank.
    #[arg(long, value_name = "METRES")]
    pub density_radius_m: Option<f64>,
    #[arg(long)]
    pub json: bool,
}

//! Coordinate reference systems: the one place that talks to a projection library.
//!
//! Storage and exchange are in WGS84 longitude/latitude (EPSG:4326). Metric analysis runs in
//! KRGJSH-2010 / Albania TM (EPSG:6870) unless a caller picks another metric CRS.
//! Projections come from the pure-Rust `proj4rs` with EPSG definitions from `crs-definitions`
//! (no C library, so the Windows build is one `.exe`). `proj4rs` works in radians for geographic
//! CRSs; this module hides that: every public function takes and returns degrees for geographic
//! CRSs and metres for projected ones, always in (x = easting/longitude, y = northing/latitude) order.

use geo::{Coord, Geometry, MapCoords};
use proj4rs::Proj;

/// WGS84 longitude/latitude.
pub const WGS84: u32 = 4326;
/// WGS84 / Pseudo-Mercator (web tiles).
pub const WEB_MERCATOR: u32 = 3857;
/// KRGJSH-2010 / Albania TM (EPSG names it "ETRS89 / Albania TM 2010"). Default metric CRS.
pub const ALBANIA_TM: u32 = 6870;
/// Albanian 1987 / Gauss-Krüger zone 4.
pub const ALBANIAN_1987_GK4: u32 = 2462;
/// WGS84 / UTM zone 34N.
pub const UTM_34N: u32 = 32634;

/// The CRSs the import dialog and `--crs` offer by name; any other EPSG code known to
/// `crs-definitions` also works.
pub const SUPPORTED: [(u32, &str); 5] = [
    (WGS84, "WGS 84 (longitude/latitude)"),
    (WEB_MERCATOR, "WGS 84 / Pseudo-Mercator"),
    (ALBANIA_TM, "KRGJSH-2010 / Albania TM"),
    (ALBANIAN_1987_GK4, "Albanian 1987 / Gauss-Krüger zone 4"),
    (UTM_34N, "WGS 84 / UTM zone 34N"),
];

#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum CrsError {
    #[error("unknown coordinate reference system EPSG:{0}")]
    UnknownEpsg(u32),
    #[error("cannot read the CRS '{0}': write it as EPSG:<code>, e.g. EPSG:6870")]
    Unparsable(String),
    #[error("the .prj file names a CRS Risk Atlas does not know: {0}")]
    UnknownPrj(String),
    #[error("coordinate ({x}, {y}) cannot be transformed from EPSG:{from} to EPSG:{to}: {reason}")]
    Transform {
        x: f64,
        y: f64,
        from: u32,
        to: u32,
        reason: String,
    },
}

/// A coordinate reference system known by its EPSG code.
#[derive(Clone)]
pub struct Crs {
    epsg: u32,
    proj: Proj,
}

impl std::fmt::Debug for Crs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EPSG:{}", self.epsg)
    }
}

impl PartialEq for Crs {
    fn eq(&self, other: &Self) -> bool {
        self.epsg == other.epsg
    }
}

impl Crs {
    pub fn from_epsg(epsg: u32) -> Result<Self, CrsError> {
        let code = u16::try_from(epsg).map_err(|_| CrsError::UnknownEpsg(epsg))?;
        let proj = Proj::from_epsg_code(code).map_err(|_| CrsError::UnknownEpsg(epsg))?;
        Ok(Self { epsg, proj })
    }

    /// Parses what a user types: `EPSG:6870`, `epsg:6870` or `6870`.
    pub fn parse(text: &str) -> Result<Self, CrsError> {
        let t = text.trim();
        let digits = t
            .strip_prefix("EPSG:")
            .or_else(|| t.strip_prefix("epsg:"))
            .unwrap_or(t);
        let code: u32 = digits
            .trim()
            .parse()
            .map_err(|_| CrsError::Unparsable(t.to_string()))?;
        Self::from_epsg(code)
    }

    pub fn wgs84() -> Self {
        Self::from_epsg(WGS84).expect("EPSG:4326 is always defined")
    }

    pub fn albania_tm() -> Self {
        Self::from_epsg(ALBANIA_TM).expect("EPSG:6870 is always defined")
    }

    pub fn epsg(&self) -> u32 {
        self.epsg
    }

    pub fn is_geographic(&self) -> bool {
        self.proj.is_latlong()
    }

    /// Human name: ours for the supported CRSs, else the EPSG definition's.
    pub fn name(&self) -> String {
        SUPPORTED
            .iter()
            .find(|(c, _)| *c == self.epsg)
            .map(|(_, n)| n.to_string())
            .or_else(|| {
                let def = crs_definitions::from_code(self.epsg as u16)?;
                wkt_name(def.wkt)
            })
            .unwrap_or_else(|| format!("EPSG:{}", self.epsg))
    }

    /// OGC WKT (WKT1) of this CRS, for `.prj` files and `gpkg_spatial_ref_sys`.
    pub fn wkt(&self) -> &'static str {
        crs_definitions::from_code(self.epsg as u16)
            .map(|d| d.wkt)
            .unwrap_or("undefined")
    }
}

/// Transforms coordinates between two CRSs.
#[derive(Clone, Debug)]
pub struct Transformer {
    from: Crs,
    to: Crs,
}

impl Transformer {
    pub fn new(from: &Crs, to: &Crs) -> Self {
        Self {
            from: from.clone(),
            to: to.clone(),
        }
    }

    /// WGS84 → KRGJSH-2010 / Albania TM.
    pub fn wgs84_to_tm() -> Self {
        Self::new(&Crs::wgs84(), &Crs::albania_tm())
    }

    /// KRGJSH-2010 / Albania TM → WGS84.
    pub fn tm_to_wgs84() -> Self {
        Self::new(&Crs::albania_tm(), &Crs::wgs84())
    }

    pub fn is_identity(&self) -> bool {
        self.from.epsg == self.to.epsg
    }

    /// Transforms one (x, y) in the source CRS's units (degrees or metres).
    pub fn point(&self, x: f64, y: f64) -> Result<(f64, f64), CrsError> {
        if self.is_identity() {
            return Ok((x, y));
        }
        let err = |reason: String| CrsError::Transform {
            x,
            y,
            from: self.from.epsg,
            to: self.to.epsg,
            reason,
        };
        if !x.is_finite() || !y.is_finite() {
            return Err(err("not a finite number".into()));
        }
        let mut p = if self.from.is_geographic() {
            (x.to_radians(), y.to_radians(), 0.0)
        } else {
            (x, y, 0.0)
        };
        proj4rs::transform::transform(&self.from.proj, &self.to.proj, &mut p)
            .map_err(|e| err(e.to_string()))?;
        let out = if self.to.is_geographic() {
            (p.0.to_degrees(), p.1.to_degrees())
        } else {
            (p.0, p.1)
        };
        if out.0.is_finite() && out.1.is_finite() {
            Ok(out)
        } else {
            Err(err("result is not finite".into()))
        }
    }

    pub fn coord(&self, c: Coord<f64>) -> Result<Coord<f64>, CrsError> {
        self.point(c.x, c.y).map(|(x, y)| Coord { x, y })
    }

    /// Transforms every vertex of a geometry.
    pub fn geometry(&self, g: &Geometry<f64>) -> Result<Geometry<f64>, CrsError> {
        if self.is_identity() {
            return Ok(g.clone());
        }
        g.try_map_coords(|c| self.coord(c))
    }
}

/// The `NAME` of the outermost `PROJCS[`/`GEOGCS[`/`PROJCRS[` in a WKT string.
fn wkt_name(wkt: &str) -> Option<String> {
    let start = wkt.find('"')? + 1;
    let end = start + wkt[start..].find('"')?;
    Some(wkt[start..end].to_string())
}

/// Detects the CRS of a `.prj` file (ESRI WKT or OGC WKT1/WKT2).
///
/// First by the outermost authority code (`AUTHORITY["EPSG","6870"]` or `ID["EPSG",6870]`),
/// then by the CRS name against the names ESRI and OGC use for the supported CRSs.
pub fn detect_prj(prj: &str) -> Result<Crs, CrsError> {
    let text = prj.trim().trim_start_matches('\u{feff}');
    if let Some(Ok(crs)) = last_epsg_authority(text).map(Crs::from_epsg) {
        return Ok(crs);
    }
    let name = wkt_name(text).unwrap_or_default();
    let key: String = name
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let code = match key.as_str() {
        "gcswgs1984" | "wgs84" | "wgs1984" => WGS84,
        "wgs1984webmercatorauxiliarysphere" | "wgs84pseudomercator" | "wgs1984webmercator" => {
            WEB_MERCATOR
        }
        k if k.contains("albanian1987") => ALBANIAN_1987_GK4,
        // "KRGJSH-2010 / Albania TM", ESRI's "ETRS_1989_Albania_2010" (what GDAL writes).
        k if k.contains("albania") || k.contains("krgjsh") => ALBANIA_TM,
        "wgs1984utmzone34n" | "wgs84utmzone34n" => UTM_34N,
        _ => return Err(CrsError::UnknownPrj(name)),
    };
    Crs::from_epsg(code)
}

/// The EPSG code of the outermost authority: in WKT1 it is the last `AUTHORITY["EPSG",…]`,
/// in WKT2 the last `ID["EPSG",…]`.
fn last_epsg_authority(text: &str) -> Option<u32> {
    let upper = text.to_ascii_uppercase();
    let mut best: Option<(usize, u32)> = None;
    for key in ["AUTHORITY[\"EPSG\",", "ID[\"EPSG\","] {
        let mut from = 0;
        while let Some(pos) = upper[from..].find(key) {
            let at = from + pos + key.len();
            let digits: String = upper[at..]
                .chars()
                .skip_while(|c| *c == '"' || c.is_whitespace())
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if let Ok(code) = digits.parse()
                && best.is_none_or(|(p, _)| at > p)
            {
                best = Some((at, code));
            }
            from = at;
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIRANA: (f64, f64) = (19.8187, 41.3275);

    fn close(a: (f64, f64), b: (f64, f64), tol: f64) -> bool {
        (a.0 - b.0).abs() < tol && (a.1 - b.1).abs() < tol
    }

    /// Reference values computed with PROJ (see STACK.md), to 1 cm.
    #[test]
    fn tirana_matches_proj_to_the_centimetre() {
        let wgs = Crs::wgs84();
        for (epsg, expect) in [
            (ALBANIA_TM, (484822.040, 4576960.341)),
            (ALBANIAN_1987_GK4, (4401234.508, 4577749.002)),
            (UTM_34N, (401143.338, 4575786.727)),
        ] {
            let t = Transformer::new(&wgs, &Crs::from_epsg(epsg).unwrap());
            let got = t.point(TIRANA.0, TIRANA.1).unwrap();
            assert!(
                close(got, expect, 0.01),
                "EPSG:{epsg}: {got:?} vs {expect:?}"
            );
            let back = Transformer::new(&Crs::from_epsg(epsg).unwrap(), &wgs)
                .point(got.0, got.1)
                .unwrap();
            assert!(
                close(back, TIRANA, 1e-9),
                "round trip EPSG:{epsg}: {back:?}"
            );
        }
    }

    #[test]
    fn web_mercator_known_value() {
        let t = Transformer::new(&Crs::wgs84(), &Crs::from_epsg(WEB_MERCATOR).unwrap());
        let (x, y) = t.point(TIRANA.0, TIRANA.1).unwrap();
        // x = R * lon(rad); y = R * ln(tan(pi/4 + lat/2)) with R = 6378137.
        let r = 6378137.0_f64;
        let ex = r * TIRANA.0.to_radians();
        let ey = r
            * (std::f64::consts::FRAC_PI_4 + TIRANA.1.to_radians() / 2.0)
                .tan()
                .ln();
        assert!(close((x, y), (ex, ey), 0.01));
    }

    #[test]
    fn parse_user_text() {
        assert_eq!(Crs::parse("EPSG:6870").unwrap().epsg(), 6870);
        assert_eq!(Crs::parse(" 32634 ").unwrap().epsg(), 32634);
        assert!(matches!(Crs::parse("tm"), Err(CrsError::Unparsable(_))));
        assert!(matches!(
            Crs::parse("EPSG:1"),
            Err(CrsError::UnknownEpsg(1))
        ));
    }

    #[test]
    fn detect_prj_by_authority_and_by_name() {
        assert_eq!(detect_prj(Crs::albania_tm().wkt()).unwrap().epsg(), 6870);
        let esri_utm = r#"PROJCS["WGS_1984_UTM_Zone_34N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",21.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
        assert_eq!(detect_prj(esri_utm).unwrap().epsg(), 32634);
        let esri_geo = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert_eq!(detect_prj(esri_geo).unwrap().epsg(), 4326);
        let esri_tm = r#"PROJCS["KRGJSH_2010_Albania_TM",GEOGCS["GCS_KRGJSH_2010",DATUM["D_KRGJSH_2010",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["Central_Meridian",20.0],PARAMETER["Scale_Factor",1.0],UNIT["Meter",1.0]]"#;
        assert_eq!(detect_prj(esri_tm).unwrap().epsg(), 6870);
        let gdal_tm = r#"PROJCS["ETRS_1989_Albania_2010",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["Central_Meridian",20.0],UNIT["Meter",1.0]]"#;
        assert_eq!(detect_prj(gdal_tm).unwrap().epsg(), 6870);
        let gk = r#"PROJCS["Albanian_1987_GK_Zone_4",GEOGCS["GCS_Albanian_1987"]]"#;
        assert_eq!(detect_prj(gk).unwrap().epsg(), 2462);
        let wkt2 = r#"PROJCRS["WGS 84 / UTM zone 34N",BASEGEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563]],ID["EPSG",4326]],CONVERSION["UTM zone 34N",METHOD["Transverse Mercator"]],ID["EPSG",32634]]"#;
        assert_eq!(detect_prj(wkt2).unwrap().epsg(), 32634);
        assert!(matches!(
            detect_prj(r#"PROJCS["Mars_Sinusoidal"]"#),
            Err(CrsError::UnknownPrj(_))
        ));
    }

    #[test]
    fn nan_is_an_error_not_a_panic() {
        let t = Transformer::wgs84_to_tm();
        assert!(t.point(f64::NAN, 41.0).is_err());
    }
}

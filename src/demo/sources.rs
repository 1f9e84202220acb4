//! The real open data embedded in the binary (see `data/albania/README.md` for sources and
//! licences), parsed into typed records for the demo project.

use geo::{Geometry, MultiPolygon, Point};
use geojson::{FeatureCollection, JsonObject};

use super::DemoError;
use crate::model::{Municipality, Qark, Service, ServiceType};

pub const MUNICIPALITIES: &str =
    include_str!("../../data/albania/albania_municipalities_61.geojson");
pub const QARQE: &str = include_str!("../../data/albania/albania_qarqe_12.geojson");
pub const COASTLINE: &str =
    include_str!("../../data/albania/albania_land_coastline_osm_1m.geojson");
pub const SERVICES: &str = include_str!("../../data/albania/albania_services_osm.geojson");
pub const MINES: &str = include_str!("../../data/albania/albania_mines_facilities.geojson");
pub const MINESHAFTS: &str = include_str!("../../data/albania/albania_mineshafts_osm.geojson");
pub const NEIGHBOURS: &str = include_str!("../../data/albania/neighbours_land_osm_100m.geojson");
pub const PLACES: &str = include_str!("../../data/albania/albania_places_osm.geojson");

/// Attributions to show wherever these layers are shown or printed.
pub const ATTRIBUTIONS: &[&str] = &[
    "© OpenStreetMap contributors (ODbL 1.0): coastline, services, places, mineshafts",
    "Who's On First / Mesoshapes (CC0): municipality and qark boundaries",
    "Eurostat: population",
    "Includes data from foursquare quattroshapes (CC-BY): Durrës qark boundary",
    "globalstrategic/facilities (MIT): mine and plant sites",
];

/// One parsed feature: its geometry and properties.
pub struct SourceFeature {
    pub geometry: Geometry<f64>,
    pub props: JsonObject,
}

impl SourceFeature {
    pub fn text(&self, key: &str) -> Option<String> {
        match self.props.get(key)? {
            serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    pub fn f64(&self, key: &str) -> Option<f64> {
        self.props.get(key)?.as_f64()
    }

    pub fn point(&self) -> Option<Point<f64>> {
        match &self.geometry {
            Geometry::Point(p) => Some(*p),
            _ => None,
        }
    }

    pub fn multipolygon(&self) -> Option<MultiPolygon<f64>> {
        match &self.geometry {
            Geometry::Polygon(p) => Some(MultiPolygon::new(vec![p.clone()])),
            Geometry::MultiPolygon(m) => Some(m.clone()),
            _ => None,
        }
    }
}

pub fn parse(name: &str, text: &str) -> Result<Vec<SourceFeature>, DemoError> {
    let bad = |reason: String| DemoError::EmbeddedData {
        file: name.to_string(),
        reason,
    };
    let fc: FeatureCollection = text
        .parse()
        .map_err(|e: geojson::Error| bad(e.to_string()))?;
    fc.features
        .into_iter()
        .map(|f| {
            let g = f
                .geometry
                .ok_or_else(|| bad("feature without geometry".into()))?;
            let geometry = Geometry::<f64>::try_from(g).map_err(|e| bad(e.to_string()))?;
            Ok(SourceFeature {
                geometry,
                props: f.properties.unwrap_or_default(),
            })
        })
        .collect()
}

pub fn municipalities() -> Result<Vec<Municipality>, DemoError> {
    parse("albania_municipalities_61.geojson", MUNICIPALITIES)?
        .into_iter()
        .map(|f| {
            Ok(Municipality {
                fid: None,
                name: f.text("name").unwrap_or_default(),
                lau_code: f.text("lau_code").unwrap_or_default(),
                qark: f.text("qark"),
                population: f.f64("population").map(|p| p as i64),
                area_wgs84: f.multipolygon().ok_or_else(|| DemoError::EmbeddedData {
                    file: "albania_municipalities_61.geojson".into(),
                    reason: "municipality is not a polygon".into(),
                })?,
            })
        })
        .collect()
}

pub fn qarqe() -> Result<Vec<Qark>, DemoError> {
    Ok(parse("albania_qarqe_12.geojson", QARQE)?
        .into_iter()
        .filter_map(|f| {
            Some(Qark {
                fid: None,
                name: f.text("name")?,
                nuts3_code: f.text("nuts3_2021").unwrap_or_default(),
                population: f.f64("population").map(|p| p as i64),
                area_wgs84: f.multipolygon()?,
            })
        })
        .collect())
}

pub fn land() -> Result<MultiPolygon<f64>, DemoError> {
    let fs = parse("albania_land_coastline_osm_1m.geojson", COASTLINE)?;
    Ok(MultiPolygon::new(
        fs.iter()
            .filter_map(SourceFeature::multipolygon)
            .flat_map(|m| m.0)
            .collect(),
    ))
}

/// The neighbouring countries' land (clipped around Albania), for the basemap.
pub fn neighbours() -> Result<MultiPolygon<f64>, DemoError> {
    let fs = parse("neighbours_land_osm_100m.geojson", NEIGHBOURS)?;
    Ok(MultiPolygon::new(
        fs.iter()
            .filter_map(SourceFeature::multipolygon)
            .flat_map(|m| m.0)
            .collect(),
    ))
}

/// The OSM amenities that are services children are referred to, mapped to our types.
/// Pharmacies, dentists, universities and colleges are not child-protection services and
/// are left out of the demo; town halls become the municipality's Child Protection Unit.
pub fn osm_service_type(amenity: &str) -> Option<ServiceType> {
    Some(match amenity {
        "school" => ServiceType::School,
        "kindergarten" | "childcare" => ServiceType::Kindergarten,
        "clinic" | "hospital" | "doctors" => ServiceType::HealthCentre,
        "police" => ServiceType::Police,
        "community_centre" => ServiceType::CommunityCentre,
        "townhall" => ServiceType::ChildProtectionUnit,
        _ => return None,
    })
}

pub fn osm_services() -> Result<Vec<Service>, DemoError> {
    Ok(parse("albania_services_osm.geojson", SERVICES)?
        .into_iter()
        .filter_map(|f| {
            let amenity = f.text("amenity")?;
            let service_type = osm_service_type(&amenity)?;
            let name = f
                .text("name")
                .unwrap_or_else(|| service_type.label_sq().to_string());
            let name = if service_type == ServiceType::ChildProtectionUnit {
                format!("NJMF (ilustruese) — {name}")
            } else {
                name
            };
            Some(Service {
                fid: None,
                service_type,
                name,
                capacity: None,
                municipality: None,
                source: Some(format!("OpenStreetMap node {}", f.text("osm_node_id")?)),
                pos_wgs84: f.point()?,
            })
        })
        .collect())
}

/// Settlements (OSM `place=*` nodes in Albania): name, kind and population if known.
#[derive(Debug, Clone)]
pub struct Place {
    pub name: String,
    pub place: String,
    pub population: Option<f64>,
    pub pos_wgs84: Point<f64>,
}

/// The settlements, parsed once per run (the 1.2 MB file feeds the demo, the search box and
/// the basemap's names; each caller gets its own copy of the list).
pub fn places() -> Result<Vec<Place>, DemoError> {
    static PARSED: std::sync::OnceLock<Result<Vec<Place>, String>> = std::sync::OnceLock::new();
    match PARSED.get_or_init(|| parse_places().map_err(|e| e.to_string())) {
        Ok(places) => Ok(places.clone()),
        Err(reason) => Err(DemoError::EmbeddedData {
            file: "albania_places_osm.geojson".into(),
            reason: reason.clone(),
        }),
    }
}

fn parse_places() -> Result<Vec<Place>, DemoError> {
    Ok(parse("albania_places_osm.geojson", PLACES)?
        .into_iter()
        .filter(|f| f.props.get("in_albania").and_then(|v| v.as_bool()) == Some(true))
        .filter_map(|f| {
            Some(Place {
                name: f.text("name")?,
                place: f.text("place")?,
                population: f.f64("population"),
                pos_wgs84: f.point()?,
            })
        })
        .collect())
}

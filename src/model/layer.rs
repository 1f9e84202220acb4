//! Layers: what kind of data a layer holds, its table name, fields and features.

use serde::{Deserialize, Serialize};

use super::value::{Feature, FieldDef, GeometryType, Value};

/// The kinds of layer a project holds. Typed kinds have a fixed schema and table name;
/// `Other` layers keep whatever attributes their source had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum LayerKind {
    Cases,
    Services,
    Mines,
    Hotspots,
    Municipalities,
    Qarqe,
    Candidates,
    Roads,
    Coastline,
    Other,
}

impl LayerKind {
    pub const ALL: [LayerKind; 10] = [
        LayerKind::Cases,
        LayerKind::Services,
        LayerKind::Mines,
        LayerKind::Hotspots,
        LayerKind::Municipalities,
        LayerKind::Qarqe,
        LayerKind::Candidates,
        LayerKind::Roads,
        LayerKind::Coastline,
        LayerKind::Other,
    ];

    /// The code used by the CLI (`--as cases`) and stored in the project.
    pub fn code(self) -> &'static str {
        match self {
            LayerKind::Cases => "cases",
            LayerKind::Services => "services",
            LayerKind::Mines => "mines",
            LayerKind::Hotspots => "hotspots",
            LayerKind::Municipalities => "municipalities",
            LayerKind::Qarqe => "qarqe",
            LayerKind::Candidates => "candidates",
            LayerKind::Roads => "roads",
            LayerKind::Coastline => "coastline",
            LayerKind::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// The GeoPackage table of a typed layer; `None` for `Other` (named by the user).
    pub fn table_name(self) -> Option<&'static str> {
        match self {
            LayerKind::Cases => Some("cases"),
            LayerKind::Services => Some("services"),
            LayerKind::Mines => Some("mine_perimeters"),
            LayerKind::Hotspots => Some("coastal_hotspots"),
            LayerKind::Municipalities => Some("municipalities"),
            LayerKind::Qarqe => Some("qarqe"),
            LayerKind::Candidates => Some("candidate_sites"),
            LayerKind::Roads => Some("roads"),
            LayerKind::Coastline => Some("coastline"),
            LayerKind::Other => None,
        }
    }

    pub fn geometry_type(self) -> GeometryType {
        match self {
            LayerKind::Cases | LayerKind::Services | LayerKind::Candidates => GeometryType::Point,
            LayerKind::Mines
            | LayerKind::Hotspots
            | LayerKind::Municipalities
            | LayerKind::Qarqe
            | LayerKind::Coastline => GeometryType::MultiPolygon,
            LayerKind::Roads => GeometryType::MultiLineString,
            LayerKind::Other => GeometryType::Geometry,
        }
    }

    pub fn label_sq(self) -> &'static str {
        match self {
            LayerKind::Cases => "Rastet e identifikuara",
            LayerKind::Services => "Shërbimet",
            LayerKind::Mines => "Perimetrat e minierave",
            LayerKind::Hotspots => "Zonat bregdetare verore",
            LayerKind::Municipalities => "Bashkitë",
            LayerKind::Qarqe => "Qarqet",
            LayerKind::Candidates => "Vende kandidate",
            LayerKind::Roads => "Rrugët",
            LayerKind::Coastline => "Toka dhe vija bregdetare",
            LayerKind::Other => "Shtresë tjetër",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            LayerKind::Cases => "Identified cases",
            LayerKind::Services => "Services",
            LayerKind::Mines => "Mine perimeters",
            LayerKind::Hotspots => "Coastal summer hotspots",
            LayerKind::Municipalities => "Municipalities",
            LayerKind::Qarqe => "Counties (qarqe)",
            LayerKind::Candidates => "Candidate sites",
            LayerKind::Roads => "Roads",
            LayerKind::Coastline => "Land and coastline",
            LayerKind::Other => "Other layer",
        }
    }

    /// Whether features of this layer are individual children (privacy rules apply).
    pub fn is_case_level(self) -> bool {
        self == LayerKind::Cases
    }
}

/// A layer in memory: its table name, kind, fields and features (WGS84).
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureLayer {
    pub name: String,
    pub kind: LayerKind,
    pub geometry_type: GeometryType,
    pub fields: Vec<FieldDef>,
    pub features: Vec<Feature>,
}

impl FeatureLayer {
    pub fn new(
        name: &str,
        kind: LayerKind,
        geometry_type: GeometryType,
        fields: Vec<FieldDef>,
    ) -> Self {
        Self {
            name: name.to_string(),
            kind,
            geometry_type,
            fields,
            features: Vec::new(),
        }
    }

    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// The value of field `name` in feature `i`, or `Null`.
    pub fn value<'a>(&'a self, feature: &'a Feature, name: &str) -> &'a Value {
        static NULL: Value = Value::Null;
        self.field_index(name)
            .and_then(|i| feature.values.get(i))
            .unwrap_or(&NULL)
    }

    /// The WGS84 bounding box (min lon, min lat, max lon, max lat) of all geometries.
    pub fn extent_wgs84(&self) -> Option<[f64; 4]> {
        use geo::BoundingRect;
        let mut acc: Option<[f64; 4]> = None;
        for g in self
            .features
            .iter()
            .filter_map(|f| f.geometry_wgs84.as_ref())
        {
            if let Some(r) = g.bounding_rect() {
                let b = [r.min().x, r.min().y, r.max().x, r.max().y];
                acc = Some(match acc {
                    None => b,
                    Some(a) => [
                        a[0].min(b[0]),
                        a[1].min(b[1]),
                        a[2].max(b[2]),
                        a[3].max(b[3]),
                    ],
                });
            }
        }
        acc
    }
}

//! Domain types. No UI, no files, no SQL: plain data that every other module shares.
//!
//! Every layer is a [`FeatureLayer`] (fields + features in WGS84). Typed layers have a
//! [`Record`] type (`Case`, `Service`, `MinePerimeter`, `Hotspot`, `Municipality`, `Qark`)
//! that converts to and from features; candidate sites, roads and any other imported layer
//! stay generic with their attributes kept.

pub mod admin;
pub mod case;
pub mod category;
pub mod filter;
mod filter_text;
pub mod gazetteer;
pub mod hotspot;
pub mod layer;
pub mod layer_names;
pub mod mine;
pub mod record;
pub mod service;
pub mod style;
pub mod value;

pub use admin::{Municipality, Qark};
pub use case::{Case, MunicipalityRef};
pub use category::{CaseKind, CaseStatus, MineStatus, ServiceType, Sex};
pub use filter::{AgeBand, CaseFilter, hotspots_active_in};
pub use gazetteer::{Gazetteer, GazetteerEntry, PlaceKind};
pub use hotspot::{Hotspot, MonthSet};
pub use layer::{FeatureLayer, LayerKind};
pub use mine::MinePerimeter;
pub use record::{FieldGetter, ModelError, Record};
pub use service::Service;
pub use style::{LayerStyle, StyleRule};
pub use value::{Feature, FieldDef, FieldKind, GeometryType, Value};

/// Builds a typed layer from records.
pub fn layer_from_records<R: Record>(kind: LayerKind, records: &[R]) -> FeatureLayer {
    let name = kind.table_name().unwrap_or("layer");
    let mut layer = FeatureLayer::new(name, kind, kind.geometry_type(), R::fields());
    layer.features = records.iter().map(R::to_feature).collect();
    layer
}

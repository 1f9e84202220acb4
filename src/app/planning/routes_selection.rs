//! Route stops from the map selection: the features selected in the attribute table (any
//! layer but a case layer) become stops, so a coordinator can send a team to chosen places
//! (a school, a market, a settlement) besides the risk zones, hotspots and mines.
//!
//! Each stop sits at the feature's point (its interior point for lines and polygons), with
//! priority 2 and the form's service time; its id is the feature's `name`, `code` or `id`
//! field, else "<layer label> #<fid>". Case layers are refused: a route to a child's location
//! would put it into GPX files and printed sheets. Features without a geometry are reported.

use geo::InteriorPoint;

use super::super::i18n::{Language, T};
use super::super::state::Session;
use crate::analysis::routing::Stop;

/// Priority of a stop the user picked (between medium and high risk).
pub const SELECTED_PRIORITY: f64 = 2.0;

/// The stops of the table's selection (see the module doc).
pub fn selected_stops(
    session: &Session,
    service_s: f64,
    lang: Language,
) -> Result<Vec<Stop>, String> {
    let none = || T::RoutesSelectionNone.tr(lang).to_string();
    let table = session
        .table
        .as_ref()
        .filter(|t| !t.selected.is_empty())
        .ok_or_else(none)?;
    let layer = session
        .project
        .as_ref()
        .and_then(|p| p.layer(&table.layer))
        .ok_or_else(none)?;
    if layer.kind.is_case_level() {
        return Err(T::RoutesSelectionCases.tr(lang).to_string());
    }
    let data = &layer.data;
    let label = super::super::labels::layer_label(layer.kind, &layer.name, lang);
    let id_field = ["name", "code", "id"]
        .iter()
        .find_map(|f| data.field_index(f));
    let mut out = Vec::new();
    for &row in &table.selected {
        let Some(f) = data.features.get(row) else {
            continue;
        };
        let fid = f.fid.unwrap_or(row as i64 + 1);
        let Some(pos) = f.geometry_wgs84.as_ref().and_then(|g| g.interior_point()) else {
            return Err(format!(
                "{label} #{fid}: {}",
                T::RoutesSelectionNoGeometry.tr(lang)
            ));
        };
        let id = id_field
            .and_then(|i| f.values.get(i))
            .and_then(|v| v.non_empty_text())
            .unwrap_or_else(|| format!("{label} #{fid}"));
        let mut stop = Stop::new(id, pos);
        stop.priority = SELECTED_PRIORITY;
        stop.service_s = service_s;
        out.push(stop);
    }
    Ok(out)
}

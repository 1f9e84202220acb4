//! The search box in the menu bar: type a municipality, county or settlement name, pick a
//! result (or press Enter for the first), and the map goes there.
//!
//! Names come from the project's municipality and county layers and from the OSM settlements
//! shipped with the app (`data/albania/albania_places_osm.geojson`), gathered into a
//! [`Gazetteer`] on the loader thread. Matching ignores case and diacritics (see
//! `model::gazetteer`). Areas are fitted into the view; settlements are centred at zoom 13.

use std::sync::{Arc, OnceLock};

use egui::{Key, RichText, Ui};
use geo::BoundingRect;

use super::actions::Action;
use super::i18n::{Language, T};
use super::state::LayerView;
use crate::model::{Gazetteer, GazetteerEntry, LayerKind, PlaceKind};

/// How many results the list shows.
pub const MAX_RESULTS: usize = 8;
/// Zoom used to show a settlement.
pub const SETTLEMENT_ZOOM: f64 = 13.0;

/// The settlements shipped with the app, parsed once per run.
fn settlements() -> &'static [GazetteerEntry] {
    static PLACES: OnceLock<Vec<GazetteerEntry>> = OnceLock::new();
    PLACES.get_or_init(|| {
        let places = crate::demo::sources::places().unwrap_or_default();
        places
            .into_iter()
            .filter(|p| !matches!(p.place.as_str(), "country" | "region" | "square" | "yes"))
            .map(|p| {
                let (x, y) = (p.pos_wgs84.x(), p.pos_wgs84.y());
                GazetteerEntry::new(&p.name, PlaceKind::Settlement, &p.place, [x, y, x, y])
                    .with_population(p.population)
            })
            .collect()
    })
}

/// Builds the gazetteer of a project: its municipalities and counties, plus settlements.
pub fn build(layers: &[LayerView]) -> Arc<Gazetteer> {
    let mut entries = Vec::new();
    for l in layers {
        let kind = match l.kind {
            LayerKind::Municipalities => PlaceKind::Municipality,
            LayerKind::Qarqe => PlaceKind::Qark,
            _ => continue,
        };
        let Some(i) = l.data.field_index("name") else {
            continue;
        };
        for f in &l.data.features {
            let name = f.values.get(i).and_then(|v| v.non_empty_text());
            let bbox = f.geometry_wgs84.as_ref().and_then(|g| g.bounding_rect());
            if let (Some(name), Some(b)) = (name, bbox) {
                let bbox = [b.min().x, b.min().y, b.max().x, b.max().y];
                entries.push(GazetteerEntry::new(&name, kind, "", bbox));
            }
        }
    }
    entries.extend_from_slice(settlements());
    Arc::new(Gazetteer::new(entries))
}

/// The action that shows `entry` on the map.
pub fn go_to(entry: &GazetteerEntry) -> Action {
    if entry.is_point() {
        Action::ZoomTo {
            centre_wgs84: [entry.bbox_wgs84[0], entry.bbox_wgs84[1]],
            zoom: SETTLEMENT_ZOOM,
        }
    } else {
        Action::FitBox(entry.bbox_wgs84)
    }
}

fn kind_label(e: &GazetteerEntry, lang: Language) -> &'static str {
    match e.kind {
        PlaceKind::Municipality => T::PlaceMunicipality.tr(lang),
        PlaceKind::Qark => T::PlaceQark.tr(lang),
        PlaceKind::Settlement => match e.detail.as_str() {
            "city" | "town" => T::PlaceTown.tr(lang),
            "village" => T::PlaceVillage.tr(lang),
            _ => T::PlaceOther.tr(lang),
        },
    }
}

/// Draws the search box and its result list. The typed text lives in egui's memory.
pub fn show(ui: &mut Ui, gazetteer: Option<&Gazetteer>, lang: Language, actions: &mut Vec<Action>) {
    let id = ui.make_persistent_id("place_search");
    let mut query: String = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    let edit = egui::TextEdit::singleline(&mut query)
        .hint_text(T::SearchHint.tr(lang))
        .desired_width(200.0);
    let response = ui.add(edit);
    // In the menu bar's right-to-left layout the label is drawn left of the box; it is also
    // the box's accessible name (screen readers, UI tests).
    let label = ui.label(T::SearchLabel.tr(lang));
    let response = response.labelled_by(label.id);
    let hits = gazetteer
        .map(|g| g.search(&query, MAX_RESULTS))
        .unwrap_or_default();
    let enter = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    let mut chosen = None;
    if enter {
        chosen = hits.first().copied();
    }
    let popup_id = id.with("results");
    if response.has_focus() && !query.trim().is_empty() {
        egui::Popup::open_id(ui.ctx(), popup_id);
    }
    egui::Popup::from_response(&response)
        .id(popup_id)
        .open_memory(None)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .show(|ui| {
            ui.set_min_width(260.0);
            if hits.is_empty() {
                ui.label(RichText::new(T::NoPlaceFound.tr(lang)).weak());
            }
            for e in &hits {
                let text = format!("{}  ·  {}", e.name, kind_label(e, lang));
                if ui.selectable_label(false, text).clicked() {
                    chosen = Some(*e);
                }
            }
        });
    if let Some(e) = chosen {
        actions.push(go_to(e));
        egui::Popup::close_id(ui.ctx(), popup_id);
        query = e.name.clone();
    }
    ui.data_mut(|d| d.insert_temp(id, query));
}

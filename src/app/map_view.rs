//! The map in the centre: walkers widget, vector basemap under the tiles, overlays on top.
//!
//! Order of painting: an empty shape slot (filled by the [`Basemap`] plugin: sea, land,
//! boundaries, names) → the active tiles (OpenStreetMap or an offline pack, if shown, faded
//! by their opacity) →
//! one [`LayerOverlay`] per visible layer → the identify highlight → attribution, notice
//! and zoom buttons. A pending fit (initial view, zoom to layer) is applied here, where the
//! map's size in screen points is known. Hover updates the cursor read-out; a click (not a
//! drag) becomes an `Action::Identify` with a radius of [`IDENTIFY_RADIUS_PX`] points, or,
//! on a cluster of cases, an `Action::ZoomTo` two levels closer.

use std::cell::RefCell;

use egui::{Align2, Color32, Rect, Shape, Ui, UiBuilder, vec2};
use walkers::{Map, MapMemory, Tiles, lon_lat};

use super::actions::Action;
use super::basemap::Basemap;
use super::chips;
use super::edit_overlay::EditOverlay;
use super::i18n::{Language, T};
use super::identify;
use super::measure::{self, MeasureOverlay};
use super::overlays::{Highlight, LayerOverlay, Selection};
use super::state::Session;
use super::transform::{ScreenTransform, merc_from_wgs84, wgs84_from_merc};

/// How far from a feature a click still identifies it, in screen points.
pub const IDENTIFY_RADIUS_PX: f64 = 8.0;
pub const ATTRIBUTION: &str = super::tile_sources::OSM_ATTRIBUTION;

/// The centre (WGS84) and zoom that fit `bbox_wgs84` into a map of `size` points.
pub fn fit(bbox_wgs84: [f64; 4], size: egui::Vec2) -> ([f64; 2], f64) {
    let a = merc_from_wgs84(bbox_wgs84[0], bbox_wgs84[3]);
    let b = merc_from_wgs84(bbox_wgs84[2], bbox_wgs84[1]);
    let w = ((b[0] - a[0]).abs() * 256.0).max(1e-9);
    let h = ((b[1] - a[1]).abs() * 256.0).max(1e-9);
    let zoom =
        ((size.x.max(50.0) as f64 * 0.95 / w).min(size.y.max(50.0) as f64 * 0.95 / h)).log2();
    let centre = wgs84_from_merc([(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0]);
    (centre, zoom.clamp(2.0, 16.0))
}

fn apply_fit(map: &mut MapMemory, bbox_wgs84: [f64; 4], size: egui::Vec2) {
    let (centre, zoom) = fit(bbox_wgs84, size);
    map.center_at(lon_lat(centre[0], centre[1]));
    // `fit` clamps into walkers' valid range, so this cannot fail.
    let _ = map.set_zoom(zoom);
}

/// Draws the map. `tiles` is `None` for the vector map only or when tiles are hidden;
/// `attribution` is the active source's text and link (see `tile_sources`).
pub fn show(
    ui: &mut Ui,
    session: &mut Session,
    tiles: Option<(&mut dyn Tiles, f32)>,
    attribution: &(String, Option<&'static str>),
    lang: Language,
    actions: &mut Vec<Action>,
) {
    let rect = ui.available_rect_before_wrap();
    if let Some(bbox) = session.pending_fit.take() {
        apply_fit(&mut session.map, bbox, rect.size());
    }
    let slot = ui.painter().add(Shape::Noop);
    let clusters = RefCell::new(None);
    let measuring = session.measure.is_some();
    let marking = session.planning.siting.marking && !measuring;
    let edit_actions = RefCell::new(Vec::new());
    let editing = session.editing.captures_clicks();
    let project = session.project.as_ref();
    let home = lon_lat(20.1, 41.15);

    let mut map = Map::new(None, &mut session.map, home)
        .zoom_with_ctrl(false)
        .double_click_to_zoom(!measuring && !editing && !marking);
    if let Some((tiles, opacity)) = tiles {
        map = map.with_layer(tiles, opacity);
    }
    map = map.with_plugin(Basemap::new(slot, project));
    if let Some(result) = session.density.result.as_ref().filter(|r| r.visible) {
        map = map.with_plugin(super::raster_overlay::RasterOverlay { result, lang });
    }
    if let Some(p) = project {
        for layer in p.layers.iter().filter(|l| l.visible && l.opacity > 0.0) {
            map = map.with_plugin(LayerOverlay {
                layer,
                clusters: &clusters,
            });
        }
        if let Some(table) = session.table.as_ref().filter(|t| !t.selected.is_empty())
            && let Some(layer) = p.layer(&table.layer)
        {
            map = map.with_plugin(Selection {
                layer,
                selected: &table.selected,
            });
        }
        if let Some(hit) = session.identified.as_ref().and_then(|i| i.hit.as_ref()) {
            map = map.with_plugin(Highlight { project: p, hit });
        }
        if let Some(o) = EditOverlay::new(&session.editing, p, lang, &edit_actions) {
            map = map.with_plugin(o);
        }
    }
    let notice = project.and_then(|p| p.notice.clone());
    let filters = session.filters.clone();
    if let Some(measure) = &session.measure {
        map = map.with_plugin(MeasureOverlay { measure });
    }
    let siting = &session.planning.siting;
    if siting.open && !siting.form.exclude_points.is_empty() {
        map = map.with_plugin(super::planning::exclusion_overlay::ExclusionOverlay {
            points_wgs84: &siting.form.exclude_points,
            radius_m: siting.form.exclude_radius_m,
        });
    }
    let measure = session.measure.clone();
    let (transform, hover, click) = map
        .show(ui, |ui, response, projector, _memory| {
            let t = ScreenTransform::from_projector(projector);
            let radius_m = IDENTIFY_RADIUS_PX
                / projector
                    .scale_pixel_per_meter(projector.unproject(t.rect.center().to_vec2()))
                    .max(1e-9) as f64;
            let click = if response.clicked() && !editing {
                response.interact_pointer_pos().map(|p| {
                    // A click on a cluster zooms in on it; anywhere else identifies.
                    let on_cluster = clusters
                        .borrow()
                        .as_ref()
                        .is_some_and(|c| c.iter().any(|(centre, r)| (p - *centre).length() <= *r));
                    if measuring {
                        Action::AddMeasurePoint(t.to_wgs84(p))
                    } else if marking {
                        use super::planning::{PlanningAction, SitingAction};
                        Action::Planning(PlanningAction::Siting(SitingAction::AddExclusion(
                            t.to_wgs84(p),
                        )))
                    } else if on_cluster {
                        Action::ZoomTo {
                            centre_wgs84: t.to_wgs84(p),
                            zoom: (t.zoom + 2.0).min(16.0),
                        }
                    } else {
                        Action::Identify {
                            at_wgs84: t.to_wgs84(p),
                            radius_m,
                        }
                    }
                })
            } else {
                None
            };
            let hover = response.hover_pos().map(|p| t.to_wgs84(p));
            // Hover tooltip: the feature under the pointer (not over a cluster, nor while a
            // tool uses the clicks).
            if !editing
                && !measuring
                && !marking
                && !response.dragged()
                && let (Some(p), Some(project)) = (response.hover_pos(), project)
                && !clusters
                    .borrow()
                    .as_ref()
                    .is_some_and(|c| c.iter().any(|(centre, r)| (p - *centre).length() <= *r))
                && let Some(hit) = identify::find(project, t.to_wgs84(p), radius_m)
                && let Some(text) = identify::hover_text(project, &hit, lang)
            {
                response.clone().on_hover_text_at_pointer(text);
            }
            show_attribution(ui, t.rect, attribution);
            zoom_buttons(ui, t.rect, lang, actions);
            chips::show(ui, t.rect, &filters, lang, actions);
            measure::controls(ui, t.rect, measure.as_ref(), lang, actions);
            if let Some(text) = &notice {
                banner(ui, t.rect, text);
            }
            (t, hover, click)
        })
        .inner;
    session.transform = Some(transform);
    session.cursor_wgs84 = hover;
    session.cases_clustered = clusters.borrow().is_some();
    actions.extend(click);
    actions.extend(edit_actions.into_inner());
}

/// The active source's attribution, always visible in the bottom-right corner: a link when
/// it has one; cut to the map's width with the full text on hover.
fn show_attribution(ui: &mut Ui, map: Rect, (text, url): &(String, Option<&'static str>)) {
    let font = egui::TextStyle::Small.resolve(ui.style());
    let full = ui
        .painter()
        .layout_no_wrap(text.clone(), font, Color32::BLACK)
        .size()
        .x;
    let width = full.min((map.width() * 0.6).max(120.0));
    let r = Rect::from_min_max(
        map.right_bottom() - vec2(width + 12.0, 18.0),
        map.right_bottom(),
    );
    ui.painter()
        .rect_filled(r, 2.0, Color32::from_white_alpha(210));
    ui.scope_builder(UiBuilder::new().max_rect(r.shrink2(vec2(6.0, 1.0))), |ui| {
        ui.style_mut().override_text_style = Some(egui::TextStyle::Small);
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
        ui.visuals_mut().hyperlink_color = Color32::from_rgb(30, 60, 120);
        match url {
            Some(url) => {
                ui.hyperlink_to(text.as_str(), *url);
            }
            None => {
                ui.label(text.as_str()).on_hover_text(text.as_str());
            }
        }
    });
}

/// Zoom in / out and "Albania" buttons, stacked in the top-right corner of the map.
fn zoom_buttons(ui: &mut Ui, map: Rect, lang: Language, actions: &mut Vec<Action>) {
    let area = Rect::from_min_max(
        map.right_top() + vec2(-160.0, 10.0),
        map.right_top() + vec2(-10.0, 130.0),
    );
    let layout = egui::Layout::top_down(egui::Align::Max);
    ui.scope_builder(UiBuilder::new().max_rect(area).layout(layout), |ui| {
        ui.spacing_mut().item_spacing.y = 4.0;
        let square = vec2(28.0, 28.0);
        let buttons = [
            ("+", T::ZoomIn, Action::ZoomBy(1.0)),
            ("-", T::ZoomOut, Action::ZoomBy(-1.0)),
        ];
        for (text, tip, action) in buttons {
            let button = egui::Button::new(egui::RichText::new(text).size(18.0)).min_size(square);
            if ui.add(button).on_hover_text(tip.tr(lang)).clicked() {
                actions.push(action);
            }
        }
        let home = egui::Button::new(T::Home.tr(lang))
            .min_size(vec2(0.0, square.y))
            .wrap_mode(egui::TextWrapMode::Extend);
        if ui
            .add(home)
            .on_hover_text(T::ShowAlbania.tr(lang))
            .clicked()
        {
            actions.push(Action::ShowAlbania);
        }
    });
}

/// A notice over the top of the map (e.g. the demo's "synthetic data").
fn banner(ui: &mut Ui, map: Rect, text: &str) {
    let painter = ui.painter();
    let font = egui::FontId::proportional(13.0);
    let galley = painter.layout_no_wrap(text.to_string(), font, Color32::from_rgb(60, 40, 0));
    let r = Align2::CENTER_TOP.anchor_size(
        map.center_top() + vec2(0.0, 8.0),
        galley.size() + vec2(16.0, 8.0),
    );
    painter.rect_filled(r, 4.0, Color32::from_rgba_unmultiplied(255, 236, 170, 235));
    painter.galley(r.min + vec2(8.0, 4.0), galley, Color32::BLACK);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_albania_into_a_window_gives_a_country_scale_zoom() {
        let (centre, zoom) = fit(super::super::state::ALBANIA_WGS84, vec2(900.0, 650.0));
        assert!(
            (19.9..20.5).contains(&centre[0]) && (40.9..41.4).contains(&centre[1]),
            "{centre:?}"
        );
        assert!((6.5..8.5).contains(&zoom), "{zoom}");
        // A point extent zooms in but stays within walkers' range.
        let (_, z) = fit([19.8, 41.3, 19.8, 41.3], vec2(900.0, 650.0));
        assert_eq!(z, 16.0);
    }
}

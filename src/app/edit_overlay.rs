//! The edit tools on the map: a walkers [`Plugin`] drawn over the layers while edit mode is on.
//!
//! Input: the edit state, the edit layer and the frame's projector; output: `Action::Edit`s
//! pushed into a `RefCell` the map view empties after the frame. Handles (vertex squares,
//! segment midpoints, movable points) are egui widgets registered on top of the map, so a
//! drag that starts on a handle moves the handle instead of panning the map. While dragging,
//! the handle follows the pointer and the edited outline is previewed; the edit is sent on
//! release. Hits: points within [`HIT_PX`] screen points, polygons by point-in-polygon.
//! Movable points get handles only when at most [`MAX_HANDLES`] are in view (zoom in first).

use std::cell::RefCell;

use egui::{Color32, Id, Pos2, Rect, Response, Sense, Shape, Stroke, Ui, vec2};
use geo::{Contains, Point};
use walkers::{MapMemory, Plugin, Projector};

use super::actions::Action;
use super::edit_draw::{ACCENT, draw_draft, draw_hint, draw_pending, screen};
use super::editing::{EditAction, EditState, Tool, editable};
use super::i18n::{Language, T};
use super::paint;
use super::state::{LayerView, LoadedProject};
use super::transform::ScreenTransform;
use crate::edit::VertexRef;
use crate::edit::vertices;

/// How close to a point a click hits it, in screen points.
pub const HIT_PX: f32 = 8.0;
/// At most this many point handles are drawn at once.
pub const MAX_HANDLES: usize = 400;
const HANDLE: f32 = 9.0;
const DANGER: Color32 = Color32::from_rgb(220, 40, 40);

pub struct EditOverlay<'a> {
    edit: &'a EditState,
    layer: &'a LayerView,
    points: bool,
    lang: Language,
    out: &'a RefCell<Vec<Action>>,
}

impl<'a> EditOverlay<'a> {
    /// The overlay, when edit mode is on with an editable layer.
    pub fn new(
        edit: &'a EditState,
        project: &'a LoadedProject,
        lang: Language,
        out: &'a RefCell<Vec<Action>>,
    ) -> Option<Self> {
        if !edit.captures_clicks() {
            return None;
        }
        let layer = project.layer(edit.layer.as_deref()?)?;
        let points = editable(layer)?;
        Some(Self {
            edit,
            layer,
            points,
            lang,
            out,
        })
    }

    fn push(&self, a: EditAction) {
        self.out.borrow_mut().push(Action::Edit(a));
    }

    /// The fid of the feature of the edit layer at screen position `p`.
    fn hit(&self, t: &ScreenTransform, p: Pos2) -> Option<i64> {
        let data = &self.layer.data;
        if self.points {
            let mut best: Option<(f32, usize)> = None;
            for pf in paint::in_view(&self.layer.prepared, t) {
                for m in &pf.points {
                    let d = (t.to_screen(*m) - p).length();
                    if d <= HIT_PX && best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, pf.feature));
                    }
                }
            }
            return best.and_then(|(_, i)| data.features.get(i)?.fid);
        }
        let [lon, lat] = t.to_wgs84(p);
        let click = Point::new(lon, lat);
        paint::in_view(&self.layer.prepared, t)
            .filter_map(|pf| data.features.get(pf.feature))
            .filter(|f| {
                f.geometry_wgs84
                    .as_ref()
                    .is_some_and(|g| g.contains(&click))
            })
            .filter_map(|f| f.fid)
            .last()
    }

    fn selected_feature(&self) -> Option<&'a crate::model::Feature> {
        let fid = self.edit.selected?;
        self.layer.data.features.iter().find(|f| f.fid == Some(fid))
    }
}

/// A square or round handle registered as a widget on top of the map.
fn handle(ui: &mut Ui, id: Id, at: Pos2, size: f32) -> Response {
    let r = ui.interact(
        Rect::from_center_size(at, vec2(size + 4.0, size + 4.0)),
        id,
        Sense::click_and_drag(),
    );
    if r.hovered() || r.dragged() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grab);
    }
    r
}

fn pointer(ui: &Ui) -> Option<Pos2> {
    ui.input(|i| i.pointer.latest_pos())
}

impl Plugin for EditOverlay<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        response: &Response,
        projector: &Projector,
        _: &MapMemory,
    ) {
        let t = ScreenTransform::from_projector(projector);
        let painter = ui.painter().with_clip_rect(t.rect);
        let click = response
            .clicked()
            .then(|| response.interact_pointer_pos())
            .flatten();
        let double = response.double_clicked();
        // The selected feature, outlined.
        if let Some(f) = self.selected_feature() {
            let fid = f.fid;
            let mut out = Vec::new();
            let chosen =
                self.layer.prepared.features.iter().filter(|pf| {
                    self.layer.data.features.get(pf.feature).map(|f| f.fid) == Some(fid)
                });
            for pf in chosen {
                for m in &pf.points {
                    out.push(Shape::circle_stroke(
                        t.to_screen(*m),
                        9.0,
                        Stroke::new(3.0, ACCENT),
                    ));
                }
                paint::outlines(&mut out, std::iter::once(pf), &t, Stroke::new(3.0, ACCENT));
            }
            painter.extend(out);
        }
        // A new feature waiting in the attribute form: where it will be.
        if let Some(g) = self
            .edit
            .form
            .as_ref()
            .filter(|f| f.fid.is_none())
            .and_then(|f| f.geometry.as_ref())
        {
            draw_pending(&painter, &t, g);
        }
        match self.edit.tool {
            Tool::Select => {
                if let Some(p) = click {
                    self.push(EditAction::Select(self.hit(&t, p)));
                }
            }
            Tool::Delete => {
                if let Some(fid) = click.and_then(|p| self.hit(&t, p)) {
                    self.push(EditAction::Delete { fid });
                }
            }
            Tool::AddPoint => {
                if let Some(p) = click {
                    self.push(EditAction::AddPointAt(t.to_wgs84(p)));
                }
            }
            Tool::MovePoint => self.move_points(ui, &painter, &t),
            Tool::DrawPolygon => {
                if double {
                    self.push(EditAction::FinishDraft);
                } else if let Some(p) = click {
                    self.push(EditAction::DraftPoint(t.to_wgs84(p)));
                }
                draw_draft(&painter, &t, &self.edit.draft, response.hover_pos());
            }
            Tool::EditVertices => {
                if !self.edit_vertices(ui, &painter, &t)
                    && let Some(p) = click
                {
                    self.push(EditAction::Select(self.hit(&t, p)));
                }
            }
        }
    }
}

impl EditOverlay<'_> {
    fn move_points(&self, ui: &mut Ui, painter: &egui::Painter, t: &ScreenTransform) {
        let data = &self.layer.data;
        let in_view: Vec<(i64, Pos2)> = paint::in_view(&self.layer.prepared, t)
            .flat_map(|pf| pf.points.iter().map(move |m| (pf.feature, *m)))
            .filter_map(|(i, m)| Some((data.features.get(i)?.fid?, t.to_screen(m))))
            .filter(|(_, p)| t.rect.contains(*p))
            .collect();
        if in_view.len() > MAX_HANDLES {
            draw_hint(ui, t.rect, T::ZoomInToEdit.tr(self.lang));
            return;
        }
        for (fid, at) in in_view {
            let r = handle(ui, Id::unique(("ra_edit_point", fid)), at, HANDLE);
            let mut shown = at;
            if r.dragged() || r.drag_stopped() {
                shown = pointer(ui).unwrap_or(at);
                painter.line_segment([at, shown], Stroke::new(1.0, ACCENT));
            }
            if r.drag_stopped() {
                self.push(EditAction::MovePoint {
                    fid,
                    to_wgs84: t.to_wgs84(shown),
                });
            }
            painter.circle(
                shown,
                HANDLE / 2.0,
                Color32::WHITE,
                Stroke::new(2.0, ACCENT),
            );
        }
    }

    /// Vertex and midpoint handles of the selected polygon; true when a handle took the input.
    fn edit_vertices(&self, ui: &mut Ui, painter: &egui::Painter, t: &ScreenTransform) -> bool {
        let Some(f) = self.selected_feature() else {
            return false;
        };
        let (Some(fid), Some(g)) = (f.fid, f.geometry_wgs84.as_ref()) else {
            return false;
        };
        let verts = vertices::vertices(g);
        let mut used = false;
        let mut preview: Option<(VertexRef, Pos2)> = None;
        // Midpoints first, so vertex handles sit on top of them.
        for (i, (v, c)) in verts.iter().enumerate() {
            let next = verts
                .get(i + 1)
                .filter(|(n, _)| n.part == v.part && n.ring == v.ring)
                .or_else(|| {
                    verts
                        .iter()
                        .find(|(n, _)| n.part == v.part && n.ring == v.ring)
                });
            let Some((_, n)) = next else { continue };
            let (a, b) = (screen(t, c.x, c.y), screen(t, n.x, n.y));
            if (a - b).length() < 3.0 * HANDLE {
                continue; // too short to offer an insert handle
            }
            let mid = a + (b - a) / 2.0;
            let r = handle(ui, Id::unique(("ra_edit_mid", fid, *v)), mid, HANDLE - 2.0);
            if r.clicked() {
                let at = [(c.x + n.x) / 2.0, (c.y + n.y) / 2.0];
                self.push(EditAction::InsertVertex {
                    fid,
                    after: *v,
                    at_wgs84: at,
                });
            }
            used |= r.clicked() || r.dragged();
            painter.circle(
                mid,
                (HANDLE - 3.0) / 2.0,
                Color32::from_white_alpha(200),
                Stroke::new(1.0, ACCENT),
            );
        }
        for (v, c) in &verts {
            let at = screen(t, c.x, c.y);
            let r = handle(ui, Id::unique(("ra_edit_vertex", fid, *v)), at, HANDLE);
            let mut shown = at;
            if r.dragged() || r.drag_stopped() {
                shown = pointer(ui).unwrap_or(at);
                preview = Some((*v, shown));
            }
            if r.drag_stopped() {
                self.push(EditAction::MoveVertex {
                    fid,
                    vertex: *v,
                    to_wgs84: t.to_wgs84(shown),
                });
            } else if r.secondary_clicked() {
                self.push(EditAction::RemoveVertex { fid, vertex: *v });
            } else if r.clicked() {
                self.push(EditAction::SelectVertex(Some(*v)));
            }
            used |= r.clicked() || r.secondary_clicked() || r.dragged() || r.drag_stopped();
            let selected = self.edit.selected_vertex == Some(*v);
            let fill = if selected { DANGER } else { Color32::WHITE };
            let rect = Rect::from_center_size(shown, vec2(HANDLE, HANDLE));
            painter.rect(
                rect,
                1.0,
                fill,
                Stroke::new(2.0, ACCENT),
                egui::StrokeKind::Middle,
            );
        }
        if let Some((v, to)) = preview
            && let Ok(moved) = vertices::move_vertex(g, v, t.to_wgs84(to))
        {
            let ring: Vec<Pos2> = vertices::vertices(&moved)
                .iter()
                .filter(|(r, _)| r.part == v.part && r.ring == v.ring)
                .map(|(_, c)| screen(t, c.x, c.y))
                .collect();
            painter.add(Shape::closed_line(ring, Stroke::new(1.5, DANGER)));
        }
        used
    }
}

//! Filter chips: the active filters as small labels over the top-left corner of the map, each
//! with an "x" that removes that one filter. They make the filter state visible wherever the
//! user looks (the panel may be closed or scrolled away).
//!
//! [`chips`] is pure (filters in, labelled chips with the filters that remain out), so the
//! wording is tested without drawing.

use egui::{Color32, CornerRadius, Rect, RichText, Ui, UiBuilder, vec2};

use super::actions::Action;
use super::filter_panel::month_name;
use super::i18n::{self, Language, T};
use super::state::Filters;

/// One chip: its text and the filters without it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chip {
    pub label: String,
    pub without: Filters,
}

/// The chips of the active filters, in a fixed order: dates, kinds, statuses, age,
/// municipality, month.
pub fn chips(f: &Filters, lang: Language) -> Vec<Chip> {
    let mut out = Vec::new();
    let mut push = |label: String, without: Filters| out.push(Chip { label, without });
    let c = &f.cases;
    if c.date_from.is_some() || c.date_to.is_some() {
        let label = match (c.year(), c.date_from, c.date_to) {
            (Some(y), _, _) => y.to_string(),
            (None, from, to) => {
                let d =
                    |d: Option<chrono::NaiveDate>| d.map_or("…".to_string(), |d| d.to_string());
                format!("{} – {}", d(from), d(to))
            }
        };
        let mut w = f.clone();
        w.cases.date_from = None;
        w.cases.date_to = None;
        push(label, w);
    }
    if !c.kinds.is_empty() {
        let names: Vec<&str> = c.kinds.iter().map(|k| i18n::case_kind(*k, lang)).collect();
        let mut w = f.clone();
        w.cases.kinds.clear();
        push(names.join(", "), w);
    }
    if !c.statuses.is_empty() {
        let names: Vec<&str> = c
            .statuses
            .iter()
            .map(|s| i18n::case_status(*s, lang))
            .collect();
        let mut w = f.clone();
        w.cases.statuses.clear();
        push(names.join(", "), w);
    }
    if let Some(band) = c.age_band {
        let mut w = f.clone();
        w.cases.age_band = None;
        push(format!("{} {}", T::AgeChip.tr(lang), band.label()), w);
    }
    if let Some(m) = &c.municipality {
        let mut w = f.clone();
        w.cases.municipality = None;
        push(m.clone(), w);
    }
    if let Some(m) = f.month {
        let mut w = f.clone();
        w.month = None;
        push(
            format!("{}: {}", T::CoastalMonth.tr(lang), month_name(m, lang)),
            w,
        );
    }
    out
}

/// Draws the chips in a row (wrapping) inside the top-left of `map`.
pub fn show(ui: &mut Ui, map: Rect, filters: &Filters, lang: Language, actions: &mut Vec<Action>) {
    let list = chips(filters, lang);
    if list.is_empty() {
        return;
    }
    let area = Rect::from_min_size(
        map.left_top() + vec2(10.0, 40.0),
        vec2((map.width() - 200.0).max(120.0), 80.0),
    );
    let layout = egui::Layout::left_to_right(egui::Align::Min).with_main_wrap(true);
    ui.scope_builder(UiBuilder::new().max_rect(area).layout(layout), |ui| {
        ui.spacing_mut().item_spacing = vec2(6.0, 4.0);
        for chip in list {
            egui::Frame::new()
                .fill(Color32::from_rgba_unmultiplied(255, 255, 255, 235))
                .stroke(egui::Stroke::new(1.0, Color32::from_rgb(90, 110, 160)))
                .corner_radius(CornerRadius::same(10))
                .inner_margin(egui::Margin::symmetric(8, 2))
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(&chip.label).color(Color32::from_rgb(20, 30, 60)));
                        let x = ui.small_button("x").on_hover_text(T::RemoveFilter.tr(lang));
                        if x.clicked() {
                            actions.push(Action::SetFilters(chip.without.clone()));
                        }
                    });
                });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CaseKind, CaseStatus};

    #[test]
    fn each_chip_removes_exactly_its_own_filter() {
        let mut f = Filters::default();
        f.cases.set_year(2024);
        f.cases.kinds = vec![CaseKind::ChromeCollection];
        f.cases.statuses = vec![CaseStatus::Referred, CaseStatus::Managed];
        f.month = Some(7);
        let list = chips(&f, Language::Sq);
        let labels: Vec<&str> = list.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            labels,
            vec![
                "2024",
                "Mbledhje kromi",
                "Referuar, Në menaxhim rasti",
                "Zonat bregdetare sipas muajit: korrik"
            ]
        );
        assert_eq!(list[0].without.cases.date_from, None);
        assert_eq!(list[0].without.cases.kinds, f.cases.kinds);
        assert_eq!(list[3].without.month, None);
        assert_eq!(list[3].without.cases, f.cases);
        assert!(chips(&Filters::default(), Language::En).is_empty());
    }
}

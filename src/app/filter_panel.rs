//! The filter section of the left panel: cases by year or date range, kind, status, age band
//! and municipality; coastal hotspots by month (the summer field work of the action plan).
//!
//! The panel edits a copy of the session's [`Filters`] and pushes `Action::SetFilters` when
//! anything changed; the map, identify, attribute table and legend counts all follow the same
//! masks (see `state::Filters::apply_to`). Typed dates keep their text in egui's memory until
//! they parse as `YYYY-MM-DD` (or `DD.MM.YYYY`); a text that does not parse is shown in red
//! and changes nothing.

use chrono::{Datelike, NaiveDate};
use egui::{Color32, ComboBox, RichText, Ui};

use super::actions::Action;
use super::i18n::{self, Language, T};
use super::layers_panel::format_count;
use super::state::{Filters, LoadedProject};
use crate::model::{AgeBand, CaseKind, CaseStatus, LayerKind};

/// The month's name in the UI language (1 = January).
pub fn month_name(month_1_to_12: u32, lang: Language) -> &'static str {
    const KEYS: [T; 12] = [
        T::Month1,
        T::Month2,
        T::Month3,
        T::Month4,
        T::Month5,
        T::Month6,
        T::Month7,
        T::Month8,
        T::Month9,
        T::Month10,
        T::Month11,
        T::Month12,
    ];
    KEYS[(month_1_to_12.clamp(1, 12) - 1) as usize].tr(lang)
}

/// Toggles `item` in a "shown" list where empty means "all of `all`".
pub fn toggle<T: Copy + PartialEq>(chosen: &[T], all: &[T], item: T, on: bool) -> Vec<T> {
    let mut shown: Vec<T> = if chosen.is_empty() {
        all.to_vec()
    } else {
        chosen.to_vec()
    };
    shown.retain(|x| *x != item);
    if on {
        shown.push(item);
    }
    if shown.len() == all.len() {
        return Vec::new();
    }
    // Keep the categories' own order, so chips and summaries read the same every time.
    all.iter().copied().filter(|x| shown.contains(x)).collect()
}

/// Parses a typed date: ISO `2024-06-30` or the Albanian habit `30.06.2024`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d.%m.%Y"))
        .ok()
}

pub fn show(
    ui: &mut Ui,
    project: &LoadedProject,
    current: &Filters,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    let mut f = current.clone();
    let cases = project.layers.iter().find(|l| l.kind == LayerKind::Cases);
    if let Some(cases) = cases {
        ui.label(
            RichText::new(format!(
                "{}: {} / {}",
                T::CasesShown.tr(lang),
                format_count(cases.shown_count),
                format_count(cases.feature_count)
            ))
            .small(),
        );
        year_row(ui, &mut f, &project.case_years, lang);
        date_row(ui, "filter_from", T::DateFrom, &mut f.cases.date_from, lang);
        date_row(ui, "filter_to", T::DateTo, &mut f.cases.date_to, lang);
        ui.label(RichText::new(T::Kind.tr(lang)).strong());
        for kind in CaseKind::ALL {
            let mut on = f.cases.kinds.is_empty() || f.cases.kinds.contains(kind);
            if ui.checkbox(&mut on, i18n::case_kind(*kind, lang)).changed() {
                f.cases.kinds = toggle(&f.cases.kinds, CaseKind::ALL, *kind, on);
            }
        }
        ui.label(RichText::new(T::Status.tr(lang)).strong());
        for status in CaseStatus::ALL {
            let mut on = f.cases.statuses.is_empty() || f.cases.statuses.contains(status);
            if ui
                .checkbox(&mut on, i18n::case_status(*status, lang))
                .changed()
            {
                f.cases.statuses = toggle(&f.cases.statuses, CaseStatus::ALL, *status, on);
            }
        }
        combo_rows(ui, &mut f, project, lang);
    }
    if project.layers.iter().any(|l| l.kind == LayerKind::Hotspots) {
        month_row(ui, &mut f, lang);
    }
    if f.is_active() && ui.button(T::ClearFilters.tr(lang)).clicked() {
        f = Filters::default();
    }
    if f != *current {
        actions.push(Action::SetFilters(f));
    }
}

fn year_row(ui: &mut Ui, f: &mut Filters, years: &[i32], lang: Language) {
    let current = f.cases.year();
    let text = current.map_or(T::AllYears.tr(lang).to_string(), |y| y.to_string());
    ComboBox::from_label(T::Year.tr(lang))
        .selected_text(text)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(current.is_none(), T::AllYears.tr(lang))
                .clicked()
            {
                f.cases.date_from = None;
                f.cases.date_to = None;
            }
            for y in years {
                if ui
                    .selectable_label(current == Some(*y), y.to_string())
                    .clicked()
                {
                    f.cases.set_year(*y);
                }
            }
        });
}

fn date_row(ui: &mut Ui, id: &str, label: T, date: &mut Option<NaiveDate>, lang: Language) {
    let id = ui.make_persistent_id(id);
    let shown = date
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    // The text being typed is kept until it parses; it follows the filter when that changes.
    let (mut text, last) = ui
        .data(|d| d.get_temp::<(String, String)>(id))
        .filter(|(_, last)| *last == shown)
        .unwrap_or_else(|| (shown.clone(), shown.clone()));
    let bad = !text.trim().is_empty() && parse_date(&text).is_none();
    ui.horizontal(|ui| {
        let label = ui.label(label.tr(lang));
        let mut edit = egui::TextEdit::singleline(&mut text)
            .desired_width(96.0)
            .hint_text(T::DatePlaceholder.tr(lang));
        if bad {
            edit = edit.text_color(Color32::from_rgb(200, 30, 30));
        }
        let response = ui
            .add(edit)
            .labelled_by(label.id)
            .on_hover_text(T::DateFormatHint.tr(lang));
        if response.changed() {
            if text.trim().is_empty() {
                *date = None;
            } else if let Some(d) = parse_date(&text) {
                *date = Some(d);
            }
        }
    });
    ui.data_mut(|d| d.insert_temp(id, (text, last)));
}

fn combo_rows(ui: &mut Ui, f: &mut Filters, project: &LoadedProject, lang: Language) {
    let band_text = f
        .cases
        .age_band
        .map_or(T::AllAges.tr(lang).to_string(), |b| b.label());
    ComboBox::from_label(T::AgeBand.tr(lang))
        .selected_text(band_text)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut f.cases.age_band, None, T::AllAges.tr(lang));
            for band in AgeBand::ALL {
                ui.selectable_value(&mut f.cases.age_band, Some(band), band.label());
            }
        });
    let muni_text = f
        .cases
        .municipality
        .clone()
        .unwrap_or_else(|| T::AllMunicipalities.tr(lang).to_string());
    ComboBox::from_label(T::Municipality.tr(lang))
        .selected_text(muni_text)
        .height(320.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(
                &mut f.cases.municipality,
                None,
                T::AllMunicipalities.tr(lang),
            );
            for name in &project.municipality_names {
                ui.selectable_value(&mut f.cases.municipality, Some(name.clone()), name);
            }
        });
}

fn month_row(ui: &mut Ui, f: &mut Filters, lang: Language) {
    ui.label(RichText::new(T::CoastalMonth.tr(lang)).strong());
    let mut by_month = f.month.is_some();
    if ui
        .checkbox(&mut by_month, T::OnlyActiveInMonth.tr(lang))
        .changed()
    {
        f.month = by_month.then(|| f.month.unwrap_or_else(|| chrono::Local::now().month()));
    }
    if let Some(m) = f.month.as_mut() {
        ui.add(
            egui::Slider::new(m, 1..=12)
                .text(T::MonthLabel.tr(lang))
                .custom_formatter(|v, _| month_name(v as u32, lang).to_string())
                .custom_parser(|s| s.trim().parse::<f64>().ok()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_the_last_hidden_kind_back_on_means_all_again() {
        let all = CaseKind::ALL;
        let off = toggle(&[], all, CaseKind::Begging, false);
        assert_eq!(off.len(), all.len() - 1);
        assert!(!off.contains(&CaseKind::Begging));
        assert!(toggle(&off, all, CaseKind::Begging, true).is_empty());
    }

    #[test]
    fn dates_parse_in_iso_and_albanian_forms_only() {
        assert_eq!(
            parse_date("2024-06-30"),
            NaiveDate::from_ymd_opt(2024, 6, 30)
        );
        assert_eq!(
            parse_date(" 30.06.2024 "),
            NaiveDate::from_ymd_opt(2024, 6, 30)
        );
        assert_eq!(parse_date("2024-13-01"), None);
        assert_eq!(parse_date("June"), None);
    }

    #[test]
    fn months_are_named_in_both_languages() {
        assert_eq!(month_name(7, Language::Sq), "korrik");
        assert_eq!(month_name(1, Language::En), "January");
    }
}

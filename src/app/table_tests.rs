use chrono::NaiveDate;
use geo_types::Point;

use super::*;
use crate::app::jobs::view_of;
use crate::model::{
    Case, CaseKind, CaseStatus, LayerKind, MunicipalityRef, Sex, layer_from_records,
};

fn case(code: &str, kind: CaseKind, age: Option<u8>, muni: &str) -> Case {
    Case {
        fid: None,
        case_code: code.into(),
        identified_on: NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
        kind,
        age,
        sex: Sex::Female,
        status: CaseStatus::Referred,
        municipality: Some(MunicipalityRef {
            lau_code: "X".into(),
            name: muni.into(),
        }),
        team: None,
        gps_accuracy_m: None,
        pos_wgs84: Point::new(20.0, 41.0),
    }
}

fn layer() -> LayerView {
    view_of(layer_from_records(
        LayerKind::Cases,
        &[
            case("C-3", CaseKind::Begging, Some(12), "Korçë"),
            case("C-1", CaseKind::ChromeCollection, None, "Bulqizë"),
            case("C-2", CaseKind::Begging, Some(7), "Tiranë"),
            case("C-10", CaseKind::Agriculture, Some(15), "Fier"),
        ],
    ))
}

fn age(asc: bool) -> Option<(String, bool)> {
    Some(("age".into(), asc))
}

#[test]
fn numbers_sort_by_value_with_empty_cells_last_both_ways() {
    let l = layer();
    assert_eq!(
        compute_rows(&l, age(true).as_ref(), "", Language::En),
        vec![2, 0, 3, 1]
    );
    assert_eq!(
        compute_rows(&l, age(false).as_ref(), "", Language::En),
        vec![3, 0, 2, 1]
    );
    assert_eq!(compute_rows(&l, None, "", Language::En), vec![0, 1, 2, 3]);
}

#[test]
fn categories_sort_by_their_label_in_the_ui_language() {
    let l = layer();
    let kind = Some(("kind".to_string(), true));
    // English: Agriculture < Begging < Chrome collection.
    assert_eq!(
        compute_rows(&l, kind.as_ref(), "", Language::En),
        vec![3, 0, 2, 1]
    );
    // Albanian: Bujqësi < Lypje < Mbledhje kromi.
    assert_eq!(
        compute_rows(&l, kind.as_ref(), "", Language::Sq),
        vec![3, 0, 2, 1]
    );
}

#[test]
fn the_text_filter_ignores_diacritics_and_the_map_filter_applies() {
    let mut l = layer();
    assert_eq!(compute_rows(&l, None, "korce", Language::Sq), vec![0]);
    assert_eq!(compute_rows(&l, None, "lypje", Language::Sq), vec![0, 2]);
    assert_eq!(
        compute_rows(&l, None, "lypje", Language::En),
        Vec::<usize>::new()
    );
    l.set_mask(Some(vec![true, true, false, true]));
    assert_eq!(compute_rows(&l, None, "", Language::Sq), vec![0, 1, 3]);
}

#[test]
fn the_row_order_is_cached_until_an_input_changes() {
    let l = layer();
    let mut state = TableState::for_layer(&l.name);
    assert_eq!(state.rows(&l, Language::En), &[0, 1, 2, 3]);
    state.sort = age(true);
    assert_eq!(state.rows(&l, Language::En), &[2, 0, 3, 1]);
    state.text_filter = "c-1".into();
    // "C-1" and "C-10" both contain "c-1".
    assert_eq!(state.rows(&l, Language::En), &[3, 1]);
}

#[test]
fn clicks_select_ctrl_toggles_and_shift_selects_a_range() {
    let mut state = TableState::for_layer("cases");
    let rows = [2, 0, 3, 1];
    select(&mut state, &rows, 0, egui::Modifiers::NONE);
    assert_eq!(state.selected.iter().copied().collect::<Vec<_>>(), vec![0]);
    select(&mut state, &rows, 1, egui::Modifiers::SHIFT);
    assert_eq!(
        state.selected.iter().copied().collect::<Vec<_>>(),
        vec![0, 1, 3]
    );
    select(&mut state, &rows, 3, egui::Modifiers::COMMAND);
    assert_eq!(
        state.selected.iter().copied().collect::<Vec<_>>(),
        vec![0, 1]
    );
    select(&mut state, &rows, 2, egui::Modifiers::NONE);
    assert_eq!(state.selected.iter().copied().collect::<Vec<_>>(), vec![2]);
}

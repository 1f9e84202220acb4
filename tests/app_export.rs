//! File ▸ Export layer driven as a planner would on the demo: the cases layer leaves the
//! project as counts per H3 hexagon by default (a GeoPackage with no case coordinate and no
//! count below 5), individual cases only when chosen (every row marked CONFIDENTIAL, the
//! export audited, the choice cleared afterwards), and other layers as they are.
#![cfg(feature = "app")]

mod app_edit_support;

use std::collections::HashSet;
use std::path::Path;

use app_edit_support::*;
use egui_kittest::kittest::Queryable;
use riskatlas::app::Action;
use riskatlas::app::export_job::{CaseOutput, ExportAction, ExportForm};
use riskatlas::io::export_layer::ExportFormat;
use riskatlas::model::Value;
use riskatlas::store::ProjectStore;

fn export(h: &mut AppHarness, form: ExportForm, out: &Path) -> (bool, String) {
    for a in [
        ExportAction::SetForm(form),
        ExportAction::ExportTo(out.to_path_buf()),
    ] {
        h.state_mut()
            .as_mut()
            .expect("app")
            .push_action(Action::Export(a));
        h.step();
    }
    settle(h, |a| {
        let e = &a.session().export;
        e.task.is_none() && e.message.is_some()
    });
    app(h).session().export.message.clone().expect("message")
}

fn audited(h: &AppHarness) -> usize {
    audit_actions(h)
        .iter()
        .filter(|a| *a == "export_case_level")
        .count()
}

#[test]
fn cases_leave_the_project_aggregated_unless_individual_cases_are_chosen() {
    let (dir, _path, mut h) = open_demo();
    h.get_by_label("Skedari").click();
    h.run();
    h.get_by_label("Eksporto shtresën…").click();
    h.run();
    assert!(app(&h).session().export.open);
    let key = |x: f64, y: f64| ((x * 1e6).round() as i64, (y * 1e6).round() as i64);
    let cases = &app(&h).project().unwrap().layer("cases").unwrap().data;
    let case_keys: HashSet<_> = cases
        .features
        .iter()
        .filter_map(|f| match &f.geometry_wgs84 {
            Some(geo::Geometry::Point(p)) => Some(key(p.x(), p.y())),
            _ => None,
        })
        .collect();
    assert_eq!(case_keys.len(), 3000);

    // Default: hexagons in a GeoPackage.
    let out = dir.path().join("rastet ë.gpkg");
    let form = ExportForm {
        layer: Some("cases".into()),
        ..ExportForm::default()
    };
    let (error, text) = export(&mut h, form.clone(), &out);
    assert!(!error, "{text}");
    let store = ProjectStore::open(&out).expect("a GeoPackage");
    let hex = store.read_layer("cases_h3_r8").expect("hexagons");
    drop(store);
    assert!(hex.features.len() > 50);
    let cases_at = hex.fields.iter().position(|f| f.name == "cases").unwrap();
    for f in &hex.features {
        if let Value::Int(n) = f.values[cases_at] {
            assert!(n >= 5, "count {n} below 5");
        }
        use geo::CoordsIter;
        let g = f.geometry_wgs84.as_ref().unwrap();
        assert!(g.coords_iter().all(|c| !case_keys.contains(&key(c.x, c.y))));
    }
    assert_eq!(audited(&h), 0);

    // Individual cases: explicit, marked, audited, then the choice is cleared.
    let out = dir.path().join("pika.geojson");
    let individual = ExportForm {
        format: ExportFormat::GeoJson,
        cases: CaseOutput::Individual { with_notes: false },
        ..form
    };
    let (error, text) = export(&mut h, individual, &out);
    assert!(!error, "{text}");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let features = doc["features"].as_array().unwrap();
    assert_eq!(features.len(), 3000);
    assert!(features.iter().all(|f| {
        f["properties"]["confidential"]
            .as_str()
            .is_some_and(|m| m.contains("CONFIDENTIAL"))
    }));
    assert_eq!(audited(&h), 1);
    assert!(matches!(
        app(&h).session().export.form.cases,
        CaseOutput::Hexagons { .. }
    ));

    // Services are not about children: as they are, in CSV.
    let out = dir.path().join("sherbimet.csv");
    let services = ExportForm {
        layer: Some("services".into()),
        format: ExportFormat::Csv,
        ..ExportForm::default()
    };
    let (error, text) = export(&mut h, services, &out);
    assert!(!error, "{text}");
    let csv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(csv.lines().count(), 1 + 414);
    assert!(!csv.contains("CONFIDENTIAL"));
    assert_eq!(audited(&h), 1);
}

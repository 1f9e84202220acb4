use super::*;
use crate::model::{Feature, FieldDef, FieldKind, GeometryType};

fn layer(values: &[Value]) -> FeatureLayer {
    let mut l = FeatureLayer::new(
        "wells",
        LayerKind::Other,
        GeometryType::Point,
        vec![FieldDef::new("x", FieldKind::Real)],
    );
    l.features = values
        .iter()
        .map(|v| Feature {
            fid: None,
            geometry_wgs84: None,
            values: vec![v.clone()],
        })
        .collect();
    l
}

#[test]
fn default_styles_colour_cases_by_kind_and_survive_json() {
    let cases = FeatureLayer::new("cases", LayerKind::Cases, GeometryType::Point, vec![]);
    let s = LayerStyle::default_for(&cases);
    assert_eq!(s.field(), Some("kind"));
    let chrome = s.class_of(&Value::Text("chrome_collection".into()));
    assert_eq!(s.look(chrome).colour, OKABE_ITO[6]);
    // Unknown and empty values fall into the last class ("other").
    assert_eq!(
        s.class_of(&Value::Text("juggling".into())),
        s.class_count() - 1
    );
    assert_eq!(s.class_of(&Value::Null), s.class_count() - 1);
    let back = LayerStyle::from_json(&s.to_json()).expect("parses");
    assert_eq!(back, s);
    assert!(LayerStyle::from_json("{\"rule\": 3}").is_none());
}

#[test]
fn categorized_lists_values_most_frequent_first_and_caps_the_classes() {
    let t = |s: &str| Value::Text(s.into());
    let l = layer(&[t("b"), t("a"), t("b"), t("c"), t("b"), t("a"), Value::Null]);
    let s = LayerStyle::categorized(&l, "x", 2);
    let StyleRule::Categorized { classes, .. } = &s.rule else {
        panic!("categorized");
    };
    let values: Vec<&str> = classes.iter().map(|c| c.value.as_str()).collect();
    assert_eq!(values, vec!["b", "a"]);
    assert_ne!(classes[0].colour, classes[1].colour);
    assert_eq!(s.class_of(&t("a")), 1);
    assert_eq!(s.class_of(&t("c")), 2);
    assert_eq!(s.look(2).colour, OTHER_GREY);
}

#[test]
fn equal_interval_and_quantile_breaks() {
    let vals: Vec<Value> = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 100.0]
        .iter()
        .map(|v| Value::Real(*v))
        .collect();
    let l = layer(&vals);
    let eq = LayerStyle::graduated(&l, "x", 4, ClassMethod::EqualInterval);
    let StyleRule::Graduated {
        bounds,
        min,
        colours,
        ..
    } = &eq.rule
    else {
        panic!("graduated");
    };
    assert_eq!(bounds, &vec![25.0, 50.0, 75.0, 100.0]);
    assert_eq!(*min, 0.0);
    assert_eq!(colours.len(), 4);
    assert_eq!(eq.class_of(&Value::Real(8.0)), 0);
    assert_eq!(eq.class_of(&Value::Real(100.0)), 3);
    assert_eq!(eq.class_of(&Value::Null), 4);
    // Quantiles: ten values in four classes hold 3, 2, 3, 2 of them (ceil of 10·k/4).
    let q = LayerStyle::graduated(&l, "x", 4, ClassMethod::Quantile);
    let StyleRule::Graduated { bounds, .. } = &q.rule else {
        panic!("graduated");
    };
    assert_eq!(bounds, &vec![2.0, 4.0, 7.0, 100.0]);
    let counts = vals.iter().fold([0usize; 5], |mut c, v| {
        c[q.class_of(v)] += 1;
        c
    });
    assert_eq!(counts, [3, 2, 3, 2, 0]);
}

#[test]
fn the_ramp_runs_from_dark_purple_to_yellow() {
    let r = ramp(5);
    assert_eq!(r[0], [68, 1, 84, 255]);
    assert_eq!(r[4], [253, 231, 37, 255]);
    assert_eq!(r[2], VIRIDIS[4]);
    // Luminance increases along the ramp (it prints as a grey scale).
    let lum = |c: Rgba| 0.299 * c[0] as f64 + 0.587 * c[1] as f64 + 0.114 * c[2] as f64;
    assert!(r.windows(2).all(|w| lum(w[0]) < lum(w[1])));
}

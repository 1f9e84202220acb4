use super::*;
use crate::analysis::kde::{DensityOutput, GridSpec, KdeConfig, kernel_density_on};
use crate::analysis::nearest::tests::case_at;
use crate::progress::NoProgress;

/// A case at a place (the shared test case of `analysis::nearest`).
fn case(lon: f64, lat: f64) -> Case {
    case_at(0, lon, lat)
}

/// `n` cases within about 300 m of (lon, lat).
fn cluster(lon: f64, lat: f64, n: usize) -> Vec<Case> {
    (0..n)
        .map(|i| {
            let a = i as f64 * 2.4;
            case(lon + 0.003 * a.cos(), lat + 0.002 * a.sin())
        })
        .collect()
}

const TIRANA: [f64; 4] = [19.70, 41.25, 19.95, 41.42];

#[test]
fn values_are_the_qgis_quartic_density_per_km2() {
    let cases = cluster(19.82, 41.33, 12);
    let s = DensitySurface::new(&cases, 1000.0, 5, TIRANA).expect("a surface");
    let t = Transformer::wgs84_to_tm();
    let xy: Vec<[f64; 2]> = cases
        .iter()
        .map(|c| {
            let (x, y) = t.point(c.pos_wgs84.x(), c.pos_wgs84.y()).unwrap();
            [x, y]
        })
        .collect();
    // The reference: analysis::kde (QGIS's formula) on a grid whose pixel centres we ask.
    let grid = GridSpec::covering(
        [
            xy[0][0] - 1500.0,
            xy[0][1] - 1500.0,
            xy[0][0] + 1500.0,
            xy[0][1] + 1500.0,
        ],
        50.0,
    )
    .unwrap();
    let cfg = KdeConfig {
        radius_m: 1000.0,
        pixel_m: 50.0,
        output: DensityOutput::PerKm2,
    };
    let reference = kernel_density_on(&xy, None, &cfg, grid, &NoProgress).unwrap();
    let mut compared = 0;
    for (col, row) in [(30, 30), (25, 31), (40, 20), (10, 50)] {
        let want = reference.get(col, row);
        match s.value_at(reference.centre(col, row)) {
            Some(v) => {
                assert!((v - want).abs() <= 1e-9 * want.max(1.0), "{v} vs {want}");
                compared += 1;
            }
            None => assert!(want < 1e-3, "hidden where the density is {want}"),
        }
    }
    assert!(compared >= 2);
}

#[test]
fn fewer_than_k_cases_draw_nothing() {
    let four = cluster(19.82, 41.33, 4);
    assert!(DensitySurface::new(&four, 1000.0, 5, TIRANA).is_none());
    assert!(density_layer(&four, 1000.0, 5, TIRANA, true).is_none());
    // Five are shown; with k = 6 they are not.
    let five = cluster(19.82, 41.33, 5);
    assert!(DensitySurface::new(&five, 1000.0, 5, TIRANA).is_some());
    assert!(DensitySurface::new(&five, 1000.0, 6, TIRANA).is_none());
}

#[test]
fn a_lone_case_beside_a_group_stays_hidden_on_the_image() {
    let mut cases = cluster(19.82, 41.33, 8);
    let lone = [19.90, 41.38];
    cases.push(case(lone[0], lone[1]));
    let s = DensitySurface::new(&cases, 1000.0, 5, TIRANA).expect("a surface");
    let frame = MapFrame::fit([0.0, 0.0, 400.0, 300.0], TIRANA, 0.0);
    let ([x, y, w, h], img) = s.image(&frame).expect("an image");
    assert_eq!((x, y), (0.0, 0.0));
    assert!((w - 400.0).abs() < PX_PT && (h - 300.0).abs() < PX_PT);
    assert_eq!(img.width as f32, (400.0 / PX_PT).ceil());
    let alpha_at = |lon: f64, lat: f64| {
        let (px, py) = frame.to_page(lon, lat);
        let (c, r) = ((px / PX_PT) as usize, (py / PX_PT) as usize);
        img.rgba[(r * img.width as usize + c) * 4 + 3]
    };
    assert_eq!(alpha_at(19.82, 41.33), ALPHA, "the group is drawn");
    assert_eq!(alpha_at(lone[0], lone[1]), 0, "the lone case is not");
    let coloured = img.rgba.chunks_exact(4).filter(|p| p[3] > 0).count();
    let total = (img.width * img.height) as usize;
    assert!(
        coloured > 0 && coloured < total / 10,
        "{coloured} of {total}"
    );
}

#[test]
fn the_legend_has_the_ramp_its_range_and_what_is_hidden() {
    let cases = cluster(19.82, 41.33, 30);
    let l = density_layer(&cases, 1500.0, 5, TIRANA, true).expect("a layer");
    assert_eq!(l.key, "density");
    assert!(l.title.contains("Dendësia e rasteve") && l.title.contains("1.5 km"));
    assert!(matches!(&l.legend[0].swatch, Swatch::Ramp { stops } if stops.len() == 12));
    assert!(
        l.legend[0].label.starts_with("0 – "),
        "{}",
        l.legend[0].label
    );
    assert!(l.legend[0].label.ends_with("raste për km²"));
    assert_eq!(l.legend[1].label, "< 5 raste brenda 1.5 km: nuk shfaqet");
    let en = density_layer(&cases, 1500.0, 5, TIRANA, false).unwrap();
    assert!(en.legend[0].label.ends_with("cases per km²"));
}

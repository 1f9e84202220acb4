use geo::{Area, Contains, Point, Validation};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::analysis::kde::GridSpec;
use crate::progress::NoProgress;

const P: f64 = 100.0;

/// A class raster from rows of digits (0–4), anchored in Albania TM near Tirana.
fn raster(rows: &[&str]) -> ClassRaster {
    let classes: Vec<u8> = rows
        .iter()
        .flat_map(|r| r.bytes().map(|b| b - b'0'))
        .collect();
    ClassRaster {
        grid: GridSpec {
            xmin: 480_000.0,
            ymax: 4_580_000.0,
            pixel_m: P,
            cols: rows[0].len(),
            rows: rows.len(),
        },
        classes,
        thresholds: [25.0, 50.0, 75.0],
    }
}

fn zones(r: &ClassRaster) -> Vec<Zone> {
    vectorise_zones(r, &vec![0; r.grid.cells()], &[], &NoProgress).unwrap()
}

/// Every zone valid, area = cells × p², and each cell centre of class > 0 inside exactly one
/// zone, the one of its class; no-data centres in none.
fn check(r: &ClassRaster, zs: &[Zone]) {
    for z in zs {
        let errors = z.polygon_m.validation_errors();
        assert!(errors.is_empty(), "{errors:?}: {:?}", z.polygon_m);
        assert!((z.polygon_m.signed_area() - z.cells as f64 * P * P).abs() < 1e-3);
        assert_eq!(z.area_m2, z.cells as f64 * P * P);
    }
    for row in 0..r.grid.rows {
        for col in 0..r.grid.cols {
            let [x, y] = r.grid.centre(col, row);
            let inside: Vec<u8> = zs
                .iter()
                .filter(|z| z.polygon_m.contains(&Point::new(x, y)))
                .map(|z| z.class)
                .collect();
            let class = r.get(col, row);
            let expect = if class == 0 { vec![] } else { vec![class] };
            assert_eq!(inside, expect, "cell ({col}, {row})");
        }
    }
    let total: usize = zs.iter().map(|z| z.cells).sum();
    assert_eq!(total, r.classes.iter().filter(|c| **c > 0).count());
}

#[test]
fn a_ring_of_high_around_low_has_a_hole() {
    let r = raster(&["33333", "31113", "31113", "31113", "33333"]);
    let zs = zones(&r);
    check(&r, &zs);
    assert_eq!(zs.len(), 2);
    assert_eq!((zs[0].class, zs[0].cells), (3, 16));
    assert_eq!(zs[0].polygon_m.interiors().len(), 1);
    assert_eq!(
        zs[0].polygon_m.exterior().0.len(),
        5,
        "corners only, closed"
    );
    assert_eq!((zs[1].class, zs[1].cells), (1, 9));
    assert!(zs[1].polygon_m.interiors().is_empty());
}

#[test]
fn corner_touching_cells_give_valid_separate_zones() {
    let r = raster(&["404", "040", "404"]);
    let zs = zones(&r);
    check(&r, &zs);
    assert_eq!(
        zs.len(),
        5,
        "4-connectivity: diagonal cells are separate zones"
    );
    let pinched = raster(&["3333", "3133", "3313", "3333"]);
    let zs = zones(&pinched);
    check(&pinched, &zs);
    // Class 3 around two class-1 cells that touch at a corner: one zone with holes touching
    // at that corner (valid).
    let high: Vec<&Zone> = zs.iter().filter(|z| z.class == 3).collect();
    assert_eq!(high.len(), 1);
    assert_eq!(high[0].polygon_m.interiors().len(), 2);
}

#[test]
fn checkerboard_is_valid() {
    let r = raster(&["121212", "212121", "121212", "212121", "121212", "212121"]);
    let zs = zones(&r);
    check(&r, &zs);
    assert_eq!(zs.len(), 36);
}

#[test]
fn random_rasters_vectorise_exactly() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for _ in 0..20 {
        let rows: Vec<String> = (0..24)
            .map(|_| {
                (0..31)
                    .map(|_| char::from(b'0' + rng.random_range(0..4u8)))
                    .collect()
            })
            .collect();
        let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
        let r = raster(&refs);
        check(&r, &zones(&r));
    }
}

#[test]
fn cases_and_municipality_shares_are_counted_per_zone() {
    let r = raster(&["1122", "1122"]);
    let muni = vec![1, 2, 2, 0, 1, 1, 2, 0];
    let g = r.grid;
    let cases = [
        g.centre(0, 0),
        g.centre(0, 0),
        g.centre(2, 1),
        g.centre(3, 0),
        [0.0, 0.0],
    ];
    let zs = vectorise_zones(&r, &muni, &cases, &NoProgress).unwrap();
    assert_eq!(zs.len(), 2);
    assert_eq!(
        (zs[0].cases, zs[1].cases),
        (2, 2),
        "off-grid case not counted"
    );
    let shares = |z: &Zone| -> Vec<(u16, usize, usize)> {
        z.municipalities
            .iter()
            .map(|m| (m.label, m.cells, m.cases))
            .collect()
    };
    assert_eq!(shares(&zs[0]), [(1, 3, 2), (2, 1, 0)]);
    assert_eq!(
        shares(&zs[1]),
        [(2, 2, 1)],
        "cells off municipalities not listed"
    );
    assert_eq!(zs[0].municipalities[0].area_m2, 3.0 * P * P);
    assert_eq!(
        vectorise_zones(&r, &[0], &[], &NoProgress),
        Err(ZoneError::Size(1, 8))
    );
}

#[test]
fn zones_project_to_valid_wgs84_polygons() {
    let r = raster(&["33333", "31113", "31113", "31113", "33333"]);
    let zs = zones(&r);
    let w = zone_polygon_wgs84(&zs[0].polygon_m).unwrap();
    assert!(w.is_valid());
    assert!(w.signed_area() > 0.0, "exterior stays counter-clockwise");
    let c = w.exterior().0[0];
    assert!(
        (19.0..21.0).contains(&c.x) && (41.0..42.0).contains(&c.y),
        "{c:?}"
    );
}

//! Round trips, hand-built blobs (big-endian, every envelope code, Z/M, empty) and garbage.

use geo::{
    Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, MultiPolygon, Polygon,
    Rect, coord, line_string, point, polygon,
};

use super::{GeomError, bbox, decode, encode, header};

fn square_with_hole() -> Polygon<f64> {
    polygon!(
        exterior: [(x: 19.0, y: 41.0), (x: 20.0, y: 41.0), (x: 20.0, y: 42.0), (x: 19.0, y: 42.0), (x: 19.0, y: 41.0)],
        interiors: [[(x: 19.4, y: 41.4), (x: 19.6, y: 41.4), (x: 19.6, y: 41.6), (x: 19.4, y: 41.4)]],
    )
}

fn samples() -> Vec<Geometry<f64>> {
    let line: LineString<f64> =
        line_string![(x: 19.1, y: 41.1), (x: 19.2, y: 41.3), (x: 19.5, y: 41.2)];
    let poly = square_with_hole();
    vec![
        Geometry::Point(point!(x: 19.8187, y: 41.3275)),
        Geometry::LineString(line.clone()),
        Geometry::Polygon(poly.clone()),
        Geometry::MultiPoint(MultiPoint::new(vec![
            point!(x: 19.0, y: 40.0),
            point!(x: 20.5, y: 42.5),
        ])),
        Geometry::MultiLineString(MultiLineString::new(vec![line.clone(), line.clone()])),
        Geometry::MultiPolygon(MultiPolygon::new(vec![poly.clone(), poly.clone()])),
        Geometry::GeometryCollection(GeometryCollection::new_from(vec![
            Geometry::Point(point!(x: 1.0, y: 2.0)),
            Geometry::LineString(line),
            Geometry::GeometryCollection(GeometryCollection::new_from(vec![Geometry::Polygon(
                poly,
            )])),
        ])),
    ]
}

#[test]
fn every_type_round_trips() {
    for g in samples() {
        let blob = encode(&g, 4326);
        assert_eq!(decode(&blob), Ok(Some(g.clone())), "{g:?}");
    }
}

#[test]
fn header_is_standard_little_endian_with_xy_envelope() {
    let blob = encode(&Geometry::Polygon(square_with_hole()), 4326);
    assert_eq!(&blob[..4], &[b'G', b'P', 0, 0b0000_0011]);
    assert_eq!(&blob[4..8], &4326i32.to_le_bytes());
    let h = header(&blob).unwrap();
    assert_eq!(h.envelope, Some([19.0, 41.0, 20.0, 42.0]));
    assert_eq!((h.srs_id, h.empty, h.wkb_offset), (4326, false, 40));
    assert_eq!(blob[40], 1, "WKB is little-endian");
    assert_eq!(&blob[41..45], &3u32.to_le_bytes(), "ISO type Polygon");
}

#[test]
fn rect_and_line_are_written_as_polygon_and_linestring() {
    let r = Geometry::Rect(Rect::new(coord! {x: 0.0, y: 0.0}, coord! {x: 1.0, y: 2.0}));
    let Ok(Some(Geometry::Polygon(p))) = decode(&encode(&r, 4326)) else {
        panic!("rect did not decode as a polygon");
    };
    assert_eq!(bbox(&Geometry::Polygon(p)), Some([0.0, 0.0, 1.0, 2.0]));
    let l = Geometry::Line(geo::Line::new(
        coord! {x: 0.0, y: 0.0},
        coord! {x: 3.0, y: 4.0},
    ));
    assert!(matches!(
        decode(&encode(&l, 4326)),
        Ok(Some(Geometry::LineString(_)))
    ));
}

#[test]
fn empty_geometries_set_the_empty_flag_and_decode_as_none() {
    let empty = Geometry::MultiPolygon(MultiPolygon::<f64>::new(vec![]));
    let blob = encode(&empty, 4326);
    assert_eq!(blob[3], 0b0001_0001);
    assert_eq!(header(&blob).unwrap().envelope, None);
    assert_eq!(decode(&blob), Ok(None));
    // A NaN point (how GDAL writes POINT EMPTY) without the flag is empty too.
    let nan = encode(&Geometry::Point(point!(x: f64::NAN, y: f64::NAN)), 4326);
    assert_eq!(decode(&nan), Ok(None));
}

/// A GeoPackage header with the given flags byte and envelope doubles, in `be` order or not.
fn gp_header(be: bool, envelope_code: u8, envelope: &[f64]) -> Vec<u8> {
    let mut out = vec![b'G', b'P', 0, (envelope_code << 1) | u8::from(!be)];
    let put32 = |v: i32| if be { v.to_be_bytes() } else { v.to_le_bytes() };
    out.extend_from_slice(&put32(4326));
    for v in envelope {
        out.extend_from_slice(&if be { v.to_be_bytes() } else { v.to_le_bytes() });
    }
    out
}

fn be_point_wkb(type_code: u32, coords: &[f64]) -> Vec<u8> {
    let mut out = vec![0];
    out.extend_from_slice(&type_code.to_be_bytes());
    coords
        .iter()
        .for_each(|c| out.extend_from_slice(&c.to_be_bytes()));
    out
}

#[test]
fn big_endian_header_and_wkb_decode() {
    let mut blob = gp_header(true, 1, &[19.8187, 19.8187, 41.3275, 41.3275]);
    blob.extend(be_point_wkb(1, &[19.8187, 41.3275]));
    assert_eq!(
        decode(&blob),
        Ok(Some(Geometry::Point(point!(x: 19.8187, y: 41.3275))))
    );
    assert_eq!(header(&blob).unwrap().srs_id, 4326);
}

#[test]
fn every_envelope_code_is_accepted() {
    for (code, n) in [(0u8, 0usize), (1, 4), (2, 6), (3, 6), (4, 8)] {
        let env: Vec<f64> = (0..n).map(|i| i as f64).collect();
        let mut blob = gp_header(false, code, &env);
        blob.extend(be_point_wkb(1, &[1.5, 2.5]));
        assert_eq!(
            decode(&blob),
            Ok(Some(Geometry::Point(point!(x: 1.5, y: 2.5)))),
            "code {code}"
        );
        let expect = (n > 0).then_some([0.0, 2.0, 1.0, 3.0]);
        assert_eq!(header(&blob).unwrap().envelope, expect);
    }
    let mut bad = gp_header(false, 5, &[]);
    bad.extend(be_point_wkb(1, &[1.5, 2.5]));
    assert_eq!(decode(&bad), Err(GeomError::BadEnvelope(5)));
}

#[test]
fn z_and_m_are_dropped() {
    let p = Some(Geometry::Point(point!(x: 1.0, y: 2.0)));
    for (code, coords) in [
        (1001, vec![1.0, 2.0, 3.0]),
        (2001, vec![1.0, 2.0, 9.0]),
        (3001, vec![1.0, 2.0, 3.0, 9.0]),
        (0x8000_0001, vec![1.0, 2.0, 3.0]),
        (0xC000_0001, vec![1.0, 2.0, 3.0, 9.0]),
    ] {
        let mut blob = gp_header(false, 0, &[]);
        blob.extend(be_point_wkb(code, &coords));
        assert_eq!(decode(&blob), Ok(p.clone()), "type {code:#x}");
    }
    // A little-endian LineString Z (1002) with two points.
    let mut blob = gp_header(false, 2, &[0.0, 1.0, 0.0, 1.0, 5.0, 6.0]);
    blob.push(1);
    blob.extend(1002u32.to_le_bytes());
    blob.extend(2u32.to_le_bytes());
    for v in [0.0f64, 0.0, 5.0, 1.0, 1.0, 6.0] {
        blob.extend(v.to_le_bytes());
    }
    let line = Geometry::LineString(line_string![(x: 0.0, y: 0.0), (x: 1.0, y: 1.0)]);
    assert_eq!(decode(&blob), Ok(Some(line)));
}

#[test]
fn garbage_is_an_error() {
    assert!(decode(&[]).is_err());
    assert!(decode(b"GP").is_err());
    assert_eq!(decode(b"XX\0\x03\0\0\0\0"), Err(GeomError::BadMagic));
    assert_eq!(decode(b"GP\x01\x01\0\0\0\0"), Err(GeomError::BadVersion(1)));
    assert_eq!(decode(b"GP\0\x21\0\0\0\0"), Err(GeomError::Extended));
    let mut bad_order = gp_header(false, 0, &[]);
    bad_order.extend([7, 1, 0, 0, 0]);
    assert_eq!(decode(&bad_order), Err(GeomError::BadByteOrder(7)));
    let mut curve = gp_header(false, 0, &[]);
    curve.extend(be_point_wkb(8, &[]));
    assert_eq!(decode(&curve), Err(GeomError::UnsupportedType(8)));
    let mut trailing = encode(&Geometry::Point(point!(x: 1.0, y: 1.0)), 4326);
    trailing.push(0);
    assert_eq!(decode(&trailing), Err(GeomError::TrailingBytes(1)));
}

#[test]
fn huge_counts_and_deep_nesting_are_errors_not_allocations() {
    let mut blob = gp_header(false, 0, &[]);
    blob.extend([1, 2, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]); // LineString with 4 billion points
    assert!(matches!(decode(&blob), Err(GeomError::Truncated { .. })));
    let mut deep = gp_header(false, 0, &[]);
    for _ in 0..100 {
        deep.extend([1, 7, 0, 0, 0, 1, 0, 0, 0]); // a collection holding one member
    }
    deep.extend(be_point_wkb(1, &[0.0, 0.0]));
    assert_eq!(decode(&deep), Err(GeomError::TooDeep(32)));
    let mut wrong = gp_header(false, 0, &[]);
    wrong.extend([1, 4, 0, 0, 0, 1, 0, 0, 0]); // MultiPoint holding a LineString
    wrong.extend([1, 2, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(
        decode(&wrong),
        Err(GeomError::WrongMember {
            parent: "MultiPoint",
            child: 2
        })
    );
}

#[test]
fn every_truncation_and_random_mutation_is_handled_without_panic() {
    let mut seed: u64 = 0x5EED;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for g in samples() {
        let blob = encode(&g, 4326);
        for cut in 0..blob.len() {
            assert!(
                decode(&blob[..cut]).is_err(),
                "prefix of {cut} bytes decoded"
            );
        }
        for _ in 0..2000 {
            let mut b = blob.clone();
            for _ in 0..1 + next() % 4 {
                let i = next() % b.len();
                b[i] = (next() % 256) as u8;
            }
            let _ = decode(&b); // any result, but no panic
        }
    }
}

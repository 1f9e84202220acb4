use std::collections::BTreeMap;

use super::*;

/// A minimal classic little-endian TIFF reader: tag → (type, count, value bytes).
fn read_tags(b: &[u8]) -> BTreeMap<u16, (u16, u32, Vec<u8>)> {
    let u16_at = |o: usize| u16::from_le_bytes([b[o], b[o + 1]]);
    let u32_at = |o: usize| u32::from_le_bytes(b[o..o + 4].try_into().expect("4 bytes"));
    assert_eq!(&b[..2], b"II");
    assert_eq!(u16_at(2), 42);
    let ifd = u32_at(4) as usize;
    let n = u16_at(ifd) as usize;
    let mut tags = BTreeMap::new();
    let mut last = 0;
    for i in 0..n {
        let e = ifd + 2 + 12 * i;
        let (tag, kind, count) = (u16_at(e), u16_at(e + 2), u32_at(e + 4));
        assert!(tag > last, "tags ascending");
        last = tag;
        let size = match kind {
            2 => 1,
            3 => 2,
            4 => 4,
            12 => 8,
            k => panic!("unexpected type {k}"),
        } * count as usize;
        let at = if size <= 4 {
            e + 8
        } else {
            u32_at(e + 8) as usize
        };
        assert!(at % 2 == 0, "values word-aligned");
        tags.insert(tag, (kind, count, b[at..at + size].to_vec()));
    }
    assert_eq!(u32_at(ifd + 2 + 12 * n), 0, "one IFD");
    tags
}

fn u32s(v: &[u8]) -> Vec<u32> {
    v.chunks(4)
        .map(|c| u32::from_le_bytes(c.try_into().expect("4")))
        .collect()
}
fn u16s(v: &[u8]) -> Vec<u16> {
    v.chunks(2)
        .map(|c| u16::from_le_bytes(c.try_into().expect("2")))
        .collect()
}
fn f64s(v: &[u8]) -> Vec<f64> {
    v.chunks(8)
        .map(|c| f64::from_le_bytes(c.try_into().expect("8")))
        .collect()
}

/// Reads the Float32 pixels back from the strips.
fn pixels(b: &[u8], tags: &BTreeMap<u16, (u16, u32, Vec<u8>)>) -> Vec<f32> {
    let offsets = u32s(&tags[&273].2);
    let counts = u32s(&tags[&279].2);
    offsets
        .iter()
        .zip(&counts)
        .flat_map(|(&o, &c)| b[o as usize..(o + c) as usize].chunks(4))
        .map(|c| f32::from_le_bytes(c.try_into().expect("4")))
        .collect()
}

fn raster(cols: usize, rows: usize) -> Vec<f64> {
    (0..cols * rows)
        .map(|i| (i as f64 * 0.37).sin() * 100.0)
        .collect()
}

#[test]
fn tags_georeference_and_pixels_round_trip() {
    // 3,000 columns: 12 KB rows, 5 rows a strip, so several strips and a short last one.
    let (cols, rows) = (3000, 23);
    let values = raster(cols, rows);
    let r = RasterRef {
        xmin: 380_123.5,
        ymax: 4_690_001.25,
        pixel_size: 100.0,
        cols,
        rows,
        values: &values,
    };
    let mut b = Vec::new();
    write_geotiff_to(&mut b, r, &Crs::albania_tm(), Some(-9999.0)).expect("write");
    let tags = read_tags(&b);
    assert_eq!(u32s(&tags[&256].2), [cols as u32]);
    assert_eq!(u32s(&tags[&257].2), [rows as u32]);
    assert_eq!(u16s(&tags[&258].2), [32]);
    assert_eq!(u16s(&tags[&259].2), [1]);
    assert_eq!(u16s(&tags[&277].2), [1]);
    assert_eq!(u16s(&tags[&339].2), [3], "IEEE float samples");
    let per_strip = u32s(&tags[&278].2)[0] as usize;
    assert_eq!(per_strip, 65536 / (cols * 4));
    assert_eq!(tags[&273].1 as usize, rows.div_ceil(per_strip));
    assert_eq!(f64s(&tags[&33550].2), [100.0, 100.0, 0.0]);
    assert_eq!(
        f64s(&tags[&33922].2),
        [0.0, 0.0, 0.0, 380_123.5, 4_690_001.25, 0.0]
    );
    assert_eq!(
        u16s(&tags[&34735].2),
        [1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, 6870]
    );
    assert_eq!(tags[&42113].2, b"-9999\0");
    let px = pixels(&b, &tags);
    assert_eq!(px.len(), cols * rows);
    assert!(px.iter().zip(&values).all(|(a, v)| *a == *v as f32));
    let expected_len = u32s(&tags[&273].2).last().copied().expect("strip") as usize
        + u32s(&tags[&279].2).last().copied().expect("count") as usize;
    assert_eq!(b.len(), expected_len, "the file ends with the last strip");
}

#[test]
fn geographic_crs_and_no_nodata() {
    let values = raster(4, 3);
    let r = RasterRef {
        xmin: 19.0,
        ymax: 42.5,
        pixel_size: 0.01,
        cols: 4,
        rows: 3,
        values: &values,
    };
    let mut b = Vec::new();
    write_geotiff_to(&mut b, r, &Crs::wgs84(), None).expect("write");
    let tags = read_tags(&b);
    assert_eq!(
        u16s(&tags[&34735].2),
        [1, 1, 0, 3, 1024, 0, 1, 2, 1025, 0, 1, 1, 2048, 0, 1, 4326]
    );
    assert!(!tags.contains_key(&42113));
    assert_eq!(pixels(&b, &tags).len(), 12);
}

#[test]
fn bad_rasters_are_refused_and_no_file_is_left() {
    let values = raster(4, 3);
    let good = RasterRef {
        xmin: 0.0,
        ymax: 0.0,
        pixel_size: 1.0,
        cols: 4,
        rows: 3,
        values: &values,
    };
    let crs = Crs::albania_tm();
    let bad_shape = RasterRef { cols: 5, ..good };
    assert!(matches!(
        write_geotiff_to(&mut Vec::new(), bad_shape, &crs, None),
        Err(GeoTiffError::BadShape { .. })
    ));
    let bad_pixel = RasterRef {
        pixel_size: 0.0,
        ..good
    };
    assert!(matches!(
        write_geotiff_to(&mut Vec::new(), bad_pixel, &crs, None),
        Err(GeoTiffError::BadGeoreference)
    ));
    let dir = std::env::temp_dir().join(format!("riskatlas-geotiff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    // A folder that does not exist: an error naming the file, and nothing written.
    let missing = dir.join("no-such-dir").join("x.tif");
    let err = write_geotiff(&missing, good, &crs, None).expect_err("no folder");
    assert!(err.to_string().contains("x.tif"), "{err}");
    // A good write replaces the file atomically and leaves no temporary file.
    let out = dir.join("d.tif");
    write_geotiff(&out, good, &crs, None).expect("write");
    let names: Vec<_> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, [std::ffi::OsString::from("d.tif")]);
    let tags = read_tags(&std::fs::read(&out).expect("read"));
    assert_eq!(u32s(&tags[&256].2), [4]);
    std::fs::remove_dir_all(&dir).expect("clean");
}

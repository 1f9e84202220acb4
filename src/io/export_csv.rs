//! CSV export of a layer, for Excel on a Windows PC: UTF-8 with a byte-order mark (so Excel
//! shows ë and ç), comma-separated, CRLF line ends. Points get `lon` and `lat` columns (WGS84,
//! 7 decimals ≈ 1 cm); other geometries a `wkt` column. `fid` first.

use std::io::Write;
use std::path::Path;

use geo::Geometry;
use wkt::ToWkt;

use crate::model::{FeatureLayer, GeometryType};

#[derive(Debug, thiserror::Error)]
pub enum CsvExportError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Csv(#[from] csv::Error),
}

pub fn write_csv(layer: &FeatureLayer, out: &mut impl Write) -> Result<(), CsvExportError> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let points = layer.geometry_type == GeometryType::Point;
    let mut header = vec!["fid".to_string()];
    header.extend(layer.fields.iter().map(|f| f.name.clone()));
    if points {
        header.extend(["lon".into(), "lat".into()]);
    } else {
        header.push("wkt".into());
    }
    w.write_record(&header)?;
    for f in &layer.features {
        let mut row = vec![f.fid.map(|i| i.to_string()).unwrap_or_default()];
        row.extend(f.values.iter().map(|v| v.to_text()));
        match (&f.geometry_wgs84, points) {
            (Some(Geometry::Point(p)), true) => {
                row.push(format!("{:.7}", p.x()));
                row.push(format!("{:.7}", p.y()));
            }
            (_, true) => row.extend([String::new(), String::new()]),
            (Some(g), false) => row.push(g.wkt_string()),
            (None, false) => row.push(String::new()),
        }
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

/// Writes to a temporary file beside `path`, then renames: never a half-written file.
pub fn write_csv_file(layer: &FeatureLayer, path: &Path) -> Result<(), CsvExportError> {
    super::atomic::write_atomic(path, |w| write_csv(layer, w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Feature, FieldDef, FieldKind, LayerKind, Value};

    #[test]
    fn bom_crlf_and_point_columns() {
        let mut layer = FeatureLayer::new(
            "s",
            LayerKind::Services,
            GeometryType::Point,
            vec![FieldDef::new("name", FieldKind::Text)],
        );
        layer.features.push(Feature {
            fid: Some(7),
            geometry_wgs84: Some(geo::Point::new(20.7808, 40.6186).into()),
            values: vec![Value::Text("Qendra, Korçë".into())],
        });
        let mut buf = Vec::new();
        write_csv(&layer, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(
            text,
            "\u{feff}fid,name,lon,lat\r\n7,\"Qendra, Korçë\",20.7808000,40.6186000\r\n"
        );
    }
}

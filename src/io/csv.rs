//! CSV/TSV reader for imports: Excel, KoboToolbox and ODK Central exports.
//!
//! Input: a delimited text file (any encoding [`super::encoding::decode_text`] handles).
//! Output: a [`RawTable`] with every column kept as a field, one [`RawRecord`] per data row
//! and a point geometry in the SOURCE units (no CRS declared: the importer decides).
//!
//! Algorithm:
//! 1. decode the bytes (BOM, UTF-8, or a guessed Windows-1250/1252), note how;
//! 2. the delimiter: the user's, Excel's `sep=;` first line, or the one of `,` `;` tab `|`
//!    that gives the most rows with the header's field count (≥ 2 fields) over the first
//!    [`SNIFF_RECORDS`] records, quotes respected; ties go to that order;
//! 3. parse with the `csv` crate (quotes, CRLF/LF, blank lines skipped). A record's number is
//!    the physical line it starts on (header = line 1), counted correctly across quoted
//!    multi-line cells; all-empty rows at the end are ignored (with a note);
//! 4. each column's kind: Int if every filled cell is an integer without a leading zero,
//!    Real if every one is a number (decimal comma accepted with `;` and tab delimiters),
//!    else Text; an empty cell is `Value::Null`;
//! 5. coordinates by [`super::columns::detect`]; a row with the wrong number of fields keeps
//!    its values but gets `RawGeometry::Invalid("row has 5 fields, header has 7")`.

use std::path::Path;

use encoding_rs::Encoding;

use super::columns::{self, ColumnsError, infer_kind, to_value};
use super::encoding::{EncodingError, decode_text};
use super::raw::{RawGeometry, RawRecord, RawTable};
use crate::model::FieldDef;

mod rows;
pub use rows::{SNIFF_RECORDS, sniff_delimiter};
use rows::{choose_delimiter, parse_rows, show_delimiter};

/// Choices the user can force; `Default` detects everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CsvOptions {
    pub encoding: Option<&'static Encoding>,
    pub delimiter: Option<u8>,
    /// Column holding the longitude (or easting); both overrides or neither.
    pub lon_column: Option<String>,
    /// Column holding the latitude (or northing).
    pub lat_column: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Encoding(#[from] EncodingError),
    #[error("the file has no header row (it holds only blank lines)")]
    NoHeader,
    #[error("line {line}: {reason}")]
    Parse { line: u64, reason: String },
    #[error("no coordinate columns found among: {}. Accepted: {}", columns.join(", "), columns::ACCEPTED)]
    NoCoordinates { columns: Vec<String> },
    #[error(transparent)]
    Columns(ColumnsError),
}

impl From<ColumnsError> for CsvError {
    fn from(e: ColumnsError) -> Self {
        match e {
            ColumnsError::NoCoordinates { columns } => CsvError::NoCoordinates { columns },
            other => CsvError::Columns(other),
        }
    }
}

/// Reads a CSV/TSV file; the layer is named after the file stem.
pub fn read_csv(path: &Path, opts: &CsvOptions) -> Result<RawTable, CsvError> {
    let bytes = std::fs::read(path).map_err(|source| CsvError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    read_csv_bytes(&bytes, &name, opts)
}

/// Reads CSV text already in memory (the body of [`read_csv`]).
pub fn read_csv_bytes(bytes: &[u8], name: &str, opts: &CsvOptions) -> Result<RawTable, CsvError> {
    let (text, decoded_as) = decode_text(bytes, opts.encoding)?;
    let mut notes = vec![decoded_as.note()];

    let (body, first_line, delimiter, how) = choose_delimiter(&text, opts.delimiter);
    notes.push(format!("delimiter {} ({how})", show_delimiter(delimiter)));

    let mut rows = parse_rows(body, delimiter, first_line)?;
    if rows.is_empty() {
        return Err(CsvError::NoHeader);
    }
    let (_, header_cells) = rows.remove(0);
    if header_cells.iter().all(String::is_empty) {
        return Err(CsvError::NoHeader);
    }
    let headers = unique_headers(&header_cells, &mut notes);
    let trailing = rows
        .iter()
        .rev()
        .take_while(|(_, r)| r.iter().all(String::is_empty))
        .count();
    if trailing > 0 {
        rows.truncate(rows.len() - trailing);
        notes.push(format!(
            "ignored {trailing} empty row(s) at the end of the file"
        ));
    }
    if rows.is_empty() {
        notes.push("no data rows: the file holds only its header".into());
    }

    let (lines, cells): (Vec<usize>, Vec<Vec<String>>) = rows.into_iter().unzip();
    let lon = opts.lon_column.as_deref();
    let (coords, coord_note) = columns::detect(&headers, &cells, lon, opts.lat_column.as_deref())?;
    notes.push(coord_note);

    let decimal_comma = matches!(delimiter, b';' | b'\t');
    let width = headers.len();
    let fields: Vec<FieldDef> = headers
        .iter()
        .enumerate()
        .map(|(j, h)| {
            let column = cells
                .iter()
                .filter(|r| r.len() == width)
                .map(|r| r[j].as_str());
            FieldDef::new(h, infer_kind(column, decimal_comma))
        })
        .collect();

    let records = lines
        .into_iter()
        .zip(&cells)
        .map(|(number, row)| {
            let values = (0..width)
                .map(|j| {
                    let text = row.get(j).map_or("", String::as_str);
                    to_value(text, fields[j].kind, decimal_comma)
                })
                .collect();
            let (geometry, gps_accuracy_m) = if row.len() == width {
                coords.point(&headers, row)
            } else {
                let why = format!("row has {} fields, header has {width}", row.len());
                (RawGeometry::Invalid(why), None)
            };
            RawRecord {
                number,
                geometry,
                values,
                gps_accuracy_m,
            }
        })
        .collect();

    Ok(RawTable {
        name: name.to_string(),
        fields,
        records,
        declared_crs: None,
        notes,
    })
}

/// Header names: blanks become `column_<n>`, repeats get `_2`, `_3` (noted).
fn unique_headers(cells: &[String], notes: &mut Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(cells.len());
    for (j, cell) in cells.iter().enumerate() {
        let base = if cell.is_empty() {
            format!("column_{}", j + 1)
        } else {
            cell.clone()
        };
        let mut name = base.clone();
        let mut k = 2;
        while out.contains(&name) {
            name = format!("{base}_{k}");
            k += 1;
        }
        if name != *cell {
            notes.push(format!(
                "column {} named '{name}' (header was '{cell}')",
                j + 1
            ));
        }
        out.push(name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FieldKind, Value};

    fn read(text: &str) -> Result<RawTable, CsvError> {
        read_csv_bytes(text.as_bytes(), "t", &CsvOptions::default())
    }

    #[test]
    fn line_numbers_count_multiline_cells_and_blank_lines() {
        let t = read("code,note,lat,lon\nA,\"two\nlines\",41.3,19.8\n\nB,ok,41.4,19.9\n,,,\n\n")
            .unwrap();
        let numbers: Vec<usize> = t.records.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![2, 5]);
        assert_eq!(t.records[0].values[1], Value::Text("two\nlines".into()));
        assert!(
            t.notes.iter().any(|n| n.contains("ignored 1 empty row")),
            "{:?}",
            t.notes
        );
    }

    #[test]
    fn line_breaks_crlf_and_cr() {
        let t = read("code;lat;lon\r\n\r\nA;41;19\r\nB;41;19\rC;\"x\r\ny\";1\r\nD;2;3").unwrap();
        let numbers: Vec<usize> = t.records.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![3, 4, 5, 7]);
    }

    #[test]
    fn excel_sep_line_and_wrong_field_counts() {
        let t = read("sep=;\r\ncode;lat;lon\r\nA;41,3;19,8\r\nB;41,4\r\n").unwrap();
        assert_eq!(t.fields[1], FieldDef::new("lat", FieldKind::Real));
        assert_eq!(t.records[0].number, 3);
        assert_eq!(t.records[0].values[1], Value::Real(41.3));
        assert_eq!(t.records[1].number, 4);
        assert_eq!(
            t.records[1].geometry,
            RawGeometry::Invalid("row has 2 fields, header has 3".into())
        );
        assert_eq!(t.records[1].values[2], Value::Null);
    }

    #[test]
    fn headers_made_unique_and_errors() {
        let t = read("lat,lon,note,note,\n41,19,a,b,c\n").unwrap();
        let names: Vec<&str> = t.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["lat", "lon", "note", "note_2", "column_5"]);
        assert!(matches!(read("\n\n"), Err(CsvError::NoHeader)));
        assert!(matches!(read(",,\n"), Err(CsvError::NoHeader)));
        assert!(matches!(
            read("a,b\n1,2\n"),
            Err(CsvError::NoCoordinates { .. })
        ));
    }
}

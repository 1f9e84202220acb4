//! Unit tests of the .dbf reader on tables built in memory.

use encoding_rs::{WINDOWS_1250, WINDOWS_1252};

use super::*;

/// A dBASE III table: fields (name, type, length, decimals), rows of cells (already padded
/// by this helper) with a deleted flag, and the language driver id.
fn table(fields: &[(&str, u8, u8, u8)], rows: &[(&[&[u8]], bool)], ldid: u8) -> Vec<u8> {
    let header_len = 32 + 32 * fields.len() + 1;
    let record_len = 1 + fields.iter().map(|f| usize::from(f.2)).sum::<usize>();
    let mut b = vec![0x03, 126, 1, 1];
    b.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    b.extend_from_slice(&(header_len as u16).to_le_bytes());
    b.extend_from_slice(&(record_len as u16).to_le_bytes());
    b.resize(32, 0);
    b[29] = ldid;
    for (name, code, len, dec) in fields {
        let mut d = [0u8; 32];
        d[..name.len()].copy_from_slice(name.as_bytes());
        (d[11], d[16], d[17]) = (*code, *len, *dec);
        b.extend_from_slice(&d);
    }
    b.push(0x0D);
    for (cells, deleted) in rows {
        b.push(if *deleted { b'*' } else { b' ' });
        for (cell, f) in cells.iter().zip(fields) {
            let mut c = cell.to_vec();
            c.resize(usize::from(f.2), b' ');
            b.extend_from_slice(&c);
        }
    }
    b.push(0x1A);
    b
}

const FIELDS: [(&str, u8, u8, u8); 6] = [
    ("code", b'C', 12, 0),
    ("age", b'N', 3, 0),
    ("acc", b'N', 6, 2),
    ("seen", b'D', 8, 0),
    ("ok", b'L', 1, 0),
    ("town", b'C', 10, 0),
];

fn rows_with(town: &[u8]) -> Vec<u8> {
    let r1: &[&[u8]] = &[b"KOR-2019-007", b" 11", b"  4.50", b"20190514", b"T", town];
    let r2: &[&[u8]] = &[b"TIR-2021-031", b"", b"", b"", b"?", b""];
    let r3: &[&[u8]] = &[b"X", b"abc", b"1.5", b"20191399", b"F", b""];
    table(&FIELDS, &[(r1, false), (r2, true), (r3, false)], 0)
}

#[test]
fn types_deleted_rows_and_bad_cells() {
    let d = read_dbf(&rows_with("Korçë".as_bytes()), None).unwrap();
    let kinds: Vec<FieldKind> = d.fields.iter().map(|f| f.kind).collect();
    use FieldKind::*;
    assert_eq!(kinds, [Text, Int, Real, Date, Bool, Text]);
    assert_eq!(d.rows.len(), 3);
    assert!(d.rows[1].is_none(), "deleted record stays as a slot");
    let r1 = d.rows[0].as_ref().unwrap();
    assert_eq!(r1[0], Value::Text("KOR-2019-007".into()));
    assert_eq!(r1[1], Value::Int(11));
    assert_eq!(r1[2], Value::Real(4.5));
    assert_eq!(
        r1[3],
        Value::Date(NaiveDate::from_ymd_opt(2019, 5, 14).unwrap())
    );
    assert_eq!(r1[4], Value::Bool(true));
    assert_eq!(r1[5], Value::Text("Korçë".into()));
    let r3 = d.rows[2].as_ref().unwrap();
    assert_eq!(
        (&r3[1], &r3[3], &r3[5]),
        (&Value::Null, &Value::Null, &Value::Null)
    );
    assert!(
        d.notes
            .iter()
            .any(|n| n.contains("field 'age': 1 value(s)") && n.contains("records 3")),
        "{:?}",
        d.notes
    );
    assert!(
        d.notes.iter().any(|n| n.contains("read as UTF-8")),
        "{:?}",
        d.notes
    );
}

#[test]
fn encodings_from_cpg_language_driver_or_guess() {
    let cp1250 = WINDOWS_1250.encode("Korçë Čair").0.into_owned();
    let bytes = rows_with(&cp1250);
    let d = read_dbf(&bytes, Some("1250")).unwrap();
    assert_eq!(
        d.rows[0].as_ref().unwrap()[5],
        Value::Text("Korçë Čair".into())
    );
    // The same bytes with the language driver id 0xC8 (Windows-1250) and no .cpg.
    let mut ldid = bytes.clone();
    ldid[29] = 0xC8;
    let d = read_dbf(&ldid, None).unwrap();
    assert_eq!(
        d.rows[0].as_ref().unwrap()[5],
        Value::Text("Korçë Čair".into())
    );
    assert!(
        d.notes[0].contains("code page 1250 in the .dbf header"),
        "{:?}",
        d.notes
    );
    // No declaration, not UTF-8: guessed, with a note.
    let latin = rows_with(&WINDOWS_1252.encode("Korçë").0);
    let d = read_dbf(&latin, None).unwrap();
    assert_eq!(d.rows[0].as_ref().unwrap()[5], Value::Text("Korçë".into()));
    assert!(
        d.notes
            .iter()
            .any(|n| n.contains("decoded as Windows-1252")),
        "{:?}",
        d.notes
    );
    // A .cpg claiming UTF-8 over Windows-1252 bytes is overruled.
    let d = read_dbf(&latin, Some("UTF-8")).unwrap();
    assert_eq!(d.rows[0].as_ref().unwrap()[5], Value::Text("Korçë".into()));
    assert!(d.notes[0].contains("the .cpg says UTF-8"), "{:?}", d.notes);
}

#[test]
fn broken_tables_are_errors_or_notes_never_panics() {
    assert!(read_dbf(b"", None).is_err());
    assert!(read_dbf(&[0x03; 20], None).is_err());
    let good = rows_with(b"x");
    // Cut in the middle of the second record: the first is kept, the rest noted.
    let header_len = 32 + 32 * FIELDS.len() + 1;
    let cut = &good[..header_len + 45];
    let d = read_dbf(cut, None).unwrap();
    assert_eq!(d.rows.len(), 1);
    assert!(
        d.notes[0].contains("ends after 1 of the 3 records"),
        "{:?}",
        d.notes
    );
    // Every prefix and a few corruptions: no panic.
    for n in 0..good.len() {
        let _ = read_dbf(&good[..n], None);
    }
    let mut bad = good.clone();
    bad[10] = 1; // record length smaller than the fields
    assert!(read_dbf(&bad, None).is_err());
    bad[10] = 0;
    bad[11] = 0;
    assert!(read_dbf(&bad, None).is_err());
}

//! The attribute table of a shapefile: a dBASE III/IV (.dbf) reader.
//!
//! Input: the .dbf bytes and the text of the `.cpg` if there is one. Output: typed fields and
//! one row per record slot, in file order (`None` for a record marked deleted), so row `i`
//! stays aligned with shape `i`.
//!
//! Text encoding, in order: the `.cpg`; else the language driver id in header byte 29; else
//! UTF-8 when every text cell is valid UTF-8; else the Windows code page guessed like CSV
//! ([`crate::io::encoding::guess_windows_code_page`], normally Windows-1252), with a note.
//! A `.cpg` saying UTF-8 over text that is not UTF-8 is overruled the same way, with a note.
//!
//! Field types: C → Text; N → Int when it has no decimals and at most 18 digits, else Real;
//! F, O (double), Y (currency) → Real; I, + → Int; L → Bool; D (YYYYMMDD) → Date; memo fields
//! (M, G, P) are in a separate file and read as empty, with a note. A cell that does not parse
//! is empty, with a note naming the records.

use chrono::NaiveDate;

use super::codepage::{TextEncoding, choose_encoding, decode};
use crate::model::{FieldDef, FieldKind, Value};

pub struct Dbf {
    pub fields: Vec<FieldDef>,
    /// One entry per record in the file; `None` when the record is marked deleted.
    pub rows: Vec<Option<Vec<Value>>>,
    pub notes: Vec<String>,
}

struct Column {
    name: Vec<u8>,
    code: u8,
    offset: usize,
    length: usize,
    kind: FieldKind,
}

/// Reads a .dbf; the error is the reason the file cannot be read at all.
pub fn read_dbf(bytes: &[u8], cpg: Option<&str>) -> Result<Dbf, String> {
    let header = bytes.get(..32).ok_or_else(|| {
        format!(
            "it is {} bytes long, shorter than a dBASE header (32 bytes)",
            bytes.len()
        )
    })?;
    let version = header[0];
    if version & 0x07 == 0x04 {
        return Err(
            "dBASE 7 tables are not supported (save the layer again as a shapefile)".into(),
        );
    }
    let declared = u32::from_le_bytes([header[4], header[5], header[6], header[7]]) as usize;
    let header_len = usize::from(u16::from_le_bytes([header[8], header[9]]));
    let record_len = usize::from(u16::from_le_bytes([header[10], header[11]]));
    if record_len == 0 {
        return Err("its header gives a record length of 0".into());
    }
    let columns = columns(bytes, header_len, record_len, version)?;
    let mut notes = Vec::new();
    let mut slots: Vec<Option<&[u8]>> = Vec::new();
    for i in 0..declared {
        let start = header_len + i * record_len;
        let Some(record) = bytes.get(start..start + record_len) else {
            notes.push(format!(
                "the .dbf ends after {i} of the {declared} records its header announces"
            ));
            break;
        };
        slots.push((record[0] != b'*').then_some(record));
    }
    let mut texts: Vec<&[u8]> = columns.iter().map(|c| c.name.as_slice()).collect();
    for rec in slots.iter().flatten() {
        texts.extend(
            columns
                .iter()
                .filter(|c| c.code == b'C')
                .map(|c| trim_end(cell(rec, c))),
        );
    }
    let encoding = choose_encoding(cpg, header[29], &texts, &mut notes);
    let fields = field_defs(&columns, encoding);
    let mut bad: Vec<Vec<usize>> = vec![Vec::new(); columns.len()];
    let rows = slots
        .iter()
        .enumerate()
        .map(|(i, slot)| {
            slot.map(|rec| {
                let values = columns.iter().enumerate().map(|(j, c)| {
                    parse_cell(cell(rec, c), c, encoding).unwrap_or_else(|| {
                        bad[j].push(i + 1);
                        Value::Null
                    })
                });
                values.collect()
            })
        })
        .collect();
    for (j, records) in bad.iter().enumerate().filter(|(_, r)| !r.is_empty()) {
        let shown: Vec<String> = records.iter().take(5).map(usize::to_string).collect();
        let more = if records.len() > 5 { ", …" } else { "" };
        notes.push(format!(
            "field '{}': {} value(s) could not be read as {:?} (records {}{more}): read as empty",
            fields[j].name,
            records.len(),
            fields[j].kind,
            shown.join(", ")
        ));
    }
    for c in columns
        .iter()
        .filter(|c| matches!(c.code, b'M' | b'G' | b'P'))
    {
        notes.push(format!(
            "field '{}' is a memo field (kept in a separate file) and was read as empty",
            encoding.decode(&c.name)
        ));
    }
    Ok(Dbf {
        fields,
        rows,
        notes,
    })
}

/// A cell of a record (columns are checked to fit in the record length).
fn cell<'a>(record: &'a [u8], c: &Column) -> &'a [u8] {
    &record[c.offset..c.offset + c.length]
}

fn columns(
    bytes: &[u8],
    header_len: usize,
    record_len: usize,
    version: u8,
) -> Result<Vec<Column>, String> {
    let visual_foxpro = matches!(version, 0x30..=0x32);
    let mut out = Vec::new();
    let mut offset = 1; // the deletion flag
    let mut pos = 32;
    while pos + 32 <= header_len.min(bytes.len()) && bytes[pos] != 0x0D {
        let d = &bytes[pos..pos + 32];
        let name: Vec<u8> = d[..11].iter().copied().take_while(|b| *b != 0).collect();
        let (code, length, decimals) = (d[11].to_ascii_uppercase(), usize::from(d[16]), d[17]);
        let kind = match code {
            b'N' if decimals == 0 && length <= 18 => FieldKind::Int,
            b'N' | b'F' | b'O' | b'Y' => FieldKind::Real,
            b'B' if visual_foxpro && length == 8 => FieldKind::Real,
            b'I' | b'+' => FieldKind::Int,
            b'L' => FieldKind::Bool,
            b'D' => FieldKind::Date,
            _ => FieldKind::Text,
        };
        let code = if code == b'B' && kind == FieldKind::Real {
            b'O'
        } else {
            code
        };
        let code = if code == b'B' { b'M' } else { code };
        out.push(Column {
            name,
            code,
            offset,
            length,
            kind,
        });
        offset += length;
        pos += 32;
    }
    if offset > record_len {
        return Err(format!(
            "its fields take {offset} bytes but its records are {record_len} bytes long"
        ));
    }
    Ok(out)
}

fn field_defs(columns: &[Column], encoding: TextEncoding) -> Vec<FieldDef> {
    let mut fields: Vec<FieldDef> = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        let base = decode(&c.name, encoding).trim().to_string();
        let base = if base.is_empty() {
            format!("field_{}", i + 1)
        } else {
            base
        };
        let mut name = base.clone();
        let mut n = 1;
        while fields.iter().any(|f| f.name == name) {
            n += 1;
            name = format!("{base}_{n}");
        }
        fields.push(FieldDef::new(&name, c.kind));
    }
    fields
}

fn trim_end(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|b| *b != b' ' && *b != 0)
        .map_or(0, |p| p + 1);
    &bytes[..end]
}

/// A cell's value; `None` when it is not empty but cannot be read as the field's type.
fn parse_cell(raw: &[u8], c: &Column, encoding: TextEncoding) -> Option<Value> {
    let ascii = || {
        String::from_utf8_lossy(raw)
            .trim()
            .trim_matches('\0')
            .to_string()
    };
    let le8 = || <[u8; 8]>::try_from(raw).ok();
    Some(match c.code {
        b'N' | b'F' => {
            let t = ascii();
            if t.is_empty() || t.starts_with('*') {
                return Some(Value::Null);
            }
            let x: f64 = t
                .replace(',', ".")
                .parse()
                .ok()
                .filter(|x: &f64| x.is_finite())?;
            match c.kind {
                FieldKind::Int => Value::Int(
                    t.parse()
                        .ok()
                        .or_else(|| (x.fract() == 0.0 && x.abs() < 9.0e18).then_some(x as i64))?,
                ),
                _ => Value::Real(x),
            }
        }
        b'L' => match raw.first().map(u8::to_ascii_uppercase) {
            Some(b'T' | b'Y') => Value::Bool(true),
            Some(b'F' | b'N') => Value::Bool(false),
            _ => Value::Null,
        },
        b'D' => {
            let t = ascii();
            if t.is_empty() || t.bytes().all(|b| b == b'0') {
                return Some(Value::Null);
            }
            Value::Date(NaiveDate::parse_from_str(&t, "%Y%m%d").ok()?)
        }
        b'I' | b'+' => Value::Int(i64::from(i32::from_le_bytes(
            <[u8; 4]>::try_from(raw).ok()?,
        ))),
        b'O' => Some(f64::from_le_bytes(le8()?))
            .filter(|x| x.is_finite())
            .map_or(Value::Null, Value::Real),
        b'Y' => Value::Real(i64::from_le_bytes(le8()?) as f64 / 10_000.0),
        b'M' | b'G' | b'P' => Value::Null,
        _ => {
            let t = trim_end(raw);
            if t.is_empty() {
                Value::Null
            } else {
                Value::Text(decode(t, encoding))
            }
        }
    })
}

#[cfg(test)]
mod tests;

//! Splitting CSV text into rows: the delimiter, and the physical line each row starts on.
//!
//! Input: decoded text. The delimiter is the user's, Excel's `sep=;` first line, or the one
//! of `,` `;` tab `|` that gives the most records with the header's field count (≥ 2 fields)
//! over the first [`SNIFF_RECORDS`] records, quotes respected; ties go to that order.
//! Output: each record's cells (trimmed) with its 1-based line number.

use super::CsvError;

/// How many records delimiter detection looks at.
pub const SNIFF_RECORDS: usize = 50;
const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The text to parse (after an Excel `sep=` line), its first line number, the delimiter and
/// how it was chosen.
pub(super) fn choose_delimiter(text: &str, forced: Option<u8>) -> (&str, u64, u8, &'static str) {
    if let Some(d) = forced {
        return (text, 1, d, "chosen by the user");
    }
    let first_line = text.lines().next().unwrap_or("");
    if let Some(sep) = first_line.trim().strip_prefix("sep=")
        && let [d] = sep.as_bytes()
    {
        let rest = text.split_once('\n').map_or("", |(_, rest)| rest);
        return (rest, 2, *d, "declared by a 'sep=' line");
    }
    match sniff_delimiter(text) {
        Some(d) => (text, 1, d, "detected"),
        None => (text, 1, b',', "only one column found"),
    }
}

/// The candidate giving the most consistent field counts, or `None` if none splits the
/// header into two or more fields.
pub fn sniff_delimiter(text: &str) -> Option<u8> {
    let mut best: Option<(f64, usize, u8)> = None;
    for d in CANDIDATES {
        let counts: Vec<usize> = ::csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .take(SNIFF_RECORDS)
            .map_while(Result::ok)
            .map(|r| r.len())
            .collect();
        let Some((&header_n, data)) = counts.split_first() else {
            continue;
        };
        if header_n < 2 {
            continue;
        }
        let consistent = data.iter().filter(|n| **n == header_n).count();
        let share = if data.is_empty() {
            1.0
        } else {
            consistent as f64 / data.len() as f64
        };
        if best.is_none_or(|(s, n, _)| share > s || (share == s && header_n > n)) {
            best = Some((share, header_n, d));
        }
    }
    best.map(|(_, _, d)| d)
}

pub(super) fn show_delimiter(d: u8) -> String {
    match d {
        b'\t' => "tab".to_string(),
        other => format!("'{}'", other as char),
    }
}

/// All records with the physical line each starts on, cells trimmed.
///
/// The `csv` crate's record position is where the previous record ended (before skipped
/// blank lines, and before the `\n` of a CRLF), so lines are counted here from the byte
/// offset: `\n`, `\r\n` and a lone `\r` each end a line.
pub(super) fn parse_rows(
    body: &str,
    delimiter: u8,
    first_line: u64,
) -> Result<Vec<(usize, Vec<String>)>, CsvError> {
    let bytes = body.as_bytes();
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let (mut rows, mut record) = (Vec::new(), ::csv::StringRecord::new());
    let (mut counted_to, mut line) = (0usize, first_line);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let from = record.position().map_or(counted_to, |p| p.byte() as usize);
                let mut start = from.clamp(counted_to, bytes.len());
                while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
                    start += 1;
                }
                line += count_line_breaks(&bytes[counted_to..start]);
                counted_to = start;
                let cells = record.iter().map(|c| c.trim().to_string()).collect();
                rows.push((usize::try_from(line).unwrap_or(usize::MAX), cells));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line()) + first_line - 1;
                return Err(CsvError::Parse {
                    line,
                    reason: e.to_string(),
                });
            }
        }
    }
    Ok(rows)
}

fn count_line_breaks(bytes: &[u8]) -> u64 {
    let lone_cr = bytes
        .windows(2)
        .filter(|w| w[0] == b'\r' && w[1] != b'\n')
        .count()
        + usize::from(bytes.last() == Some(&b'\r'));
    (bytes.iter().filter(|b| **b == b'\n').count() + lone_cr) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_respects_quotes() {
        assert_eq!(sniff_delimiter("a,b;c,d\n1,\"x;y\",3\n"), Some(b','));
        assert_eq!(
            sniff_delimiter("code;lat;lon\nA;41,3;19,8\nB;41,4;19,9\n"),
            Some(b';')
        );
        assert_eq!(
            sniff_delimiter("code\tlat\tlon\r\nA\t41.3\t19.8\r\n"),
            Some(b'\t')
        );
        assert_eq!(sniff_delimiter("code|lat|lon\nA|41.3|19.8\n"), Some(b'|'));
        assert_eq!(sniff_delimiter("gps\n41.3 19.8\n"), None);
    }

    #[test]
    fn parse_rows_lines() {
        let rows = parse_rows("a,b\r\n\r\n1,\"x\ny\"\r\n2,3", b',', 1).unwrap();
        let lines: Vec<usize> = rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![1, 3, 5]);
        assert_eq!(rows[1].1, vec!["1".to_string(), "x\ny".to_string()]);
        let (body, first, d, _) = choose_delimiter("sep=|\na|b\n", None);
        assert_eq!((body, first, d), ("a|b\n", 2, b'|'));
    }
}

//! JSON text helpers shared by the GeoJSON and TopoJSON readers: the UTF-8 byte-order mark,
//! serde_json errors split into line, column and message, and the non-standard bare
//! `NaN`/`Infinity`/`-Infinity` that Python's `json` and some exporters write.

/// Input bytes without a leading UTF-8 byte-order mark, and whether there was one.
pub fn strip_bom(bytes: &[u8]) -> (&[u8], bool) {
    match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    }
}

/// What went wrong while parsing, with the 1-based line and column serde_json reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonFault {
    /// true: the text is not JSON at all (syntax, truncation); false: JSON of the wrong shape.
    pub syntax: bool,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl JsonFault {
    pub fn from_serde(e: &serde_json::Error) -> Self {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
        Self {
            syntax: matches!(
                e.classify(),
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof
            ),
            line: e.line(),
            column: e.column(),
            message,
        }
    }
}

/// Rewrites bare `NaN`, `Infinity` and `-Infinity` tokens outside strings as the strings
/// `"NaN"`, `"Infinity"`, `"-Infinity"`, so the document parses and the geometry reader can
/// name the bad coordinate. `None` when there is no such token. Line numbers are unchanged
/// (columns on those lines shift by two per token).
pub fn quote_non_finite(bytes: &[u8]) -> Option<Vec<u8>> {
    const TOKENS: [&[u8]; 3] = [b"-Infinity", b"Infinity", b"NaN"];
    let mut out: Option<Vec<u8>> = None;
    let (mut in_string, mut escaped) = (false, false);
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        if b == b'"' {
            in_string = true;
            i += 1;
            continue;
        }
        if let Some(tok) = TOKENS.iter().find(|t| bytes[i..].starts_with(t)) {
            let buf = out.get_or_insert_with(|| Vec::with_capacity(bytes.len() + 64));
            buf.extend_from_slice(&bytes[copied..i]);
            buf.push(b'"');
            buf.extend_from_slice(tok);
            buf.push(b'"');
            i += tok.len();
            copied = i;
            continue;
        }
        i += 1;
    }
    let mut buf = out?;
    buf.extend_from_slice(&bytes[copied..]);
    Some(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_bare_tokens() {
        let text = br#"{"a": [NaN, -Infinity, 1], "b": "NaN \" Infinity", "c": Infinity}"#;
        let fixed = quote_non_finite(text).unwrap();
        assert_eq!(
            std::str::from_utf8(&fixed).unwrap(),
            r#"{"a": ["NaN", "-Infinity", 1], "b": "NaN \" Infinity", "c": "Infinity"}"#
        );
        assert_eq!(quote_non_finite(br#"{"a": "NaN"}"#), None);
    }

    #[test]
    fn fault_has_line_and_column() {
        let e = serde_json::from_str::<serde_json::Value>("{\n  \"a\": [1,\n").unwrap_err();
        let f = JsonFault::from_serde(&e);
        assert!(f.syntax);
        assert_eq!(
            (f.line, f.message.as_str()),
            (3, "EOF while parsing a value")
        );
        assert_eq!(strip_bom(b"\xEF\xBB\xBF{}"), (&b"{}"[..], true));
    }
}

//! Text decoding for files that do not say how they are encoded (CSV, `.cpg`-less DBF text).
//!
//! Input: the raw bytes of a file and an optional encoding the user chose. Output: the text
//! and how it was decoded ([`DecodedAs`], whose [`DecodedAs::note`] goes into the report).
//!
//! Algorithm, in order:
//! 1. a byte-order mark wins (UTF-8, UTF-16LE, UTF-16BE: Excel's "Unicode text"), even over
//!    a forced encoding, because a BOM cannot be an accident;
//! 2. a forced encoding is used as given (malformed input for it is an error);
//! 3. valid UTF-8 is UTF-8 (a sequence cut off at the very end is accepted with U+FFFD);
//! 4. otherwise the file is a legacy Windows code page as Excel writes it on an Albanian PC:
//!    Windows-1250 or Windows-1252. Albanian ë (0xEB) and ç (0xE7) are the same in both, and
//!    so are Š š Ž ž (0x8A 0x9A 0x8E 0x9E), so only the bytes that decode differently decide
//!    ([`guess_windows_code_page`]); when none differ, Windows-1252 (both give the same text).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1250, WINDOWS_1252};

/// Why bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EncodingError {
    #[error("the file is empty (0 bytes)")]
    Empty,
    #[error("the file is not valid {encoding} text (try another encoding, e.g. windows-1250)")]
    Malformed { encoding: &'static str },
}

/// How a text was decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodedAs {
    /// UTF-8; `bom` when the file starts with a UTF-8 byte-order mark.
    Utf8 { bom: bool },
    /// UTF-16 announced by its byte-order mark (`UTF_16LE` or `UTF_16BE`).
    Utf16(&'static Encoding),
    /// The encoding the user chose.
    Forced(&'static Encoding),
    /// A legacy Windows code page chosen by [`guess_windows_code_page`].
    Guessed(&'static Encoding),
}

impl DecodedAs {
    pub fn encoding(self) -> &'static Encoding {
        match self {
            DecodedAs::Utf8 { .. } => UTF_8,
            DecodedAs::Utf16(e) | DecodedAs::Forced(e) | DecodedAs::Guessed(e) => e,
        }
    }

    /// The sentence for the import report, e.g. "decoded as Windows-1252 (no encoding declared)".
    pub fn note(self) -> String {
        let name = display_name(self.encoding());
        match self {
            DecodedAs::Utf8 { bom: false } => format!("decoded as {name}"),
            DecodedAs::Utf8 { bom: true } | DecodedAs::Utf16(_) => {
                format!("decoded as {name} (byte-order mark)")
            }
            DecodedAs::Forced(_) => format!("decoded as {name} (chosen by the user)"),
            DecodedAs::Guessed(_) => format!("decoded as {name} (no encoding declared)"),
        }
    }
}

/// "Windows-1250" rather than encoding_rs's "windows-1250".
pub fn display_name(encoding: &'static Encoding) -> String {
    let name = encoding.name();
    match name.strip_prefix("windows-") {
        Some(rest) => format!("Windows-{rest}"),
        None => name.to_string(),
    }
}

/// Decodes a whole file's bytes; see the module documentation for the order of decisions.
pub fn decode_text(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
) -> Result<(String, DecodedAs), EncodingError> {
    if bytes.is_empty() {
        return Err(EncodingError::Empty);
    }
    if let Some((bom_encoding, bom_len)) = Encoding::for_bom(bytes) {
        let how = if bom_encoding == UTF_8 {
            DecodedAs::Utf8 { bom: true }
        } else {
            DecodedAs::Utf16(bom_encoding)
        };
        return decode_strict(bom_encoding, &bytes[bom_len..]).map(|t| (t, how));
    }
    if let Some(encoding) = forced {
        return decode_strict(encoding, bytes).map(|t| (t, DecodedAs::Forced(encoding)));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((text.to_string(), DecodedAs::Utf8 { bom: false })),
        // Valid up to a multi-byte sequence cut off by the end of the file: still UTF-8.
        Err(e) if e.error_len().is_none() => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            return Ok((text, DecodedAs::Utf8 { bom: false }));
        }
        Err(_) => {}
    }
    let encoding = guess_windows_code_page(bytes);
    decode_strict(encoding, bytes).map(|t| (t, DecodedAs::Guessed(encoding)))
}

fn decode_strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, EncodingError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(EncodingError::Malformed {
            encoding: encoding.name(),
        });
    }
    Ok(text.into_owned())
}

/// Windows-1250 or Windows-1252 for bytes that are not UTF-8.
///
/// Each byte that the two code pages decode differently scores the character it gives in
/// each: Č č Ć ć Đ đ (names from Kosovo, Montenegro, North Macedonia) 2; a Western letter
/// of Latin-1 (à è ì ò ù ñ ü …, Italian loanwords) 1; a letter rare here (Polish, Czech,
/// Hungarian letters of Windows-1250, and Æ æ Ð ð Þ þ Ø ø Å å of Windows-1252) 0; a symbol
/// or control character -2. Windows-1250 wins only with a strictly higher total, so "č"
/// beats "è" but a file of Italian words stays Windows-1252.
pub fn guess_windows_code_page(bytes: &[u8]) -> &'static Encoding {
    let (mut score_1250, mut score_1252) = (0i64, 0i64);
    let mut buf = [0u8; 1];
    for &b in bytes.iter().filter(|b| **b >= 0x80) {
        buf[0] = b;
        let c1250 = single_char(WINDOWS_1250, &buf);
        let c1252 = single_char(WINDOWS_1252, &buf);
        if c1250 == c1252 {
            continue;
        }
        score_1250 += char_score(c1250);
        score_1252 += char_score(c1252);
    }
    if score_1250 > score_1252 {
        WINDOWS_1250
    } else {
        WINDOWS_1252
    }
}

fn single_char(encoding: &'static Encoding, byte: &[u8; 1]) -> char {
    let (text, _) = encoding.decode_without_bom_handling(byte);
    text.chars().next().unwrap_or('\u{FFFD}')
}

fn char_score(c: char) -> i64 {
    const REGIONAL: &str = "ČčĆćĐđ";
    const RARE_LATIN1: &str = "ÆæÐðÞþØøÅå";
    if REGIONAL.contains(c) {
        2
    } else if c.is_alphabetic() && ('\u{C0}'..='\u{FF}').contains(&c) && !RARE_LATIN1.contains(c) {
        1
    } else if c.is_alphabetic() {
        0
    } else {
        -2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{UTF_16BE, UTF_16LE};

    fn enc(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        encoding.encode(text).0.into_owned()
    }

    #[test]
    fn empty_is_an_error() {
        assert_eq!(decode_text(b"", None), Err(EncodingError::Empty));
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let (t, how) = decode_text("Korçë".as_bytes(), None).unwrap();
        assert_eq!((t.as_str(), how), ("Korçë", DecodedAs::Utf8 { bom: false }));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("Durrës".as_bytes());
        let (t, how) = decode_text(&bom, Some(WINDOWS_1250)).unwrap();
        assert_eq!((t.as_str(), how), ("Durrës", DecodedAs::Utf8 { bom: true }));
        assert_eq!(how.note(), "decoded as UTF-8 (byte-order mark)");
    }

    #[test]
    fn utf16_with_bom() {
        for (e, bom) in [(UTF_16LE, [0xFF, 0xFE]), (UTF_16BE, [0xFE, 0xFF])] {
            let mut bytes = bom.to_vec();
            for unit in "Bulqizë;ç".encode_utf16() {
                let b = if e == UTF_16LE {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                };
                bytes.extend_from_slice(&b);
            }
            let (t, how) = decode_text(&bytes, None).unwrap();
            assert_eq!((t.as_str(), how), ("Bulqizë;ç", DecodedAs::Utf16(e)));
        }
    }

    #[test]
    fn albanian_only_defaults_to_1252() {
        let bytes = enc(WINDOWS_1252, "Korçë;Durrës;Bulqizë;ÇELËSI");
        let (t, how) = decode_text(&bytes, None).unwrap();
        assert_eq!(t, "Korçë;Durrës;Bulqizë;ÇELËSI");
        assert_eq!(how, DecodedAs::Guessed(WINDOWS_1252));
        assert_eq!(how.note(), "decoded as Windows-1252 (no encoding declared)");
    }

    #[test]
    fn slavic_letters_choose_1250() {
        let bytes = enc(WINDOWS_1250, "Korçë;Nikšić;Đakovica;Čair");
        let (t, how) = decode_text(&bytes, None).unwrap();
        assert_eq!(t, "Korçë;Nikšić;Đakovica;Čair");
        assert_eq!(how, DecodedAs::Guessed(WINDOWS_1250));
    }

    #[test]
    fn italian_words_keep_1252() {
        // à ì ù read as ŕ ě ů in Windows-1250; one "è" (č in 1250) does not outweigh them.
        let text = "Shkodër;Università;città;così;più;crème";
        let (t, how) = decode_text(&enc(WINDOWS_1252, text), None).unwrap();
        assert_eq!((t.as_str(), how), (text, DecodedAs::Guessed(WINDOWS_1252)));
    }

    #[test]
    fn forced_encoding_is_used_and_malformed_utf8_is_an_error() {
        let bytes = enc(WINDOWS_1250, "Korçë Čair");
        let (t, how) = decode_text(&bytes, Some(WINDOWS_1250)).unwrap();
        assert_eq!(
            (t.as_str(), how),
            ("Korçë Čair", DecodedAs::Forced(WINDOWS_1250))
        );
        assert_eq!(how.note(), "decoded as Windows-1250 (chosen by the user)");
        assert_eq!(
            decode_text(&bytes, Some(UTF_8)),
            Err(EncodingError::Malformed { encoding: "UTF-8" })
        );
    }

    #[test]
    fn utf8_cut_at_the_end_stays_utf8() {
        let mut bytes = "Korçë".as_bytes().to_vec();
        bytes.push(0xC3);
        let (t, how) = decode_text(&bytes, None).unwrap();
        assert_eq!(
            (t.as_str(), how),
            ("Korçë\u{FFFD}", DecodedAs::Utf8 { bom: false })
        );
    }
}

//! Text encodings of DBF files: the `.cpg` label, the dBASE language driver id (header byte 29)
//! and the DOS code pages 437, 850 and 852 that encoding_rs lacks (tables below, the upper
//! 128 characters of each, as Python's codecs give them).
//!
//! `.cpg` labels seen in the wild: "UTF-8", "1250", "ANSI 1252", "CP1252", "windows-1250",
//! "ISO-8859-1", "88591", "System" (meaning the writer's locale: not a declaration).
//!
//! [`choose_encoding`] decides, in order: the `.cpg`; else the language driver id; else UTF-8
//! when every text cell is valid UTF-8; else the Windows code page guessed as for CSV
//! ([`crate::io::encoding::guess_windows_code_page`], normally Windows-1252), with a note. A
//! `.cpg` saying UTF-8 over text that is not UTF-8 is overruled the same way, with a note.

use encoding_rs::{BIG5, EUC_KR, Encoding, GBK, SHIFT_JIS, UTF_8};

use crate::io::encoding::guess_windows_code_page;

/// A text encoding a DBF may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// Any encoding of the WHATWG set (UTF-8, Windows-125x, ISO-8859-x, …).
    Web(&'static Encoding),
    /// DOS code page 437, 850 or 852.
    Dos(u16),
}

impl TextEncoding {
    /// "UTF-8", "Windows-1250", "DOS code page 852".
    pub fn name(self) -> String {
        match self {
            TextEncoding::Web(e) => crate::io::encoding::display_name(e),
            TextEncoding::Dos(cp) => format!("DOS code page {cp}"),
        }
    }

    pub fn is_utf8(self) -> bool {
        self == TextEncoding::Web(UTF_8)
    }

    /// Decodes bytes (malformed sequences become U+FFFD).
    pub fn decode(self, bytes: &[u8]) -> String {
        match self {
            TextEncoding::Web(e) => e.decode_without_bom_handling(bytes).0.into_owned(),
            TextEncoding::Dos(cp) => {
                let table = match cp {
                    437 => CP437,
                    850 => CP850,
                    _ => CP852,
                };
                let upper = |b: u8| {
                    table
                        .chars()
                        .nth(usize::from(b - 0x80))
                        .unwrap_or('\u{FFFD}')
                };
                bytes
                    .iter()
                    .map(|&b| if b < 0x80 { char::from(b) } else { upper(b) })
                    .collect()
            }
        }
    }
}

/// The encoding of a Windows/DOS code page number.
pub fn code_page(n: u32) -> Option<TextEncoding> {
    let web = |e: &'static Encoding| Some(TextEncoding::Web(e));
    match n {
        65001 => web(UTF_8),
        437 | 850 | 852 => Some(TextEncoding::Dos(n as u16)),
        932 => web(SHIFT_JIS),
        936 => web(GBK),
        949 => web(EUC_KR),
        950 => web(BIG5),
        28591..=28599 => {
            Encoding::for_label(format!("iso-8859-{}", n - 28590).as_bytes()).map(TextEncoding::Web)
        }
        _ => Encoding::for_label(format!("windows-{n}").as_bytes())
            .or_else(|| Encoding::for_label(format!("cp{n}").as_bytes()))
            .map(TextEncoding::Web),
    }
}

/// The encoding a `.cpg` file names, or `None` when it names none we know.
pub fn from_cpg(label: &str) -> Option<TextEncoding> {
    let text = label.trim().trim_start_matches('\u{feff}').trim();
    let up = text.to_ascii_uppercase();
    let separators: &[char] = &['-', '_', ' '];
    let iso = up
        .strip_prefix("ISO")
        .unwrap_or(&up)
        .trim_start_matches(separators);
    if let Some(part) = iso.strip_prefix("8859") {
        let part = part.trim_start_matches(separators);
        return Encoding::for_label(format!("iso-8859-{part}").as_bytes()).map(TextEncoding::Web);
    }
    let number = ["ANSI", "OEM", "WINDOWS", "CP", "MS"]
        .iter()
        .fold(up.as_str(), |s, p| {
            s.strip_prefix(p)
                .unwrap_or(s)
                .trim_start_matches(separators)
        });
    if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
        return number.parse().ok().and_then(code_page);
    }
    Encoding::for_label(text.as_bytes()).map(TextEncoding::Web)
}

/// The code page of a dBASE language driver id (header byte 29); `None` for 0 (not set) and
/// for ids of code pages we cannot decode.
pub fn from_language_driver(ldid: u8) -> Option<(u32, TextEncoding)> {
    let cp = match ldid {
        0x01 | 0x09 | 0x0B | 0x0D | 0x0F | 0x11 | 0x15 | 0x18 | 0x19 | 0x1B => 437,
        0x02 | 0x0A | 0x0E | 0x10 | 0x12 | 0x14 | 0x16 | 0x1A | 0x1D | 0x25 | 0x37 => 850,
        0x1F | 0x22 | 0x23 | 0x40 | 0x64 => 852,
        0x03 | 0x57 | 0x58 | 0x59 => 1252,
        0x26 | 0x65 => 866,
        0x13 | 0x7B => 932,
        0x4D | 0x7A => 936,
        0x4E | 0x79 => 949,
        0x4F | 0x78 => 950,
        0x50 | 0x7C => 874,
        0x7D => 1255,
        0x7E => 1256,
        0xC8 => 1250,
        0xC9 => 1251,
        0xCA => 1254,
        0xCB => 1253,
        0xCC => 1257,
        _ => return None,
    };
    code_page(cp).map(|e| (cp, e))
}

const CP437: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";
const CP850: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u{ad}±‗¾¶§÷¸°¨·¹³²■\u{a0}";
const CP852: &str = "ÇüéâäůćçłëŐőîŹÄĆÉĹĺôöĽľŚśÖÜŤťŁ×čáíóúĄąŽžĘę¬źČş«»░▒▓│┤ÁÂĚŞ╣║╗╝Żż┐└┴┬├─┼Ăă╚╔╩╦╠═╬¤đĐĎËďŇÍÎě┘┌█▄ŢŮ▀ÓßÔŃńňŠšŔÚŕŰýÝţ´\u{ad}˝˛ˇ˘§÷¸°¨˙űŘř■\u{a0}";

/// The encoding of a table's text (`texts`: field names and text cells) from the `.cpg`
/// label, else the language driver id `ldid`, else UTF-8 or a guessed Windows code page;
/// each decision is explained in `notes`.
pub fn choose_encoding(
    cpg: Option<&str>,
    ldid: u8,
    texts: &[&[u8]],
    notes: &mut Vec<String>,
) -> TextEncoding {
    let all_utf8 = texts.iter().all(|t| utf8_prefix(t).is_some());
    let guess = || TextEncoding::Web(guess_windows_code_page(&texts.concat()));
    if let Some(label) = cpg {
        match from_cpg(label) {
            Some(enc) if enc.is_utf8() && !all_utf8 => {
                let g = guess();
                notes.push(format!(
                    "the .cpg says UTF-8 but the text is not UTF-8: decoded as {}",
                    g.name()
                ));
                return g;
            }
            Some(enc) => {
                notes.push(format!("text decoded as {} (from the .cpg)", enc.name()));
                return enc;
            }
            None => notes.push(format!(
                "the .cpg names an encoding Risk Atlas does not know ('{}'): ignored",
                label.trim()
            )),
        }
    }
    if let Some((cp, enc)) = from_language_driver(ldid) {
        notes.push(format!(
            "text decoded as {} (code page {cp} in the .dbf header)",
            enc.name()
        ));
        return enc;
    }
    if ldid != 0 {
        notes.push(format!("the .dbf header names language driver 0x{ldid:02X}, which Risk Atlas cannot decode: ignored"));
    }
    if all_utf8 {
        notes.push("no .cpg: the text is valid UTF-8 and was read as UTF-8".into());
        return TextEncoding::Web(UTF_8);
    }
    let g = guess();
    notes.push(format!(
        "no .cpg and no code page in the .dbf: the text is not UTF-8 and was decoded as {} (check letters such as ë and ç)",
        g.name()
    ));
    g
}

/// The valid UTF-8 text of a cell, accepting a character cut off by the field width.
pub fn utf8_prefix(bytes: &[u8]) -> Option<&str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s),
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok(),
        Err(_) => None,
    }
}

/// Decodes a cell (in UTF-8, a character cut off by the field width is dropped).
pub fn decode(bytes: &[u8], encoding: TextEncoding) -> String {
    match utf8_prefix(bytes) {
        Some(s) if encoding.is_utf8() => s.to_string(),
        _ => encoding.decode(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{IBM866, WINDOWS_1250, WINDOWS_1252};

    #[test]
    fn cpg_labels() {
        let w = TextEncoding::Web;
        for (label, want) in [
            ("UTF-8", w(UTF_8)),
            ("utf8\r\n", w(UTF_8)),
            ("\u{feff}1250", w(WINDOWS_1250)),
            ("ANSI 1252", w(WINDOWS_1252)),
            ("CP1252", w(WINDOWS_1252)),
            ("cp 1250", w(WINDOWS_1250)),
            ("windows-1250", w(WINDOWS_1250)),
            ("ISO-8859-1", w(WINDOWS_1252)),
            ("88591", w(WINDOWS_1252)),
            ("866", w(IBM866)),
            ("OEM 852", TextEncoding::Dos(852)),
            ("65001", w(UTF_8)),
        ] {
            assert_eq!(from_cpg(label), Some(want), "{label:?}");
        }
        assert_eq!(from_cpg("System"), None);
        assert_eq!(from_cpg(""), None);
    }

    #[test]
    fn dos_tables_have_128_characters_and_albanian_letters() {
        for t in [CP437, CP850, CP852] {
            assert_eq!(t.chars().count(), 128);
        }
        // Korçë in DOS code pages: ç = 0x87, ë = 0x89.
        for cp in [437, 850, 852] {
            assert_eq!(TextEncoding::Dos(cp).decode(b"Kor\x87\x89"), "Korçë");
        }
        assert_eq!(
            from_language_driver(0xC8),
            Some((1250, TextEncoding::Web(WINDOWS_1250)))
        );
        assert_eq!(from_language_driver(0x00), None);
    }
}

//! Turns the raw bytes of an export into text: UTF-8 (with or without BOM), UTF-16 with BOM,
//! else Windows-1252, the encoding older Excel versions write "CSV" in.

/// A text encoding the user can force with `--encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl std::str::FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "utf8" => Ok(Encoding::Utf8),
            "utf16" | "utf16le" => Ok(Encoding::Utf16Le),
            "utf16be" => Ok(Encoding::Utf16Be),
            "windows1252" | "cp1252" | "latin1" | "iso88591" => Ok(Encoding::Windows1252),
            _ => Err(format!(
                "unknown encoding {s:?}: use utf-8, utf-16le, utf-16be or windows-1252"
            )),
        }
    }
}

/// Where a file could not be decoded cleanly (a 1-based line and what is wrong there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flaw {
    /// Bytes that are not UTF-8 in a file that otherwise is (`byte`: the first of them).
    NotUtf8 { line: usize, byte: u8 },
    /// A UTF-16 file with an odd number of bytes: it ends inside a character.
    OddUtf16 { line: usize },
}

/// Decodes `bytes`, detecting the encoding unless `forced`, and says where it could not: a
/// file that is UTF-8 but for some bytes is read as UTF-8 with those lines named (not
/// silently as Windows-1252, which would garble every other accented letter). Undecodable
/// bytes become U+FFFD.
pub fn decode(bytes: &[u8], forced: Option<Encoding>) -> (String, Vec<Flaw>) {
    let encoding = forced.unwrap_or_else(|| detect(bytes));
    let enc = match encoding {
        Encoding::Utf8 => encoding_rs::UTF_8,
        Encoding::Utf16Le => encoding_rs::UTF_16LE,
        Encoding::Utf16Be => encoding_rs::UTF_16BE,
        Encoding::Windows1252 => encoding_rs::WINDOWS_1252,
    };
    // `decode` sniffs and strips a BOM, which also wins over a forced encoding, as it should.
    let (text, used, _) = enc.decode(bytes);
    let text = text.into_owned();
    let flaws = if used == encoding_rs::UTF_8 {
        not_utf8(bytes)
    } else if (used == encoding_rs::UTF_16LE || used == encoding_rs::UTF_16BE)
        && bytes.len() % 2 == 1
    {
        vec![Flaw::OddUtf16 {
            line: text.matches('\n').count() + 1,
        }]
    } else {
        Vec::new()
    };
    (text, flaws)
}

/// The lines of `bytes` holding bytes that are not UTF-8, each line once.
fn not_utf8(bytes: &[u8]) -> Vec<Flaw> {
    let mut flaws: Vec<Flaw> = Vec::new();
    let (mut at, mut line, mut counted) = (0, 1, 0);
    while at < bytes.len() {
        let Err(e) = std::str::from_utf8(&bytes[at..]) else {
            break;
        };
        let bad = at + e.valid_up_to();
        line += bytes[counted..bad].iter().filter(|&&b| b == b'\n').count();
        counted = bad;
        if !matches!(flaws.last(), Some(Flaw::NotUtf8 { line: l, .. }) if *l == line) {
            flaws.push(Flaw::NotUtf8 {
                line,
                byte: bytes[bad],
            });
        }
        at = bad + e.error_len().unwrap_or(bytes.len() - bad);
    }
    flaws
}

/// The encoding of a file without one forced: its byte-order mark, else UTF-8 when it is
/// UTF-8 (or is UTF-8 but for a few bytes: it has characters only UTF-8 writes that way),
/// else Windows-1252 (what Excel's plain "CSV" writes on Windows).
fn detect(bytes: &[u8]) -> Encoding {
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => Encoding::Utf8,
        [0xFF, 0xFE, ..] => Encoding::Utf16Le,
        [0xFE, 0xFF, ..] => Encoding::Utf16Be,
        _ if std::str::from_utf8(bytes).is_ok() || has_utf8_characters(bytes) => Encoding::Utf8,
        _ => Encoding::Windows1252,
    }
}

/// Whether `bytes` hold at least one well-formed multi-byte UTF-8 character (two or more
/// bytes of Windows-1252 text rarely look like one: "Ã©" is what UTF-8 "é" is in 1252).
fn has_utf8_characters(bytes: &[u8]) -> bool {
    let mut at = 0;
    while at < bytes.len() {
        match std::str::from_utf8(&bytes[at..]) {
            Ok(rest) => return !rest.is_ascii(),
            Err(e) => {
                let good = &bytes[at..at + e.valid_up_to()];
                if !good.is_ascii() {
                    return true;
                }
                at += e.valid_up_to() + e.error_len().unwrap_or(bytes.len() - at);
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_boms_utf8_and_windows_1252() {
        let decode = |b: &[u8], f| {
            let (text, flaws) = super::decode(b, f);
            assert_eq!(flaws, [], "{text}");
            text
        };
        assert_eq!(decode(b"\xEF\xBB\xBFamount\n\xC2\xA31", None), "amount\n£1");
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a,£".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16le, None), "a,£");
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("a,£".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&utf16be, None), "a,£");
        assert_eq!(
            decode(b"\xA3103,000 \x93quoted\x94 \x96", None),
            "£103,000 “quoted” –"
        );
    }

    #[test]
    fn forced_encoding_wins_without_bom() {
        assert_eq!(decode("£".as_bytes(), Some(Encoding::Windows1252)).0, "Â£");
    }

    #[test]
    fn issue_12_a_stray_byte_in_utf8_is_named_by_line_not_a_switch_to_1252() {
        let (text, flaws) = decode(b"title\nCaf\xC3\xA9\nbad \xE9 byte\nok\n\xFF\xFE\n", None);
        assert!(text.starts_with("title\nCafé\nbad \u{FFFD} byte"), "{text}");
        assert_eq!(
            flaws,
            [
                Flaw::NotUtf8 {
                    line: 3,
                    byte: 0xE9
                },
                Flaw::NotUtf8 {
                    line: 5,
                    byte: 0xFF
                }
            ]
        );
        // No UTF-8 characters at all: Windows-1252, as Excel writes it.
        let (text, flaws) = decode(b"Caf\xE9\n", None);
        assert_eq!((text.as_str(), flaws), ("Café\n", vec![]));
    }

    #[test]
    fn issue_12_utf16_with_an_odd_byte_count_is_named() {
        let mut bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a\nb".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        bytes.push(b'c');
        assert_eq!(decode(&bytes, None).1, [Flaw::OddUtf16 { line: 2 }]);
    }
}

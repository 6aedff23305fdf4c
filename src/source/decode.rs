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

/// Decodes `bytes`, detecting the encoding unless `forced`. Never fails: bytes that do not
/// decode become U+FFFD, which later stages report as undrawable characters.
pub fn decode(bytes: &[u8], forced: Option<Encoding>) -> String {
    let encoding = forced.unwrap_or_else(|| detect(bytes));
    let enc = match encoding {
        Encoding::Utf8 => encoding_rs::UTF_8,
        Encoding::Utf16Le => encoding_rs::UTF_16LE,
        Encoding::Utf16Be => encoding_rs::UTF_16BE,
        Encoding::Windows1252 => encoding_rs::WINDOWS_1252,
    };
    // `decode` sniffs and strips a BOM, which also wins over a forced encoding, as it should.
    let (text, _, _) = enc.decode(bytes);
    text.into_owned()
}

fn detect(bytes: &[u8]) -> Encoding {
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => Encoding::Utf8,
        [0xFF, 0xFE, ..] => Encoding::Utf16Le,
        [0xFE, 0xFF, ..] => Encoding::Utf16Be,
        _ if std::str::from_utf8(bytes).is_ok() => Encoding::Utf8,
        _ => Encoding::Windows1252,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_boms_utf8_and_windows_1252() {
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
        assert_eq!(decode("£".as_bytes(), Some(Encoding::Windows1252)), "Â£");
    }
}

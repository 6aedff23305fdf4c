//! Turns untrusted text into HTML text and attribute values that can only ever be text: the
//! five markup characters escaped, and code points HTML forbids (controls, noncharacters)
//! left out.

use std::fmt::Write;

/// Appends `text` to `out` as HTML text (also safe inside a double- or single-quoted
/// attribute value).
pub fn push(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if forbidden(c) => {}
            c => out.push(c),
        }
    }
}

/// `text` as HTML text.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push(&mut out, text);
    out
}

/// Code points an HTML document may not hold: C0 and C1 controls other than tab, line feed
/// and carriage return, and Unicode noncharacters.
fn forbidden(c: char) -> bool {
    let n = u32::from(c);
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
}

/// Bytes as base64 (RFC 4648, with padding), for a `data:` address.
pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A `data:` address holding `bytes` of type `mime`.
pub fn data_uri(mime: &str, bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 32);
    let _ = write!(out, "data:{mime};base64,");
    out.push_str(&base64(bytes));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_become_text_and_forbidden_code_points_go() {
        assert_eq!(
            escaped("<script>alert('x')</script> \"&\u{0}\u{7}\u{FFFF}\u{FDD0}é\n"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;&amp;é\n"
        );
    }

    #[test]
    fn data_uris_are_base64() {
        assert_eq!(data_uri("image/png", b"abc"), "data:image/png;base64,YWJj");
    }
}

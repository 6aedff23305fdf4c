//! Turns bytes into a 64-bit FNV-1a hash: the PDF's file identifier and its font subset tags
//! come from it, so they stay the same across Rust releases and platforms (std's
//! `DefaultHasher` promises neither), and the same input gives the same bytes.

/// FNV-1a over whatever is written to it, integers as little-endian bytes.
pub(super) struct StableHash(u64);

impl StableHash {
    pub(super) fn new() -> Self {
        StableHash(0xcbf2_9ce4_8422_2325)
    }

    pub(super) fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self
    }

    /// A string, then a separator no UTF-8 text contains, so ("ab", "c") and ("a", "bc")
    /// differ.
    pub(super) fn text(&mut self, text: &str) -> &mut Self {
        self.bytes(text.as_bytes()).bytes(&[0xff])
    }

    pub(super) fn number(&mut self, n: u64) -> &mut Self {
        self.bytes(&n.to_le_bytes())
    }

    pub(super) fn value(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_fnv_1a() {
        // The published FNV-1a 64-bit values.
        assert_eq!(StableHash::new().value(), 0xcbf2_9ce4_8422_2325);
        assert_eq!(StableHash::new().bytes(b"a").value(), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(
            StableHash::new().bytes(b"foobar").value(),
            0x8594_4171_f739_67e8
        );
        assert_ne!(
            StableHash::new().text("ab").text("c").value(),
            StableHash::new().text("a").text("bc").value()
        );
    }
}

//! Turns bytes into a zlib stream (what PDF's FlateDecode reads): the one place that knows
//! which deflate backend is used, libdeflate (C, the `libdeflate` feature) or miniz_oxide
//! (pure Rust, for targets where C cannot be compiled). Output differs between the two; each
//! is deterministic.

/// Deflates `data` (zlib format, as PDF's FlateDecode reads it) with libdeflate. Each thread
/// keeps one compressor per level, rather than allocating a fresh one (hundreds of KB of
/// state) for every page.
#[cfg(feature = "libdeflate")]
pub(crate) fn compress(data: &[u8], level: u8) -> Vec<u8> {
    use libdeflater::{CompressionLvl, Compressor};
    thread_local! {
        static DEFLATE: std::cell::RefCell<Vec<(u8, Compressor)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    DEFLATE.with(|cell| {
        let mut kept = cell.borrow_mut();
        let at = match kept.iter().position(|(l, _)| *l == level) {
            Some(at) => at,
            None => {
                let lvl = CompressionLvl::new(i32::from(level)).unwrap_or_default();
                kept.push((level, Compressor::new(lvl)));
                kept.len() - 1
            }
        };
        let z = &mut kept[at].1;
        // The bound is room for any input (libdeflate's only failure is running out of it),
        // so this cannot fail; an empty stream would be a silently broken page.
        let mut out = vec![0; z.zlib_compress_bound(data.len())];
        let n = z
            .zlib_compress(data, &mut out)
            .expect("libdeflate's compress bound is room enough");
        out.truncate(n);
        out
    })
}

/// Deflates `data` (zlib format) with miniz_oxide, at the same level numbers.
#[cfg(not(feature = "libdeflate"))]
pub(crate) fn compress(data: &[u8], level: u8) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_inflates_back_to_the_input() {
        let data: Vec<u8> = (0..20_000u32).map(|i| (i * 7 % 251) as u8).collect();
        for level in [1, 6, 9] {
            let z = compress(&data, level);
            assert!(z.len() < data.len(), "level {level} compresses");
            let back = miniz_oxide::inflate::decompress_to_vec_zlib(&z).expect("a zlib stream");
            assert_eq!(back, data, "level {level}");
        }
        assert_eq!(
            miniz_oxide::inflate::decompress_to_vec_zlib(&compress(b"", 1)).expect("zlib"),
            b""
        );
    }
}

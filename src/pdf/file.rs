//! Turns objects written with pdf-writer into the file's bytes: streams go out as they come,
//! small dictionaries (pages, annotations, structure elements) are packed into compressed
//! object streams, and a cross-reference stream ends the file. The bytes are kept as a list
//! of parts, so a large report is never copied into one ever-growing buffer.

use super::{compress, push_int, Refs, LEVEL};
use pdf_writer::{Chunk, Ref};

/// Objects per object stream.
const PACK: usize = 256;

/// Object streams sealed before they are compressed (in parallel) and written.
const SEALED: usize = 8;

/// Deflate level for object streams (page dictionaries, annotations, the structure tree),
/// most of them compressed at the end, after layout: measured at 1,000 grants, level 1
/// makes the file 1.8% larger than level 6 (3.36 against 3.30 KB a page) for 3% less
/// processor time, most of it in that serial end.
const OBJECT_STREAM_LEVEL: u8 = 1;

/// Where an object is: at a byte offset, or inside an object stream.
#[derive(Clone, Copy)]
enum Loc {
    Free,
    At(usize),
    In { stream: i32, index: u16 },
}

/// The PDF's bytes as written so far.
pub(super) struct File {
    parts: Vec<Vec<u8>>,
    len: usize,
    locs: Vec<Loc>,
    /// Objects waiting for an object stream: (object number, where its body starts in
    /// `bodies`), and their bodies one after another, each ending in a newline.
    packed: Vec<(i32, usize)>,
    bodies: Vec<u8>,
    /// Object streams numbered and filled, waiting to be compressed and written.
    sealed: Vec<Sealed>,
}

/// An object stream's object, object count, offset of the first body, and uncompressed data.
struct Sealed {
    stream: Ref,
    count: usize,
    first: usize,
    data: Vec<u8>,
}

/// The objects in a chunk: (object number, start, body range). Each is written as
/// `N 0 obj\n<body>\nendobj\n` (pdf-writer may add a blank line); an object ends where the
/// next one's header follows its `endobj`.
fn objects(bytes: &[u8], refs: &[Ref]) -> Vec<(i32, usize, std::ops::Range<usize>)> {
    const END: &[u8] = b"\nendobj\n";
    let end_finder = memchr::memmem::Finder::new(END);
    let header = |buf: &mut Vec<u8>, r: Ref| {
        buf.clear();
        push_int(buf, i64::from(r.get()));
        buf.extend_from_slice(b" 0 obj\n");
    };
    let (mut head, mut next_head) = (Vec::with_capacity(24), Vec::with_capacity(24));
    let mut out = Vec::with_capacity(refs.len());
    let mut at = 0;
    for (i, r) in refs.iter().enumerate() {
        header(&mut head, *r);
        let body_start = (at + head.len()).min(bytes.len());
        let (body_end, next) = match refs.get(i + 1) {
            Some(n) => {
                // The first `endobj` line followed (after an optional blank line) by the
                // next object's header.
                header(&mut next_head, *n);
                let mut from = body_start;
                loop {
                    let Some(p) = end_finder.find(&bytes[from..]) else {
                        break (bytes.len(), bytes.len());
                    };
                    let end = from + p;
                    let after = end + END.len();
                    let rest = &bytes[after..];
                    if rest.starts_with(&next_head) {
                        break (end, after);
                    }
                    if rest.starts_with(b"\n") && rest[1..].starts_with(&next_head) {
                        break (end, after + 1);
                    }
                    from = after;
                }
            }
            None => {
                let end = memchr::memmem::rfind(&bytes[body_start..], END)
                    .map_or(bytes.len(), |p| body_start + p);
                (end, bytes.len())
            }
        };
        out.push((r.get(), at, body_start..body_end.max(body_start)));
        at = next;
    }
    out
}

impl File {
    pub(super) fn new() -> File {
        let header = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
        File {
            len: header.len(),
            parts: vec![header],
            locs: Vec::new(),
            packed: Vec::new(),
            bodies: Vec::new(),
            sealed: Vec::new(),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    fn set(&mut self, num: i32, loc: Loc) {
        let i = num as usize;
        if self.locs.len() <= i {
            self.locs.resize(i + 1, Loc::Free);
        }
        self.locs[i] = loc;
    }

    /// Appends the chunk's objects as they are (any kind, streams included).
    pub(super) fn direct(&mut self, chunk: &Chunk) {
        let refs: Vec<Ref> = chunk.refs().collect();
        let bytes = chunk.as_bytes();
        for (num, start, _) in objects(bytes, &refs) {
            self.set(num, Loc::At(self.len + start));
        }
        self.len += bytes.len();
        self.parts.push(bytes.to_vec());
    }

    /// Queues the chunk's objects (dictionaries and arrays only, no streams) for object
    /// streams.
    pub(super) fn pack(&mut self, chunk: &Chunk, refs: &mut Refs) {
        let ids: Vec<Ref> = chunk.refs().collect();
        let bytes = chunk.as_bytes();
        for (num, _, body) in objects(bytes, &ids) {
            self.packed.push((num, self.bodies.len()));
            self.bodies.extend_from_slice(&bytes[body]);
            self.bodies.push(b'\n');
            if self.packed.len() >= PACK {
                self.flush(refs);
            }
        }
    }

    /// Numbers the queued objects' object stream and seals it; every few, compresses the
    /// sealed streams and writes them.
    fn flush(&mut self, refs: &mut Refs) {
        if self.packed.is_empty() {
            return;
        }
        let stream = refs.next();
        let packed = std::mem::take(&mut self.packed);
        let mut data = Vec::with_capacity(packed.len() * 12 + self.bodies.len());
        for (i, &(num, offset)) in packed.iter().enumerate() {
            push_int(&mut data, i64::from(num));
            data.push(b' ');
            push_int(&mut data, offset as i64);
            data.push(b' ');
            self.set(
                num,
                Loc::In {
                    stream: stream.get(),
                    index: i as u16,
                },
            );
        }
        let first = data.len();
        data.extend_from_slice(&self.bodies);
        self.bodies.clear();
        self.sealed.push(Sealed {
            stream,
            count: packed.len(),
            first,
            data,
        });
        if self.sealed.len() >= SEALED {
            self.write_sealed();
        }
    }

    /// Compresses the sealed object streams (in parallel) and writes them in order.
    fn write_sealed(&mut self) {
        use rayon::prelude::*;
        let sealed = std::mem::take(&mut self.sealed);
        let compressed: Vec<Vec<u8>> = sealed
            .par_iter()
            .map(|s| compress(&s.data, OBJECT_STREAM_LEVEL))
            .collect();
        for (s, packed_data) in sealed.iter().zip(compressed) {
            let mut chunk = Chunk::with_settings(super::COMPACT);
            chunk
                .stream(s.stream, &packed_data)
                .filter(pdf_writer::Filter::FlateDecode)
                .pair(pdf_writer::Name(b"Type"), pdf_writer::Name(b"ObjStm"))
                .pair(pdf_writer::Name(b"N"), s.count as i32)
                .pair(pdf_writer::Name(b"First"), s.first as i32);
            self.direct(&chunk);
        }
    }

    /// Ends the file with a cross-reference stream naming the catalog, the information
    /// dictionary and the file identifier.
    pub(super) fn finish(
        mut self,
        refs: &mut Refs,
        catalog: Ref,
        info: Ref,
        id: &[u8],
    ) -> Vec<Vec<u8>> {
        self.flush(refs);
        self.write_sealed();
        let xref = refs.next();
        let xref_at = self.len;
        self.set(xref.get(), Loc::At(xref_at));
        // Each entry: type (1 byte), offset or object stream (4 bytes), index (2 bytes).
        let mut table = Vec::with_capacity(self.locs.len() * 7);
        for (i, loc) in self.locs.iter().enumerate() {
            let (kind, a, b): (u8, u32, u16) = match *loc {
                Loc::Free => (0, 0, if i == 0 { 0xFFFF } else { 0 }),
                Loc::At(offset) => (1, offset as u32, 0),
                Loc::In { stream, index } => (2, stream as u32, index),
            };
            table.push(kind);
            table.extend(a.to_be_bytes());
            table.extend(b.to_be_bytes());
        }
        let data = compress(&table, LEVEL);
        let mut chunk = Chunk::with_settings(super::COMPACT);
        {
            let mut s = chunk.stream(xref, &data);
            s.filter(pdf_writer::Filter::FlateDecode)
                .pair(pdf_writer::Name(b"Type"), pdf_writer::Name(b"XRef"))
                .pair(pdf_writer::Name(b"Size"), self.locs.len() as i32)
                .pair(pdf_writer::Name(b"Root"), catalog)
                .pair(pdf_writer::Name(b"Info"), info);
            s.insert(pdf_writer::Name(b"W")).array().items([1, 4, 2]);
            s.insert(pdf_writer::Name(b"ID"))
                .array()
                .items([pdf_writer::Str(id), pdf_writer::Str(id)]);
        }
        self.parts.push(chunk.as_bytes().to_vec());
        self.parts
            .push(format!("startxref\n{xref_at}\n%%EOF\n").into_bytes());
        self.parts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunk_splits_into_its_objects_even_when_a_stream_says_endobj() {
        let mut chunk = Chunk::with_settings(crate::pdf::COMPACT);
        chunk.indirect(Ref::new(3)).primitive(7);
        // Stream data that looks like the end of an object, but not followed by object 9.
        chunk.stream(Ref::new(8), b"x\nendobj\n4 0 obj\ny");
        chunk
            .indirect(Ref::new(9))
            .dict()
            .pair(pdf_writer::Name(b"A"), 1);
        let refs: Vec<Ref> = chunk.refs().collect();
        let bytes = chunk.as_bytes();
        let found = objects(bytes, &refs);
        let bodies: Vec<(i32, &[u8])> = found
            .iter()
            .map(|(n, _, body)| (*n, &bytes[body.clone()]))
            .collect();
        assert_eq!(bodies[0], (3, b"7".as_slice()));
        assert_eq!(bodies[1].0, 8);
        assert!(bodies[1].1.ends_with(b"x\nendobj\n4 0 obj\ny\nendstream"));
        assert_eq!(bodies[2], (9, b"<</A 1>>".as_slice()));
        // Each object starts where its header is.
        for (n, start, _) in &found {
            assert!(bytes[*start..].starts_with(format!("{n} 0 obj\n").as_bytes()));
        }
    }

    #[test]
    fn packed_objects_are_listed_in_the_cross_reference_stream() {
        let mut refs = Refs(10);
        let mut file = File::new();
        let mut small = Chunk::with_settings(crate::pdf::COMPACT);
        small.indirect(Ref::new(1)).primitive(1);
        small.indirect(Ref::new(2)).primitive(2);
        file.pack(&small, &mut refs);
        let bytes = file
            .finish(&mut refs, Ref::new(1), Ref::new(2), b"id")
            .concat();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with("%PDF-1.7\n"));
        assert!(text.contains("/Type/ObjStm/N 2"), "{text}");
        assert!(text.contains("/Type/XRef/Size 12"), "{text}");
        assert!(text.ends_with("%%EOF\n"));
    }
}

//! The conformance checker the tests run on every PDF they read: turns a PDF into the list of
//! ways it breaks what PDF/UA-1 and PDF/A-2a ask (the machine-checkable clauses this tool
//! could get wrong), one line each, empty when it keeps them.

use super::{decode_text, Pdf};
use lopdf::{Dictionary, Object, ObjectId};
use std::collections::{BTreeMap, BTreeSet};

/// Every fault found, one line each.
pub fn problems(pdf: &Pdf) -> Vec<String> {
    let mut out = pdf.tagging_problems();
    catalog(pdf, &mut out);
    metadata(pdf, &mut out);
    Tree::walk(pdf, &mut out);
    annotations(pdf, &mut out);
    fonts(pdf, &mut out);
    colours(pdf, &mut out);
    out
}

/// Whether the PDF says it keeps PDF/UA (its XMP metadata has a `pdfuaid:part`).
pub fn claims_conformance(pdf: &Pdf) -> bool {
    pdf.xmp().contains("pdfuaid:part")
}

fn name_of<'a>(dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    dict.get(key).ok().and_then(|n| n.as_name().ok())
}

fn catalog(pdf: &Pdf, out: &mut Vec<String>) {
    if !pdf.is_marked() {
        out.push("catalog: /MarkInfo /Marked is not true".into());
    }
    if pdf.lang().is_none_or(|l| l.trim().is_empty()) {
        out.push("catalog: no /Lang".into());
    }
    let display_title = pdf
        .catalog_entry(b"ViewerPreferences")
        .and_then(|v| v.as_dict().ok())
        .and_then(|v| v.get(b"DisplayDocTitle").ok())
        .and_then(|d| d.as_bool().ok());
    if display_title != Some(true) {
        out.push("catalog: /ViewerPreferences /DisplayDocTitle is not true".into());
    }
    if pdf.catalog_entry(b"StructTreeRoot").is_none() {
        out.push("catalog: no /StructTreeRoot".into());
    }
    let intent = pdf
        .catalog_entry(b"OutputIntents")
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first())
        .map(|i| pdf.resolve(i))
        .and_then(|i| i.as_dict().ok());
    match intent {
        Some(i) if name_of(i, b"S") == Some(b"GTS_PDFA1") && pdf.has_output_intent() => {}
        _ => out.push("catalog: no GTS_PDFA1 output intent with an embedded profile".into()),
    }
}

/// XMP says PDF/A-2a and PDF/UA-1, and its title is the Info dictionary's.
fn metadata(pdf: &Pdf, out: &mut Vec<String>) {
    let xmp = pdf.xmp();
    let value = |tag: &str| -> Option<String> {
        let open = format!("<{tag}>");
        let start = xmp.find(&open)? + open.len();
        let end = xmp[start..].find(&format!("</{tag}>"))? + start;
        Some(xmp[start..end].trim().to_string())
    };
    for (tag, want) in [
        ("pdfaid:part", "2"),
        ("pdfaid:conformance", "A"),
        ("pdfuaid:part", "1"),
    ] {
        if value(tag).as_deref() != Some(want) {
            out.push(format!("metadata: {tag} is {:?}, not {want}", value(tag)));
        }
    }
    let title = pdf.info("Title");
    let in_xmp = xmp
        .split("<dc:title>")
        .nth(1)
        .and_then(|t| t.split("</rdf:li>").next())
        .and_then(|t| t.rsplit('>').next())
        .map(unescape_xml);
    if title.is_none() || title != in_xmp {
        out.push(format!(
            "metadata: Info /Title {title:?} and XMP dc:title {in_xmp:?} differ"
        ));
    }
}

fn unescape_xml(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// What a walk of the structure tree finds.
#[derive(Default)]
struct Tree {
    headings: Vec<u8>,
    /// Annotations a Link element owns (by an object reference).
    owned_annotations: BTreeSet<ObjectId>,
}

impl Tree {
    /// Walks the tree in reading order, checking each element as it comes.
    fn walk(pdf: &Pdf, out: &mut Vec<String>) {
        let mut tree = Tree::default();
        let Some(root) = pdf
            .catalog_entry(b"StructTreeRoot")
            .and_then(|r| r.as_dict().ok())
        else {
            return;
        };
        let mut stack: Vec<(Object, Vec<u8>)> = root
            .get(b"K")
            .ok()
            .map(|k| vec![(k.clone(), Vec::new())])
            .unwrap_or_default();
        while let Some((node, parent)) = stack.pop() {
            match pdf.resolve(&node) {
                Object::Array(kids) => {
                    stack.extend(kids.iter().rev().map(|k| (k.clone(), parent.clone())))
                }
                Object::Dictionary(d) if d.has(b"S") => {
                    let role = name_of(d, b"S").unwrap_or(b"").to_vec();
                    tree.element(pdf, d, &role, &parent, out);
                    if let Ok(k) = d.get(b"K") {
                        stack.push((k.clone(), role));
                    }
                }
                Object::Dictionary(d) if name_of(d, b"Type") == Some(b"OBJR") => {
                    if let Ok(r) = d.get(b"Obj").and_then(|o| o.as_reference()) {
                        tree.owned_annotations.insert(r);
                    }
                }
                _ => {}
            }
        }
        for a in link_annotations(pdf) {
            if !tree.owned_annotations.contains(&a.0) {
                out.push(format!(
                    "link annotation {:?} on page {} is not in the structure tree",
                    a.0, a.1
                ));
            }
        }
    }

    /// Checks one element against its role and its parent's.
    fn element(
        &mut self,
        pdf: &Pdf,
        d: &Dictionary,
        role: &[u8],
        parent: &[u8],
        out: &mut Vec<String>,
    ) {
        let name = String::from_utf8_lossy(role);
        match role {
            [b'H', level @ b'1'..=b'6'] => {
                let level = level - b'0';
                let previous = self.headings.last().copied();
                match previous {
                    None if level != 1 => out.push(format!("the first heading is {name}, not H1")),
                    Some(p) if level > p + 1 => {
                        out.push(format!("heading levels skip: H{p} then {name}"))
                    }
                    _ => {}
                }
                self.headings.push(level);
                if !marks_content(pdf, d) {
                    out.push(format!("an empty heading {name}"));
                }
            }
            b"Figure"
                if d.get(b"Alt")
                    .map(decode_text)
                    .unwrap_or_default()
                    .trim()
                    .is_empty() =>
            {
                out.push("a Figure has no /Alt text".into())
            }
            b"TH" if table_attribute(pdf, d, b"Scope").is_none() => {
                out.push("a TH has no /Scope".into())
            }
            b"Table" => self.table(pdf, d, out),
            b"TOCI" if parent != b"TOC" => out.push("a TOCI outside a TOC".into()),
            b"LI" if parent != b"L" => out.push("an LI outside an L".into()),
            b"TR" if !matches!(parent, b"Table" | b"THead" | b"TBody" | b"TFoot") => {
                out.push("a TR outside a Table".into())
            }
            _ => {}
        }
        if parent == b"TOC" && !matches!(role, b"TOCI" | b"TOC" | b"Caption") {
            out.push(format!("a TOC holds a {name}"));
        }
    }

    /// A regular table: every row's cells (with their /ColSpan) cover the same columns.
    fn table(&mut self, pdf: &Pdf, table: &Dictionary, out: &mut Vec<String>) {
        let mut widths = Vec::new();
        for row in element_kids(pdf, table) {
            let kind = name_of(row, b"S").unwrap_or(b"");
            let rows = if matches!(kind, b"THead" | b"TBody" | b"TFoot") {
                element_kids(pdf, row)
            } else {
                vec![row]
            };
            for tr in rows {
                if name_of(tr, b"S") != Some(b"TR") {
                    out.push("a Table holds something other than rows".into());
                    continue;
                }
                let width: i64 = element_kids(pdf, tr)
                    .iter()
                    .map(|cell| {
                        table_attribute(pdf, cell, b"ColSpan")
                            .and_then(|s| s.as_i64().ok())
                            .unwrap_or(1)
                    })
                    .sum();
                widths.push(width);
            }
        }
        if widths.windows(2).any(|w| w[0] != w[1]) {
            out.push(format!(
                "a Table is not regular: its rows cover {widths:?} columns"
            ));
        }
    }
}

/// Whether an element, or an element under it, owns marked content.
fn marks_content(pdf: &Pdf, d: &Dictionary) -> bool {
    let kids = match d.get(b"K").ok().map(|k| pdf.resolve(k)) {
        Some(Object::Array(a)) => a.iter().collect(),
        Some(k) => vec![k],
        None => Vec::new(),
    };
    kids.into_iter().any(|k| match pdf.resolve(k) {
        Object::Integer(_) => true,
        Object::Dictionary(kid) if name_of(kid, b"Type") == Some(b"MCR") => true,
        Object::Dictionary(kid) if kid.has(b"S") => marks_content(pdf, kid),
        _ => false,
    })
}

/// The structure elements among an element's kids.
fn element_kids<'a>(pdf: &'a Pdf, d: &'a Dictionary) -> Vec<&'a Dictionary> {
    let kids = match d.get(b"K").ok().map(|k| pdf.resolve(k)) {
        Some(Object::Array(a)) => a.iter().collect(),
        Some(k) => vec![k],
        None => Vec::new(),
    };
    kids.into_iter()
        .filter_map(|k| pdf.resolve(k).as_dict().ok())
        .filter(|k| k.has(b"S"))
        .collect()
}

/// A Table-owner attribute of an element (`/A`, a dictionary or an array of them).
fn table_attribute<'a>(pdf: &'a Pdf, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let attributes = match d.get(b"A").ok().map(|a| pdf.resolve(a))? {
        Object::Array(a) => a.iter().map(|x| pdf.resolve(x)).collect(),
        other => vec![other],
    };
    attributes
        .into_iter()
        .filter_map(|a| a.as_dict().ok())
        .filter(|a| name_of(a, b"O") == Some(b"Table"))
        .find_map(|a| a.get(key).ok())
}

/// Every link annotation: (its object, 1-based page).
fn link_annotations(pdf: &Pdf) -> Vec<(ObjectId, u32, &Dictionary)> {
    let mut out = Vec::new();
    for (n, page_id) in pdf.doc.get_pages() {
        let Some(annots) = pdf
            .doc
            .get_dictionary(page_id)
            .ok()
            .and_then(|p| p.get(b"Annots").ok())
            .map(|a| pdf.resolve(a))
            .and_then(|a| a.as_array().ok())
        else {
            continue;
        };
        for a in annots {
            let Ok(id) = a.as_reference() else { continue };
            if let Ok(d) = pdf.doc.get_dictionary(id) {
                if name_of(d, b"Subtype") == Some(b"Link") {
                    out.push((id, n, d));
                }
            }
        }
    }
    out
}

/// Link annotations say what they are (`/Contents`), pages with annotations are read in
/// structure order (`/Tabs /S`).
fn annotations(pdf: &Pdf, out: &mut Vec<String>) {
    let mut pages_with = BTreeSet::new();
    for (_, page, d) in link_annotations(pdf) {
        pages_with.insert(page);
        if d.get(b"Contents")
            .map(decode_text)
            .unwrap_or_default()
            .trim()
            .is_empty()
        {
            out.push(format!("page {page}: a link annotation has no /Contents"));
        }
        if !d.has(b"StructParent") {
            out.push(format!(
                "page {page}: a link annotation has no /StructParent"
            ));
        }
    }
    let pages = pdf.doc.get_pages();
    for page in pages_with {
        let tabs = pages
            .get(&page)
            .and_then(|id| pdf.doc.get_dictionary(*id).ok())
            .and_then(|p| name_of(p, b"Tabs").map(<[u8]>::to_vec));
        if tabs.as_deref() != Some(b"S") {
            out.push(format!("page {page}: has annotations but no /Tabs /S"));
        }
    }
}

/// Every font embedded with a ToUnicode map that maps every glyph the pages draw.
fn fonts(pdf: &Pdf, out: &mut Vec<String>) {
    for (name, embedded, to_unicode) in pdf.fonts() {
        if !embedded {
            out.push(format!("font {name} is not embedded"));
        }
        if !to_unicode {
            out.push(format!("font {name} has no ToUnicode map"));
        }
    }
    let mut maps: BTreeMap<ObjectId, BTreeSet<u16>> = BTreeMap::new();
    let mut unmapped: BTreeMap<(String, u16), u32> = BTreeMap::new();
    for (n, page_id) in pdf.doc.get_pages() {
        let fonts = page_fonts(pdf, page_id);
        let bytes = pdf.doc.get_page_content(page_id).unwrap_or_default();
        let Ok(content) = lopdf::content::Content::decode(&bytes) else {
            continue;
        };
        let mut font: Option<ObjectId> = None;
        for op in &content.operations {
            let strings: Vec<&[u8]> = match op.operator.as_str() {
                "Tf" => {
                    font = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|f| fonts.get(f).copied());
                    continue;
                }
                "Tj" | "'" => op.operands.iter().filter_map(string_bytes).collect(),
                "TJ" => op
                    .operands
                    .first()
                    .and_then(|a| a.as_array().ok())
                    .map(|a| a.iter().filter_map(string_bytes).collect())
                    .unwrap_or_default(),
                _ => continue,
            };
            let Some(f) = font else { continue };
            let mapped = maps.entry(f).or_insert_with(|| to_unicode_cids(pdf, f));
            for cid in strings.iter().flat_map(|s| s.chunks(2)) {
                let cid = u16::from_be_bytes([cid[0], *cid.get(1).unwrap_or(&0)]);
                if cid == 0 {
                    out.push(format!("page {n}: draws .notdef (glyph 0)"));
                } else if !mapped.contains(&cid) {
                    let base = font_name(pdf, f);
                    unmapped.entry((base, cid)).or_insert(n);
                }
            }
        }
    }
    for ((font, cid), page) in unmapped {
        out.push(format!(
            "page {page}: glyph {cid} of {font} has no Unicode mapping"
        ));
    }
}

fn string_bytes(o: &Object) -> Option<&[u8]> {
    match o {
        Object::String(b, _) => Some(b),
        _ => None,
    }
}

/// A page's font resources: resource name to font object.
fn page_fonts(pdf: &Pdf, page: ObjectId) -> BTreeMap<Vec<u8>, ObjectId> {
    let mut out = BTreeMap::new();
    let Ok((resources, inherited)) = pdf.doc.get_page_resources(page) else {
        return out;
    };
    let dicts = resources.into_iter().chain(
        inherited
            .iter()
            .filter_map(|id| pdf.doc.get_dictionary(*id).ok()),
    );
    for r in dicts {
        let Some(fonts) = r
            .get(b"Font")
            .ok()
            .map(|f| pdf.resolve(f))
            .and_then(|f| f.as_dict().ok())
        else {
            continue;
        };
        for (name, f) in fonts.iter() {
            if let Ok(id) = f.as_reference() {
                out.entry(name.clone()).or_insert(id);
            }
        }
    }
    out
}

fn font_name(pdf: &Pdf, font: ObjectId) -> String {
    pdf.doc
        .get_dictionary(font)
        .ok()
        .and_then(|f| name_of(f, b"BaseFont"))
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default()
}

/// The two-byte codes a font's ToUnicode map gives a non-empty text.
fn to_unicode_cids(pdf: &Pdf, font: ObjectId) -> BTreeSet<u16> {
    let mut out = BTreeSet::new();
    let Some(cmap) = pdf
        .doc
        .get_dictionary(font)
        .ok()
        .and_then(|f| f.get(b"ToUnicode").ok())
        .and_then(|t| t.as_reference().ok())
        .and_then(|t| pdf.doc.get_object(t).ok())
        .and_then(|t| t.as_stream().ok())
        .map(|s| {
            s.decompressed_content()
                .unwrap_or_else(|_| s.content.clone())
        })
    else {
        return out;
    };
    let text = String::from_utf8_lossy(&cmap).into_owned();
    let hex = |t: &str| u32::from_str_radix(t.trim_matches(|c| c == '<' || c == '>'), 16).ok();
    for block in text.split("beginbfchar").skip(1) {
        let body = block.split("endbfchar").next().unwrap_or("");
        let tokens: Vec<&str> = body.split_whitespace().collect();
        for pair in tokens.chunks(2) {
            if let [src, dst] = pair {
                if dst.len() > 2 {
                    if let Some(c) = hex(src) {
                        out.insert(c as u16);
                    }
                }
            }
        }
    }
    for block in text.split("beginbfrange").skip(1) {
        let body = block.split("endbfrange").next().unwrap_or("");
        // <lo> <hi> <dst> or <lo> <hi> [<dst> ...]: only the first two matter here.
        let mut tokens = body.split_whitespace().peekable();
        while let (Some(lo), Some(hi)) = (tokens.next(), tokens.next()) {
            if let (Some(lo), Some(hi)) = (hex(lo), hex(hi)) {
                out.extend((lo..=hi.min(0xFFFF)).map(|c| c as u16));
            }
            match tokens.next() {
                Some(t) if t.starts_with('[') && !t.ends_with(']') => {
                    for t in tokens.by_ref() {
                        if t.ends_with(']') {
                            break;
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// No colour space the sRGB output intent does not cover: no DeviceCMYK image or operator
/// in a page or form.
fn colours(pdf: &Pdf, out: &mut Vec<String>) {
    for (id, obj) in pdf.doc.objects.iter() {
        let Ok(stream) = obj.as_stream() else {
            continue;
        };
        let d = &stream.dict;
        match name_of(d, b"Subtype") {
            Some(b"Image") => {
                let space = d.get(b"ColorSpace").ok().map(|c| pdf.resolve(c));
                if space.and_then(|s| s.as_name().ok()) == Some(b"DeviceCMYK") {
                    out.push(format!("image {id:?} is DeviceCMYK"));
                }
            }
            Some(b"Form") => {
                let bytes = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                cmyk_operators(&bytes, &format!("form {id:?}"), out);
            }
            _ => {}
        }
    }
    for (n, page_id) in pdf.doc.get_pages() {
        let bytes = pdf.doc.get_page_content(page_id).unwrap_or_default();
        cmyk_operators(&bytes, &format!("page {n}"), out);
    }
}

fn cmyk_operators(content: &[u8], whose: &str, out: &mut Vec<String>) {
    let Ok(content) = lopdf::content::Content::decode(content) else {
        return;
    };
    let device_cmyk = |op: &lopdf::content::Operation| {
        op.operands
            .first()
            .and_then(|o| o.as_name().ok())
            .is_some_and(|n| n == b"DeviceCMYK")
    };
    for op in &content.operations {
        let cmyk = match op.operator.as_str() {
            "k" | "K" => true,
            "cs" | "CS" => device_cmyk(op),
            _ => false,
        };
        if cmyk {
            out.push(format!("{whose}: paints in DeviceCMYK ({})", op.operator));
            return;
        }
    }
}

/// Every structure element in reading order: its role and dictionary.
pub fn elements(pdf: &Pdf) -> Vec<(String, Dictionary)> {
    let mut out = Vec::new();
    let mut stack: Vec<Object> = pdf
        .catalog_entry(b"StructTreeRoot")
        .and_then(|r| r.as_dict().ok())
        .and_then(|r| r.get(b"K").ok())
        .map(|k| vec![k.clone()])
        .unwrap_or_default();
    while let Some(node) = stack.pop() {
        match pdf.resolve(&node) {
            Object::Array(kids) => stack.extend(kids.iter().rev().cloned()),
            Object::Dictionary(d) if d.has(b"S") => {
                let role = name_of(d, b"S").unwrap_or(b"");
                out.push((String::from_utf8_lossy(role).into_owned(), d.clone()));
                if let Ok(k) = d.get(b"K") {
                    stack.push(k.clone());
                }
            }
            _ => {}
        }
    }
    out
}

/// Each table's rows, each row's cells as `TD`, `TH:Column`, `TH:Row`, with `*N` for a
/// cell that spans N columns.
pub fn tables(pdf: &Pdf) -> Vec<Vec<Vec<String>>> {
    elements(pdf)
        .into_iter()
        .filter(|(role, _)| role == "Table")
        .map(|(_, table)| {
            element_kids(pdf, &table)
                .into_iter()
                .map(|tr| {
                    element_kids(pdf, tr)
                        .into_iter()
                        .map(|cell| {
                            let mut text =
                                String::from_utf8_lossy(name_of(cell, b"S").unwrap_or(b""))
                                    .into_owned();
                            if let Some(scope) =
                                table_attribute(pdf, cell, b"Scope").and_then(|s| s.as_name().ok())
                            {
                                text = format!("{text}:{}", String::from_utf8_lossy(scope));
                            }
                            if let Some(span) =
                                table_attribute(pdf, cell, b"ColSpan").and_then(|s| s.as_i64().ok())
                            {
                                text = format!("{text}*{span}");
                            }
                            text
                        })
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// Links that go to a page of the document: (1-based page the link is on, 1-based page it
/// goes to), through the catalog's named destinations.
pub fn internal_links(pdf: &Pdf) -> Vec<(u32, u32)> {
    let pages = pdf.doc.get_pages();
    let page_number = |id: ObjectId| pages.iter().find(|(_, p)| **p == id).map(|(n, _)| *n);
    let dests = pdf
        .catalog_entry(b"Dests")
        .and_then(|d| d.as_dict().ok())
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    for (_, page, annot) in link_annotations(pdf) {
        let Some(action) = annot
            .get(b"A")
            .ok()
            .map(|a| pdf.resolve(a))
            .and_then(|a| a.as_dict().ok())
        else {
            continue;
        };
        if name_of(action, b"S") != Some(b"GoTo") {
            continue;
        }
        let target = action
            .get(b"D")
            .ok()
            .and_then(|d| d.as_name().ok())
            .and_then(|name| dests.get(name).ok())
            .map(|d| pdf.resolve(d))
            .and_then(|d| d.as_array().ok())
            .and_then(|d| d.first())
            .and_then(|p| p.as_reference().ok())
            .and_then(page_number);
        out.push((page, target.unwrap_or(0)));
    }
    out
}

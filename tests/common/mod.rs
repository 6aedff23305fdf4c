//! Test helpers: run the binary in a scratch folder, and read PDFs back (structure with lopdf,
//! text with poppler's pdftotext, which is what copy and paste in a viewer gives).

#![allow(dead_code)]

/// Asserts that text contains a needle, printing the whole text when it does not.
macro_rules! assert_contains {
    ($text:expr, $needle:expr) => {{
        let text = &$text;
        assert!(
            text.contains($needle),
            "expected {} in:\n{}",
            stringify!($needle),
            text
        );
    }};
}

/// Asserts that text starts with a prefix, printing the whole text when it does not.
macro_rules! assert_starts_with {
    ($text:expr, $prefix:expr) => {{
        let text = &$text;
        assert!(
            text.starts_with($prefix),
            "expected it to start with {}:\n{}",
            stringify!($prefix),
            text
        );
    }};
}

pub mod conformance;

use lopdf::{Document, Object, ObjectId};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root, where the bundled sample lives.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch folder holding a copy of the bundled sample (input/, templates/).
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn empty() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn with_sample() -> Scratch {
        let s = Scratch::empty();
        for f in [
            "input/grants.csv",
            "templates/case-study.hbs",
            "templates/report.toml",
        ] {
            s.write(
                f,
                &std::fs::read_to_string(repo().join(f)).expect("sample file"),
            );
        }
        s
    }

    /// [`Scratch::with_sample`] with the bundled Welsh template beside the English one.
    pub fn with_welsh_sample() -> Scratch {
        let s = Scratch::with_sample();
        let f = "templates/case-study.cy.hbs";
        s.write(
            f,
            &std::fs::read_to_string(repo().join(f)).expect("the Welsh template"),
        );
        s
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        self.write_bytes(name, text.as_bytes())
    }

    pub fn write_bytes(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, bytes).expect("write fixture");
        p
    }

    /// Replaces the first `from` with `to` in a file of the folder. Fails the test when `from`
    /// is not there, so a test never silently runs on an unchanged fixture.
    pub fn edit(&self, name: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.path(name)).expect("file to edit");
        assert!(text.contains(from), "{name} has no {from:?} to replace");
        self.write(name, &text.replacen(from, to, 1));
    }

    /// Puts `svg` on the cover as the logo (templates/logo.svg, named in report.toml).
    pub fn use_svg_logo(&self, svg: &str) {
        self.write("templates/logo.svg", svg);
        self.edit(
            "templates/report.toml",
            "# logo = \"logo.svg\"",
            "logo = \"logo.svg\"",
        );
    }

    /// Gives the sample's first grantee (the Centre for Local Economic Studies) a web address.
    pub fn link_first_grantee(&self) {
        self.edit("input/grants.csv", ",the,,", ",the,https://cles.org.uk,");
    }

    /// Runs grant-report with `args` in this folder, with a fixed SOURCE_DATE_EPOCH.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    /// [`Scratch::run`] with more environment variables set.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_grant-report"))
            .args(args)
            .current_dir(self.dir.path())
            .env("SOURCE_DATE_EPOCH", "1795564800")
            .envs(env.iter().copied())
            .output()
            .expect("run grant-report");
        Run::of(out)
    }

    /// [`Scratch::run`] for hostile input: under a cap on address space (1 GiB) and time
    /// (60 s), so a regression fails the test instead of taking the machine down. A run
    /// the cap stops exits with a signal's code (the test then fails on it).
    pub fn run_capped(&self, args: &[&str]) -> Run {
        let out = self
            .capped(60, "ulimit -v 1048576; exec \"$0\" \"$@\"", args)
            .output()
            .expect("run grant-report under a cap");
        Run::of(out)
    }

    /// grant-report run with `args` by the shell `script` (given the program as `$0`) under
    /// a time cap of `seconds`, in the folder, with a fixed `SOURCE_DATE_EPOCH`.
    fn capped(&self, seconds: u32, script: &str, args: &[&str]) -> Command {
        let mut command = Command::new("timeout");
        command
            .args(["-s", "KILL", &seconds.to_string(), "sh", "-c", script])
            .arg(env!("CARGO_BIN_EXE_grant-report"))
            .args(args)
            .current_dir(self.dir.path())
            .env("SOURCE_DATE_EPOCH", "1795564800");
        command
    }

    /// [`Scratch::run_capped`], also measuring the run's peak memory (resident, in KiB) with
    /// GNU time (Debian's `time`).
    pub fn run_measured(&self, args: &[&str]) -> (Run, u64) {
        let peak = self.dir.path().join(".peak");
        let script = "ulimit -v 1048576; exec /usr/bin/time -f %M -o \"$PEAK\" \"$0\" \"$@\"";
        let out = self
            .capped(120, script, args)
            .env("PEAK", &peak)
            .output()
            .expect("run grant-report under /usr/bin/time (Debian's time)");
        let kib = std::fs::read_to_string(&peak)
            .ok()
            .and_then(|t| t.lines().last()?.trim().parse().ok())
            .unwrap_or_else(|| panic!("no peak from /usr/bin/time: {out:?}"));
        let _ = std::fs::remove_file(&peak);
        (Run::of(out), kib)
    }

    /// The files in the folder (recursively), for "nothing was written" checks.
    pub fn files(&self) -> Vec<String> {
        let mut out = Vec::new();
        walk(self.dir.path(), self.dir.path(), &mut out);
        out.sort();
        out
    }

    /// The temporary files anywhere in the folder (names holding `.tmp`): a finished or
    /// stopped run should leave none.
    pub fn temporaries(&self) -> Vec<String> {
        self.files()
            .into_iter()
            .filter(|f| f.contains(".tmp"))
            .collect()
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(root, &p, out);
        } else {
            out.push(p.strip_prefix(root).unwrap_or(&p).display().to_string());
        }
    }
}

impl Run {
    fn of(out: std::process::Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A PDF read back for checking.
pub struct Pdf {
    pub path: PathBuf,
    pub doc: Document,
}

impl Pdf {
    /// Reads a PDF back; one that claims PDF/UA-1 and PDF/A-2a must keep them
    /// ([`conformance::problems`] finds nothing), so every test that reads a PDF checks it.
    pub fn open(path: &Path) -> Pdf {
        let pdf = Pdf::open_unchecked(path);
        if conformance::claims_conformance(&pdf) {
            let problems = conformance::problems(&pdf);
            assert!(
                problems.is_empty(),
                "{} claims PDF/UA-1 and PDF/A-2a but:\n{}",
                path.display(),
                problems.join("\n")
            );
        }
        pdf
    }

    /// Reads a PDF back without the conformance check (for the checker's own tests).
    pub fn open_unchecked(path: &Path) -> Pdf {
        Pdf {
            path: path.to_path_buf(),
            doc: Document::load(path).expect("a readable PDF"),
        }
    }

    pub fn page_count(&self) -> usize {
        self.doc.get_pages().len()
    }

    /// The text of each page as copy and paste gives it, whitespace collapsed to single spaces
    /// and words broken at soft hyphens joined.
    pub fn page_texts(&self) -> Vec<String> {
        (1..=self.page_count())
            .map(|n| {
                let out = Command::new("pdftotext")
                    .args(["-q", "-f", &n.to_string(), "-l", &n.to_string()])
                    .arg(&self.path)
                    .arg("-")
                    .output()
                    .expect("pdftotext (poppler-utils) must be installed");
                // A word broken at a line's end by a soft hyphen reads whole, as a viewer
                // copies it.
                String::from_utf8_lossy(&out.stdout)
                    .replace("\u{AD}\n", "")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// The words of page `n` (1-based) with where they sit: (text, x min, x max, y min), in
    /// points from the top left, as poppler's `pdftotext -bbox` finds them.
    pub fn words_on_page(&self, n: usize) -> Vec<(String, f32, f32, f32)> {
        let out = Command::new("pdftotext")
            .args(["-q", "-bbox", "-f", &n.to_string(), "-l", &n.to_string()])
            .arg(&self.path)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) must be installed");
        let html = String::from_utf8_lossy(&out.stdout);
        let attr = |w: &str, name: &str| -> f32 {
            let at = w.find(&format!("{name}=\"")).expect("a bbox attribute") + name.len() + 2;
            w[at..].split('"').next().unwrap().parse().unwrap()
        };
        html.split("<word ")
            .skip(1)
            .map(|w| {
                let text = w.split('>').nth(1).unwrap().split('<').next().unwrap();
                let text = text
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">");
                (text, attr(w, "xMin"), attr(w, "xMax"), attr(w, "yMin"))
            })
            .collect()
    }

    /// The words of page `n` grouped into lines (words whose tops are within a point),
    /// top to bottom, each line's words left to right.
    pub fn lines_on_page(&self, n: usize) -> Vec<Line> {
        let mut words = self.words_on_page(n);
        words.sort_by(|a, b| a.3.total_cmp(&b.3).then(a.1.total_cmp(&b.1)));
        let mut lines: Vec<(f32, Line)> = Vec::new();
        for (text, x0, x1, y) in words {
            match lines.last_mut() {
                Some((top, line)) if (y - *top).abs() < 1.0 => line.push((text, x0, x1)),
                _ => lines.push((y, vec![(text, x0, x1)])),
            }
        }
        lines
            .into_iter()
            .map(|(_, mut l)| {
                l.sort_by(|a, b| a.1.total_cmp(&b.1));
                l
            })
            .collect()
    }

    /// The contents page's entry lines (those ending in a page number), words with their left
    /// and right edges.
    pub fn contents_lines(&self) -> Vec<Line> {
        let page = (1..=self.page_count())
            .find(|&n| self.page_texts()[n - 1].contains("Contents"))
            .expect("a contents page");
        self.lines_on_page(page)
            .into_iter()
            .filter(|l| l.len() > 1 && l.last().unwrap().0.parse::<u32>().is_ok())
            .filter(|l| !l.iter().any(|w| w.0 == "Page"))
            .collect()
    }

    /// The contents page's entries as they read, one a line: number, title and page number,
    /// leader dots taken out ("1 Community kitchen 3").
    pub fn contents_entries(&self) -> Vec<String> {
        self.contents_lines()
            .iter()
            .map(|l| {
                let words: Vec<&str> = l
                    .iter()
                    .map(|w| w.0.as_str())
                    .filter(|w| !w.starts_with('.'))
                    .collect();
                words.join(" ")
            })
            .collect()
    }

    /// The image streams (`/Subtype /Image`) the file holds, in object order.
    pub fn images(&self) -> Vec<&lopdf::Stream> {
        self.doc
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .filter(|s| s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Image"))
            .collect()
    }

    /// A catalog entry, references followed.
    fn catalog_entry(&self, key: &[u8]) -> Option<&Object> {
        self.doc
            .catalog()
            .ok()?
            .get(key)
            .ok()
            .map(|o| self.resolve(o))
    }

    fn resolve<'a>(&'a self, o: &'a Object) -> &'a Object {
        match o {
            Object::Reference(id) => self.doc.get_object(*id).unwrap_or(o),
            _ => o,
        }
    }

    /// Every font dictionary: (base font name, embedded, has ToUnicode).
    pub fn fonts(&self) -> Vec<(String, bool, bool)> {
        let mut out = Vec::new();
        for (_, obj) in self.doc.objects.iter() {
            let Ok(dict) = obj.as_dict() else { continue };
            if dict.get(b"Type").ok().and_then(|t| t.as_name().ok()) != Some(b"Font".as_slice()) {
                continue;
            }
            if dict.get(b"Subtype").ok().and_then(|t| t.as_name().ok()) != Some(b"Type0".as_slice())
            {
                continue;
            }
            let name = dict
                .get(b"BaseFont")
                .ok()
                .and_then(|n| n.as_name().ok())
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_default();
            let to_unicode = dict.has(b"ToUnicode");
            let embedded = dict
                .get(b"DescendantFonts")
                .ok()
                .map(|d| self.resolve(d))
                .and_then(|d| d.as_array().ok())
                .and_then(|a| a.first())
                .map(|f| self.resolve(f))
                .and_then(|f| f.as_dict().ok())
                .and_then(|f| f.get(b"FontDescriptor").ok())
                .map(|fd| self.resolve(fd))
                .and_then(|fd| fd.as_dict().ok())
                .is_some_and(|fd| fd.has(b"FontFile2") || fd.has(b"FontFile3"));
            out.push((name, embedded, to_unicode));
        }
        out.sort();
        out
    }

    /// URI targets of link annotations, per page (1-based page number, uri).
    pub fn links(&self) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for (n, (_, page_id)) in self.doc.get_pages().into_iter().enumerate() {
            let Ok(page) = self.doc.get_dictionary(page_id) else {
                continue;
            };
            let Some(annots) = page
                .get(b"Annots")
                .ok()
                .map(|a| self.resolve(a))
                .and_then(|a| a.as_array().ok())
            else {
                continue;
            };
            for a in annots {
                let Ok(annot) = self.resolve(a).as_dict() else {
                    continue;
                };
                let uri = annot
                    .get(b"A")
                    .ok()
                    .map(|x| self.resolve(x))
                    .and_then(|x| x.as_dict().ok())
                    .and_then(|x| x.get(b"URI").ok())
                    .and_then(|u| u.as_str().ok())
                    .map(|u| String::from_utf8_lossy(u).into_owned());
                if let Some(uri) = uri {
                    out.push((n + 1, uri));
                }
            }
        }
        out
    }

    /// Outline entries: (title, 1-based page number).
    pub fn outline(&self) -> Vec<(String, usize)> {
        let pages: Vec<ObjectId> = self.doc.get_pages().values().copied().collect();
        let mut out = Vec::new();
        let Some(outlines) = self
            .catalog_entry(b"Outlines")
            .and_then(|o| o.as_dict().ok())
        else {
            return out;
        };
        let mut next = outlines
            .get(b"First")
            .ok()
            .and_then(|f| f.as_reference().ok());
        while let Some(id) = next {
            let Ok(item) = self.doc.get_dictionary(id) else {
                break;
            };
            let title = item.get(b"Title").ok().map(decode_text).unwrap_or_default();
            let page = item
                .get(b"Dest")
                .ok()
                .map(|d| self.resolve(d))
                .and_then(|d| d.as_array().ok())
                .and_then(|d| d.first())
                .and_then(|p| p.as_reference().ok())
                .and_then(|p| pages.iter().position(|x| *x == p))
                .map_or(0, |i| i + 1);
            out.push((title, page));
            next = item.get(b"Next").ok().and_then(|f| f.as_reference().ok());
        }
        out
    }

    /// A string from the document information dictionary.
    pub fn info(&self, key: &str) -> Option<String> {
        let info = self
            .doc
            .trailer
            .get(b"Info")
            .ok()
            .map(|i| self.resolve(i))?
            .as_dict()
            .ok()?;
        info.get(key.as_bytes()).ok().map(decode_text)
    }

    /// The catalog's /Lang.
    pub fn lang(&self) -> Option<String> {
        self.doc.catalog().ok()?.get(b"Lang").ok().map(decode_text)
    }

    /// Each page's (width, height) in points.
    pub fn page_sizes(&self) -> Vec<(f32, f32)> {
        self.doc
            .get_pages()
            .values()
            .map(|id| {
                // The page's own MediaBox, or one inherited from the page tree.
                let mut node = self.doc.get_dictionary(*id).ok();
                let mut mb = None;
                while let Some(dict) = node {
                    mb = dict
                        .get(b"MediaBox")
                        .ok()
                        .map(|m| self.resolve(m))
                        .and_then(|m| m.as_array().ok());
                    if mb.is_some() {
                        break;
                    }
                    node = dict
                        .get(b"Parent")
                        .ok()
                        .and_then(|p| p.as_reference().ok())
                        .and_then(|p| self.doc.get_dictionary(p).ok());
                }
                let mb = mb.expect("MediaBox");
                let n: Vec<f32> = mb.iter().map(|v| v.as_float().unwrap_or(0.0)).collect();
                (n[2] - n[0], n[3] - n[1])
            })
            .collect()
    }
}

impl Pdf {
    /// The structure types (`/S`) of every structure element, in object order.
    pub fn structure_roles(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (_, obj) in self.doc.objects.iter() {
            let Ok(dict) = obj.as_dict() else { continue };
            if dict.get(b"Type").ok().and_then(|t| t.as_name().ok())
                == Some(b"StructElem".as_slice())
            {
                if let Some(s) = dict.get(b"S").ok().and_then(|s| s.as_name().ok()) {
                    out.push(String::from_utf8_lossy(s).into_owned());
                }
            }
        }
        out
    }

    /// The /Alt texts of the Figure structure elements.
    pub fn figure_alts(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (_, obj) in self.doc.objects.iter() {
            let Ok(dict) = obj.as_dict() else { continue };
            if dict.get(b"S").ok().and_then(|s| s.as_name().ok()) == Some(b"Figure".as_slice()) {
                out.push(dict.get(b"Alt").ok().map(decode_text).unwrap_or_default());
            }
        }
        out
    }

    /// Whether the catalog says the document is tagged (/MarkInfo /Marked true).
    pub fn is_marked(&self) -> bool {
        self.catalog_entry(b"MarkInfo")
            .and_then(|m| m.as_dict().ok())
            .and_then(|m| m.get(b"Marked").ok())
            .and_then(|m| m.as_bool().ok())
            .unwrap_or(false)
    }

    /// The decoded content stream(s) of a 1-based page.
    /// The size (width, height in points) each picture on page `n` is drawn at, in order: the
    /// scale of the `cm` before each `Do` of an image (`q w 0 0 h x y cm /Name Do Q`).
    pub fn pictures_on_page(&self, n: u32) -> Vec<(f32, f32)> {
        let content = self.content_of_page(n);
        let tokens: Vec<&str> = content.split_whitespace().collect();
        (6..tokens.len().saturating_sub(2))
            .filter(|&i| tokens[i] == "cm" && tokens[i + 2] == "Do")
            .filter_map(|i| {
                let w: f32 = tokens[i - 6].parse().ok()?;
                let h: f32 = tokens[i - 3].parse().ok()?;
                Some((w, h.abs()))
            })
            .collect()
    }

    pub fn content_of_page(&self, n: u32) -> String {
        let pages = self.doc.get_pages();
        let id = pages.get(&n).copied().expect("page");
        String::from_utf8_lossy(&self.doc.get_page_content(id).unwrap_or_default()).into_owned()
    }

    /// Whether every annotation carries a /StructParent (is tagged).
    pub fn annotations_have_struct_parents(&self) -> bool {
        let mut any = false;
        for (_, obj) in self.doc.objects.iter() {
            let Ok(dict) = obj.as_dict() else { continue };
            if dict.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"Annot".as_slice()) {
                any = true;
                if !dict.has(b"StructParent") {
                    return false;
                }
            }
        }
        any
    }
}

/// Pence as a reader sees pounds, written here independently of the tool: `£161,575`, or
/// `£1,339.73` when there are pence.
pub fn sterling(pence: i64) -> String {
    let whole = (pence / 100).to_string();
    let mut out = String::from("£");
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if pence % 100 != 0 {
        out.push_str(&format!(".{:02}", pence % 100));
    }
    out
}

/// A PDF text string: UTF-16BE with BOM, or PDFDocEncoding (ASCII here).
pub fn decode_text(o: &Object) -> String {
    let bytes = match o {
        Object::String(b, _) => b.as_slice(),
        _ => return String::new(),
    };
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

impl Pdf {
    /// Ways the tagging is broken, one line each (empty when sound): content painted outside
    /// any marked-content sequence (neither tagged nor an artifact), or a marked-content id
    /// that does not lead back, through the parent tree, to an element that owns it.
    pub fn tagging_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let nums: Vec<Object> = self
            .catalog_entry(b"StructTreeRoot")
            .and_then(|r| r.as_dict().ok())
            .and_then(|r| r.get(b"ParentTree").ok())
            .map(|t| self.resolve(t))
            .and_then(|t| t.as_dict().ok())
            .and_then(|t| t.get(b"Nums").ok())
            .map(|n| self.resolve(n))
            .and_then(|n| n.as_array().ok())
            .cloned()
            .unwrap_or_default();
        let parent_entry = |key: i64| -> Option<&Object> {
            nums.chunks(2)
                .find(|pair| pair[0].as_i64().ok() == Some(key))
                .map(|pair| self.resolve(&pair[1]))
        };
        const PAINTING: [&str; 14] = [
            "TJ", "Tj", "'", "\"", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do",
        ];
        for (n, page_id) in self.doc.get_pages() {
            let Ok(page) = self.doc.get_dictionary(page_id) else {
                continue;
            };
            let bytes = self.doc.get_page_content(page_id).unwrap_or_default();
            let Ok(content) = lopdf::content::Content::decode(&bytes) else {
                problems.push(format!("page {n}: content cannot be parsed"));
                continue;
            };
            let mut open: Vec<Option<i64>> = Vec::new();
            let mut mcids = Vec::new();
            for op in &content.operations {
                match op.operator.as_str() {
                    "BMC" => open.push(None),
                    "BDC" => {
                        let mcid = op
                            .operands
                            .get(1)
                            .and_then(|p| p.as_dict().ok())
                            .and_then(|p| p.get(b"MCID").ok())
                            .and_then(|m| m.as_i64().ok());
                        if let Some(m) = mcid {
                            mcids.push(m);
                        }
                        open.push(mcid);
                    }
                    "EMC" if open.pop().is_none() => {
                        problems.push(format!("page {n}: EMC without BDC/BMC"));
                    }
                    other if PAINTING.contains(&other) && open.is_empty() => {
                        problems.push(format!("page {n}: {other} outside marked content"));
                    }
                    _ => {}
                }
            }
            if mcids.is_empty() {
                continue;
            }
            let Some(key) = page
                .get(b"StructParents")
                .ok()
                .and_then(|k| k.as_i64().ok())
            else {
                problems.push(format!("page {n}: marked content but no /StructParents"));
                continue;
            };
            let Some(elements) = parent_entry(key).and_then(|e| e.as_array().ok()) else {
                problems.push(format!("page {n}: no parent-tree entry for key {key}"));
                continue;
            };
            for (i, &mcid) in mcids.iter().enumerate() {
                if mcid != i as i64 {
                    problems.push(format!("page {n}: MCID {mcid} out of order"));
                    continue;
                }
                let element = elements
                    .get(i)
                    .and_then(|e| e.as_reference().ok())
                    .and_then(|r| self.doc.get_dictionary(r).ok());
                let Some(element) = element else {
                    problems.push(format!("page {n}: MCID {mcid} has no element"));
                    continue;
                };
                let home = element.get(b"Pg").ok().and_then(|p| p.as_reference().ok());
                let kids = match element.get(b"K").ok().map(|k| self.resolve(k)) {
                    Some(Object::Array(a)) => a.clone(),
                    Some(k) => vec![k.clone()],
                    None => Vec::new(),
                };
                let owned = kids.iter().any(|k| match self.resolve(k) {
                    Object::Integer(m) => *m == mcid && home == Some(page_id),
                    Object::Dictionary(d) => {
                        d.get(b"MCID").ok().and_then(|m| m.as_i64().ok()) == Some(mcid)
                            && d.get(b"Pg")
                                .ok()
                                .and_then(|p| p.as_reference().ok())
                                .or(home)
                                == Some(page_id)
                    }
                    _ => false,
                });
                if !owned {
                    problems.push(format!("page {n}: MCID {mcid}'s element does not own it"));
                }
            }
        }
        problems
    }

    /// The XMP metadata packet.
    pub fn xmp(&self) -> String {
        self.catalog_entry(b"Metadata")
            .and_then(|o| o.as_stream().ok())
            .map(|s| {
                String::from_utf8_lossy(&s.decompressed_content().unwrap_or(s.content.clone()))
                    .into_owned()
            })
            .unwrap_or_default()
    }

    /// Whether the catalog has an output intent with an embedded colour profile.
    pub fn has_output_intent(&self) -> bool {
        self.catalog_entry(b"OutputIntents")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .map(|i| self.resolve(i))
            .and_then(|i| i.as_dict().ok())
            .and_then(|i| i.get(b"DestOutputProfile").ok())
            .and_then(|p| p.as_reference().ok())
            .and_then(|r| self.doc.get_object(r).ok())
            .is_some_and(|p| p.as_stream().is_ok())
    }
}

impl Pdf {
    /// The titles (`/T`) of heading elements, walking the structure tree in reading order.
    pub fn headings_in_reading_order(&self) -> Vec<String> {
        conformance::elements(self)
            .into_iter()
            .filter(|(role, _)| role.starts_with('H'))
            .filter_map(|(_, d)| d.get(b"T").ok().map(decode_text))
            .collect()
    }
}

impl Pdf {
    /// For each section element (`Sect`) in the structure tree, the roles of its children
    /// in order.
    pub fn section_children(&self) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        for (_, obj) in self.doc.objects.iter() {
            let Ok(dict) = obj.as_dict() else { continue };
            if dict.get(b"S").ok().and_then(|s| s.as_name().ok()) != Some(b"Sect".as_slice()) {
                continue;
            }
            let kids = match dict.get(b"K").ok().map(|k| self.resolve(k)) {
                Some(Object::Array(a)) => a.clone(),
                Some(k) => vec![k.clone()],
                None => Vec::new(),
            };
            out.push(
                kids.iter()
                    .filter_map(|k| self.resolve(k).as_dict().ok())
                    .filter_map(|d| d.get(b"S").ok().and_then(|s| s.as_name().ok()))
                    .map(|s| String::from_utf8_lossy(s).into_owned())
                    .collect(),
            );
        }
        out
    }
}

/// A line of a page: its words with their left and right edges, left to right.
pub type Line = Vec<(String, f32, f32)>;

/// A `w` × `h` RGB PNG, made with the png crate.
pub fn png_of(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("header");
        let pixels: Vec<u8> = (0..w * h * 3).map(|i| (i * 7 % 251) as u8).collect();
        writer.write_image_data(&pixels).expect("pixels");
    }
    out
}

//! Turns the layout's structure elements and the marked content written on each page into
//! the PDF's structure tree (tagged PDF): elements in reading order, each owning its content,
//! and the parent tree that leads from content back to its element.

use super::Refs;
use crate::layout::{Role, StructNode};
use pdf_writer::types::{ListNumbering, StructRole, TableHeaderScope};
use pdf_writer::writers::StructTreeRoot;
use pdf_writer::{Chunk, Finish, Name, Ref, TextStr};

/// Content that belongs to a structure element.
#[derive(Debug, Clone, Copy)]
pub(super) enum Kid {
    /// A marked-content sequence on a page (0-based page index).
    Mark { page: u32, mcid: i32 },
    /// A link annotation.
    Annotation { page: u32, annotation: Ref },
}

/// Collects content in the order it is written; builds the tree at the end.
#[derive(Default)]
pub(super) struct Tree {
    contents: Vec<(u32, Kid)>,
    /// Per page with marked content: its parent-tree key and the element of each MCID.
    page_marks: Vec<(i32, Vec<u32>)>,
    /// Per tagged annotation: its parent-tree key and its element.
    annotations: Vec<(i32, u32)>,
    next_key: i32,
}

enum Child {
    Element(u32),
    Kid(Kid),
}

impl Tree {
    /// Records page `page`'s marked content (the element of each MCID, in order); returns
    /// the page's `/StructParents` key.
    pub(super) fn page(&mut self, page: u32, marks: Vec<u32>) -> i32 {
        let key = self.next_key;
        self.next_key += 1;
        for (mcid, &node) in marks.iter().enumerate() {
            self.contents.push((
                node,
                Kid::Mark {
                    page,
                    mcid: mcid as i32,
                },
            ));
        }
        self.page_marks.push((key, marks));
        key
    }

    /// Records a link annotation belonging to `node`; returns its `/StructParent` key.
    pub(super) fn annotation(&mut self, node: u32, page: u32, annotation: Ref) -> i32 {
        let key = self.next_key;
        self.next_key += 1;
        self.contents
            .push((node, Kid::Annotation { page, annotation }));
        self.annotations.push((key, node));
        key
    }

    /// Writes the structure tree; returns the structure tree root's reference.
    pub(super) fn write(
        mut self,
        chunk: &mut Chunk,
        file: &mut super::file::File,
        refs: &mut Refs,
        nodes: &[StructNode],
        pages: &[Ref],
    ) -> Ref {
        // Reading order is page order (the contents is written last but comes early), then
        // the order content was written on its page.
        self.contents.sort_by_key(|(_, kid)| match kid {
            Kid::Mark { page, .. } | Kid::Annotation { page, .. } => *page,
        });
        // An element joins its parent when its first content (or a descendant's) appears,
        // so children come in reading order.
        let mut children: Vec<Vec<Child>> = (0..nodes.len()).map(|_| Vec::new()).collect();
        let mut attached = vec![false; nodes.len()];
        let mut roots: Vec<u32> = Vec::new();
        let mut chain = Vec::new();
        for &(node, kid) in &self.contents {
            if node as usize >= nodes.len() {
                continue;
            }
            chain.clear();
            let mut cur = Some(node);
            while let Some(n) = cur {
                if attached.get(n as usize).copied().unwrap_or(true) {
                    break;
                }
                attached[n as usize] = true;
                chain.push(n);
                cur = nodes[n as usize].parent;
            }
            for &n in chain.iter().rev() {
                match nodes[n as usize].parent {
                    Some(p) => children[p as usize].push(Child::Element(n)),
                    None => roots.push(n),
                }
            }
            children[node as usize].push(Child::Kid(kid));
        }

        // References in document order.
        let root = refs.next();
        let document = refs.next();
        let mut element_ref: Vec<Option<Ref>> = vec![None; nodes.len()];
        let mut stack: Vec<u32> = roots.iter().rev().copied().collect();
        while let Some(n) = stack.pop() {
            element_ref[n as usize] = Some(refs.next());
            for c in children[n as usize].iter().rev() {
                if let Child::Element(e) = c {
                    stack.push(*e);
                }
            }
        }

        chunk
            .struct_element(document)
            .kind(StructRole::Document)
            .parent(root)
            .children()
            .items(roots.iter().filter_map(|&n| element_ref[n as usize]));

        for (n, node) in nodes.iter().enumerate() {
            let Some(id) = element_ref[n] else { continue };
            // Into object streams as it goes, so the tree is never all in memory as text.
            if n % 4096 == 4095 {
                file.pack(chunk, refs);
                *chunk = Chunk::with_settings(super::COMPACT);
            }
            let parent = node
                .parent
                .and_then(|p| element_ref.get(p as usize).copied().flatten())
                .unwrap_or(document);
            let mut el = chunk.struct_element(id);
            el.kind(role(node.role)).parent(parent);
            // The element's page: that of its first marked content; other pages' content
            // names its page.
            let home = children[n].iter().find_map(|c| match c {
                Child::Kid(Kid::Mark { page, .. }) | Child::Kid(Kid::Annotation { page, .. }) => {
                    Some(*page)
                }
                Child::Element(_) => None,
            });
            if let Some(page) = home.and_then(|p| pages.get(p as usize)) {
                el.page(*page);
            }
            match node.role {
                Role::Heading(_) => {
                    if let Some(title) = &node.title {
                        el.title(TextStr(title));
                    }
                }
                Role::Figure => {
                    if let Some(alt) = &node.title {
                        el.alt(TextStr(alt));
                    }
                }
                Role::List { ordered } => {
                    el.attributes().push().list().list_numbering(if ordered {
                        ListNumbering::Decimal
                    } else {
                        ListNumbering::Disc
                    });
                }
                Role::HeaderCell => {
                    el.attributes()
                        .push()
                        .table()
                        .scope(TableHeaderScope::Column);
                }
                _ => {}
            }
            let mut kids = el.children();
            for c in &children[n] {
                match *c {
                    Child::Element(e) => {
                        if let Some(r) = element_ref[e as usize] {
                            kids.struct_element(r);
                        }
                    }
                    Child::Kid(Kid::Mark { page, mcid }) => {
                        if Some(page) == home {
                            kids.marked_content_id(mcid);
                        } else if let Some(pg) = pages.get(page as usize) {
                            kids.marked_content_ref().page(*pg).marked_content_id(mcid);
                        }
                    }
                    Child::Kid(Kid::Annotation { page, annotation }) => {
                        let mut obj = kids.object_ref();
                        if let Some(pg) = pages.get(page as usize) {
                            obj.page(*pg);
                        }
                        obj.object(annotation);
                    }
                }
            }
        }

        let mut tree = chunk.indirect(root).start::<StructTreeRoot>();
        tree.child(document);
        // The parent tree, keys ascending: a page's key leads to the element of each of its
        // MCIDs, an annotation's to its element.
        let element = |n: u32| element_ref.get(n as usize).copied().flatten();
        {
            let mut parents = tree.insert(Name(b"ParentTree")).dict();
            let mut nums = parents.insert(Name(b"Nums")).array();
            let (mut p, mut a) = (0, 0);
            while p < self.page_marks.len() || a < self.annotations.len() {
                let page_first = match (self.page_marks.get(p), self.annotations.get(a)) {
                    (Some(pm), Some(an)) => pm.0 < an.0,
                    (Some(_), None) => true,
                    _ => false,
                };
                if page_first {
                    let (key, marks) = &self.page_marks[p];
                    nums.item(*key);
                    let mut arr = nums.push().array();
                    for &n in marks {
                        match element(n) {
                            Some(r) => arr.item(r),
                            None => arr.item(pdf_writer::Null),
                        };
                    }
                    arr.finish();
                    p += 1;
                } else {
                    let (key, node) = self.annotations[a];
                    nums.item(key);
                    match element(node) {
                        Some(r) => nums.item(r),
                        None => nums.item(pdf_writer::Null),
                    };
                    a += 1;
                }
            }
        }
        tree.parent_tree_next_key(self.next_key);
        tree.finish();
        root
    }
}

fn role(role: Role) -> StructRole {
    match role {
        Role::Section => StructRole::Sect,
        Role::Heading(1) => StructRole::H1,
        Role::Heading(2) => StructRole::H2,
        Role::Heading(3) => StructRole::H3,
        Role::Heading(4) => StructRole::H4,
        Role::Heading(5) => StructRole::H5,
        Role::Heading(_) => StructRole::H6,
        Role::Paragraph => StructRole::P,
        Role::List { .. } => StructRole::L,
        Role::ListItem => StructRole::LI,
        Role::Label => StructRole::Lbl,
        Role::ListBody => StructRole::LBody,
        Role::Table => StructRole::Table,
        Role::TableRow => StructRole::TR,
        Role::HeaderCell => StructRole::TH,
        Role::Cell => StructRole::TD,
        Role::Link => StructRole::Link,
        Role::Figure => StructRole::Figure,
    }
}

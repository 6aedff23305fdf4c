//! Turns the layout's structure elements and the marked content written on each page into
//! the PDF's structure tree (tagged PDF): elements in reading order, each owning its content,
//! and the parent tree that leads from content back to its element.

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

    /// Works out the tree (which element owns what, in reading order) without writing it.
    pub(super) fn plan(mut self, nodes: &[StructNode]) -> Plan {
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
        // An empty table cell still holds its place in its row: a regular table accounts for
        // every column. Cells were made in column order, so a row's cells sort by number.
        let mut rows = Vec::new();
        for (n, node) in nodes.iter().enumerate() {
            let cell = matches!(node.role, Role::Cell { .. } | Role::HeaderCell { .. });
            match node.parent {
                Some(p) if cell && !attached[n] && attached[p as usize] => {
                    attached[n] = true;
                    children[p as usize].push(Child::Element(n as u32));
                    rows.push(p as usize);
                }
                _ => {}
            }
        }
        for p in rows {
            children[p].sort_by_key(|c| match c {
                Child::Element(e) => *e,
                Child::Kid(_) => u32::MAX,
            });
        }
        // Elements numbered in document order.
        let mut position: Vec<Option<i32>> = vec![None; nodes.len()];
        let mut count = 0;
        let mut stack: Vec<u32> = roots.iter().rev().copied().collect();
        while let Some(n) = stack.pop() {
            position[n as usize] = Some(count);
            count += 1;
            for c in children[n as usize].iter().rev() {
                if let Child::Element(e) = c {
                    stack.push(*e);
                }
            }
        }
        Plan {
            tree: self,
            children,
            roots,
            position,
            count,
        }
    }
}

/// A structure tree worked out and ready to write ([`Tree::plan`]).
pub(super) struct Plan {
    tree: Tree,
    children: Vec<Vec<Child>>,
    roots: Vec<u32>,
    /// Each element's place in document order (`None`: it owns no content).
    position: Vec<Option<i32>>,
    count: i32,
}

impl Plan {
    /// How many object numbers [`Plan::write`] takes: the root, the document element and one
    /// per element.
    pub(super) fn objects(&self) -> i32 {
        self.count + 2
    }

    /// Writes the structure tree with object numbers from `first` on ([`Plan::objects`] of
    /// them), handing `out` a chunk every 4,096 elements (so the tree is never all in memory
    /// as text). Returns the root's reference.
    pub(super) fn write(
        &self,
        first: i32,
        nodes: &[StructNode],
        pages: &[Ref],
        mut out: impl FnMut(Chunk),
    ) -> Ref {
        let (children, roots) = (&self.children, &self.roots);
        let root = Ref::new(first);
        let document = Ref::new(first + 1);
        let element_ref: Vec<Option<Ref>> = self
            .position
            .iter()
            .map(|p| p.map(|p| Ref::new(first + 2 + p)))
            .collect();
        let mut chunk = Chunk::with_settings(super::COMPACT);

        chunk
            .struct_element(document)
            .kind(StructRole::Document)
            .parent(root)
            .children()
            .items(roots.iter().filter_map(|&n| element_ref[n as usize]));

        for (n, node) in nodes.iter().enumerate() {
            let Some(id) = element_ref[n] else { continue };
            if n % 4096 == 4095 {
                out(std::mem::replace(
                    &mut chunk,
                    Chunk::with_settings(super::COMPACT),
                ));
            }
            let parent = node
                .parent
                .and_then(|p| element_ref.get(p as usize).copied().flatten())
                .unwrap_or(document);
            self.write_element(
                &mut chunk,
                id,
                parent,
                node,
                &children[n],
                &element_ref,
                pages,
            );
        }
        self.write_root(&mut chunk, root, document, &element_ref);
        out(chunk);
        root
    }

    /// Writes one element: its role, parent, page, attributes and children (elements,
    /// marked content, annotations).
    #[allow(clippy::too_many_arguments)]
    fn write_element(
        &self,
        chunk: &mut Chunk,
        id: Ref,
        parent: Ref,
        node: &StructNode,
        children: &[Child],
        element_ref: &[Option<Ref>],
        pages: &[Ref],
    ) {
        let mut el = chunk.struct_element(id);
        el.kind(role(node.role)).parent(parent);
        // The element's page: that of its first marked content; other pages' content names
        // its page.
        let home = children.iter().find_map(|c| match c {
            Child::Kid(Kid::Mark { page, .. }) | Child::Kid(Kid::Annotation { page, .. }) => {
                Some(*page)
            }
            Child::Element(_) => None,
        });
        if let Some(page) = home.and_then(|p| pages.get(p as usize)) {
            el.page(*page);
        }
        if let Some(lang) = &node.lang {
            el.lang(TextStr(lang));
        }
        attributes(&mut el, node);
        if children.is_empty() {
            return; // an empty table cell
        }
        let mut kids = el.children();
        for c in children {
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

    /// Writes the tree's root with the parent tree, keys ascending: a page's key leads to
    /// the element of each of its MCIDs, an annotation's to its element.
    fn write_root(&self, chunk: &mut Chunk, root: Ref, document: Ref, element_ref: &[Option<Ref>]) {
        let mut tree = chunk.indirect(root).start::<StructTreeRoot>();
        tree.child(document);
        let element = |n: u32| element_ref.get(n as usize).copied().flatten();
        {
            let mut parents = tree.insert(Name(b"ParentTree")).dict();
            let mut nums = parents.insert(Name(b"Nums")).array();
            let (mut p, mut a) = (0, 0);
            let (page_marks, annotations) = (&self.tree.page_marks, &self.tree.annotations);
            while p < page_marks.len() || a < annotations.len() {
                let page_first = match (page_marks.get(p), annotations.get(a)) {
                    (Some(pm), Some(an)) => pm.0 < an.0,
                    (Some(_), None) => true,
                    _ => false,
                };
                if page_first {
                    let (key, marks) = &page_marks[p];
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
                    let (key, node) = annotations[a];
                    nums.item(key);
                    match element(node) {
                        Some(r) => nums.item(r),
                        None => nums.item(pdf_writer::Null),
                    };
                    a += 1;
                }
            }
        }
        tree.parent_tree_next_key(self.tree.next_key);
        tree.finish();
    }
}

/// An element's title, alternative text or list and table attributes, by its role.
fn attributes(el: &mut pdf_writer::writers::StructElement, node: &StructNode) {
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
        Role::HeaderCell { row, span } => {
            let mut attributes = el.attributes();
            let mut table = attributes.push().table();
            table.scope(if row {
                TableHeaderScope::Row
            } else {
                TableHeaderScope::Column
            });
            if span > 1 {
                table.col_span(i32::from(span));
            }
        }
        Role::Cell { span } if span > 1 => {
            el.attributes().push().table().col_span(i32::from(span));
        }
        _ => {}
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
        Role::HeaderCell { .. } => StructRole::TH,
        Role::Cell { .. } => StructRole::TD,
        Role::Link => StructRole::Link,
        Role::Figure => StructRole::Figure,
        Role::Toc => StructRole::TOC,
        Role::TocItem => StructRole::TOCI,
    }
}

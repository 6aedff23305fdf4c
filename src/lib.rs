//! grant-report: turns grant records from a spreadsheet export into a typeset PDF report.
//!
//! The modules, in the order a build runs them ([`pipeline`] runs them; read it top to bottom):
//! [`source`] (file → table) → [`grants`] (table → grants) → [`template`] (grant → Markdown)
//! → [`markup`] (Markdown → blocks) → [`report`] (grants and blocks → [`document`]) →
//! [`layout`] (document → pages, in a [`layout::Style`]) → [`pdf`] (pages → bytes) →
//! [`output`] (bytes → file). [`pipeline::render`] renders the one document as an
//! [`Output`], the seam every format goes through.
//! Around them: [`job`] (what to build from), [`batch`] (one PDF per group), [`sample`]
//! (synthetic data); beneath them the shared nouns [`document`], [`diagnostic`], [`dates`], [`words`].

pub mod batch;
pub mod dates;
pub mod diagnostic;
pub mod document;
pub mod error;
pub mod files;
pub mod grants;
pub mod html;
pub mod job;
pub mod layout;
pub mod locale;
pub mod logo;
pub mod markup;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod sample;
pub mod select;
pub mod settings;
pub mod source;
pub mod template;
pub mod words;

pub use error::Error;
pub use job::{FileSource, Job, DEFAULT_TEMPLATE, DEFAULT_TEMPLATE_CY, SAMPLE_CSV};
pub use pipeline::{bilingual, build, check, check_editions, editions, formats, lay_out};
pub use pipeline::{layout_warnings, render, Built, Checked, Findings, Output, Rendered};

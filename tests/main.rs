//! Integration tests: run the grant-report binary on fixtures and read the PDFs back.

// First, so its assertion macros are there for the rest.
#[macro_use]
mod common;

mod architecture;
mod batch;
mod build;
mod commands;
mod conformance;
mod data;
mod docs;
mod errors;
mod hostile;
mod html;
mod locales;
mod sources;
mod typeset;

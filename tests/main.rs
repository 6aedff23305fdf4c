//! Integration tests: run the grant-report binary on fixtures and read the PDFs back.

mod architecture;
mod batch;
mod build;
mod commands;
mod common;
mod data;
mod errors;
mod typeset;

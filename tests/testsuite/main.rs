//! Broadsheet's native integration tests as one test binary (one module per area), so
//! the test dependencies (ammonia, html5ever, pulldown-cmark, proptest, roxmltree) are
//! linked once instead of once per test file. Run one area with e.g.
//! `cargo test --test testsuite search::`. The browser tests are in `tests/e2e/`.

mod common;

mod cli;
mod corpus;
mod embed;
mod feed;
mod format;
mod hostile;
mod never_panics;
mod pages;
mod reader;
mod render;
mod sanitize;
mod search;
mod seed;
mod sources;
mod structure;
mod update;

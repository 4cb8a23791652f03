//! Search index layout measurements (native): how long building the metadata index
//! from a catalog takes, and how big one-file vs split search indexes are.
//!   cargo run --release --example crossover -- <articles dir with catalog.json>...
use std::time::Instant;

use broadsheet::core::catalog::Catalog;
use broadsheet::core::search::SearchIndex;

fn main() {
    for dir in std::env::args().skip(1) {
        let json = std::fs::read_to_string(format!("{dir}/catalog.json")).expect("catalog.json");
        let catalog = Catalog::from_json(&json).expect("catalog parses");
        let t = Instant::now();
        let meta = SearchIndex::from_articles(&catalog.articles);
        let build_ms = t.elapsed().as_secs_f64() * 1e3;
        println!(
            "{dir}: {} articles, metadata index built in {build_ms:.1} ms, {:.1} MB heap, {:.1} MB as bytes",
            catalog.articles.len(),
            meta.heap_bytes() as f64 / 1e6,
            meta.to_bytes().len() as f64 / 1e6
        );
        let mut lean = catalog.articles.clone();
        for a in &mut lean {
            a.excerpt.clear();
        }
        let t = Instant::now();
        let titles = SearchIndex::from_articles(&lean);
        println!(
            "  without excerpts: {:.1} ms, {:.1} MB heap",
            t.elapsed().as_secs_f64() * 1e3,
            titles.heap_bytes() as f64 / 1e6
        );
    }
}

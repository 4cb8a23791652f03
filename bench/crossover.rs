//! Search index measurements, native (no browser): how long the app's per-document
//! part takes to derive from a catalog, how big one-file vs split indexes are, and
//! query times over a built site's index with every shard loaded.
//!   cargo run --release --example crossover -- <articles dir with catalog.json + search.bin>...
use std::time::Instant;

use broadsheet::core::catalog::Catalog;
use broadsheet::core::search::{Query, SearchIndex, Sort};

const QUERIES: [&str; 15] = [
    "中国",
    "投资者情绪",
    "段简",
    "安全",
    "javascript",
    "rust",
    "deplo",
    "react hooks",
    "\"pull request\"",
    "中国 market",
    "zzqxv",
    "数据 -安全",
    // The slowest in bench/run.mjs (long CJK phrases with thousands of hits).
    "人民币",
    "新冠肺",
    "公募基金",
];

fn main() {
    for dir in std::env::args().skip(1) {
        let json = std::fs::read_to_string(format!("{dir}/catalog.json")).expect("catalog.json");
        let catalog = Catalog::from_json(&json).expect("catalog parses");
        let base = std::fs::read(format!("{dir}/search.bin")).expect("search.bin");
        let t = Instant::now();
        let mut index =
            SearchIndex::from_bytes(&base, &catalog.articles).expect("search.bin fits the catalog");
        let open_ms = t.elapsed().as_secs_f64() * 1e3;
        let mut shard_bytes = 0;
        for i in 0..index.shard_count() {
            if !index.shard_loaded(i) {
                let bytes =
                    std::fs::read(format!("{dir}/{}", index.shard_file_name(i))).expect("shard");
                shard_bytes += bytes.len();
                index.load_shard(&bytes).expect("shard loads");
            }
        }
        println!(
            "{dir}: {} articles; search.bin {} B opened in {open_ms:.1} ms; {} shards, {shard_bytes} B; heap {:.1} MB",
            catalog.articles.len(),
            base.len(),
            index.shard_count(),
            index.heap_bytes() as f64 / 1e6
        );
        // BS_PROFILE=<query>: run just that query many times (for `perf record`).
        if let Ok(q) = std::env::var("BS_PROFILE") {
            let query = Query::parse(&q);
            for _ in 0..2000 {
                std::hint::black_box(index.search(&query, Sort::Relevance, 0, 20));
            }
            return;
        }
        for q in QUERIES {
            let query = Query::parse(q);
            let mut times = Vec::new();
            let mut total = 0;
            for _ in 0..7 {
                let t = Instant::now();
                total = index.search(&query, Sort::Relevance, 0, 20).total;
                times.push(t.elapsed().as_secs_f64() * 1e3);
            }
            times.sort_by(f64::total_cmp);
            let mut m = Vec::new();
            for _ in 0..7 {
                let t = Instant::now();
                std::hint::black_box(index.matching_docs(&query));
                m.push(t.elapsed().as_secs_f64() * 1e3);
            }
            m.sort_by(f64::total_cmp);
            println!(
                "  {q:<16} {total:>6} hits  median {:.3} ms (matching alone {:.3} ms)",
                times[3], m[3]
            );
        }
        let t = Instant::now();
        let meta = SearchIndex::from_articles(&catalog.articles);
        println!(
            "  metadata-only index built from the catalog instead: {:.1} ms ({:.1} MB heap)",
            t.elapsed().as_secs_f64() * 1e3,
            meta.heap_bytes() as f64 / 1e6
        );
    }
}

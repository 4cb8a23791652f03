//! The search index decoder (issue 25): `SearchIndex::from_bytes` (a one-file index,
//! checked against its catalog), `from_base` (a split index's base read alone), shard
//! loading and the facet columns, on bytes an untrusted `?src=` site may serve, then a
//! search over whatever was accepted (its shard directory decides which shards a query
//! asks for). Seeds: a real split index of a small catalog, which the input also
//! overwrites in place (so the fuzzer starts deep inside valid files). Any panic, hang
//! (run with `-timeout`) or out-of-memory is a bug.
#![no_main]

use std::sync::OnceLock;

use broadsheet::core::article::Article;
use broadsheet::core::catalog::Catalog;
use broadsheet::core::search::{IndexFiles, Query, SearchIndex, Sort};
use libfuzzer_sys::fuzz_target;

struct Seed {
    articles: Vec<Article>,
    whole: Vec<u8>,
    split: IndexFiles,
}

fn seed() -> &'static Seed {
    static SEED: OnceLock<Seed> = OnceLock::new();
    SEED.get_or_init(|| {
        let posts = [
            ("a.md", "---\ntitle: Alpha compiler notes\ndate: 2024-01-01\ncategories: [Code, Rust]\ntags: [wasm, speed]\nauthor: Ann\n---\nCompilers compile compiled code; prefixes com, comp, compo."),
            ("b.md", "---\ntitle: 中文新闻\ndate: 2023-05-02\ncategories: [金融, 资讯]\ntags: [市场]\n---\n嘀嗒出行第三届全员安全大会明确安全工作重点。"),
            ("c.md", "---\ntitle: Beta release\ndate: 2022-12-31\ncategories: [Code]\nauthor: Bob\n---\nRelease notes: faster search, smaller shards."),
            ("d.html", "---\ntitle: Gamma\n---\n<p>Undated post about gamma rays and compilers.</p>"),
        ];
        let catalog = Catalog::build(
            posts.iter().map(|(p, b)| (p.to_string(), b.as_bytes().to_vec())),
            String::new(),
        );
        let index = SearchIndex::from_articles(&catalog.articles);
        Seed {
            whole: index.to_bytes(),
            split: index.to_split_files(3),
            articles: catalog.articles,
        }
    })
}

/// Runs queries whose shards come from the index's own directory.
fn exercise(index: &mut SearchIndex, shards: &[Vec<u8>]) {
    for q in ["com", "c", "安全", "\"faster search\"", "-beta gamma", "zzz"] {
        let query = Query::parse(q);
        for s in index.missing_shards(&query) {
            if let Some(bytes) = shards.get(s) {
                let _ = index.load_shard(bytes);
            }
        }
        let _ = index.search(&query, Sort::Relevance, 0, 10);
        let _ = index.search(&query, Sort::Newest, 5, 3);
    }
}

/// `base` with `patch` written over it from `at` (clamped).
fn patched(base: &[u8], at: usize, patch: &[u8]) -> Vec<u8> {
    let mut out = base.to_vec();
    let at = at % (out.len() + 1);
    for (i, b) in patch.iter().enumerate() {
        match out.get_mut(at + i) {
            Some(slot) => *slot = *b,
            None => out.push(*b),
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let seed = seed();
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let at = rest.first().map_or(0, |&b| usize::from(b) * 4);
    match mode % 6 {
        0 => {
            if let Ok(mut i) = SearchIndex::from_bytes(rest, &seed.articles) {
                exercise(&mut i, &seed.split.shards);
            }
        }
        1 => {
            let bytes = patched(&seed.whole, at, rest);
            if let Ok(mut i) = SearchIndex::from_bytes(&bytes, &seed.articles) {
                exercise(&mut i, &seed.split.shards);
            }
        }
        2 => {
            let bytes = patched(&seed.split.base, at, rest);
            if let Ok(mut i) = SearchIndex::from_base(&bytes) {
                exercise(&mut i, &seed.split.shards);
            }
        }
        3 => {
            // A shard from elsewhere loaded into a good base.
            if let Ok(mut i) = SearchIndex::from_base(&seed.split.base) {
                for s in &seed.split.shards {
                    let _ = i.load_shard(&patched(s, at, rest));
                }
                let _ = i.load_shard(rest);
                exercise(&mut i, &[]);
            }
        }
        4 => {
            if let Ok(mut i) = SearchIndex::from_base(&seed.split.base) {
                let columns = SearchIndex::from_articles(&seed.articles).facet_columns();
                let _ = i.load_facet_columns(&patched(&columns, at, rest));
                let _ = i.load_facet_columns(rest);
                exercise(&mut i, &seed.split.shards);
            }
        }
        _ => {
            if let Ok(mut i) = SearchIndex::from_base(rest) {
                exercise(&mut i, &[rest.to_vec()]);
            }
        }
    }
});

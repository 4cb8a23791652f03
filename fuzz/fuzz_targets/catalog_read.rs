//! The catalog reader (issue 25): catalog.json bytes from an untrusted source through
//! everything a page does with them — parsed, bounded (`limits`), slugs made unique,
//! rebased onto its URL, merged with the site's own, its category tree, tags, authors
//! and archive counted — and the same bytes as a site read in pieces (`site.json` and
//! the list, card-block and facet files it names). Any panic, hang (run with
//! `-timeout`) or out-of-memory is a bug.
#![no_main]

use broadsheet::core::catalog::Catalog;
use broadsheet::core::limits::{MAX_CATEGORY_DEPTH, MAX_TAGS};
use broadsheet::core::site_data::{ListKey, Manifest};
use broadsheet::core::sources::{merge, rebase};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(mut c) = Catalog::from_json_bytes(data) {
        for a in &c.articles {
            assert!(a.categories.iter().all(|p| p.len() <= MAX_CATEGORY_DEPTH));
            assert!(a.tags.len() <= MAX_TAGS);
        }
        let slugs: std::collections::HashSet<&str> = c.articles.iter().map(|a| a.slug.as_str()).collect();
        assert_eq!(slugs.len(), c.articles.len(), "slugs are unique");
        let _ = c.category_tree();
        let _ = c.tags();
        let _ = c.authors();
        let _ = c.archive();
        let own = c.clone();
        rebase(&mut c, "https://other.example/feed/catalog.json");
        for a in &c.articles {
            assert!(a.path.starts_with("https://other.example/"), "{}", a.path);
        }
        let merged = merge([&own, &c]);
        let _ = merged.category_tree();
    }
    if let Ok(m) = Manifest::from_json_bytes(data) {
        let _ = m.read_block(0, data);
        let _ = m.read_list(&ListKey::Category(vec!["a".into()]), 0, data);
        let _ = m.read_list(&ListKey::Tag("t".into()), 1, data);
        let _ = m.find_slug("a", data);
        let _ = m.read_facets(data);
        let _ = m.list_file(&ListKey::Year(2024), 3);
    }
});

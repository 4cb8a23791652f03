//! The app's own components render natively (Leptos `ssr`), from data: every kind of
//! route of the demo site, with its real content in the HTML.
use std::path::Path;
use std::sync::Arc;

use broadsheet::app::i18n::Locale;
use broadsheet::app::render;
use broadsheet::app::site::Site;
use broadsheet::core::catalog::Catalog;

use crate::common;

const BASE: &str = "https://example.org/news/";

fn demo() -> Arc<Site> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("public/articles");
    let files = common::read_tree(&dir, &["md", "markdown", "html", "htm", "txt"]);
    let catalog = Catalog::build(files, "2026-01-01T00:00:00Z".into());
    assert!(catalog.articles.len() >= 10, "the demo articles");
    Arc::new(Site::new(catalog))
}

#[test]
fn the_home_page_lists_the_newest_articles_with_real_links() {
    let site = demo();
    let html = render::page(Arc::clone(&site), BASE, "/", Locale::En);
    assert!(html.contains(r#"class="bs-app""#), "{html}");
    assert!(
        html.contains(r#"<h1 class="bs-page-title">Latest</h1>"#),
        "{html}"
    );
    for a in site.catalog.articles.iter().take(20) {
        let href = format!(
            r#"href="/news{}""#,
            broadsheet::core::routes::article(&a.slug)
        );
        assert!(html.contains(&href), "a link to {}: {href}", a.slug);
    }
    // The frame: the category tree with counts, the search box, the feed link.
    assert!(html.contains(r#"class="bs-cats""#));
    assert!(html.contains(r#"class="bs-search-input""#));
    assert!(html.contains(r#"href="https://example.org/news/atom.xml""#));
}

#[test]
fn a_category_an_article_and_an_unknown_route_render() {
    let site = demo();
    let guide = render::page(Arc::clone(&site), BASE, "/category/Guide", Locale::En);
    assert!(
        guide.contains(r#"<h1 class="bs-page-title">Guide</h1>"#),
        "{guide}"
    );
    assert!(
        guide.contains(r#"aria-current="page""#),
        "the sidebar marks the category"
    );

    let seed = site
        .catalog
        .articles
        .iter()
        .find(|a| a.slug == "000-0c883d887ca44e44")
        .expect("the seed article");
    let page = render::page(
        Arc::clone(&site),
        BASE,
        &broadsheet::core::routes::article(&seed.slug),
        Locale::Zh,
    );
    assert!(page.contains(&seed.title), "{page}");
    assert!(page.contains(r#"class="bs-article""#));
    assert!(page.contains("2021年4月30日"), "the date in Chinese");

    let missing = render::page(site, BASE, "/no/such/page", Locale::En);
    assert!(missing.contains("data-bs-notfound"), "{missing}");
}

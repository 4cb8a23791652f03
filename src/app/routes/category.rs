//! `/category/*path`: a category and its descendants.

use leptos::prelude::*;
use leptos_meta::Title;

use super::not_found::NotFound;
use super::param;
use crate::app::components::card::{article_list, page_param};
use crate::app::components::catnav::Breadcrumbs;
use crate::app::components::status::with_site;
use crate::app::links::{self, Base};
use crate::app::lists::ListKind;
use crate::app::SITE_NAME;
use crate::core::catalog::CategoryNode;

#[component]
pub fn CategoryPage() -> impl IntoView {
    let base = expect_context::<Base>();
    with_site(move |site| {
        let path: Vec<String> = param("path").split('/').filter(|s| !s.is_empty()).map(str::to_owned).collect();
        let page = page_param();
        let Some(node) = CategoryNode::find(&site.tree, &path) else {
            return view! { <NotFound what="category" /> }.into_any();
        };
        let children = node.children.iter().map(|c| {
            let href = base.to(&links::category(&c.path));
            view! {
                <li>
                    <a class="bs-chip" href=href>
                        <span class="bs-cat-name">{c.name.clone()}</span>
                        " "
                        <span class="bs-count">{c.count.to_string()}</span>
                    </a>
                </li>
            }
        }).collect_view();
        let has_children = !node.children.is_empty();
        let title = format!("{} · {SITE_NAME}", path.join(" › "));
        view! {
            <Title text=title />
            <header class="bs-page-head">
                <Breadcrumbs path=path.clone() with_home=true />
                <h1 class="bs-page-title">{node.name.clone()}</h1>
                <p class="bs-page-sub" data-count=node.count.to_string()>
                    {format!("{} articles", node.count)}
                </p>
                {has_children.then(|| view! { <ul class="bs-chips" aria-label="Subcategories">{children}</ul> })}
            </header>
            {article_list(ListKind::Category(path.clone()).articles(&site.catalog), page, "No articles in this category.")}
        }
        .into_any()
    })
}

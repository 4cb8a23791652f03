//! `/category/*path`: a category and its descendants.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

use super::not_found::NotFound;
use super::param;
use crate::app::components::card::{list_view, page_param};
use crate::app::components::catnav::Breadcrumbs;
use crate::app::components::status::with_shown;
use crate::app::i18n::{tr, use_i18n, Missing};
use crate::app::links::{self, Base};
use crate::app::lists::ListKind;
use crate::app::site::SITE_NAME;
use crate::core::catalog::CategoryNode;
use crate::core::routes;

#[component]
pub fn CategoryPage() -> impl IntoView {
    let base = expect_context::<Base>();
    let loc = use_location();
    let i18n = use_i18n();
    with_shown(move |site| {
        // From the address as written (the router's location keeps it encoded), not
        // the router's decoded parameter: a category name may hold a `/` ("TCP/IP"),
        // which its link encodes as %2F. The parameter is what is tracked: it stops
        // changing once the reader navigates away (the location does not), so this
        // page never redraws itself for the next page's address.
        // Page n of a category is `/category/a/b/page/n` (a level named "page" is
        // written %70age, `routes::category`).
        let decoded = param("path");
        let pathname = loc.pathname.get_untracked();
        let (route, path_page) = pathname
            .strip_prefix(base.path.as_str())
            .map_or(("", 1), routes::split_page);
        let path = routes::category_path(route).unwrap_or_else(|| {
            let (decoded, _) = routes::split_page(&decoded);
            decoded
                .split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        });
        let page = if path_page > 1 {
            path_page
        } else {
            page_param()
        };
        let Some(node) = CategoryNode::find(&site.tree, &path) else {
            return view! { <NotFound what=Missing::Category /> }.into_any();
        };
        let children = node
            .children
            .iter()
            .map(|c| {
                let href = base.to(&links::category(&c.path));
                let count = c.count;
                view! {
                    <li>
                        <a class="bs-chip" href=href>
                            <span class="bs-cat-name">{c.name.clone()}</span>
                            " "
                            <span class="bs-count">{move || i18n.get().number(count)}</span>
                        </a>
                    </li>
                }
            })
            .collect_view();
        let has_children = !node.children.is_empty();
        let count = node.count;
        let title = format!("{} · {SITE_NAME}", path.join(" › "));
        view! {
            <Title text=title />
            <header class="bs-page-head">
                <Breadcrumbs path=path.clone() with_home=true />
                <h1 class="bs-page-title">{node.name.clone()}</h1>
                <p class="bs-page-sub" data-count=node.count.to_string()>
                    {move || i18n.get().articles(count)}
                </p>
                {has_children.then(|| view! { <ul class="bs-chips" aria-label=tr(|m| m.subcategories)>{children}</ul> })}
            </header>
            {list_view(&site, ListKind::Category(path.clone()), page, |m| m.empty_category)}
        }
        .into_any()
    })
}

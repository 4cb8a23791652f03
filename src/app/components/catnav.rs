//! Category navigation: the whole tree with counts, and breadcrumbs.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::app::i18n::{tr, use_i18n};
use crate::app::links::{self, Base};
use crate::core::catalog::CategoryNode;

/// `<nav class="bs-cats" aria-label="Categories">` (the label in the UI language):
/// every category with its article count (the count includes descendants; an article
/// filed twice under a node counts once).
#[component]
pub fn CategoryTree(tree: Vec<CategoryNode>) -> impl IntoView {
    view! {
        <nav class="bs-cats" aria-label=tr(|m| m.categories)>
            <h2 class="bs-side-title">{tr(|m| m.categories)}</h2>
            {if tree.is_empty() {
                view! { <p class="bs-empty">{tr(|m| m.no_categories)}</p> }.into_any()
            } else {
                level(tree, 0)
            }}
        </nav>
    }
}

fn level(nodes: Vec<CategoryNode>, depth: usize) -> AnyView {
    let base = expect_context::<Base>();
    let i18n = use_i18n();
    let loc = use_location();
    let class = format!("bs-cat-list bs-depth-{}", depth.min(4));
    view! {
        <ul class=class>
            {nodes
                .into_iter()
                .map(|n| {
                    let href = base.to(&links::category(&n.path));
                    let here = href.clone();
                    // Its pages too (`/category/a/page/2`).
                    let current = move || {
                        loc.pathname
                            .with(|p| crate::core::routes::split_page(p).0 == here)
                            .then_some("page")
                    };
                    let children = (!n.children.is_empty()).then(|| level(n.children, depth + 1));
                    view! {
                        <li class="bs-cat-item">
                            <a class="bs-cat-link" href=href aria-current=current>
                                <span class="bs-cat-name">{n.name}</span>
                                " "
                                <span class="bs-count">{move || i18n.get().number(n.count)}</span>
                            </a>
                            {children}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// `All › 金融 › 中证网`: each step links to that category.
#[component]
pub fn Breadcrumbs(path: Vec<String>, #[prop(optional)] with_home: bool) -> impl IntoView {
    view! {
        <nav class="bs-crumbs" aria-label=tr(|m| m.category_path)>
            {trail(path, with_home)}
        </nav>
    }
}

/// An article's category paths: one `<nav>` holding one trail per path (landmarks
/// must differ in name, so not one `<nav>` per path).
#[component]
pub fn CategoryPaths(paths: Vec<Vec<String>>) -> impl IntoView {
    (!paths.is_empty()).then(|| {
        view! {
            <nav class="bs-crumbs" aria-label=tr(|m| m.category_path)>
                {paths.into_iter().map(|p| trail(p, false)).collect_view()}
            </nav>
        }
    })
}

/// One path as an `<ol>` of links.
fn trail(path: Vec<String>, with_home: bool) -> impl IntoView {
    let base = expect_context::<Base>();
    let home = with_home.then(|| {
        view! {
            <li class="bs-crumb">
                <a href=base.home()>{tr(|m| m.all)}</a>
            </li>
        }
    });
    let steps = (1..=path.len())
        .map(|i| {
            let href = base.to(&links::category(&path[..i]));
            let name = path[i - 1].clone();
            let last = i == path.len();
            view! {
                <li class="bs-crumb">
                    <a href=href aria-current=last.then_some("location")>{name}</a>
                </li>
            }
        })
        .collect_view();
    view! { <ol>{home}{steps}</ol> }
}

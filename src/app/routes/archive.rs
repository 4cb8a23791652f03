//! `/archive` (years → months with counts), `/archive/:year`, `/archive/:year/:month`.

use leptos::prelude::*;
use leptos_meta::Title;

use super::not_found::NotFound;
use super::param;
use crate::app::components::card::{article_list, page_param};
use crate::app::components::status::with_site;
use crate::app::links::{self, month_name, Base};
use crate::app::lists::ListKind;
use crate::app::SITE_NAME;
use crate::core::catalog::YearBucket;

fn months_nav(base: &Base, y: &YearBucket) -> impl IntoView {
    let year = y.year;
    view! {
        <ul class="bs-chips bs-months" aria-label=format!("Months of {year}")>
            {y.months
                .iter()
                .map(|m| {
                    view! {
                        <li>
                            <a class="bs-chip" href=base.to(&links::archive(Some(year), Some(m.month)))>
                                <span class="bs-facet-name">{month_name(m.month)}</span>
                                " "
                                <span class="bs-count">{m.count.to_string()}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn ArchivePage() -> impl IntoView {
    let base = expect_context::<Base>();
    crate::app::scroll::clear_restore();
    view! {
        <Title text=format!("Archive · {SITE_NAME}") />
        <header class="bs-page-head">
            <h1 class="bs-page-title">"Archive"</h1>
        </header>
        {with_site(move |site| {
            let years = site.catalog.archive();
            if years.is_empty() {
                return view! { <p class="bs-empty">"No dated articles yet."</p> }.into_any();
            }
            view! {
                <div class="bs-archive">
                    {years
                        .iter()
                        .map(|y| {
                            view! {
                                <section class="bs-year">
                                    <h2 class="bs-year-title">
                                        <a href=base.to(&links::archive(Some(y.year), None))>
                                            {y.year.to_string()}
                                        </a>
                                        " "
                                        <span class="bs-count">{y.count.to_string()}</span>
                                    </h2>
                                    {months_nav(&base, y)}
                                </section>
                            }
                        })
                        .collect_view()}
                </div>
            }
            .into_any()
        })}
    }
}

#[component]
pub fn YearPage() -> impl IntoView {
    period_page(false)
}

#[component]
pub fn MonthPage() -> impl IntoView {
    period_page(true)
}

fn period_page(with_month: bool) -> impl IntoView {
    let base = expect_context::<Base>();
    with_site(move |site| {
        let year = param("year").parse::<i32>().ok();
        let month = if with_month { param("month").parse::<u32>().ok().filter(|m| (1..=12).contains(m)) } else { None };
        let page = page_param();
        let (Some(year), true) = (year, !with_month || month.is_some()) else {
            return view! { <NotFound /> }.into_any();
        };
        let label = match month {
            Some(m) => format!("{} {year}", month_name(m)),
            None => year.to_string(),
        };
        let bucket = site.catalog.archive().into_iter().find(|y| y.year == year);
        view! {
            <Title text=format!("{label} · {SITE_NAME}") />
            <header class="bs-page-head">
                <p class="bs-kicker">
                    <a href=base.to("/archive")>"Archive"</a>
                    {month.map(|_| view! { " › " <a href=base.to(&links::archive(Some(year), None))>{year.to_string()}</a> })}
                </p>
                <h1 class="bs-page-title">{label}</h1>
                {(month.is_none()).then(|| bucket.as_ref().map(|y| months_nav(&base, y)))}
            </header>
            {article_list(ListKind::Period(year, month).articles(&site.catalog), page, "No articles in this period.")}
        }
        .into_any()
    })
}

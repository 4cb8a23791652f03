//! `/archive` (years → months with counts), `/archive/:year`, `/archive/:year/:month`.

use leptos::prelude::*;
use leptos_meta::Title;

use super::not_found::NotFound;
use super::param;
use crate::app::components::card::{list_view, page_param};
use crate::app::components::status::with_shown;
use crate::app::i18n::{tr, use_i18n, Locale};
use crate::app::links::{self, Base};
use crate::app::lists::ListKind;
use crate::app::site::SITE_NAME;
use crate::core::catalog::YearBucket;

fn months_nav(base: &Base, y: &YearBucket) -> impl IntoView {
    let year = y.year;
    let i18n = use_i18n();
    view! {
        <ul class="bs-chips bs-months" aria-label=move || i18n.get().months_of(year)>
            {y.months
                .iter()
                .map(|m| {
                    let (month, count) = (m.month, m.count);
                    view! {
                        <li>
                            <a class="bs-chip" href=base.to(&links::archive(Some(year), Some(month)))>
                                <span class="bs-facet-name">{move || i18n.get().month(month)}</span>
                                " "
                                <span class="bs-count">{move || i18n.get().number(count)}</span>
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
    let i18n = use_i18n();
    let memory = crate::app::scroll::use_list_memory();
    Effect::new(move |_| memory.other_page_drawn());
    view! {
        <Title text=move || i18n.get().title(i18n.get().t().archive, SITE_NAME) />
        <header class="bs-page-head">
            <h1 class="bs-page-title">{tr(|m| m.archive)}</h1>
        </header>
        {with_shown(move |site| {
            let years = site.archive();
            if years.is_empty() {
                return view! { <p class="bs-empty">{tr(|m| m.no_dated_articles)}</p> }.into_any();
            }
            view! {
                <div class="bs-archive">
                    {years
                        .iter()
                        .map(|y| {
                            let (year, count) = (y.year, y.count);
                            view! {
                                <section class="bs-year">
                                    <h2 class="bs-year-title">
                                        <a href=base.to(&links::archive(Some(year), None))>
                                            {move || i18n.get().year(year)}
                                        </a>
                                        " "
                                        <span class="bs-count">{move || i18n.get().number(count)}</span>
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
    let i18n = use_i18n();
    with_shown(move |site| {
        let year = param("year").parse::<i32>().ok();
        let month = if with_month {
            param("month")
                .parse::<u32>()
                .ok()
                .filter(|m| (1..=12).contains(m))
        } else {
            None
        };
        let page = page_param();
        let (Some(year), true) = (year, !with_month || month.is_some()) else {
            return view! { <NotFound /> }.into_any();
        };
        let label = move || period_label(i18n.get(), year, month);
        let bucket = site.archive().into_iter().find(|y| y.year == year);
        view! {
            <Title text=move || i18n.get().title(&label(), SITE_NAME) />
            <header class="bs-page-head">
                <p class="bs-kicker">
                    <a href=base.to("/archive")>{tr(|m| m.archive)}</a>
                    {month.map(|_| view! { " › " <a href=base.to(&links::archive(Some(year), None))>{move || i18n.get().year(year)}</a> })}
                </p>
                <h1 class="bs-page-title">{label}</h1>
                {(month.is_none()).then(|| bucket.as_ref().map(|y| months_nav(&base, y)))}
            </header>
            {list_view(&site, ListKind::Period(year, month), page, |m| m.empty_period)}
        }
        .into_any()
    })
}

/// `April 2021` / `2021年4月`, or the year alone.
fn period_label(l: Locale, year: i32, month: Option<u32>) -> String {
    match month {
        Some(m) => l.month_year(year, m),
        None => l.year(year),
    }
}

//! "Open files" / "Open folder" (in the sidebar) and drag-and-drop of files or whole
//! folders anywhere on the page (directory entries walked recursively): they hand the
//! files to `app::files`, and the sources show them (`Sources::set_opened`).

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;

use crate::app::files::{self, list_files, walk};
use crate::app::i18n::tr;
use crate::app::links::Base;
use crate::app::sources::Sources;

/// Reads `files` (path within what was opened, file) and shows them.
fn open(sources: Sources, files: Vec<(String, web_sys::File)>, go_home: impl Fn() + 'static) {
    if files.is_empty() {
        return;
    }
    sources.notice.set(None);
    sources.reading.set(Some(files.len()));
    leptos::task::spawn_local(async move {
        let set = files::read_set(files).await;
        sources.reading.set(None);
        match set {
            Ok(set) => {
                sources.set_opened(Some(Arc::new(set)));
                go_home();
            }
            Err(notice) => sources.notice.set(Some(notice)),
        }
    });
}

/// Where opening files ends: the home page, which then lists them. Made in a
/// component (it needs the router).
fn to_home(base: &Base) -> impl Fn() + Clone + 'static {
    let navigate = use_navigate();
    let home = base.home();
    move || {
        navigate(
            &home,
            NavigateOptions {
                resolve: false,
                ..Default::default()
            },
        )
    }
}

/// The "Open files" / "Open folder" buttons (in the sidebar).
#[component]
pub fn OpenFiles() -> impl IntoView {
    let sources = expect_context::<Sources>();
    let go_home = to_home(&expect_context::<Base>());
    let files_input = NodeRef::<leptos::html::Input>::new();
    let folder_input = NodeRef::<leptos::html::Input>::new();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let files = list_files(input.files());
        input.set_value("");
        open(sources, files, go_home.clone());
    };
    let click = |r: NodeRef<leptos::html::Input>| {
        move |_| {
            if let Some(i) = r.get() {
                i.click();
            }
        }
    };
    // An attribute, not a property: it is in the page written at build time too (the
    // view macro knows no `webkitdirectory`, hence `attr`).
    let folder_picker = view! {
        <input
            type="file"
            class="bs-open-folder-input"
            multiple=true
            hidden=true
            tabindex="-1"
            node_ref=folder_input
            on:change=on_change.clone()
        />
    }
    .attr("webkitdirectory", "");
    view! {
        <section class="bs-open" aria-label=tr(|m| m.your_posts)>
            <p class="bs-open-title">{tr(|m| m.read_your_posts)}</p>
            <div class="bs-open-buttons">
                <button type="button" class="bs-button bs-open-files" on:click=click(files_input)>
                    {tr(|m| m.open_files)}
                </button>
                <button type="button" class="bs-button bs-open-folder" on:click=click(folder_input)>
                    {tr(|m| m.open_folder)}
                </button>
            </div>
            <p class="bs-open-hint">{tr(|m| m.open_hint)}</p>
            <input
                type="file"
                class="bs-open-files-input"
                multiple=true
                hidden=true
                tabindex="-1"
                node_ref=files_input
                on:change=on_change
            />
            {folder_picker}
        </section>
    }
}

fn has_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|dt| {
        dt.types()
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    })
}

/// Drag-and-drop of files or folders anywhere on the page, with an overlay while
/// dragging. Must be inside the `Router`.
#[component]
pub fn DropZone() -> impl IntoView {
    let sources = expect_context::<Sources>();
    let go_home = to_home(&expect_context::<Base>());
    let dragging = RwSignal::new(false);
    let over = window_event_listener(leptos::ev::dragover, move |ev| {
        if has_files(&ev) {
            ev.prevent_default();
            if let Some(dt) = ev.data_transfer() {
                dt.set_drop_effect("copy");
            }
            dragging.set(true);
        }
    });
    let leave = window_event_listener(leptos::ev::dragleave, move |ev| {
        // Leaving the window (not moving between elements).
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        dragging.set(false);
        let Some(dt) = ev.data_transfer() else { return };
        ev.prevent_default();
        // Entries must be taken while the event is dispatched; reading comes after.
        let items = dt.items();
        let mut entries = Vec::new();
        let mut loose = Vec::new();
        for i in 0..items.length() {
            let Some(item) = items.get(i) else { continue };
            if item.kind() != "file" {
                continue;
            }
            match item.webkit_get_as_entry() {
                Ok(Some(entry)) => entries.push(entry),
                _ => {
                    if let Ok(Some(f)) = item.get_as_file() {
                        loose.push((f.name(), f));
                    }
                }
            }
        }
        if entries.is_empty() && loose.is_empty() {
            loose = list_files(dt.files());
        }
        let go_home = go_home.clone();
        leptos::task::spawn_local(async move {
            let mut files = walk(entries).await;
            files.extend(loose);
            open(sources, files, go_home);
        });
    });
    on_cleanup(move || {
        over.remove();
        leave.remove();
        drop.remove();
    });
    move || {
        dragging.get().then(|| {
            view! {
                <div class="bs-drop-overlay" aria-hidden="true">
                    <p class="bs-drop-message">{tr(|m| m.drop_here)}</p>
                </div>
            }
        })
    }
}

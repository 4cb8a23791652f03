//! The browser app's entry point. Trunk builds this binary for wasm32 (see index.html,
//! `data-bin="broadsheet-app"`); the app itself lives in `broadsheet::app`.

#[cfg(target_arch = "wasm32")]
fn main() {
    broadsheet::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "broadsheet-app is the browser app: build it with `trunk build --release` \
         (or serve it with `trunk serve`). The command-line tool is `broadsheet`."
    );
}

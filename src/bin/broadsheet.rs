//! `broadsheet`: the command-line shell over the core. The commands live in the
//! library (`broadsheet::cmd`, one module per subcommand); this is only their entry.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    broadsheet::cmd::run()
}

// A wasm32 build of the whole package (`cargo clippy --target wasm32-unknown-unknown`)
// compiles this file too; the CLI has nothing to do there.
#[cfg(target_arch = "wasm32")]
fn main() {}

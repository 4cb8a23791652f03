//! The shape of `src/`, read from the source text: which file's code uses which other
//! file's. Two rules, each failing with every offending file named:
//!
//! - no import cycles between files: Tarjan's strongly connected components over the
//!   file graph; a component of more than one file is a cycle group, reported with its
//!   elementary cycles (`src/a.rs -> src/b.rs -> src/a.rs`) and the imports that make it;
//! - `src/core/` (pure Rust, tested natively) never depends on `src/app/` or `src/cmd/`,
//!   directly or through other files.
//!
//! A file depends on another when it names one of that file's modules or items:
//! `use crate::…`, `use super::…`, `use self::…`, grouped forms
//! (`use crate::{a, b::{c, d}}`), `use child::…` of a declared child module, and paths in
//! code (`crate::a::f()`, `super::x::Y`, `<super::theme::ThemeSwitch />` in `view!`). In
//! the binaries (`src/main.rs`, `src/bin/`) paths through the library (`broadsheet::…`)
//! count too. A path is followed through modules as far as they go; the item it ends at
//! is looked up among that module's imports, so a name re-exported by a `mod.rs`
//! (`pub use index::SearchIndex`) is a dependency on the file that defines it.
//! Comments, string literals and `#[cfg(test)]` items (the `mod tests` blocks) are
//! skipped.
//!
//! Parents and children: declaring `mod x;` is not depending on `x`, and a file's uses of
//! its own descendant modules (a `mod.rs` re-exporting or mounting its children,
//! `body.rs` calling its private `body/native.rs`) are part of that file, not counted. A
//! child's use of its parent's items (`use super::Site` → `src/app/mod.rs`) is counted.
//!
//! Files are found the way rustc finds them: from the crate roots (`src/lib.rs`,
//! `src/main.rs`, `src/bin/*.rs`, `src/bin/*/main.rs`) through `mod x;` declarations
//! (`x.rs`, `x/mod.rs`, inline `mod a { mod b; }` directories, `#[path = "…"]`).

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

// ------------------------------------------------------------------ the rules, real tree

/// The library's name, as the binaries spell it in paths (`broadsheet::core::…`).
const LIB_NAME: &str = "broadsheet";

/// Every `.rs` file under `src/`, keyed `src/…` with `/` separators.
fn real_tree() -> BTreeMap<String, String> {
    fn walk(dir: &Path, rel: &str, out: &mut BTreeMap<String, String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let rel = format!("{rel}/{name}");
            if p.is_dir() {
                walk(&p, &rel, out);
            } else if name.ends_with(".rs") {
                let text =
                    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                out.insert(rel, text);
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        "src",
        &mut files,
    );
    assert!(files.contains_key("src/lib.rs"), "src/ not found");
    files
}

#[test]
fn src_has_no_import_cycles() {
    let s = Structure::analyze(&real_tree(), LIB_NAME);
    let groups = s.cycle_groups();
    assert!(groups.is_empty(), "{}", s.cycle_report(&groups));
}

#[test]
fn core_never_depends_on_app_or_cmd() {
    let s = Structure::analyze(&real_tree(), LIB_NAME);
    let bad = s.layering_violations("src/core/", &["src/app/", "src/cmd/"]);
    assert!(
        bad.is_empty(),
        "src/core/ is pure: it must not use src/app/ or src/cmd/, yet\n{}",
        bad.join("\n")
    );
}

/// The rules above see every file: each `.rs` file under `src/` is a module of some crate.
#[test]
fn every_src_file_is_in_a_module_tree() {
    let s = Structure::analyze(&real_tree(), LIB_NAME);
    assert!(s.problems.is_empty(), "{}", s.problems.join("\n"));
    assert!(s.file_module.len() > 50, "{:?}", s.file_module.keys());
}

// ------------------------------------------------------------------ the checker, on fakes

fn fake(files: &[(&str, &str)]) -> Structure {
    let files = files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    Structure::analyze(&files, "fake")
}

fn edges(s: &Structure) -> Vec<String> {
    s.edges
        .iter()
        .flat_map(|(from, to)| to.keys().map(move |t| format!("{from} -> {t}")))
        .collect()
}

#[test]
fn cycle_finder_finds_cycles_in_a_synthetic_tree() {
    let s = fake(&[
        ("src/lib.rs", "pub mod a;\npub mod b;\npub mod c;\nmod d;"),
        // A grouped use reaching two files.
        (
            "src/a.rs",
            "use crate::{b::{self, B}, c::C};\npub struct A;",
        ),
        // A path in code, no `use`.
        (
            "src/b.rs",
            "pub struct B;\npub fn f() { let _ = crate::c::C; }",
        ),
        ("src/c.rs", "use super::a::A;\npub struct C;"),
        // Acyclic, on the side.
        ("src/d.rs", "use crate::a::A;"),
    ]);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    let groups = s.cycle_groups();
    assert_eq!(groups, [vec!["src/a.rs", "src/b.rs", "src/c.rs"]]);
    let report = s.cycle_report(&groups);
    for line in [
        "src/a.rs -> src/b.rs -> src/c.rs -> src/a.rs",
        "src/a.rs -> src/c.rs -> src/a.rs",
        "src/a.rs:1 crate::b -> src/b.rs",
        "src/b.rs:2 crate::c::C -> src/c.rs",
        "src/c.rs:1 super::a::A -> src/a.rs",
    ] {
        assert!(report.contains(line), "{line:?} not in\n{report}");
    }
}

#[test]
fn cycle_finder_reports_none_for_an_acyclic_tree() {
    let s = fake(&[
        ("src/lib.rs", "pub mod core;\npub mod app;"),
        ("src/core/mod.rs", "pub mod x;\npub mod y;\npub use x::X;"),
        ("src/core/x.rs", "use super::y::Y;\npub struct X(Y);"),
        ("src/core/y.rs", "pub struct Y;"),
        (
            "src/app/mod.rs",
            "pub mod page;\npub struct Site;\nuse page::Page;",
        ),
        (
            "src/app/page.rs",
            "use super::Site;\nuse crate::core::X;\npub struct Page;",
        ),
    ]);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(s.cycle_groups(), Vec::<Vec<String>>::new());
    // A parent's `pub mod`, `pub use` and `use` of its children are not edges; the
    // child's use of its parent is; the re-exported `crate::core::X` is src/core/x.rs.
    assert_eq!(
        edges(&s),
        [
            "src/app/page.rs -> src/app/mod.rs",
            "src/app/page.rs -> src/core/x.rs",
            "src/core/x.rs -> src/core/y.rs",
        ]
    );
    assert!(s.layering_violations("src/core/", &["src/app/"]).is_empty());
}

#[test]
fn comments_strings_and_test_code_are_not_dependencies() {
    let s = fake(&[
        ("src/lib.rs", "pub mod a;\npub mod b;"),
        (
            "src/a.rs",
            r####"
            //! Uses `crate::b::B` (a doc comment).
            // use crate::b::B;
            /* crate::b::f() /* nested */ crate::b::f() */
            const S: &str = "crate::b::B";
            const R: &str = r##"use crate::b::B; "# crate::b::B"##;
            const C: char = '"';
            fn lifetimes<'a>(x: &'a str) -> &'a str { x }
            #[cfg(test)]
            mod tests {
                use crate::b::B;
                #[test]
                fn t() { crate::b::f(); }
            }
            #[cfg(test)]
            use crate::b::f;
            pub(crate) fn g() {}
            "####,
        ),
        ("src/b.rs", "pub struct B;\npub fn f() { crate::a::g(); }"),
    ]);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(edges(&s), ["src/b.rs -> src/a.rs"]);
}

#[test]
fn module_files_are_found_like_rustc_finds_them() {
    let s = fake(&[
        (
            "src/lib.rs",
            "pub mod core;\n#[path = \"elsewhere/x.rs\"]\nmod moved;",
        ),
        (
            "src/core/mod.rs",
            "pub mod body;\nmod inner { pub mod deep; }",
        ),
        (
            "src/core/body.rs",
            "mod dom;\nuse dom::Dom;\npub struct Body;",
        ),
        ("src/core/body/dom.rs", "use super::Body;\npub struct Dom;"),
        ("src/core/inner/deep.rs", "use crate::moved::M;"),
        (
            "src/elsewhere/x.rs",
            "pub struct M;\nfn f() { super::core::body::Body; }",
        ),
        ("src/main.rs", "fn main() { fake::core::body::Body; }"),
        ("src/bin/tool.rs", "mod cli { use fake::core::inner; }"),
        ("src/orphan.rs", ""),
    ]);
    assert_eq!(
        s.problems,
        ["src/orphan.rs: no `mod` declaration reaches it from a crate root"]
    );
    assert_eq!(
        edges(&s),
        [
            "src/bin/tool.rs -> src/core/mod.rs",
            "src/core/body/dom.rs -> src/core/body.rs",
            "src/core/inner/deep.rs -> src/elsewhere/x.rs",
            "src/elsewhere/x.rs -> src/core/body.rs",
            "src/main.rs -> src/core/body.rs",
        ]
    );
}

#[test]
fn layering_violations_name_the_import_that_leaves_the_core() {
    let s = fake(&[
        ("src/lib.rs", "pub mod core;\npub mod app;\npub mod util;"),
        ("src/core/mod.rs", "pub mod a;"),
        ("src/core/a.rs", "\nuse crate::util::helper;"),
        ("src/util.rs", "pub fn helper() { crate::app::go(); }"),
        ("src/app/mod.rs", "pub fn go() {}"),
    ]);
    assert_eq!(
        s.layering_violations("src/core/", &["src/app/"]),
        ["src/core/a.rs:2 crate::util::helper -> src/util.rs -> src/app/mod.rs"]
    );
}

// ------------------------------------------------------------------ tokens

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    /// `::`
    PathSep,
    Punct(char),
    /// Numbers, char literals, lifetimes.
    Other,
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    line: usize,
}

/// Rust source as tokens, comments dropped, string literals kept whole (`#[path]`).
fn tokenize(src: &str) -> Vec<Token> {
    let c: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let is_ident = |ch: char| ch == '_' || ch.is_alphanumeric();
    while i < c.len() {
        let start_line = line;
        let ch = c[i];
        let push = |tok, out: &mut Vec<Token>| {
            out.push(Token {
                tok,
                line: start_line,
            })
        };
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(c[i] == '\n');
                    i += 1;
                }
            }
        } else if ch == '"' {
            let (s, next) = string(&c, i + 1, &mut line);
            push(Tok::Str(s), &mut out);
            i = next;
        } else if ch == '\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime / label ('a).
            if c.get(i + 1) == Some(&'\\') {
                i += 3;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
                while i < c.len() && is_ident(c[i]) {
                    i += 1;
                }
            }
            push(Tok::Other, &mut out);
        } else if ch.is_ascii_digit() {
            while i < c.len() && is_ident(c[i]) {
                i += 1;
            }
            push(Tok::Other, &mut out);
        } else if is_ident(ch) {
            let start = i;
            while i < c.len() && is_ident(c[i]) {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            let next = c.get(i).copied();
            let hashes_then_quote = || {
                let mut j = i;
                while c.get(j) == Some(&'#') {
                    j += 1;
                }
                (c.get(j) == Some(&'"')).then_some(j - i)
            };
            match (word.as_str(), next) {
                ("r" | "br" | "cr", Some('"' | '#')) if hashes_then_quote().is_some() => {
                    // Raw string: r"…", r#"…"#, …
                    let n = hashes_then_quote().unwrap();
                    let body = i + n + 1;
                    let mut j = body;
                    loop {
                        if j >= c.len() {
                            break;
                        }
                        if c[j] == '"' && (0..n).all(|k| c.get(j + 1 + k) == Some(&'#')) {
                            break;
                        }
                        line += usize::from(c[j] == '\n');
                        j += 1;
                    }
                    let s: String = c[body..j.min(c.len())].iter().collect();
                    push(Tok::Str(s), &mut out);
                    i = j + 1 + n;
                }
                ("r", Some('#')) => {
                    // Raw identifier r#type: never a keyword.
                    let start = i + 1;
                    i = start;
                    while i < c.len() && is_ident(c[i]) {
                        i += 1;
                    }
                    let name: String = c[start..i].iter().collect();
                    push(Tok::Ident(format!("r#{name}")), &mut out);
                }
                ("b" | "c", Some('"')) => {
                    let (s, next) = string(&c, i + 1, &mut line);
                    push(Tok::Str(s), &mut out);
                    i = next;
                }
                ("b", Some('\'')) => {
                    i += 1;
                    if c.get(i) == Some(&'\\') {
                        i += 1;
                    }
                    i += 1;
                    while i < c.len() && c[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                    push(Tok::Other, &mut out);
                }
                _ => push(Tok::Ident(word), &mut out),
            }
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            push(Tok::PathSep, &mut out);
            i += 2;
        } else {
            push(Tok::Punct(ch), &mut out);
            i += 1;
        }
    }
    out
}

/// The rest of a `"…"` literal from `i` (after the quote): its text and the index after
/// the closing quote.
fn string(c: &[char], mut i: usize, line: &mut usize) -> (String, usize) {
    let mut s = String::new();
    while i < c.len() && c[i] != '"' {
        if c[i] == '\\' {
            i += 1;
        }
        if let Some(&ch) = c.get(i) {
            *line += usize::from(ch == '\n');
            s.push(ch);
        }
        i += 1;
    }
    (s, i + 1)
}

// ------------------------------------------------------------------ one file

/// A module: crate number and path inside the crate (`["app", "loader"]`).
type ModKey = (usize, Vec<String>);

/// A module path named in a file.
#[derive(Clone, Debug)]
struct Ref {
    line: usize,
    /// The module whose scope the path is written in (inline modules included).
    scope: ModKey,
    path: Vec<String>,
    /// In a `use`: a leading plain name may be a child module (`use local::DropZone`).
    in_use: bool,
}

/// `mod name;` (a file) or `mod name { … }` (inline) inside `parent`.
#[derive(Debug)]
struct Decl {
    parent: ModKey,
    name: String,
    /// Names of the inline modules (in this file) around the declaration.
    inline_dirs: Vec<String>,
    path_attr: Option<String>,
    inline: bool,
    test_only: bool,
}

#[derive(Debug, Default)]
struct Parsed {
    refs: Vec<Ref>,
    decls: Vec<Decl>,
    /// Module-level `use` bindings: (module, bound name) → path, resolved from there.
    imports: Vec<(ModKey, String, Vec<String>)>,
}

/// Reads one file's declarations and paths. `key` is the file's module.
fn parse_file(src: &str, key: &ModKey, lib_path_root: Option<&str>) -> Parsed {
    let toks = tokenize(src);
    let mut p = Parsed::default();
    // (module, inline directories, brace depth at which it closes)
    let mut scopes: Vec<(ModKey, Vec<String>, usize)> = vec![(key.clone(), Vec::new(), 0)];
    let mut depth = 0;
    let (mut test_item, mut path_attr) = (false, None::<String>);
    let ident = |j: usize| match toks.get(j).map(|t| &t.tok) {
        Some(Tok::Ident(s)) => Some(s.as_str()),
        _ => None,
    };
    let is = |j: usize, t: Tok| toks.get(j).map(|x| &x.tok) == Some(&t);
    let mut i = 0;
    while i < toks.len() {
        let (scope, dirs, close) = scopes.last().unwrap().clone();
        let at_module_level = depth == (if scope == *key { 0 } else { close + 1 });
        match &toks[i].tok {
            Tok::Punct('#') => {
                let inner = is(i + 1, Tok::Punct('!'));
                let open = i + 1 + usize::from(inner);
                if !is(open, Tok::Punct('[')) {
                    i += 1;
                    continue;
                }
                let end = matching(&toks, open);
                let body: Vec<&Tok> = toks[open + 1..end].iter().map(|t| &t.tok).collect();
                let cfg_test = body
                    == [
                        &Tok::Ident("cfg".into()),
                        &Tok::Punct('('),
                        &Tok::Ident("test".into()),
                        &Tok::Punct(')'),
                    ];
                if inner && cfg_test && depth == 0 {
                    return Parsed::default(); // #![cfg(test)]: the whole file is test code
                }
                if !inner && cfg_test {
                    test_item = true;
                }
                if let [Tok::Ident(a), Tok::Punct('='), Tok::Str(s)] = body.as_slice() {
                    if a == "path" {
                        path_attr = Some(s.clone());
                    }
                }
                i = end + 1;
                continue;
            }
            _ if test_item => {
                // Skip the #[cfg(test)] item; a file module is still recorded (as
                // test-only) so that its file is not reported as unreachable.
                let mut j = skip_visibility(&toks, i);
                if ident(j) == Some("mod") && is(j + 2, Tok::Punct(';')) {
                    if let Some(name) = ident(j + 1) {
                        p.decls.push(Decl {
                            parent: scope.clone(),
                            name: name.to_string(),
                            inline_dirs: dirs.clone(),
                            path_attr: path_attr.take(),
                            inline: false,
                            test_only: true,
                        });
                    }
                }
                let is_use = ident(j) == Some("use");
                while j < toks.len() {
                    match toks[j].tok {
                        Tok::Punct(';') => break,
                        Tok::Punct('{') if !is_use => {
                            j = matching(&toks, j);
                            break;
                        }
                        Tok::Punct('(' | '[' | '{') => j = matching(&toks, j),
                        _ => {}
                    }
                    j += 1;
                }
                test_item = false;
                path_attr = None;
                i = j + 1;
                continue;
            }
            Tok::Ident(w) if w == "mod" => {
                if let Some(name) = ident(i + 1) {
                    let inline = is(i + 2, Tok::Punct('{'));
                    if inline || is(i + 2, Tok::Punct(';')) {
                        p.decls.push(Decl {
                            parent: scope.clone(),
                            name: name.to_string(),
                            inline_dirs: dirs.clone(),
                            path_attr: path_attr.take(),
                            inline,
                            test_only: false,
                        });
                    }
                    if inline {
                        let mut k = scope.clone();
                        k.1.push(name.to_string());
                        let mut d = dirs.clone();
                        d.push(name.to_string());
                        scopes.push((k, d, depth));
                        depth += 1;
                        i += 3;
                        continue;
                    }
                }
            }
            Tok::Ident(w) if w == "use" && !is(i + 1, Tok::Punct('<')) => {
                let mut leaves = Vec::new();
                let end = use_tree(&toks, i + 1, Vec::new(), &mut leaves);
                for (path, alias, line) in leaves {
                    if at_module_level {
                        let bound = match alias.as_deref() {
                            Some("_") => None,
                            Some(a) => Some(a.to_string()),
                            None => match path.as_slice() {
                                [.., m, last] if last == "self" => Some(m.clone()),
                                [.., last] if last != "*" => Some(last.clone()),
                                _ => None,
                            },
                        };
                        if let Some(name) = bound {
                            p.imports.push((scope.clone(), name, path.clone()));
                        }
                    }
                    p.refs.push(Ref {
                        line,
                        scope: scope.clone(),
                        path,
                        in_use: true,
                    });
                }
                path_attr = None;
                i = end.max(i + 1);
                continue;
            }
            Tok::Ident(w)
                if (matches!(w.as_str(), "crate" | "super" | "self")
                    || Some(w.as_str()) == lib_path_root)
                    && is(i + 1, Tok::PathSep)
                    && !(i > 0 && is(i - 1, Tok::PathSep))
                    && !(i > 1 && ident(i - 1) == Some("in") && is(i - 2, Tok::Punct('('))) =>
            {
                // A path in code: crate::a::f(), super::x::Y, …
                let mut path = vec![w.clone()];
                let mut j = i + 1;
                while is(j, Tok::PathSep) {
                    match ident(j + 1) {
                        Some(s) => path.push(s.to_string()),
                        None => break,
                    }
                    j += 2;
                }
                p.refs.push(Ref {
                    line: toks[i].line,
                    scope: scope.clone(),
                    path,
                    in_use: false,
                });
                i = j;
                continue;
            }
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth = depth.saturating_sub(1);
                if scopes.len() > 1 && scopes.last().unwrap().2 == depth {
                    scopes.pop();
                }
            }
            Tok::Punct(';') => path_attr = None,
            _ => {}
        }
        i += 1;
    }
    p
}

/// The index of the bracket closing the one at `open` (or the last token).
fn matching(toks: &[Token], open: usize) -> usize {
    let mut depth = 0usize;
    for (j, t) in toks.iter().enumerate().skip(open) {
        match t.tok {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    toks.len().saturating_sub(1)
}

/// Past `pub`, `pub(crate)`, `pub(in path)`.
fn skip_visibility(toks: &[Token], i: usize) -> usize {
    if toks.get(i).map(|t| &t.tok) != Some(&Tok::Ident("pub".into())) {
        return i;
    }
    if toks.get(i + 1).map(|t| &t.tok) == Some(&Tok::Punct('(')) {
        matching(toks, i + 1) + 1
    } else {
        i + 1
    }
}

/// One use tree from `j` (`a::b`, `a::{b, c::*}`, `a as b`) under `prefix`: pushes each
/// leaf (full path, `as` name, line) and returns the index after the tree.
fn use_tree(
    toks: &[Token],
    mut j: usize,
    prefix: Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>, usize)>,
) -> usize {
    let mut path = prefix;
    if toks.get(j).map(|t| &t.tok) == Some(&Tok::PathSep) {
        path.push("::".into()); // ::external::path
        j += 1;
    }
    while let Some(t) = toks.get(j) {
        match &t.tok {
            Tok::Ident(name) => {
                path.push(name.clone());
                j += 1;
                if toks.get(j).map(|t| &t.tok) == Some(&Tok::PathSep) {
                    j += 1;
                    continue;
                }
                let mut alias = None;
                if toks.get(j).map(|t| &t.tok) == Some(&Tok::Ident("as".into())) {
                    if let Some(Tok::Ident(a)) = toks.get(j + 1).map(|t| &t.tok) {
                        alias = Some(a.clone());
                    }
                    j += 2;
                }
                out.push((path, alias, t.line));
                return j;
            }
            Tok::Punct('*') => {
                path.push("*".into());
                out.push((path, None, t.line));
                return j + 1;
            }
            Tok::Punct('{') => {
                j += 1;
                while let Some(t) = toks.get(j) {
                    match t.tok {
                        Tok::Punct('}') => return j + 1,
                        Tok::Punct(',') => j += 1,
                        _ => {
                            let next = use_tree(toks, j, path.clone(), out);
                            j = next.max(j + 1);
                        }
                    }
                }
                return j;
            }
            _ => return j,
        }
    }
    j
}

// ------------------------------------------------------------------ the whole tree

/// A path as a message shows it: `crate::b` for the `self` in `use crate::b::{self}`.
fn shown(path: &[String]) -> String {
    match path {
        [init @ .., last] if last == "self" && !init.is_empty() => init.join("::"),
        _ => path.join("::"),
    }
}

/// `a/b/../c` → `a/c`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn dir_of(file: &str) -> &str {
    file.rsplit_once('/').map_or("", |(d, _)| d)
}

#[derive(Debug)]
struct Structure {
    /// Each file's own (outermost) module.
    file_module: BTreeMap<String, ModKey>,
    /// Every module (inline ones too) → the file it is written in.
    modules: BTreeMap<ModKey, String>,
    /// (module, name) → the path that `use` bound to the name there.
    imports: BTreeMap<(ModKey, String), Vec<String>>,
    /// from file → to file → the first reference: (line, path as written).
    edges: BTreeMap<String, BTreeMap<String, (usize, String)>>,
    /// Files no crate root reaches, `mod` declarations without a file.
    problems: Vec<String>,
}

impl Structure {
    /// `files`: every `.rs` file under `src/` (keys `src/…`); `lib_name`: the library
    /// crate's name as the binaries write it.
    fn analyze(files: &BTreeMap<String, String>, lib_name: &str) -> Structure {
        let mut s = Structure {
            file_module: BTreeMap::new(),
            modules: BTreeMap::new(),
            imports: BTreeMap::new(),
            edges: BTreeMap::new(),
            problems: Vec::new(),
        };
        // Crate roots: (file, is the library). Crate 0 is the library.
        let mut roots = vec![("src/lib.rs".to_string(), true)];
        for f in files.keys() {
            let bin_root = f.strip_prefix("src/bin/").is_some_and(|rest| {
                (!rest.contains('/') && rest.ends_with(".rs"))
                    || rest.split('/').collect::<Vec<_>>().get(1..) == Some(&["main.rs"][..])
            });
            if f == "src/main.rs" || bin_root {
                roots.push((f.clone(), false));
            }
        }
        let mut queue: VecDeque<(String, ModKey, bool)> = VecDeque::new();
        let mut is_lib = Vec::new();
        for (n, (file, lib)) in roots.into_iter().enumerate() {
            if files.contains_key(&file) {
                queue.push_back((file, (n, Vec::new()), true));
            }
            is_lib.push(lib);
        }
        let mut test_only_files = BTreeSet::new();
        let mut parsed: Vec<(String, Parsed)> = Vec::new();
        while let Some((file, key, mod_rs)) = queue.pop_front() {
            if s.file_module.contains_key(&file) {
                continue;
            }
            s.file_module.insert(file.clone(), key.clone());
            s.modules.insert(key.clone(), file.clone());
            let root = (!is_lib[key.0]).then_some(lib_name);
            let p = parse_file(&files[&file], &key, root);
            // Where this file's `mod x;` files live.
            let own_dir = if mod_rs {
                dir_of(&file).to_string()
            } else {
                file.trim_end_matches(".rs").to_string()
            };
            for d in &p.decls {
                let mut k = d.parent.clone();
                k.1.push(d.name.clone());
                if d.inline {
                    s.modules.insert(k, file.clone());
                    continue;
                }
                let mut dir = own_dir.clone();
                for inline in &d.inline_dirs {
                    dir = format!("{dir}/{inline}");
                }
                let candidates = match &d.path_attr {
                    Some(p) if d.inline_dirs.is_empty() => {
                        vec![(normalize(&format!("{}/{p}", dir_of(&file))), true)]
                    }
                    Some(p) => vec![(normalize(&format!("{dir}/{p}")), true)],
                    None => vec![
                        (format!("{dir}/{}.rs", d.name), false),
                        (format!("{dir}/{}/mod.rs", d.name), true),
                    ],
                };
                match candidates.into_iter().find(|(f, _)| files.contains_key(f)) {
                    Some((f, _)) if d.test_only => {
                        test_only_files.insert(f);
                    }
                    Some((f, child_mod_rs)) => queue.push_back((f, k, child_mod_rs)),
                    None if d.test_only => {}
                    None => s.problems.push(format!(
                        "{file}: `mod {}` has no file ({}.rs or {}/mod.rs under {dir}/)",
                        d.name, d.name, d.name
                    )),
                }
            }
            parsed.push((file, p));
        }
        for f in files.keys() {
            if !s.file_module.contains_key(f) && !test_only_files.contains(f) {
                s.problems.push(format!(
                    "{f}: no `mod` declaration reaches it from a crate root"
                ));
            }
        }
        for (_, p) in &parsed {
            for (scope, name, path) in &p.imports {
                s.imports
                    .entry((scope.clone(), name.clone()))
                    .or_insert_with(|| path.clone());
            }
        }
        for (file, p) in &parsed {
            for r in &p.refs {
                let Some(to) = s.resolve(&r.scope, &r.path, r.in_use, &is_lib, lib_name, 0) else {
                    continue;
                };
                if to == *file || s.is_ancestor(file, &to) {
                    continue;
                }
                s.edges
                    .entry(file.clone())
                    .or_default()
                    .entry(to)
                    .or_insert_with(|| (r.line, shown(&r.path)));
            }
        }
        s
    }

    /// The file a path written in `scope` leads to (None: outside the crates).
    fn resolve(
        &self,
        scope: &ModKey,
        path: &[String],
        in_use: bool,
        is_lib: &[bool],
        lib_name: &str,
        hops: usize,
    ) -> Option<String> {
        let first = path.first()?.as_str();
        let child = |m: &ModKey, name: &str| {
            let mut k = m.clone();
            k.1.push(name.to_string());
            k
        };
        let (mut module, rest) = match first {
            "crate" => ((scope.0, Vec::new()), &path[1..]),
            "self" => (scope.clone(), &path[1..]),
            "super" => {
                let mut m = scope.clone();
                let mut k = 0;
                while path.get(k).map(String::as_str) == Some("super") {
                    m.1.pop()?;
                    k += 1;
                }
                (m, &path[k..])
            }
            name if name == lib_name && !is_lib[scope.0] => ((0, Vec::new()), &path[1..]),
            name if in_use && self.modules.contains_key(&child(scope, name)) => {
                (scope.clone(), path)
            }
            _ => return None,
        };
        let mut item = None;
        for seg in rest {
            let next = child(&module, seg);
            if self.modules.contains_key(&next) {
                module = next;
            } else {
                if seg != "self" && seg != "*" {
                    item = Some(seg);
                }
                break;
            }
        }
        // A name imported into that module (a re-export, most often): its definition.
        if let Some(item) = item {
            if let Some(target) = self.imports.get(&(module.clone(), item.clone())) {
                if hops < 16 {
                    if let Some(f) = self.resolve(&module, target, true, is_lib, lib_name, hops + 1)
                    {
                        return Some(f);
                    }
                }
            }
        }
        self.modules.get(&module).cloned()
    }

    /// Whether `file`'s module is a proper ancestor of `other`'s.
    fn is_ancestor(&self, file: &str, other: &str) -> bool {
        match (self.file_module.get(file), self.file_module.get(other)) {
            (Some(a), Some(b)) => a.0 == b.0 && a.1.len() < b.1.len() && b.1.starts_with(&a.1),
            _ => false,
        }
    }

    /// Strongly connected components of more than one file (Tarjan), each sorted.
    fn cycle_groups(&self) -> Vec<Vec<String>> {
        struct Tarjan<'a> {
            edges: &'a BTreeMap<String, BTreeMap<String, (usize, String)>>,
            index: BTreeMap<&'a str, usize>,
            low: BTreeMap<&'a str, usize>,
            stack: Vec<&'a str>,
            on_stack: BTreeSet<&'a str>,
            groups: Vec<Vec<String>>,
        }
        impl<'a> Tarjan<'a> {
            fn visit(&mut self, v: &'a str) {
                let n = self.index.len();
                self.index.insert(v, n);
                self.low.insert(v, n);
                self.stack.push(v);
                self.on_stack.insert(v);
                let edges = self.edges;
                for w in edges.get(v).into_iter().flat_map(|t| t.keys()) {
                    if !self.index.contains_key(w.as_str()) {
                        self.visit(w);
                        let low = self.low[v].min(self.low[w.as_str()]);
                        self.low.insert(v, low);
                    } else if self.on_stack.contains(w.as_str()) {
                        let low = self.low[v].min(self.index[w.as_str()]);
                        self.low.insert(v, low);
                    }
                }
                if self.low[v] == self.index[v] {
                    let mut group = Vec::new();
                    loop {
                        let w = self.stack.pop().unwrap();
                        self.on_stack.remove(w);
                        group.push(w.to_string());
                        if w == v {
                            break;
                        }
                    }
                    if group.len() > 1 {
                        group.sort();
                        self.groups.push(group);
                    }
                }
            }
        }
        let mut t = Tarjan {
            edges: &self.edges,
            index: BTreeMap::new(),
            low: BTreeMap::new(),
            stack: Vec::new(),
            on_stack: BTreeSet::new(),
            groups: Vec::new(),
        };
        let nodes: BTreeSet<&str> = self
            .edges
            .iter()
            .flat_map(|(f, to)| std::iter::once(f.as_str()).chain(to.keys().map(String::as_str)))
            .collect();
        for v in nodes {
            if !t.index.contains_key(v) {
                t.visit(v);
            }
        }
        t.groups.sort();
        t.groups
    }

    /// The elementary cycles inside one group, each from its smallest file (at most 50).
    fn cycles_in(&self, group: &[String]) -> Vec<Vec<String>> {
        fn walk(
            s: &Structure,
            group: &[String],
            start: usize,
            path: &mut Vec<usize>,
            out: &mut Vec<Vec<String>>,
        ) {
            let v = *path.last().unwrap();
            for (w, name) in group.iter().enumerate() {
                if out.len() >= 50 || !s.edges[&group[v]].contains_key(name) {
                    continue;
                }
                if w == start {
                    let mut cycle: Vec<String> = path.iter().map(|&k| group[k].clone()).collect();
                    cycle.push(group[start].clone());
                    out.push(cycle);
                } else if w > start && !path.contains(&w) {
                    path.push(w);
                    walk(s, group, start, path, out);
                    path.pop();
                }
            }
        }
        let mut out = Vec::new();
        for start in 0..group.len() {
            walk(self, group, start, &mut vec![start], &mut out);
        }
        out
    }

    fn cycle_report(&self, groups: &[Vec<String>]) -> String {
        let mut r = format!(
            "{} import cycle group(s) between files in src/ (a file's module must not \
             depend, through other files, on itself):\n",
            groups.len()
        );
        for g in groups {
            r += &format!("\ncycle group of {} files:\n", g.len());
            for c in self.cycles_in(g) {
                r += &format!("  {}\n", c.join(" -> "));
            }
            r += "the imports between them:\n";
            for from in g {
                let mut inside: Vec<_> = self.edges[from]
                    .iter()
                    .filter(|(to, _)| g.contains(to))
                    .collect();
                inside.sort_by_key(|(_, (line, _))| *line);
                for (to, (line, path)) in inside {
                    r += &format!("  {from}:{line} {path} -> {to}\n");
                }
            }
        }
        r
    }

    /// Each import by which a file under `inner` reaches a file under one of `outer`
    /// (directly, or through files outside `inner`): `file:line path -> … -> target`.
    fn layering_violations(&self, inner: &str, outer: &[&str]) -> Vec<String> {
        let is_outer = |f: &str| outer.iter().any(|o| f.starts_with(o));
        let mut out = Vec::new();
        for (from, to) in self.edges.iter().filter(|(f, _)| f.starts_with(inner)) {
            for (first, (line, path)) in to.iter().filter(|(t, _)| !t.starts_with(inner)) {
                // Breadth-first from `first` to the nearest outer file, outside `inner`.
                let mut prev: BTreeMap<&str, &str> = BTreeMap::new();
                let mut queue = VecDeque::from([first.as_str()]);
                let mut seen = BTreeSet::from([first.as_str()]);
                while let Some(v) = queue.pop_front() {
                    if is_outer(v) {
                        let mut chain = vec![v];
                        while let Some(&p) = prev.get(chain.last().unwrap()) {
                            chain.push(p);
                        }
                        chain.reverse();
                        out.push(format!("{from}:{line} {path} -> {}", chain.join(" -> ")));
                        break;
                    }
                    for w in self.edges.get(v).into_iter().flat_map(|t| t.keys()) {
                        if !w.starts_with(inner) && seen.insert(w.as_str()) {
                            prev.insert(w.as_str(), v);
                            queue.push_back(w.as_str());
                        }
                    }
                }
            }
        }
        out
    }
}

//! Splitting a post file into front matter and body.
//!
//! Accepted layouts (what Hexo's `hexo-front-matter` and Jekyll accept, plus what
//! editors do to files):
//! - optional UTF-8 BOM and blank lines, then `---` … `---` (YAML);
//! - Hexo's short form: no opening `---`, the YAML ends at the first `---` line;
//! - `;;;` … `;;;` (Hexo's JSON front matter);
//! - `+++` … `+++` (TOML, Hugo/Zola): recognised and reported as unsupported so the
//!   body is not shown with metadata glued on top;
//! - no front matter at all: the whole file is the body.
//!
//! CRLF and lone CR line endings are normalised to LF first.

/// Which syntax the metadata block was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatterKind {
    Yaml,
    Json,
    Toml,
}

/// A post file cut in two. `matter` is `None` when the file has no front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub matter: Option<(MatterKind, String)>,
    pub body: String,
}

/// Normalises line endings and strips a leading BOM.
pub fn normalise_text(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    }
}

/// Cuts `text` (already normalised) into front matter and body.
pub fn split(text: &str) -> Split {
    // Blank lines before the opening fence are common (the RSS-fed Hexo sites write one).
    let trimmed = text.trim_start_matches(['\n', ' ', '\t']);
    for (fence, kind) in [
        ("---", MatterKind::Yaml),
        (";;;", MatterKind::Json),
        ("+++", MatterKind::Toml),
    ] {
        if let Some(rest) = opening_fence(trimmed, fence) {
            if let Some((matter, body)) = until_fence(rest, fence) {
                return Split {
                    matter: Some((kind, matter.to_owned())),
                    body: body.to_owned(),
                };
            }
            // An opening fence with no closing one: either a Markdown horizontal rule at
            // the top of a body-only file, or truncated metadata. Treat it as body; the
            // caller notices a YAML-looking head and reports it.
            return Split {
                matter: None,
                body: text.to_owned(),
            };
        }
    }
    // Hexo's short form: `title: x\ndate: y\n---\nbody`.
    if let Some((matter, body)) = until_fence(trimmed, "---") {
        if looks_like_yaml_mapping(matter) {
            return Split {
                matter: Some((MatterKind::Yaml, matter.to_owned())),
                body: body.to_owned(),
            };
        }
    }
    Split {
        matter: None,
        body: text.to_owned(),
    }
}

/// If `s` starts with a fence line (`---` or longer, nothing else on the line), the rest.
fn opening_fence<'a>(s: &'a str, fence: &str) -> Option<&'a str> {
    let (first, rest) = s.split_once('\n').unwrap_or((s, ""));
    is_fence_line(first, fence).then_some(rest)
}

fn is_fence_line(line: &str, fence: &str) -> bool {
    let ch = fence.as_bytes()[0] as char;
    let line = line.trim_end();
    line.len() >= 3 && line.chars().all(|c| c == ch)
}

/// Splits at the first fence line: (before, after).
fn until_fence<'a>(s: &'a str, fence: &str) -> Option<(&'a str, &'a str)> {
    let mut offset = 0;
    for line in s.split_inclusive('\n') {
        let content = line.strip_suffix('\n').unwrap_or(line);
        if is_fence_line(content, fence) {
            let before = &s[..offset];
            let after = &s[offset + line.len()..];
            return Some((before.strip_suffix('\n').unwrap_or(before), after));
        }
        offset += line.len();
    }
    None
}

/// Hexo's short form is only taken when the head really reads as `key: value` lines;
/// otherwise a body-only Markdown file with a `---` rule would lose its first part.
fn looks_like_yaml_mapping(head: &str) -> bool {
    let mut keys = 0;
    for line in head.lines() {
        let t = line.trim_end();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if t.starts_with(' ') || t.starts_with('\t') || t.starts_with("- ") || t == "-" {
            continue; // continuation of a list or nested value
        }
        match t.split_once(':') {
            Some((k, v))
                if !k.is_empty()
                    && k.len() <= 40
                    && k.chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                    && (v.is_empty() || v.starts_with(' ')) =>
            {
                keys += 1
            }
            _ => return false,
        }
    }
    keys > 0
}

/// Does a body-only file start like metadata whose closing fence is missing?
pub fn looks_unterminated(text: &str) -> bool {
    let trimmed = text.trim_start_matches(['\n', ' ', '\t']);
    match opening_fence(trimmed, "---") {
        Some(rest) => {
            // The first line after the fence reads as `key: value`, and no fence closes it.
            let first = rest.lines().next().unwrap_or("");
            !first.trim().is_empty()
                && looks_like_yaml_mapping(first)
                && until_fence(rest, "---").is_none()
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(s: &Split) -> &str {
        match &s.matter {
            Some((MatterKind::Yaml, m)) => m,
            other => panic!("expected YAML matter, got {other:?}"),
        }
    }

    #[test]
    fn standard_fences() {
        let s = split("---\ntitle: A\n---\nbody\n");
        assert_eq!(yaml(&s), "title: A");
        assert_eq!(s.body, "body\n");
    }

    #[test]
    fn blank_lines_and_bom_before_fence() {
        let s = split(&normalise_text("\u{feff}\n\n---\ntitle: A\n---\n\nbody"));
        assert_eq!(yaml(&s), "title: A");
        assert_eq!(s.body, "\nbody");
    }

    #[test]
    fn crlf_is_normalised() {
        let s = split(&normalise_text("---\r\ntitle: A\r\n---\r\nline1\r\nline2"));
        assert_eq!(yaml(&s), "title: A");
        assert_eq!(s.body, "line1\nline2");
    }

    #[test]
    fn hexo_short_form_without_opening_fence() {
        let s = split("title: Short\ndate: 2020-01-01\ntags:\n- a\n---\nThe body.");
        assert_eq!(yaml(&s), "title: Short\ndate: 2020-01-01\ntags:\n- a");
        assert_eq!(s.body, "The body.");
    }

    #[test]
    fn body_only_file_with_horizontal_rule_stays_body() {
        let text = "Some intro paragraph.\n\n---\n\nMore text.";
        let s = split(text);
        assert!(s.matter.is_none());
        assert_eq!(s.body, text);
    }

    #[test]
    fn no_front_matter() {
        let s = split("# Just a heading\n\nText.");
        assert!(s.matter.is_none());
        assert_eq!(s.body, "# Just a heading\n\nText.");
    }

    #[test]
    fn empty_front_matter_and_no_body() {
        let s = split("---\n---\n");
        assert_eq!(yaml(&s), "");
        assert_eq!(s.body, "");
        let s = split("---\ntitle: only\n---");
        assert_eq!(yaml(&s), "title: only");
        assert_eq!(s.body, "");
    }

    #[test]
    fn longer_fences_and_trailing_spaces() {
        let s = split("----  \ntitle: A\n-----\nbody");
        assert_eq!(yaml(&s), "title: A");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn json_and_toml_fences() {
        let s = split(";;;\n{\"title\": \"J\"}\n;;;\nbody");
        assert_eq!(
            s.matter,
            Some((MatterKind::Json, "{\"title\": \"J\"}".into()))
        );
        let s = split("+++\ntitle = \"T\"\n+++\nbody");
        assert_eq!(s.matter, Some((MatterKind::Toml, "title = \"T\"".into())));
        assert_eq!(s.body, "body");
    }

    #[test]
    fn unterminated_is_detected() {
        assert!(looks_unterminated(
            "---\ntitle: A\ndate: 2020-01-01\nbody text"
        ));
        assert!(!looks_unterminated("---\n\nJust a rule at the top"));
        assert!(!looks_unterminated("---\ntitle: A\n---\nbody"));
    }
}

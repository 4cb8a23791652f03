//! Markdown → HTML with pulldown-cmark, before sanitizing. The app never calls it
//! (it hands HTML to `render_html`): the post reader's wasm (reader/) converts
//! Markdown for it.

use pulldown_cmark::{html, Options, Parser};

/// Markdown → HTML (not sanitized: `render_html` does that), with tables,
/// strikethrough, footnotes, task lists and `{#id}` heading attributes.
pub fn markdown_to_html(md: &str) -> String {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let parser = Parser::new_ext(md, opts);
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, parser);
    // pulldown-cmark aligns table cells with inline styles; styles are not allowed
    // through (strict CSP), so turn them into the `align` attribute.
    if out.contains("style=\"text-align: ") {
        for a in ["left", "center", "right"] {
            out = out.replace(
                &format!(" style=\"text-align: {a}\""),
                &format!(" align=\"{a}\""),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::core::body::{render, BodyFormat};

    fn md(s: &str) -> String {
        render(s, BodyFormat::Markdown, "post.md").html
    }

    #[test]
    fn markdown_extensions() {
        let h = md("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n~~gone~~\n\n- [x] done\n- [ ] todo\n\nNote[^1].\n\n[^1]: The footnote.");
        assert!(h.contains("<table>"), "{h}");
        assert!(h.contains("<th align=\"left\">a</th>"), "{h}");
        assert!(h.contains("<del>gone</del>"), "{h}");
        assert!(h.contains("type=\"checkbox\""), "{h}");
        assert!(h.contains("disabled"), "{h}");
        assert!(h.contains("footnote-definition"), "{h}");
        assert!(!h.contains("style="), "{h}");
    }

    #[test]
    fn code_blocks_stay_code() {
        let h = md("```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```\n");
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{h}");
        assert!(h.contains("class=\"language-html\""), "{h}");
        assert!(!h.contains("<script"), "{h}");
        let r = render("```\n<script>x</script>\n```", BodyFormat::Markdown, "");
        assert!(r.text.contains("<script>x</script>"));
    }
}

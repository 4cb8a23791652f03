//! What to mark in a title or snippet. Output is (text, is_match) segments borrowed
//! from the input — never HTML — so the UI renders them as text nodes and `<mark>`s
//! and nothing from an article can become markup.
//!
//! Matching here follows the same tokenizer and folding as the index (so `Café`
//! lights up for `cafe`, and `中国投资者情绪指数` marks exactly `投资者情绪`), and
//! streams: a snippet only tokenizes up to the first match plus the snippet length.

use std::collections::VecDeque;
use std::ops::Range;

use crate::core::order;

use super::query::{Query, Term, FUZZY_MIN_CHARS};
use super::rank::within_one_edit;
use super::tokenize::{TokenKind, Tokenizer};

/// Default snippet length in characters.
pub const SNIPPET_CHARS: usize = 160;

/// A piece of text to show, marked or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment<'a> {
    pub text: &'a str,
    pub is_match: bool,
}

/// Byte ranges of `text` matching the query's required terms, sorted and merged.
pub fn match_ranges(text: &str, query: &Query) -> Vec<Range<usize>> {
    let mut m = Matcher::new(query);
    let mut t = Tokenizer::new(text);
    let mut out = Vec::new();
    while let Some(tok) = t.next_token() {
        m.push(tok.kind, tok.text, tok.start, tok.end, tok.pos, &mut out);
    }
    merge(out)
}

/// Whether `text` matches the query anywhere; stops at the first match (bodies can be
/// long, and this runs for every result card on every keystroke).
pub fn contains_match(text: &str, query: &Query) -> bool {
    let mut m = Matcher::new(query);
    let mut t = Tokenizer::new(text);
    let mut out = Vec::new();
    while let Some(tok) = t.next_token() {
        m.push(tok.kind, tok.text, tok.start, tok.end, tok.pos, &mut out);
        if !out.is_empty() {
            return true;
        }
    }
    false
}

/// The whole text as segments, matches marked (for titles).
pub fn highlight<'a>(text: &'a str, query: &Query) -> Vec<Segment<'a>> {
    segments(text, 0..text.len(), &match_ranges(text, query))
}

/// About `max_chars` characters of `text` around the first match, as segments, with
/// "…" segments where the text was cut. Without a match: the beginning of the text.
pub fn snippet<'a>(text: &'a str, query: &Query, max_chars: usize) -> Vec<Segment<'a>> {
    let mut m = Matcher::new(query);
    let mut t = Tokenizer::new(text);
    let mut ranges = Vec::new();
    let mut window: Option<Range<usize>> = None;
    while let Some(tok) = t.next_token() {
        if window.as_ref().is_some_and(|w| tok.start >= w.end) {
            break;
        }
        m.push(tok.kind, tok.text, tok.start, tok.end, tok.pos, &mut ranges);
        if window.is_none() {
            if let Some(first) = ranges.first() {
                window = Some(window_around(text, first.start, max_chars));
            }
        }
    }
    let window = window.unwrap_or_else(|| window_around(text, 0, max_chars));
    let mut out = Vec::new();
    if window.start > 0 {
        out.push(Segment {
            text: "…",
            is_match: false,
        });
    }
    out.extend(segments(text, window.clone(), &merge(ranges)));
    if window.end < text.len() {
        out.push(Segment {
            text: "…",
            is_match: false,
        });
    }
    out
}

/// A char-boundary window of `max_chars` characters that starts a little before
/// `at` (a quarter of the window of context), moved to a word start when one is near.
fn window_around(text: &str, at: usize, max_chars: usize) -> Range<usize> {
    let at = floor_boundary(text, at);
    let context = max_chars / 4;
    let head = &text[..at];
    let mut start = head
        .char_indices()
        .rev()
        .nth(context.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    if context == 0 {
        start = at;
    }
    // Prefer not to begin mid-word in Latin text.
    if start > 0 {
        if let Some(sp) = text[start..at].find(' ') {
            start += sp + 1;
        }
    }
    let end = text[start..]
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(i, _)| start + i);
    start..end
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Splits `text[window]` into segments at the (merged, sorted) `ranges`.
fn segments<'a>(text: &'a str, window: Range<usize>, ranges: &[Range<usize>]) -> Vec<Segment<'a>> {
    let mut out = Vec::new();
    let mut at = window.start;
    for r in ranges {
        let s = floor_boundary(text, r.start.max(window.start));
        let e = floor_boundary(text, r.end.min(window.end));
        if s >= e || s < at {
            continue;
        }
        if s > at {
            out.push(Segment {
                text: &text[at..s],
                is_match: false,
            });
        }
        out.push(Segment {
            text: &text[s..e],
            is_match: true,
        });
        at = e;
    }
    if at < window.end {
        out.push(Segment {
            text: &text[at..window.end],
            is_match: false,
        });
    }
    out
}

fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    order::sort_by(&mut ranges, |a, b| (a.start, a.end).cmp(&(b.start, b.end)));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// A recent token, kept for phrase matching.
struct Recent {
    kind: TokenKind,
    text: String,
    start: usize,
    pos: u32,
}

/// Streaming matcher: tokens go in one at a time; ranges come out when a term's last
/// token arrives.
struct Matcher<'q> {
    query: &'q Query,
    recent: VecDeque<Recent>,
    /// Longest phrase span in positions: how far back phrase matching looks.
    span: u32,
}

impl<'q> Matcher<'q> {
    fn new(query: &'q Query) -> Self {
        let span = query
            .terms
            .iter()
            .filter_map(|t| match t {
                Term::Phrase(p) => p.last().map(|l| l.offset),
                Term::Word { .. } => None,
            })
            .max()
            .unwrap_or(0);
        Matcher {
            query,
            recent: VecDeque::new(),
            span,
        }
    }

    fn push(
        &mut self,
        kind: TokenKind,
        text: &str,
        start: usize,
        end: usize,
        pos: u32,
        out: &mut Vec<Range<usize>>,
    ) {
        if self.span > 0 {
            while self.recent.front().is_some_and(|r| r.pos + self.span < pos) {
                self.recent.pop_front();
            }
            self.recent.push_back(Recent {
                kind,
                text: text.to_owned(),
                start,
                pos,
            });
        }
        for term in &self.query.terms {
            match term {
                Term::Word {
                    word,
                    prefix,
                    fuzzy,
                } => {
                    let hit = kind == TokenKind::Word
                        && (text == word
                            || (*prefix && text.starts_with(word.as_str()))
                            || (*fuzzy
                                && text.chars().count() + 1 >= FUZZY_MIN_CHARS
                                && text.len().abs_diff(word.len()) <= 2
                                && within_one_edit(word, text)));
                    if hit {
                        out.push(start..end);
                    }
                }
                Term::Phrase(toks) => {
                    let Some(last) = toks.last() else { continue };
                    if last.kind != kind || last.text != text || pos < last.offset {
                        continue;
                    }
                    let base = pos - last.offset;
                    let mut first_start = start;
                    let all = toks.iter().all(|t| {
                        let want = base + t.offset;
                        if want == pos {
                            return t.kind == kind && t.text == text;
                        }
                        self.recent.iter().any(|r| {
                            let ok = r.pos == want && r.kind == t.kind && r.text == t.text;
                            if ok && t.offset == 0 {
                                first_start = r.start;
                            }
                            ok
                        })
                    });
                    if all {
                        out.push(first_start..end);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(segs: &[Segment<'_>]) -> Vec<String> {
        segs.iter()
            .filter(|s| s.is_match)
            .map(|s| s.text.to_owned())
            .collect()
    }

    #[test]
    fn cjk_substring_marks_exact_span() {
        let q = Query::parse("投资者情绪");
        let segs = highlight("10月中国投资者情绪指数环比基本持平", &q);
        assert_eq!(marked(&segs), ["投资者情绪"]);
        assert_eq!(
            segs.iter().map(|s| s.text).collect::<String>(),
            "10月中国投资者情绪指数环比基本持平"
        );
    }

    #[test]
    fn words_prefix_fuzzy_and_folding() {
        let q = Query::parse("café secur");
        assert_eq!(
            marked(&highlight("Cafe and Café; SECURITY secure", &q)),
            ["Cafe", "Café", "SECURITY", "secure"]
        );
        let q = Query::parse("serch ");
        assert_eq!(marked(&highlight("Search, searched.", &q)), ["Search"]);
    }

    #[test]
    fn phrase_marks_whole_span() {
        let q = Query::parse("\"hello world\"");
        assert_eq!(
            marked(&highlight("hello there, hello  World!", &q)),
            ["hello  World"]
        );
    }

    #[test]
    fn snippet_is_char_safe_and_around_match() {
        let text = format!("{}安全{}", "前".repeat(300), "后".repeat(300));
        let segs = snippet(&text, &Query::parse("安全"), 160);
        assert_eq!(segs.first().map(|s| s.text), Some("…"));
        assert_eq!(segs.last().map(|s| s.text), Some("…"));
        assert_eq!(marked(&segs), ["安全"]);
        let chars: usize = segs.iter().map(|s| s.text.chars().count()).sum();
        assert!((150..=165).contains(&chars), "{chars}");
        // No match: the beginning.
        let segs = snippet("short text", &Query::parse("zzz"), 160);
        assert_eq!(
            segs,
            vec![Segment {
                text: "short text",
                is_match: false
            }]
        );
    }

    #[test]
    fn contains_match_agrees_with_match_ranges() {
        let texts = [
            "10月中国投资者情绪指数环比基本持平",
            "Cafe and Café; SECURITY secure",
            "hello there, hello  World!",
            "",
            "安",
        ];
        for q in [
            "投资者情绪",
            "中",
            "café secur",
            "serch ",
            "\"hello world\"",
            "\"world hello\"",
            "zzz",
            "-cafe secure",
        ] {
            let q = Query::parse(q);
            for t in texts {
                assert_eq!(
                    contains_match(t, &q),
                    !match_ranges(t, &q).is_empty(),
                    "{q:?} in {t:?}"
                );
            }
        }
    }
}

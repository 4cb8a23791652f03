//! What the reader typed → `Query`.
//!
//! Syntax (forgiving: every input parses, nothing is an error):
//! - free terms, separated by spaces, all required: `安全 security`
//! - Latin words match whole words; the last one, while still being typed (no
//!   trailing space), also matches as a prefix; words of 5+ letters also match
//!   spelling variants one edit away;
//! - a run of CJK characters matches as an exact substring (`投资者情绪`);
//! - `"exact phrase"` (also “…” and 「…」): tokens at consecutive positions;
//! - `-word`, `-"a phrase"`: exclude matching articles;
//! - nothing (or only exclusions) = browse everything.
//!
//! Filters (category, tag, author, year, month) come from the URL state, not the
//! typed text, and live in `Filters`.

use super::tokenize::{tokens, OwnedToken, TokenKind};

/// Longest query looked at, in characters; the rest is ignored (a pasted essay must
/// not turn into a thousand terms).
pub const MAX_QUERY_CHARS: usize = 256;
/// Most required terms / exclusions kept.
pub const MAX_TERMS: usize = 12;

/// Words this long or longer get typo tolerance (edit distance 1).
pub const FUZZY_MIN_CHARS: usize = 5;

/// One token of a phrase with its position relative to the phrase start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseToken {
    pub kind: TokenKind,
    /// Folded text: a word or one CJK character.
    pub text: String,
    pub offset: u32,
}

/// A required or excluded term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A folded Latin word.
    Word {
        word: String,
        /// Also match words starting with it (the word being typed).
        prefix: bool,
        /// Also match words one edit away.
        fuzzy: bool,
    },
    /// Tokens that must appear in this order at consecutive positions: a quoted
    /// phrase, or an unquoted run of CJK characters (= an exact substring).
    Phrase(Vec<PhraseToken>),
}

/// Filters on catalog metadata, combined with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Category path, parent → child; articles in sub-categories match too.
    pub category: Vec<String>,
    pub tag: Option<String>,
    pub author: Option<String>,
    pub year: Option<i32>,
    /// 1–12; applies together with `year`.
    pub month: Option<u32>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self == &Filters::default()
    }
}

/// A parsed search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// All must match.
    pub terms: Vec<Term>,
    /// None may match.
    pub excluded: Vec<Term>,
    pub filters: Filters,
}

impl Query {
    /// Parses typed text (no filters).
    pub fn parse(input: &str) -> Query {
        let mut q = Query::default();
        let chunks = chunks(input);
        let last = chunks.len().saturating_sub(1);
        for (i, chunk) in chunks.into_iter().enumerate() {
            let open_end = i == last && chunk.open_end;
            let terms = chunk_terms(&chunk, open_end);
            let target = if chunk.negated {
                &mut q.excluded
            } else {
                &mut q.terms
            };
            for t in terms {
                if !target.contains(&t) && target.len() < MAX_TERMS {
                    target.push(t);
                }
            }
        }
        q
    }

    /// Parses typed text and attaches filters.
    pub fn with_filters(input: &str, filters: Filters) -> Query {
        Query {
            filters,
            ..Query::parse(input)
        }
    }

    /// No required terms: list (filtered) articles instead of searching.
    pub fn is_browse(&self) -> bool {
        self.terms.is_empty()
    }
}

/// A whitespace-separated or quoted piece of the query.
#[derive(Debug)]
struct Chunk {
    text: String,
    quoted: bool,
    negated: bool,
    /// The query ends inside this chunk (the reader is still typing it).
    open_end: bool,
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '＂' | '“' | '”' | '„' | '「' | '」' | '『' | '』')
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '－' | '−')
}

fn chunks(input: &str) -> Vec<Chunk> {
    let chars: Vec<char> = input.chars().take(MAX_QUERY_CHARS).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let mut negated = false;
        if is_dash(chars[i]) && chars.get(i + 1).is_some_and(|c| !c.is_whitespace()) {
            negated = true;
            i += 1;
        }
        let mut text = String::new();
        let quoted = chars.get(i).copied().is_some_and(is_quote);
        if quoted {
            i += 1;
            while i < chars.len() && !is_quote(chars[i]) {
                text.push(chars[i]);
                i += 1;
            }
            i += 1; // the closing quote, if any
        } else {
            while i < chars.len() && !chars[i].is_whitespace() && !is_quote(chars[i]) {
                text.push(chars[i]);
                i += 1;
            }
        }
        let open_end = !quoted && i >= chars.len();
        out.push(Chunk {
            text,
            quoted,
            negated,
            open_end,
        });
    }
    out
}

fn word_term(word: String, prefix: bool) -> Term {
    let fuzzy = word.chars().count() >= FUZZY_MIN_CHARS && word.chars().all(char::is_alphabetic);
    Term::Word {
        word,
        prefix,
        fuzzy,
    }
}

fn phrase(toks: &[OwnedToken]) -> Term {
    let first = toks.first().map_or(0, |t| t.pos);
    Term::Phrase(
        toks.iter()
            .map(|t| PhraseToken {
                kind: t.kind,
                text: t.text.clone(),
                offset: t.pos - first,
            })
            .collect(),
    )
}

fn chunk_terms(chunk: &Chunk, open_end: bool) -> Vec<Term> {
    let toks = tokens(&chunk.text);
    if toks.is_empty() {
        return Vec::new();
    }
    if chunk.quoted {
        return match toks.as_slice() {
            [only] if only.kind == TokenKind::Word => vec![Term::Word {
                word: only.text.clone(),
                prefix: false,
                fuzzy: false,
            }],
            _ => vec![phrase(&toks)],
        };
    }
    // Unquoted: each word is a term; each run of adjacent CJK characters is one.
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        match t.kind {
            TokenKind::Word => {
                let last = i + 1 == toks.len();
                let prefix = open_end && last && !chunk.negated;
                let term = if chunk.negated {
                    Term::Word {
                        word: t.text.clone(),
                        prefix: false,
                        fuzzy: false,
                    }
                } else {
                    word_term(t.text.clone(), prefix)
                };
                out.push(term);
                i += 1;
            }
            TokenKind::Cjk => {
                let mut j = i + 1;
                while j < toks.len()
                    && toks[j].kind == TokenKind::Cjk
                    && toks[j].pos == toks[j - 1].pos + 1
                {
                    j += 1;
                }
                out.push(phrase(&toks[i..j]));
                i = j;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: &str, prefix: bool, fuzzy: bool) -> Term {
        Term::Word {
            word: w.into(),
            prefix,
            fuzzy,
        }
    }

    fn cjk(s: &str) -> Term {
        Term::Phrase(
            s.chars()
                .enumerate()
                .map(|(i, c)| PhraseToken {
                    kind: TokenKind::Cjk,
                    text: c.to_string(),
                    offset: i as u32,
                })
                .collect(),
        )
    }

    #[test]
    fn free_terms_mixed_scripts() {
        let q = Query::parse("Linux内核 性能");
        assert_eq!(
            q.terms,
            vec![word("linux", false, true), cjk("内核"), cjk("性能")]
        );
        assert!(q.excluded.is_empty());
    }

    #[test]
    fn last_word_is_prefix_while_typing() {
        assert_eq!(
            Query::parse("rust secur").terms,
            vec![word("rust", false, false), word("secur", true, true)]
        );
        assert_eq!(
            Query::parse("rust secur ").terms[1],
            word("secur", false, true)
        );
    }

    #[test]
    fn phrases_and_exclusions() {
        let q = Query::parse("\"Hello World\" -spam -\"bad thing\" -广告 “中国 投资”");
        assert_eq!(q.excluded.len(), 3);
        assert_eq!(q.excluded[0], word("spam", false, false));
        assert!(matches!(&q.terms[0], Term::Phrase(p) if p.len() == 2 && p[1].offset == 1));
        // 中国 and 投资 are separated by a space: one position is skipped.
        assert!(matches!(&q.terms[1], Term::Phrase(p) if p.len() == 4 && p[2].offset == 3));
        assert_eq!(q.excluded[2], cjk("广告"));
    }

    #[test]
    fn browse_and_garbage() {
        assert!(Query::parse("").is_browse());
        assert!(Query::parse("   \"  - -- ，。").is_browse());
        assert!(Query::parse("-foo").is_browse());
        assert_eq!(Query::parse("\"unclosed phrase").terms.len(), 1);
        assert_eq!(Query::parse(&"a ".repeat(1000)).terms.len(), 1);
    }
}

//! Text → tokens with positions, shared by the indexer, the query parser and the
//! highlighter so that all three agree on what a "word" is.
//!
//! - Latin (and other space-separated scripts): maximal runs of letters/digits,
//!   folded (`normalize::fold_char`). Apostrophes, hyphens and punctuation separate.
//! - CJK (Han, kana, Hangul): every character is its own token. The index turns
//!   adjacent pairs into bigrams; the query side does the same.
//!
//! Positions count tokens. Between two CJK characters that are *not* directly
//! adjacent in the text (punctuation or a space between them) one position is
//! skipped, so "two CJK tokens at consecutive positions" always means "adjacent
//! characters in the text". That is what makes bigram positions an exact substring
//! test (see `rank.rs`).

use super::normalize::{fold_char, is_search_cjk, is_word_char};

/// Words longer than this are cut (base64 blobs and hashes are not search terms);
/// queries are cut the same way, so a long word still finds itself.
pub const MAX_WORD_CHARS: usize = 48;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A folded Latin word.
    Word,
    /// One CJK character.
    Cjk,
}

/// One token. `text` is the folded form and borrows the tokenizer's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'b> {
    pub kind: TokenKind,
    pub text: &'b str,
    /// Byte range of the token in the original text.
    pub start: usize,
    pub end: usize,
    pub pos: u32,
}

/// A lending tokenizer: `next_token` returns tokens that borrow an internal buffer, so
/// indexing 56M characters allocates nothing per token, and callers can stop early.
pub struct Tokenizer<'a> {
    text: &'a str,
    /// Byte offset of the next unread character.
    cursor: usize,
    next_pos: u32,
    /// End byte of the last token if it was CJK (for the adjacency gap rule).
    last_cjk_end: Option<usize>,
    buf: String,
    /// A CJK token found while a word was being read; emitted after the word.
    pending_cjk: Option<(char, usize, usize)>,
}

impl<'a> Tokenizer<'a> {
    pub fn new(text: &'a str) -> Self {
        Self::starting_at(text, 0)
    }

    /// Starts numbering positions at `first_pos` (fields with several values leave gaps).
    pub fn starting_at(text: &'a str, first_pos: u32) -> Self {
        Tokenizer {
            text,
            cursor: 0,
            next_pos: first_pos,
            last_cjk_end: None,
            buf: String::new(),
            pending_cjk: None,
        }
    }

    /// The position the next token would get (= positions used so far + start).
    pub fn next_position(&self) -> u32 {
        self.next_pos
    }

    pub fn next_token(&mut self) -> Option<Token<'_>> {
        if let Some((c, start, end)) = self.pending_cjk.take() {
            return Some(self.cjk_token(c, start, end));
        }
        self.buf.clear();
        let mut word_start = None;
        let mut word_end = 0;
        let mut word_chars = 0usize;
        let rest = self.text.get(self.cursor..).unwrap_or("");
        for (off, c) in rest.char_indices() {
            let start = self.cursor + off;
            let end = start + c.len_utf8();
            let mut cjk = None;
            let mut separator = false;
            let buf = &mut self.buf;
            fold_char(c, |f| {
                if cjk.is_some() || separator {
                    return;
                }
                if is_search_cjk(f) {
                    cjk = Some(f);
                } else if is_word_char(f) {
                    if word_chars < MAX_WORD_CHARS {
                        buf.push(f);
                        word_chars += 1;
                    }
                } else {
                    separator = true;
                }
            });
            if let Some(f) = cjk {
                self.cursor = end;
                if word_start.is_some() {
                    self.pending_cjk = Some((f, start, end));
                    return Some(self.word_token(word_start, word_end));
                }
                return Some(self.cjk_token(f, start, end));
            }
            if separator && !self.buf.is_empty() {
                self.cursor = end;
                return Some(self.word_token(word_start, word_end));
            }
            if !self.buf.is_empty() {
                // Letters (or a combining mark, which folds to nothing, inside a word).
                word_start.get_or_insert(start);
                word_end = end;
            }
        }
        self.cursor = self.text.len();
        if self.buf.is_empty() {
            None
        } else {
            Some(self.word_token(word_start, word_end))
        }
    }

    fn word_token(&mut self, start: Option<usize>, end: usize) -> Token<'_> {
        let pos = self.next_pos;
        self.next_pos += 1;
        self.last_cjk_end = None;
        Token {
            kind: TokenKind::Word,
            text: &self.buf,
            start: start.unwrap_or(end),
            end,
            pos,
        }
    }

    fn cjk_token(&mut self, c: char, start: usize, end: usize) -> Token<'_> {
        if self.last_cjk_end.is_some_and(|e| e != start) {
            self.next_pos += 1;
        }
        let pos = self.next_pos;
        self.next_pos += 1;
        self.last_cjk_end = Some(end);
        self.buf.clear();
        self.buf.push(c);
        Token {
            kind: TokenKind::Cjk,
            text: &self.buf,
            start,
            end,
            pos,
        }
    }
}

/// An owned token (queries, highlighting, tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedToken {
    pub kind: TokenKind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub pos: u32,
}

/// All tokens of `text`, owned.
pub fn tokens(text: &str) -> Vec<OwnedToken> {
    let mut t = Tokenizer::new(text);
    let mut out = Vec::new();
    while let Some(tok) = t.next_token() {
        out.push(OwnedToken {
            kind: tok.kind,
            text: tok.text.to_owned(),
            start: tok.start,
            end: tok.end,
            pos: tok.pos,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<(String, u32)> {
        tokens(s).into_iter().map(|t| (t.text, t.pos)).collect()
    }

    #[test]
    fn latin_words_folded() {
        let t = tokens("Héllo, WORLD! don't Straße");
        let words: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(words, ["hello", "world", "don", "t", "strasse"]);
        assert_eq!(&"Héllo, WORLD! don't Straße"[t[0].start..t[0].end], "Héllo");
        assert_eq!(t[4].pos, 4);
    }

    #[test]
    fn cjk_characters_with_gap_rule() {
        // 中国 adjacent (0,1); "，" between 国 and 人 skips one position.
        assert_eq!(
            texts("中国，人民"),
            vec![
                ("中".into(), 0),
                ("国".into(), 1),
                ("人".into(), 3),
                ("民".into(), 4)
            ]
        );
        // Mixed: a word between CJK takes a position but adds no gap.
        assert_eq!(
            texts("微软Excel表格"),
            vec![
                ("微".into(), 0),
                ("软".into(), 1),
                ("excel".into(), 2),
                ("表".into(), 3),
                ("格".into(), 4)
            ]
        );
    }

    #[test]
    fn full_width_and_ranges() {
        let s = "ＡＢＣ中";
        let t = tokens(s);
        assert_eq!(t[0].text, "abc");
        assert_eq!(&s[t[0].start..t[0].end], "ＡＢＣ");
        assert_eq!(&s[t[1].start..t[1].end], "中");
    }

    #[test]
    fn long_words_are_cut() {
        let long = "x".repeat(500);
        assert_eq!(tokens(&long)[0].text.len(), MAX_WORD_CHARS);
        assert!(tokens("").is_empty());
        assert!(tokens(" ,.!？。").is_empty());
    }
}

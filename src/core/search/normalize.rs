//! Character folding: the one definition of "the same letter" for indexing, querying
//! and highlighting.
//!
//! A small built-in table instead of a Unicode normalisation crate: this runs in wasm,
//! where every table costs bytes on the wire, and the Latin-1 / Latin Extended-A
//! letters below cover the diacritics that real posts use. Text in NFD form (base
//! letter + combining mark) folds the same way because combining marks are dropped.

use crate::core::text::is_cjk;

/// Calls `emit` with the search form of `c`: zero, one or a few characters.
///
/// - full-width ASCII (`Ａ`, `１`, `＂`) → half-width; U+3000 → space
/// - Latin letters with diacritics → base letters (`é`→`e`, `ß`→`ss`, `æ`→`ae`)
/// - combining marks (U+0300–U+036F) → nothing
/// - everything else → lowercase (`char::to_lowercase`)
pub fn fold_char(c: char, mut emit: impl FnMut(char)) {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
        return;
    }
    if ('\u{300}'..='\u{36F}').contains(&c) {
        return;
    }
    if let Some(base) = latin_base(c) {
        base.chars().for_each(emit);
        return;
    }
    for l in c.to_lowercase() {
        emit(l);
    }
}

/// The whole string folded (used for query parts and tests; the tokenizer folds as it
/// goes).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, |f| out.push(f));
    }
    out
}

/// CJK for search purposes: the scripts written without spaces (`text::is_cjk`) plus
/// the iteration marks 々〆〇, which belong inside Chinese/Japanese words.
pub fn is_search_cjk(c: char) -> bool {
    is_cjk(c) || matches!(c, '\u{3005}'..='\u{3007}')
}

/// Part of a Latin (space-separated) word: letters and digits of any non-CJK script.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_search_cjk(c)
}

/// Base letters for Latin-1 Supplement, Latin Extended-A and a few others.
fn latin_base(c: char) -> Option<&'static str> {
    let s = match c as u32 {
        0xC0..=0xC5 | 0xE0..=0xE5 | 0x100..=0x105 => "a",
        0xC6 | 0xE6 => "ae",
        0xC7 | 0xE7 | 0x106..=0x10D => "c",
        0xC8..=0xCB | 0xE8..=0xEB | 0x112..=0x11B => "e",
        0xCC..=0xCF | 0xEC..=0xEF | 0x128..=0x131 => "i",
        0xD0 | 0xF0 | 0x10E..=0x111 => "d",
        0xD1 | 0xF1 | 0x143..=0x14B => "n",
        0xD2..=0xD6 | 0xD8 | 0xF2..=0xF6 | 0xF8 | 0x14C..=0x151 => "o",
        0xD9..=0xDC | 0xF9..=0xFC | 0x168..=0x173 => "u",
        0xDD | 0xFD | 0xFF | 0x176..=0x178 => "y",
        0xDE | 0xFE => "th",
        0xDF => "ss",
        0x11C..=0x123 => "g",
        0x124..=0x127 => "h",
        0x132 | 0x133 => "ij",
        0x134 | 0x135 => "j",
        0x136..=0x138 => "k",
        0x139..=0x142 => "l",
        0x152 | 0x153 => "oe",
        0x154..=0x159 => "r",
        0x15A..=0x161 | 0x17F | 0x218 | 0x219 => "s",
        0x162..=0x167 | 0x21A | 0x21B => "t",
        0x174 | 0x175 => "w",
        0x179..=0x17E => "z",
        0xFB00 => "ff",
        0xFB01 => "fi",
        0xFB02 => "fl",
        _ => return None,
    };
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_diacritics_width_and_case() {
        assert_eq!(
            fold("Café Ünïcode Straße ÆON Łódź"),
            "cafe unicode strasse aeon lodz"
        );
        assert_eq!(fold("ＡＢＣ１２３＂"), "abc123\"");
        assert_eq!(fold("cafe\u{301}"), "cafe");
        assert_eq!(fold("中国投资者"), "中国投资者");
        assert_eq!(fold("ΑΘΗΝΑ Москва"), "αθηνα москва");
    }

    #[test]
    fn classes() {
        assert!(
            is_search_cjk('中')
                && is_search_cjk('か')
                && is_search_cjk('한')
                && is_search_cjk('々')
        );
        assert!(is_word_char('a') && is_word_char('9') && is_word_char('ж'));
        assert!(!is_word_char('中') && !is_word_char('-') && !is_word_char('，'));
    }
}

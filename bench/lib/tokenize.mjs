// Tokenizers for the MiniSearch peer (shared by the browser page, prebuild.mjs and the seeded
// queries of export.mjs): CJK runs become single characters + character bigrams (so any CJK
// substring can be found by AND-ing its bigrams), everything else becomes lowercased words of
// letters and digits (matched by prefix at query time). The bigram-only configuration
// (minisearch-bigram) indexes with queryTokens.
const CJK_CLASS = '\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uac00-\\ud7af';
export const CJK = new RegExp(`[${CJK_CLASS}]`, 'u');
/** A run of CJK characters. */
export const CJK_RUN = new RegExp(`[${CJK_CLASS}]+`, 'gu');
// A CJK run, or a run of other letters/digits (which must not swallow CJK: they are \p{L} too).
const RUNS = new RegExp(`([${CJK_CLASS}]+)|((?:(?![${CJK_CLASS}])[\\p{L}\\p{N}])+)`, 'gu');

/** Index side: CJK characters and bigrams, Latin words. */
export function indexTokens(text) {
  const out = [];
  for (const m of text.toLowerCase().matchAll(RUNS)) {
    if (m[1]) {
      const s = m[1];
      for (let i = 0; i < s.length; i++) {
        out.push(s[i]);
        if (i + 1 < s.length) out.push(s[i] + s[i + 1]);
      }
    } else {
      out.push(m[2]);
    }
  }
  return out;
}

/** Query side (and minisearch-bigram's index side): a 1-character CJK run stays a character,
 * longer runs become bigrams. */
export function queryTokens(text) {
  const out = [];
  for (const m of text.toLowerCase().matchAll(RUNS)) {
    if (m[1]) {
      const s = m[1];
      if (s.length === 1) out.push(s);
      for (let i = 0; i + 1 < s.length; i++) out.push(s[i] + s[i + 1]);
    } else {
      out.push(m[2]);
    }
  }
  return out;
}

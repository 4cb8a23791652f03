// The in-memory peers' index configurations, shared by the page (peer.mjs: built there from
// docs.json, or loaded prebuilt) and Node (prebuild.mjs: the prebuilt files). An exported index
// loads only into an index made with the same options, so both take them from here. The
// libraries are passed in: the page and Node import them from different places.

/** FlexSearch 0.8 `Document` options of `engine` (`Charset` from the library). The ids are
 * numbers, positions in docs.json: its docs recommend numeric ids, string ids cost memory. */
export function flexOptions(engine, { Charset }) {
  const document = { id: 'id', index: ['title', 'text'] };
  switch (engine) {
    // tokenize "full": every substring of every term, the configuration that finds mid-word
    // CJK substrings (its default encoder keeps a CJK run as one term).
    case 'flexsearch': return { document, tokenize: 'full' };
    // Its documented setup for Chinese (doc/encoder.md, "CJK Word Break": `encoder:
    // Charset.CJK`, default tokenizer "strict"): the encoder splits the text into single
    // characters, Latin words too, so a query matches every article that has all its
    // characters, anywhere and in any order.
    case 'flexsearch-cjk': return { document, encoder: Charset.CJK };
    default: throw new Error(`no FlexSearch configuration ${engine}`);
  }
}

/** MiniSearch 7 options of `engine` (tokenizers from tokenize.mjs). Latin words match by
 * prefix; a query's terms are all required (combineWith AND). */
export function miniOptions(engine, { indexTokens, queryTokens, CJK }) {
  const search = { tokenize: queryTokens, processTerm: (t) => t, combineWith: 'AND' };
  switch (engine) {
    // CJK characters + bigrams: a CJK query's bigrams (a single character as itself) match exactly.
    case 'minisearch':
      return { fields: ['title', 'text'], tokenize: indexTokens, processTerm: (t) => t, searchOptions: { ...search, prefix: (t) => !CJK.test(t) } };
    // CJK bigrams only (a run of one character, which has no bigram, as itself): a smaller
    // index. A single-character query can only match as a prefix of bigrams, so it finds the
    // character where another CJK character follows it, not at the end of a run (before
    // punctuation, a Latin word or the end of the text).
    case 'minisearch-bigram':
      return { fields: ['title', 'text'], tokenize: queryTokens, processTerm: (t) => t, searchOptions: { ...search, prefix: (t) => !CJK.test(t) || t.length === 1 } };
    default: throw new Error(`no MiniSearch configuration ${engine}`);
  }
}

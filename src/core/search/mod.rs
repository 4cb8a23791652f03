//! Client-side search over the catalog (issue 4): tokenizing, index, query, ranking, facets.

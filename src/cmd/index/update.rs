//! `broadsheet index` on a folder it indexed before: only the post files that changed
//! since (the cache, `cache.rs`, says which) are read and tokenized; the catalog is
//! built from the cache and them; the search index is the earlier one updated in place
//! (`core::search::update`: its postings renumbered and joined with the new posts',
//! one shard at a time); catalog.json and the site data are written whole, as always
//! (every list page may change when one post is added).
//!
//! Anything unexpected (no earlier index, one that is not the cache's, a shard that
//! cannot be read, kept posts in another order) is an `Err` with the reason, and the
//! caller reads every post instead: an update never writes what a full run would not.

use std::collections::HashMap;
use std::path::PathBuf;

use super::cache::{self, Cache, Stamp};
use super::recycle::{move_into_place, overwrite};
use super::{
    doc_numbers, generated_now, in_parallel, publish, read_and_add, read_stamped, save_cache,
    write_file, write_whole, CacheEntry, Options, Place, Written,
};
use crate::core::article::{Post, ReadError};
use crate::core::catalog::CatalogBuilder;
use crate::core::hash::fnv1a;
use crate::core::search::merge::{merge_runs, NO_DOC};
use crate::core::search::update::{tables_in_range, update_tables};
use crate::core::search::{shard_file, shard_file_name, SearchIndex, TermRuns};

/// A file whose stamp differs from the cache's, after reading it.
enum Fresh {
    /// Same content (a copy with new times): the cached post, with its new stamp.
    Same(Stamp),
    /// Changed or new: read again.
    Read(Box<Reread>),
}

struct Reread {
    read: Result<Result<Post, ReadError>, String>,
    /// Its token counts, when it is an article.
    lens: Option<[u32; 4]>,
    cached: CacheEntry,
}

/// Updates the outputs in `place` for `files`; `Err(reason)` when it cannot.
pub(super) fn run(
    place: &Place<'_>,
    files: &[(PathBuf, String)],
    cache: Cache,
    opts: Options,
    quiet: bool,
) -> Result<(), String> {
    let base = std::fs::read(place.out.join("search.bin"))
        .map_err(|e| format!("no earlier search.bin ({e})"))?;
    let old = SearchIndex::from_base(&base).map_err(|e| format!("earlier search.bin: {e}"))?;
    let split_id = old.split().1;
    let key = cache::IndexKey {
        count: old.len(),
        hash: old.docs_hash(),
        split_id,
    };
    if key != cache.index {
        return Err("search.bin is not the index the cache was written with".into());
    }

    // Files whose size or time changed are read: some only look changed.
    let stale: Vec<usize> = (0..files.len())
        .filter(|&i| {
            let meta = std::fs::metadata(&files[i].0).ok();
            match (cache.files.get(&files[i].1), meta) {
                (Some(c), Some(m)) => !c.stamp.unchanged(&m),
                _ => true,
            }
        })
        .collect();
    let (fresh, workers) = in_parallel(
        stale.len(),
        |_| TermRuns::default(),
        |terms, k| {
            let (file, rel) = &files[stale[k]];
            let (bytes, stamp) = match read_stamped(file) {
                Ok(r) => r,
                Err(e) => {
                    let read = Err(e);
                    let r = Reread {
                        read,
                        lens: None,
                        cached: None,
                    };
                    return Ok((k, Fresh::Read(Box::new(r))));
                }
            };
            if let (Some(s), Some(c)) = (stamp, cache.files.get(rel)) {
                if s.size == c.stamp.size && s.hash == c.stamp.hash {
                    return Ok((k, Fresh::Same(s)));
                }
            }
            let (read, lens, cached) = read_and_add(rel, &bytes, stamp, terms, k as u32);
            if terms.bytes() > opts.batch_bytes {
                return Err("too many posts changed to update in memory".to_owned());
            }
            let r = Reread {
                read: Ok(read),
                lens,
                cached,
            };
            Ok((k, Fresh::Read(Box::new(r))))
        },
    )?;
    let mut fresh_of: HashMap<usize, Fresh> =
        fresh.into_iter().map(|(k, f)| (stale[k], f)).collect();

    // The catalog: cached posts and fresh ones, as a full run would have read them.
    let mut builder = CatalogBuilder::default();
    // Per file: (stamp, JSON) for the cache, and its earlier document when kept.
    let mut lines: Vec<CacheEntry> = Vec::with_capacity(files.len());
    let mut kept: Vec<(usize, u32)> = Vec::new();
    let mut read_again: Vec<(usize, usize, [u32; 4])> = Vec::new();
    let mut reread = 0;
    for (i, (_, rel)) in files.iter().enumerate() {
        let from_cache = match fresh_of.remove(&i) {
            None => cache.files.get(rel).map(|c| (c, c.stamp)),
            Some(Fresh::Same(stamp)) => cache.files.get(rel).map(|c| (c, stamp)),
            Some(Fresh::Read(r)) => {
                let Reread { read, lens, cached } = *r;
                reread += 1;
                if let Some(l) = lens {
                    let k = stale
                        .binary_search(&i)
                        .map_err(|_| "file list out of step")?;
                    read_again.push((i, k, l));
                }
                match read {
                    Ok(r) => builder.add_read(rel, r),
                    Err(e) => builder.add_error(rel, e),
                }
                lines.push(cached);
                continue;
            }
        };
        let Some((c, stamp)) = from_cache else {
            return Err(format!("{rel} is missing from the cache"));
        };
        let read = c
            .read()
            .ok_or_else(|| format!("{rel}: cache entry unreadable"))?;
        if let (Ok(_), Some(doc)) = (&read, c.doc) {
            kept.push((i, doc));
        }
        builder.add_read(rel, read);
        lines.push(Some((stamp, c.json.clone())));
    }
    let known = files
        .iter()
        .filter(|(_, rel)| cache.files.contains_key(rel))
        .count();
    let gone = cache.files.len() - known;
    let catalog = builder.finish(generated_now());

    // Earlier document → new one (kept posts), and the re-read posts' new numbers.
    let doc_of = doc_numbers(
        &catalog,
        files,
        kept.iter()
            .map(|k| k.0)
            .chain(read_again.iter().map(|r| r.0)),
    );
    let mut new_of = vec![NO_DOC; old.len()];
    for &(file, doc) in &kept {
        let slot = new_of
            .get_mut(doc as usize)
            .ok_or("the cache names documents the index does not have")?;
        *slot = doc_of[file];
    }
    let mut last = None;
    for &n in new_of.iter().filter(|&&n| n != NO_DOC) {
        if last.is_some_and(|l| l >= n) {
            return Err("kept posts changed their order".into());
        }
        last = Some(n);
    }
    let mut lens: [Vec<u32>; 4] = std::array::from_fn(|_| vec![0; catalog.articles.len()]);
    for (f, l) in lens.iter_mut().enumerate() {
        let old_lens = old.field_lengths(f);
        for (d, &n) in new_of.iter().enumerate() {
            if n != NO_DOC {
                l[n as usize] = old_lens.get(d).copied().unwrap_or(0);
            }
        }
        for &(file, _, ref counts) in &read_again {
            if doc_of[file] != NO_DOC {
                l[doc_of[file] as usize] = counts[f];
            }
        }
    }
    let placed = new_of.iter().filter(|&&n| n != NO_DOC).count()
        + read_again.iter().filter(|r| doc_of[r.0] != NO_DOC).count();
    if placed != catalog.articles.len() {
        return Err("the catalog has posts neither kept nor read again".into());
    }

    // The re-read posts' terms, numbered as in the new catalog.
    let mut runs: Vec<[Vec<u8>; 4]> = Vec::new();
    for mut terms in workers {
        let mut out: [Vec<u8>; 4] = Default::default();
        let [a, b, c, d] = &mut out;
        terms
            .write_runs([a, b, c, d])
            .map_err(|e| format!("cannot tokenize: {e}"))?;
        runs.push(out);
    }
    let mut run_doc = vec![NO_DOC; stale.len()];
    for &(file, k, _) in &read_again {
        run_doc[k] = doc_of[file];
    }
    let readers: Vec<Vec<&[u8]>> = (0..4)
        .map(|f| runs.iter().map(|r| r[f].as_slice()).collect())
        .collect();
    let mut added = Vec::new();
    merge_runs(readers, &run_doc, usize::MAX, |s| {
        added = s.tables;
        Ok(())
    })
    .map_err(|e| format!("cannot merge the new posts' terms: {e}"))?;

    let unchanged = added.iter().all(|t| t.is_empty())
        && new_of.len() == catalog.articles.len()
        && new_of.iter().enumerate().all(|(d, &n)| n as usize == d);
    let write = || -> Result<Written, String> {
        if unchanged {
            // Same posts, same index: its files stay as they are.
            let files = std::iter::once("search.bin".to_owned()).chain(
                (0..old.shard_count())
                    .filter(|_| split_id != 0)
                    .map(|i| old.shard_file_name(i)),
            );
            let bytes = files
                .filter_map(|f| std::fs::metadata(place.out.join(f)).ok())
                .map(|m| m.len() as usize)
                .sum();
            let shards = if split_id == 0 { 0 } else { old.shard_count() };
            return Ok(Written {
                index: (bytes, shards),
                key,
            });
        }
        if split_id == 0 {
            let whole = old.whole_tables().ok_or("the earlier index is not whole")?;
            let tables = update_tables(&whole, &added, &new_of).map_err(|e| e.to_string())?;
            let index = SearchIndex::from_parts(&catalog.articles, lens, Some(tables));
            return write_whole(place.out, &index);
        }
        let index = SearchIndex::from_parts(&catalog.articles, lens, None);
        let bounds = old.split().0.to_vec();
        // The new shards' id, known before they are written (so each is written once,
        // in place of the earlier one): the earlier id is the hash of the earlier
        // shards, and the change is the new posts' terms and the renumbering.
        let mut h = fnv1a(split_id, &index.docs_hash().to_le_bytes());
        for t in &added {
            h = fnv1a(h, t.term_text.as_bytes());
            h = fnv1a(h, &t.postings);
        }
        for n in &new_of {
            h = fnv1a(h, &n.to_le_bytes());
        }
        let new_id = h.max(1);
        // Shards are independent: updated on every core, each written over its
        // earlier file (renamed to its new name; `recycle.rs` says why).
        let old = &old;
        let (sizes, _) = in_parallel(
            bounds.len() + 1,
            |_| (),
            |(), i| -> Result<usize, String> {
                let name = old.shard_file_name(i);
                let path = place.out.join(&name);
                let bytes =
                    std::fs::read(&path).map_err(|e| format!("earlier shard {name}: {e}"))?;
                let (n, tables) = old
                    .read_shard_file(&bytes)
                    .map_err(|e| format!("earlier shard {name}: {e}"))?;
                if n != i {
                    return Err(format!("earlier shard {name} is shard {n}"));
                }
                drop(bytes);
                let lo = i
                    .checked_sub(1)
                    .and_then(|b| bounds.get(b))
                    .map(String::as_str);
                let hi = bounds.get(i).map(String::as_str);
                let part = tables_in_range(&added, lo, hi);
                let tables = update_tables(&tables, &part, &new_of).map_err(|e| e.to_string())?;
                let file = shard_file(new_id, i, &tables);
                let new_path = place.out.join(shard_file_name(new_id, i));
                move_into_place(&path, &new_path);
                overwrite(&new_path, &file)
                    .map_err(|e| format!("cannot write {}: {e}", new_path.display()))?;
                Ok(file.len())
            },
        )?;
        let total: usize = sizes.iter().sum();
        let base = index.split_base(&bounds, new_id);
        write_file(place.out, "search.bin", &base)?;
        Ok(Written {
            index: (total + base.len(), bounds.len() + 1),
            key: cache::IndexKey {
                count: index.len(),
                hash: index.docs_hash(),
                split_id: new_id,
            },
        })
    };
    let key = publish(place, &catalog, quiet, Some((reread, gone)), write)?;
    save_cache(place, key, files, &lines, &doc_of, quiet);
    Ok(())
}

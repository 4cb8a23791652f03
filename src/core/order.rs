//! Sorting off the hot paths, through one shared copy of the standard sort.
//!
//! Every `sort_by` call site with its own element type and closure compiles its own
//! copy of the standard library's sort (driftsort/ipnsort: several kB of wasm each;
//! ~85 kB over the app's call sites, measured with twiggy). These helpers sort a list
//! of positions with a `dyn` comparator instead, one non-generic copy, then move the
//! elements into place. The price is an indirect call per comparison: fine for facet
//! lists, catalogs and term lists, not for the per-keystroke ranking of search hits,
//! which keeps its typed sorts.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, stable (equal elements keep their order), like `slice::sort_by`.
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_positions(v.len(), &|a, b| cmp(&v[a], &v[b]));
    permute(v, &order);
}

/// Sorts `v` by a key computed once per element, stable, like
/// `slice::sort_by_cached_key`.
pub fn sort_by_cached_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    let keys: Vec<K> = v.iter().map(key).collect();
    let order = sorted_positions(keys.len(), &|a, b| keys[a].cmp(&keys[b]));
    permute(v, &order);
}

/// Sorts and removes duplicates, like `sort_unstable` + `dedup`.
pub fn sort_dedup<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, T::cmp);
    v.dedup();
}

/// Facet order: most articles first, then by name.
pub fn by_count_then_name(a: (usize, &str), b: (usize, &str)) -> Ordering {
    b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1))
}

/// The positions `0..n` in sorted order, ties by position (so the result is stable).
/// The one place the standard sort is instantiated for all of the above.
fn sorted_positions(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
    order
}

/// Rearranges `v` so that `v[i]` becomes the old `v[order[i]]`, in place: each cycle
/// of the permutation is walked once with swaps (O(n), no clones, no allocation of
/// elements). `order` must be a permutation of `0..v.len()` (it is, by construction).
fn permute<T>(v: &mut [T], order: &[usize]) {
    let mut done = vec![false; v.len()];
    for start in 0..v.len() {
        if done[start] {
            continue;
        }
        let mut p = start;
        loop {
            done[p] = true;
            let q = order[p];
            if q == start || q >= v.len() || done[q] {
                break;
            }
            v.swap(p, q);
            p = q;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_library(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            let mut std = v.clone();
            // Compare on the first field only: equal keys must keep their order.
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            std.sort_by_key(|a| a.0);
            prop_assert_eq!(&ours, &std);
            let mut ours = v.clone();
            let mut std = v.clone();
            sort_by_cached_key(&mut ours, |x| std::cmp::Reverse(x.0));
            std.sort_by_cached_key(|x| std::cmp::Reverse(x.0));
            prop_assert_eq!(&ours, &std);
            let mut ours = v.clone();
            let mut std = v;
            sort_dedup(&mut ours);
            std.sort_unstable();
            std.dedup();
            prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn moves_owned_values_without_cloning() {
        let mut v: Vec<String> = ["d", "a", "c", "b", "a"].map(String::from).to_vec();
        sort_by(&mut v, |a, b| a.cmp(b));
        assert_eq!(v, ["a", "a", "b", "c", "d"]);
        let mut f = vec![(3, "b"), (5, "z"), (3, "a"), (9, "m")];
        sort_by(&mut f, |a, b| by_count_then_name(*a, *b));
        assert_eq!(f, [(9, "m"), (5, "z"), (3, "a"), (3, "b")]);
    }
}

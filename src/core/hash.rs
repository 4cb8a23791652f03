//! FNV-1a: a small, stable hash for ids that must be the same on every run and
//! platform (slug suffixes, index build ids, the catalog fingerprint in search.bin).

pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Continues hash `h` over `bytes` (start from `FNV_OFFSET`).
pub fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

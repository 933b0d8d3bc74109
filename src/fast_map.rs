//! A hash map for the maps keyed by ids that hold every objective of a
//! workspace. std's SipHash resists keys chosen to collide, which an OKR
//! file has no reason to be; with tens of thousands of objectives it showed
//! in the profile of `okr check`. This is the multiply-rotate hash of rustc
//! (FxHash): a few instructions per word.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A map sized for `capacity` entries.
pub fn with_capacity<K, V>(capacity: usize) -> FastMap<K, V> {
    FastMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default())
}

#[derive(Default)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        // The tail, padded with zeros and tagged with its length, so that
        // "ab" and "ab\0" differ.
        let rest = chunks.remainder();
        let mut tail = [0; 8];
        tail[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(tail) ^ ((rest.len() as u64) << 59));
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u16(&mut self, n: u16) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(value: impl std::hash::Hash) -> u64 {
        let mut hasher = FxHasher::default();
        value.hash(&mut hasher);
        hasher.finish()
    }

    #[test]
    fn equal_keys_hash_alike_and_near_keys_apart() {
        assert_eq!(hash(("platform", "deploys")), hash(("platform", "deploys")));
        assert_ne!(hash(("platform", "deploys")), hash(("platform", "deploy")));
        assert_ne!(hash("ab"), hash("ab\0"));
        assert_ne!(hash(("a", "bc")), hash(("ab", "c")));
    }

    #[test]
    fn a_map_finds_what_it_holds() {
        let mut map = with_capacity(4);
        for i in 0..1000 {
            map.insert(format!("team-{i}"), i);
        }
        assert_eq!(map.len(), 1000);
        assert!((0..1000).all(|i| map[&format!("team-{i}")] == i));
    }
}

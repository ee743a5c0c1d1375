//! Every place of either of two bytes in a text (a space or a paragraph end
//! in the joined normalized text), found a block of [`BLOCK`] bytes at a
//! time.
//!
//! `memchr2_iter` is a call per place, made for places far apart; a word is
//! six bytes on average, so building the whole-text index spent more in
//! those calls than in hashing what they found. Here a block's places are
//! one bit mask, compared 16 bytes at a time, and read off with
//! `trailing_zeros`.

/// Bytes compared at once: one bit each in a `u64` mask.
const BLOCK: usize = 64;

/// The places of `a` or `b` in `text`, in order, from either end.
pub fn positions(text: &[u8], a: u8, b: u8) -> Positions<'_> {
    let blocks = text.len().div_ceil(BLOCK);
    Positions {
        text,
        pair: (a, b),
        front: (0, 0),
        back: (blocks, 0),
        unread: 0..blocks,
    }
}

/// Count of the places of `a` or `b` in `text`.
pub fn count(text: &[u8], a: u8, b: u8) -> usize {
    let blocks = text.chunks_exact(BLOCK);
    let last = blocks.remainder();
    let whole: u32 = blocks.map(|block| mask_of(block, a, b).count_ones()).sum();
    whole as usize + mask_of(last, a, b).count_ones() as usize
}

/// The places of `a` or `b` in `bytes` (at most a block), one bit each.
fn mask_of(bytes: &[u8], a: u8, b: u8) -> u64 {
    match <&[u8; BLOCK]>::try_from(bytes) {
        // SAFETY: `block_mask` needs only SSE2, which every x86-64 has.
        #[cfg(target_arch = "x86_64")]
        Ok(full) => unsafe { block_mask(full, a, b) },
        // The last block, shorter (and every block elsewhere).
        _ => scalar_mask(bytes, a, b),
    }
}

/// [`mask_of`] a byte at a time.
fn scalar_mask(bytes: &[u8], a: u8, b: u8) -> u64 {
    bytes.iter().enumerate().fold(0, |mask, (i, &byte)| {
        mask | u64::from((byte == a) | (byte == b)) << i
    })
}

/// The places of `a` or `b` in a whole block, one bit each: with SSE2
/// (every x86-64 has it), 16 bytes a compare.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn block_mask(block: &[u8; BLOCK], a: u8, b: u8) -> u64 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    let (a, b) = (_mm_set1_epi8(a as i8), _mm_set1_epi8(b as i8));
    let mut mask = 0u64;
    for (k, lane) in block.chunks_exact(16).enumerate() {
        // SAFETY: `lane` is 16 readable bytes, and an unaligned load
        // reads exactly those.
        let bytes = unsafe { _mm_loadu_si128(lane.as_ptr().cast()) };
        let hits = _mm_or_si128(_mm_cmpeq_epi8(bytes, a), _mm_cmpeq_epi8(bytes, b));
        // One bit per byte, in the low 16 bits.
        mask |= u64::from(_mm_movemask_epi8(hits) as u16) << (16 * k);
    }
    mask
}

/// A block's places not yet yielded: the block and its mask.
type Block = (usize, u64);

/// The first place left in `block`, taken out of its mask.
fn take_first(block: &mut Block) -> Option<usize> {
    let (index, mask) = *block;
    (mask != 0).then(|| {
        block.1 = mask & (mask - 1);
        index * BLOCK + mask.trailing_zeros() as usize
    })
}

/// The last place left in `block`, taken out of its mask.
fn take_last(block: &mut Block) -> Option<usize> {
    let (index, mask) = *block;
    (mask != 0).then(|| {
        let top = 63 - mask.leading_zeros() as usize;
        block.1 = mask & !(1 << top);
        index * BLOCK + top
    })
}

#[derive(Debug, Clone)]
pub struct Positions<'a> {
    text: &'a [u8],
    pair: (u8, u8),
    /// The block read last from the front, and its places not yet yielded.
    front: Block,
    /// The same from the back.
    back: Block,
    /// Blocks read from neither end yet.
    unread: std::ops::Range<usize>,
}

impl Positions<'_> {
    /// Block `block` and the places of the pair in it, one bit each.
    fn read(&self, block: usize) -> Block {
        let start = block * BLOCK;
        let (a, b) = self.pair;
        let bytes = &self.text[start..(start + BLOCK).min(self.text.len())];
        (block, mask_of(bytes, a, b))
    }

    /// Every place left, in order, to `each`: a loop over the blocks and
    /// their masks, without `next`'s checks at every place.
    pub fn for_each_place(self, mut each: impl FnMut(usize)) {
        let mut places_of = |mut block: Block| {
            while let Some(at) = take_first(&mut block) {
                each(at);
            }
        };
        places_of(self.front);
        for block in self.unread.clone() {
            places_of(self.read(block));
        }
        places_of(self.back);
    }
}

impl Iterator for Positions<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        loop {
            if let Some(at) = take_first(&mut self.front) {
                return Some(at);
            }
            match self.unread.next() {
                Some(block) => self.front = self.read(block),
                // Every block is read: what is left is the back's.
                None => return take_first(&mut self.back),
            }
        }
    }
}

impl DoubleEndedIterator for Positions<'_> {
    fn next_back(&mut self) -> Option<usize> {
        loop {
            if let Some(at) = take_last(&mut self.back) {
                return Some(at);
            }
            match self.unread.next_back() {
                Some(block) => self.back = self.read(block),
                None => return take_last(&mut self.front),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{count, positions};

    /// What a byte-by-byte look finds.
    fn naive(text: &[u8], a: u8, b: u8) -> Vec<usize> {
        (0..text.len())
            .filter(|&i| text[i] == a || text[i] == b)
            .collect()
    }

    fn texts() -> impl Strategy<Value = Vec<u8>> {
        // Few distinct bytes, so that the pair is dense, sparse or absent
        // (with bytes past ASCII, which SSE2 compares as signed), and
        // lengths across several blocks and their edges.
        prop::collection::vec(
            prop::sample::select(vec![b' ', b'\n', b'a', 0x80, 0xff]),
            0..300,
        )
    }

    proptest! {
        #[test]
        fn finds_what_a_byte_by_byte_look_finds(text in texts()) {
            let found: Vec<usize> = positions(&text, b' ', b'\n').collect();
            prop_assert_eq!(&found, &naive(&text, b' ', b'\n'));
            prop_assert_eq!(count(&text, b' ', b'\n'), found.len());
        }

        #[test]
        fn reads_from_both_ends_as_from_one(
            text in texts(),
            // For each step, whether it takes from the back.
            from_back in prop::collection::vec(any::<bool>(), 0..300),
        ) {
            let mut expected = std::collections::VecDeque::from(naive(&text, b' ', b'\n'));
            let mut places = positions(&text, b' ', b'\n');
            for back in from_back {
                let (got, want) = if back {
                    (places.next_back(), expected.pop_back())
                } else {
                    (places.next(), expected.pop_front())
                };
                prop_assert_eq!(got, want);
            }
            let rest: Vec<usize> = places.collect();
            prop_assert_eq!(rest, Vec::from(expected));
        }
    }

    proptest! {
        #[test]
        fn every_place_left_goes_to_the_callback(text in texts(), taken in 0usize..40) {
            let mut places = positions(&text, b' ', b'\n');
            let first: Vec<usize> = places.by_ref().take(taken).collect();
            let mut rest = Vec::new();
            places.for_each_place(|at| rest.push(at));
            prop_assert_eq!([first, rest].concat(), naive(&text, b' ', b'\n'));
        }
    }

    #[test]
    fn a_pair_of_one_byte_twice_is_that_byte() {
        let text = b"a b  c\nd";
        assert_eq!(positions(text, b' ', b' ').collect::<Vec<_>>(), [1, 3, 4]);
        assert_eq!(positions(b"", b' ', b'\n').next(), None);
    }
}

//! Where each byte of normalized text came from, stored as runs.
//!
//! Most of an article normalizes to itself: in plain ASCII, and wherever a
//! curly quote or a dash folds to one ASCII byte, normalized byte `b` came
//! from original char `c + (b - start)` alone. A map with a pair per byte
//! cost 8 bytes per byte of text, more than the text itself; runs cost 12
//! bytes per place where that stops holding (a collapsed whitespace run, an
//! accent, an ellipsis), a few per paragraph in the usual article.

/// For each normalized byte, the original char range it came from.
#[derive(Debug, Clone, Default)]
pub(super) struct OriginMap {
    /// In byte order; the first starts at byte 0 (when any byte is mapped),
    /// each reaches to the next one's first byte or to `len`.
    runs: Vec<Run>,
    /// Number of normalized bytes mapped.
    len: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    /// The run's first normalized byte.
    byte: u32,
    /// The first original char of the run's first byte.
    start: u32,
    /// [`ONE_TO_ONE`]: byte `byte + k` came from char `start + k` alone.
    /// Otherwise every byte of the run came from chars `start..end`.
    end: u32,
}

const ONE_TO_ONE: u32 = u32::MAX;

impl OriginMap {
    /// Number of normalized bytes mapped.
    pub(super) fn len(&self) -> usize {
        self.len as usize
    }

    /// `bytes` more bytes, each from the one char after the last's:
    /// bytes that came from chars `from..from + bytes`, one each.
    pub(super) fn push_one_to_one(&mut self, from: u32, bytes: u32) {
        if bytes == 0 {
            return;
        }
        let continues = self.runs.last().is_some_and(|last| {
            last.end == ONE_TO_ONE && last.start + (self.len - last.byte) == from
        });
        if !continues {
            self.runs.push(Run {
                byte: self.len,
                start: from,
                end: ONE_TO_ONE,
            });
        }
        self.len += bytes;
    }

    /// `bytes` more bytes, all from the original chars `origin`.
    pub(super) fn push(&mut self, origin: (u32, u32), bytes: u32) {
        if bytes == 0 {
            return;
        }
        if bytes == 1 && origin.1 == origin.0 + 1 {
            return self.push_one_to_one(origin.0, 1);
        }
        let continues = self
            .runs
            .last()
            .is_some_and(|last| (last.start, last.end) == origin);
        if !continues {
            self.runs.push(Run {
                byte: self.len,
                start: origin.0,
                end: origin.1,
            });
        }
        self.len += bytes;
    }

    /// The last byte now came from chars up to `end` (a whitespace run that
    /// its one space stands for grew).
    pub(super) fn extend_last(&mut self, end: u32) {
        let Some(last) = self.len.checked_sub(1) else {
            return;
        };
        let (start, _) = self.get(last as usize);
        // Take the byte off its run, then put it back with its new origin.
        if self.runs.last().is_some_and(|run| run.byte == last) {
            self.runs.pop();
        }
        self.len = last;
        self.push((start, end), 1);
    }

    /// The original chars normalized byte `byte` came from (`byte` < len).
    pub(super) fn get(&self, byte: usize) -> (u32, u32) {
        let i = self.runs.partition_point(|run| run.byte as usize <= byte);
        let Some(run) = i.checked_sub(1).and_then(|i| self.runs.get(i)) else {
            return (0, 0);
        };
        if run.end == ONE_TO_ONE {
            let char = run.start + (byte as u32 - run.byte);
            (char, char + 1)
        } else {
            (run.start, run.end)
        }
    }

    /// The first byte whose origin starts at or after original char
    /// `char_pos` (`len` if none does).
    pub(super) fn first_byte_from(&self, char_pos: usize) -> usize {
        let i = self
            .runs
            .partition_point(|run| (run.start as usize) < char_pos);
        let next = self.runs.get(i).map_or(self.len, |run| run.byte) as usize;
        // The run before starts before `char_pos`; one-to-one, a later
        // byte of it may still start at or after it.
        if let Some(run) = i.checked_sub(1).map(|i| self.runs[i])
            && run.end == ONE_TO_ONE
        {
            let at = run.byte as usize + (char_pos - run.start as usize);
            return at.min(next);
        }
        next
    }

    /// The map as a pair per byte (for tests).
    #[cfg(test)]
    pub(super) fn per_byte(&self) -> Vec<(u32, u32)> {
        (0..self.len()).map(|b| self.get(b)).collect()
    }

    /// Number of runs (for tests of the map's size).
    #[cfg(test)]
    pub(super) fn runs(&self) -> usize {
        self.runs.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Any sequence of pushes, as a pair per byte.
    #[derive(Debug, Clone)]
    enum Op {
        OneToOne(u32),
        Same(u32, u32),
        Extend(u32),
    }

    fn op() -> impl proptest::strategy::Strategy<Value = Op> {
        use proptest::prelude::*;
        prop_oneof![
            (0u32..4).prop_map(Op::OneToOne),
            (0u32..3, 0u32..4).prop_map(|(span, bytes)| Op::Same(span, bytes)),
            (1u32..3).prop_map(Op::Extend),
        ]
    }

    proptest::proptest! {
        #[test]
        fn runs_map_every_byte_as_a_pair_per_byte_does(ops in proptest::collection::vec(op(), 0..40)) {
            let mut map = OriginMap::default();
            let mut pairs: Vec<(u32, u32)> = Vec::new();
            let mut char = 0u32;
            for op in ops {
                match op {
                    Op::OneToOne(n) => {
                        map.push_one_to_one(char, n);
                        pairs.extend((char..char + n).map(|c| (c, c + 1)));
                        char += n;
                    }
                    Op::Same(span, bytes) => {
                        map.push((char, char + span), bytes);
                        pairs.extend(std::iter::repeat_n((char, char + span), bytes as usize));
                        char += span;
                    }
                    Op::Extend(more) => {
                        if let Some(last) = pairs.last_mut() {
                            char = char.max(last.1) + more;
                            last.1 = char;
                            map.extend_last(char);
                        }
                    }
                }
            }
            proptest::prop_assert_eq!(map.per_byte(), pairs.clone());
            for c in 0..=char as usize + 1 {
                proptest::prop_assert_eq!(
                    map.first_byte_from(c),
                    pairs.partition_point(|&(start, _)| (start as usize) < c),
                    "char {}", c
                );
            }
        }
    }

    #[test]
    fn text_that_folds_byte_for_byte_is_one_run() {
        let mut map = OriginMap::default();
        map.push_one_to_one(0, 10);
        // A curly apostrophe folded to one byte, then more plain text.
        map.push((10, 11), 1);
        map.push_one_to_one(11, 5);
        assert_eq!(map.runs(), 1);
        assert_eq!(map.get(12), (12, 13));
        // An accented letter stays 2 bytes from one char: a run of its own.
        map.push((16, 17), 2);
        assert_eq!(map.runs(), 2);
        assert_eq!(map.get(17), (16, 17));
    }
}

//! Approximate substring search: Myers' bit-parallel algorithm (G. Myers
//! 1999, "A fast bit-vector algorithm for approximate string matching") with
//! Hyyrö's 64-row blocks for long patterns and Ukkonen's cut-off, the same
//! approach as the `approx-string-match` package that annotation clients use
//! to re-anchor quotes that drifted.
//!
//! One column of the edit-distance table (one text char) costs one pass over
//! the pattern's 64-row blocks, and the cut-off skips the blocks whose cells
//! all exceed the error limit, so a search costs O(n * ceil(m / 64)) word
//! operations at worst and much less for a small limit.

/// One approximate occurrence of a pattern in a text. Indices are positions in
/// the `text` slice (chars), half-open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub errors: usize,
}

/// All approximate occurrences of `pattern` in `text` with at most
/// `max_errors` edits (Levenshtein: insert, delete, substitute).
///
/// For every end position `e` in `1..=text.len()` let `errors(e)` be the
/// fewest edits turning `pattern` into some `text[s..e]`. A *cluster* is a
/// maximal run of consecutive end positions (no gap) whose `errors(e)` is at
/// most `max_errors`. Each cluster yields ONE match: the end with the fewest
/// errors (ties: the earliest end), and the start realising that error count,
/// found by running the same algorithm on the reversed pattern over the
/// reversed window `text[end - pattern.len() - max_errors .. end]`, anchored
/// at `end`; among starts with minimal errors the smallest one (the longest
/// match) wins. So `distance(pattern, &text[start..end]) == errors` always
/// holds (`approx-string-match` leaves the reverse search's end free, which
/// can pick a start whose span costs more than `errors`).
///
/// Matches are sorted by `start`. An empty pattern gives no matches. A
/// `max_errors` of `pattern.len()` or more lets every end position match
/// (deleting the whole pattern costs `pattern.len()`), giving one cluster.
pub fn find(text: &[char], pattern: &[char], max_errors: usize) -> Vec<Match> {
    Pattern::new(pattern).find(text, max_errors)
}

/// A pattern prepared once for searching many texts (every paragraph of an
/// article): its bit masks, forward and reversed, are built only here.
pub struct Pattern {
    len: usize,
    masks: PatternMasks,
    reversed_masks: PatternMasks,
}

impl Pattern {
    pub fn new(pattern: &[char]) -> Pattern {
        let reversed: Vec<char> = pattern.iter().rev().copied().collect();
        Pattern {
            len: pattern.len(),
            masks: PatternMasks::new(pattern),
            reversed_masks: PatternMasks::new(&reversed),
        }
    }

    /// [`find`] with this pattern.
    pub fn find(&self, text: &[char], max_errors: usize) -> Vec<Match> {
        if self.len == 0 {
            return Vec::new();
        }
        let max_errors = max_errors.min(self.len);
        let mut searcher = Searcher::new(&self.masks, max_errors, TopRow::Free);

        // Best (end, errors) of every cluster, in text order.
        let mut best_ends: Vec<(usize, usize)> = Vec::new();
        let mut end = 0;
        while let Some((consumed, errors)) = searcher.next_hit(&text[end..]) {
            end += consumed;
            match best_ends.last_mut() {
                // One char after the previous hit: the same cluster.
                Some(best) if consumed == 1 => {
                    if errors < best.1 {
                        *best = (end, errors);
                    }
                }
                _ => best_ends.push((end, errors)),
            }
        }

        let window_len = self.len + max_errors;
        let mut matches: Vec<Match> = best_ends
            .into_iter()
            .filter_map(|(end, errors)| {
                let window = &text[end.saturating_sub(window_len)..end];
                longest_anchored_match(&self.reversed_masks, window, end, errors)
            })
            .collect();
        matches.sort_by_key(|m| (m.start, m.end));
        matches
    }
}

impl Pattern {
    /// `distance(pattern, &text[s..end])` for every start `s` in
    /// `from..end`, at index `s - from`: one backward pass instead of one
    /// edit-distance table per start.
    pub fn distances_to(&self, text: &[char], from: usize, end: usize) -> Vec<usize> {
        let window = &text[from..end];
        if self.len == 0 {
            return (0..window.len()).rev().map(|n| n + 1).collect();
        }
        // No cell exceeds this, so no block is cut off: `step_uncut`.
        let bound = self.len.max(window.len());
        let mut searcher = Searcher::new(&self.reversed_masks, bound, TopRow::Anchored);
        let mut costs: Vec<usize> = window
            .iter()
            .rev()
            .map(|&c| searcher.step_uncut(c))
            .collect();
        costs.reverse();
        costs
    }

    /// `distance(pattern, &text[start..e])` for every end `e` in
    /// `start + 1..=to`, at index `e - start - 1`.
    pub fn distances_from(&self, text: &[char], start: usize, to: usize) -> Vec<usize> {
        let window = &text[start..to];
        if self.len == 0 {
            return (1..=window.len()).collect();
        }
        let bound = self.len.max(window.len());
        let mut searcher = Searcher::new(&self.masks, bound, TopRow::Anchored);
        window.iter().map(|&c| searcher.step_uncut(c)).collect()
    }

    /// The Indel distance from the pattern to `text`: the fewest char
    /// insertions and deletions turning one into the other, where a changed
    /// char costs two. It is `len + text.len() - 2 * LCS`, with the longest
    /// common subsequence counted bit-parallel (Hyyrö 2004): a column per
    /// text char, whose zero bits mark the pattern rows where the LCS grows.
    pub fn indel_distance(&self, text: &[char]) -> usize {
        let masks = &self.masks;
        let mut column = vec![!0u64; masks.blocks];
        for &c in text {
            let mut carry = false;
            for (word, &eq) in column.iter_mut().zip(masks.of(c)) {
                let matched = *word & eq;
                let (sum, over) = word.overflowing_add(matched);
                let (sum, over_carry) = sum.overflowing_add(u64::from(carry));
                carry = over || over_carry;
                *word = sum | (*word & !eq);
            }
        }
        // Rows past the pattern's end hold no char, so none of their bits
        // counts.
        let lcs: usize = column
            .iter()
            .enumerate()
            .map(|(block, &word)| {
                let rows = (self.len - block * WORD).min(WORD);
                let live = if rows == WORD { !0 } else { (1u64 << rows) - 1 };
                (!word & live).count_ones() as usize
            })
            .sum();
        self.len + text.len() - 2 * lcs
    }
}

/// The smallest number of errors with which `pattern` occurs anywhere in
/// `text` (ending at one of `1..=text.len()`), if at most `max_errors`. Stops
/// at the first exact occurrence. An empty pattern gives `None`, as `find`
/// gives no match for it.
pub fn best_errors(text: &[char], pattern: &[char], max_errors: usize) -> Option<usize> {
    if pattern.is_empty() {
        return None;
    }
    let masks = PatternMasks::new(pattern);
    let mut searcher = Searcher::new(&masks, max_errors.min(pattern.len()), TopRow::Free);
    let mut best = None;
    let mut rest = text;
    while let Some((consumed, errors)) = searcher.next_hit(rest) {
        best = Some(errors);
        if errors == 0 {
            break;
        }
        // Only a strictly better occurrence matters from here on, and a
        // lower limit lets the cut-off skip more blocks.
        searcher.max_errors = errors - 1;
        rest = &rest[consumed..];
    }
    best
}

/// Plain Levenshtein distance between two char slices.
pub fn distance(a: &[char], b: &[char]) -> usize {
    if a.is_empty() {
        return b.len();
    }
    if a.len() <= WORD {
        return short_distance(a, b.iter().copied(), Ends::Both);
    }
    // No cell of the table exceeds `bound`, so no block is ever cut off:
    // `step_uncut`.
    let bound = a.len().max(b.len());
    let masks = PatternMasks::new(a);
    let mut searcher = Searcher::new(&masks, bound, TopRow::Anchored);
    let mut dist = a.len();
    for &c in b {
        dist = searcher.step_uncut(c);
    }
    dist
}

/// The fewest edits turning `a` into some prefix of `b`, the empty one
/// included (so at most `a.len()`): the Levenshtein distance with `b`'s end
/// left free. A recorded context is compared so with the text beside a
/// quote, read outwards from the quote.
pub fn prefix_distance(a: &[char], b: impl IntoIterator<Item = char>) -> usize {
    if a.is_empty() {
        return 0;
    }
    if a.len() <= WORD {
        return short_distance(a, b, Ends::FreeEnd);
    }
    let masks = PatternMasks::new(a);
    let b: Vec<char> = b.into_iter().collect();
    let bound = a.len().max(b.len());
    let mut searcher = Searcher::new(&masks, bound, TopRow::Anchored);
    b.iter()
        .map(|&c| searcher.step_uncut(c))
        .fold(a.len(), usize::min)
}

/// Which ends of the text a [`short_distance`] alignment must reach.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ends {
    /// Both: the plain distance.
    Both,
    /// Only its start: the distance to the closest prefix of the text.
    FreeEnd,
}

/// [`distance`] for an `a` of one block (1 to 64 chars), such as the
/// recorded context a near match is compared with, several times per quote:
/// one column in a register and only the masks this needs, where the general
/// table's lookup tables would cost more to build than the comparison.
fn short_distance(a: &[char], b: impl IntoIterator<Item = char>, ends: Ends) -> usize {
    let mut ascii = [0u64; 128];
    let mut other: Vec<(char, u64)> = Vec::new();
    for (row, &c) in a.iter().enumerate() {
        match ascii.get_mut(c as usize) {
            Some(mask) => *mask |= 1 << row,
            None => match other.iter_mut().find(|(x, _)| *x == c) {
                Some((_, mask)) => *mask |= 1 << row,
                None => other.push((c, 1 << row)),
            },
        }
    }
    let mask_of = |c: char| match ascii.get(c as usize) {
        Some(&mask) => mask,
        None => other.iter().find(|(x, _)| *x == c).map_or(0, |&(_, m)| m),
    };
    let last_bit = 1 << (a.len() - 1);
    // Column 0 holds the row numbers: every vertical delta is +1. Rows past
    // `a`'s end only ever carry upwards, so they never reach its last row.
    let (mut plus, mut minus) = (!0u64, 0u64);
    let mut score = a.len();
    let mut least = score;
    for c in b {
        // The top row grows by one per char: a +1 carry into row 0.
        let (next_plus, next_minus, carry) = advance(plus, minus, mask_of(c), 1, last_bit);
        (plus, minus) = (next_plus, next_minus);
        score = score.wrapping_add_signed(carry);
        least = least.min(score);
    }
    match ends {
        Ends::Both => score,
        Ends::FreeEnd => least,
    }
}

/// Scans `window` backwards from `end` with the reversed pattern, the
/// alignment pinned to `end`, and returns the longest match with the fewest
/// errors (at most `errors`, the count the forward scan found at `end`).
fn longest_anchored_match(
    reversed_masks: &PatternMasks,
    window: &[char],
    end: usize,
    errors: usize,
) -> Option<Match> {
    let pattern_len = reversed_masks.len;
    // The window is short (the pattern's length and `errors` more), and
    // computing every cell of it costs less than the cut-off's bookkeeping.
    let bound = pattern_len.max(window.len());
    let mut searcher = Searcher::new(reversed_masks, bound, TopRow::Anchored);
    // Before any text char, matching costs deleting the whole pattern.
    let mut best = (pattern_len <= errors).then_some((pattern_len, 0));
    for (len, &c) in (1..).zip(window.iter().rev()) {
        let found = searcher.step_uncut(c);
        if found <= errors {
            // `<=`: a later (longer) equal match replaces an earlier one.
            if best.is_none_or(|(least, _)| found <= least) {
                best = Some((found, len));
            }
        }
    }
    best.map(|(errors, len)| Match {
        start: end - len,
        end,
        errors,
    })
}

const WORD: usize = 64;

/// Per pattern char, which pattern rows hold it: one bit per row, one `u64`
/// per block of 64 rows.
struct PatternMasks {
    len: usize,
    blocks: usize,
    /// Row `r` of the table spans `masks[r * blocks..(r + 1) * blocks]`; row 0
    /// is all zeros, shared by every char absent from the pattern.
    masks: Vec<u64>,
    /// Table row of each ASCII char.
    ascii: [usize; 128],
    /// Block 0's mask of each ASCII char, straight from the char: the fast
    /// path (only block 0 active) reads one mask per text char, and this
    /// spares it the row lookup and its bounds checks.
    first_block: [u64; 128],
    /// Block 1's mask of each ASCII char, for the fast path while blocks 0
    /// and 1 are active.
    second_block: [u64; 128],
    /// The pattern's chars 64 and 128, the first rows of blocks 1 and 2
    /// (`'\0'` where the pattern is shorter): a char's mask there has bit 0
    /// set for that char only.
    block_heads: [char; 3],
    /// The pattern's distinct non-ASCII chars, sorted; the one at index `i`
    /// owns table row `non_ascii_first_row + i`.
    non_ascii: Vec<char>,
    non_ascii_first_row: usize,
}

impl PatternMasks {
    fn new(pattern: &[char]) -> PatternMasks {
        let blocks = pattern.len().div_ceil(WORD);
        let mut ascii = [0; 128];
        let mut rows = 1;
        for &c in pattern {
            if c.is_ascii() && ascii[c as usize] == 0 {
                ascii[c as usize] = rows;
                rows += 1;
            }
        }
        let mut non_ascii: Vec<char> = pattern.iter().copied().filter(|c| !c.is_ascii()).collect();
        non_ascii.sort_unstable();
        non_ascii.dedup();
        let mut table = PatternMasks {
            len: pattern.len(),
            blocks,
            masks: vec![0; (rows + non_ascii.len()) * blocks],
            ascii,
            first_block: [0; 128],
            second_block: [0; 128],
            block_heads: [0, WORD, 2 * WORD].map(|i| pattern.get(i).copied().unwrap_or('\0')),
            non_ascii,
            non_ascii_first_row: rows,
        };
        for (i, &c) in pattern.iter().enumerate() {
            let row = table.row_of(c);
            table.masks[row * blocks + i / WORD] |= 1 << (i % WORD);
            if i < WORD && c.is_ascii() {
                table.first_block[c as usize] |= 1 << i;
            } else if i < 2 * WORD && c.is_ascii() {
                table.second_block[c as usize] |= 1 << (i - WORD);
            }
        }
        table
    }

    /// The mask of `c` in block 0, `self.of(c)[0]`.
    #[inline(always)]
    fn of_first_block(&self, c: char) -> u64 {
        match self.first_block.get(c as usize) {
            Some(&mask) => mask,
            None => self.of_first_block_non_ascii(c),
        }
    }

    /// Out of line: it is rare in text, and inlined it would crowd the
    /// fast path's registers.
    #[cold]
    #[inline(never)]
    fn of_first_block_non_ascii(&self, c: char) -> u64 {
        self.of(c)[0]
    }

    /// The masks of `c` in blocks 0 and 1, of a pattern of two blocks or
    /// more.
    #[inline(always)]
    fn of_first_two_blocks(&self, c: char) -> (u64, u64) {
        match (
            self.first_block.get(c as usize),
            self.second_block.get(c as usize),
        ) {
            (Some(&first), Some(&second)) => (first, second),
            _ => self.of_first_two_blocks_non_ascii(c),
        }
    }

    #[cold]
    #[inline(never)]
    fn of_first_two_blocks_non_ascii(&self, c: char) -> (u64, u64) {
        let masks = self.of(c);
        (masks[0], masks[1])
    }

    fn row_of(&self, c: char) -> usize {
        if c.is_ascii() {
            self.ascii[c as usize]
        } else {
            self.non_ascii
                .binary_search(&c)
                .map_or(0, |i| self.non_ascii_first_row + i)
        }
    }

    /// The masks of `c`, one per block.
    fn of(&self, c: char) -> &[u64] {
        let row = self.row_of(c);
        &self.masks[row * self.blocks..(row + 1) * self.blocks]
    }
}

/// What the table's top row (the empty pattern prefix) costs.
#[derive(Clone, Copy)]
enum TopRow {
    /// Zero everywhere: a match may start anywhere in the text (search).
    Free,
    /// Grows by one per text char: the match starts at the text's start
    /// (edit distance).
    Anchored,
}

/// One block of 64 rows of the current column: vertical deltas and the
/// exact value of its last row.
#[derive(Clone, Copy)]
struct Block {
    plus: u64,
    minus: u64,
    last_row_score: isize,
}

impl Block {
    /// [`advance`] on this block's column, which it updates along with its
    /// last row's score; returns the delta leaving that row.
    #[inline(always)]
    fn advance(&mut self, eq: u64, carry_in: isize, last_bit: u64) -> isize {
        let (plus, minus, carry_out) = advance(self.plus, self.minus, eq, carry_in, last_bit);
        self.plus = plus;
        self.minus = minus;
        self.last_row_score += carry_out;
        carry_out
    }
}

/// The edit-distance table between a pattern (rows) and a text (columns),
/// advanced one text char (column) at a time. Each block of 64 rows keeps its
/// column as vertical deltas (`plus`/`minus` bits) plus the exact value of
/// its last row.
///
/// Ukkonen's cut-off: only blocks `0..=active` are computed. Every block below
/// `active` holds values above `max_errors` only; since edits cannot lower a
/// value along a diagonal, a block can only come back into range through its
/// first row, which `step` checks.
struct Searcher<'p> {
    masks: &'p PatternMasks,
    max_errors: usize,
    top_delta: isize,
    /// One per block of the pattern, `last_block + 1` of them.
    blocks: Vec<Block>,
    active: usize,
    last_block: usize,
    /// The bit of the pattern's last row inside the last block.
    last_row_bit: u64,
}

impl<'p> Searcher<'p> {
    /// `masks` must come from a non-empty pattern.
    fn new(masks: &'p PatternMasks, max_errors: usize, top_row: TopRow) -> Searcher<'p> {
        let last_block = masks.blocks.saturating_sub(1);
        let mut searcher = Searcher {
            masks,
            max_errors,
            top_delta: match top_row {
                TopRow::Free => 0,
                TopRow::Anchored => 1,
            },
            blocks: vec![
                Block {
                    plus: !0,
                    minus: 0,
                    last_row_score: 0,
                };
                last_block + 1
            ],
            // Column 0 holds the row numbers: rows up to `max_errors` are in
            // range.
            active: max_errors.div_ceil(WORD).saturating_sub(1).min(last_block),
            last_block,
            last_row_bit: 1 << (masks.len.saturating_sub(1) % WORD),
        };
        for b in 0..=searcher.active {
            searcher.blocks[b].last_row_score = (b * WORD + searcher.rows(b)) as isize;
        }
        searcher
    }

    fn rows(&self, block: usize) -> usize {
        if block == self.last_block {
            self.masks.len - block * WORD
        } else {
            WORD
        }
    }

    /// Advances over `text` until an end position is in range: returns how
    /// many chars it consumed (the last one ends the match) and the errors
    /// there, or `None` once the text is used up.
    fn next_hit(&mut self, text: &[char]) -> Option<(usize, usize)> {
        let mut consumed = 0;
        loop {
            consumed += self.skip(&text[consumed..]);
            let &c = text.get(consumed)?;
            consumed += 1;
            if let Some(errors) = self.step(c) {
                return Some((consumed, errors));
            }
        }
    }

    /// The fast paths of `step`: while only block 0, or only blocks 0 and 1,
    /// are active, which with the cut-off is nearly every text char, the
    /// active blocks' columns live in locals and nothing else is looked at.
    /// Steps over a prefix of `text` and returns its length; stops *before*
    /// the first char whose `step` would report an end in range or change
    /// the set of active blocks, and leaves it to `step`, so that the paths
    /// cannot disagree.
    ///
    /// Only for a free top row (search); anchored scans (edit distance, a
    /// match's start) are short and all take `step`.
    fn skip(&mut self, text: &[char]) -> usize {
        match (self.top_delta, self.active, self.last_block) {
            (0, 0, 0) => self.skip_block0_with::<true>(text),
            (0, 0, _) => self.skip_block0_with::<false>(text),
            (0, 1, 1) => self.skip_blocks01_with::<true>(text),
            (0, 1, _) => self.skip_blocks01_with::<false>(text),
            _ => 0,
        }
    }

    /// The fast path while only block 0 is active, compiled once for
    /// single-block patterns (block 0 holds the last row, whose score is
    /// reported) and once for longer ones (block 1 may come into range), so
    /// the loop tests neither.
    #[inline(always)]
    fn skip_block0_with<const SINGLE_BLOCK: bool>(&mut self, text: &[char]) -> usize {
        let masks = self.masks;
        let max_errors = self.max_errors as isize;
        let last_row = if SINGLE_BLOCK {
            self.last_row_bit.trailing_zeros()
        } else {
            WORD as u32 - 1
        };
        let next_head = if SINGLE_BLOCK {
            '\0'
        } else {
            masks.block_heads[1]
        };
        let Block {
            mut plus,
            mut minus,
            last_row_score: mut score,
        } = self.blocks[0];
        let mut consumed = 0;
        for &c in text {
            let (next_plus, next_minus, carry) =
                advance_free(plus, minus, masks.of_first_block(c), last_row);
            // The same conditions as in `step`, with `active == 0`.
            let stop = if SINGLE_BLOCK {
                score + carry <= max_errors
            } else {
                score <= max_errors && (carry < 0 || c == next_head)
            };
            if stop {
                break;
            }
            (plus, minus, score) = (next_plus, next_minus, score + carry);
            consumed += 1;
        }
        self.blocks[0] = Block {
            plus,
            minus,
            last_row_score: score,
        };
        consumed
    }

    /// The fast path while exactly blocks 0 and 1 are active, compiled once
    /// for two-block patterns (block 1 holds the last row, whose score is
    /// reported) and once for longer ones (block 2 may come into range).
    #[inline(always)]
    fn skip_blocks01_with<const TWO_BLOCKS: bool>(&mut self, text: &[char]) -> usize {
        let masks = self.masks;
        let max_errors = self.max_errors as isize;
        // A block whose last row is this or more has no row in range.
        let out_of_range = max_errors + WORD as isize;
        let last_bit = if TWO_BLOCKS {
            self.last_row_bit
        } else {
            1 << (WORD - 1)
        };
        let next_head = if TWO_BLOCKS {
            '\0'
        } else {
            masks.block_heads[2]
        };
        let [mut block0, mut block1] = [self.blocks[0], self.blocks[1]];
        let mut consumed = 0;
        for &c in text {
            let (eq0, eq1) = masks.of_first_two_blocks(c);
            let (plus0, minus0, carry0) =
                advance_free(block0.plus, block0.minus, eq0, WORD as u32 - 1);
            let (plus1, minus1, carry1) = advance(block1.plus, block1.minus, eq1, carry0, last_bit);
            let score1 = block1.last_row_score + carry1;
            // The same conditions as in `step`, with `active == 1`: report
            // (two blocks) or bring block 2 into range (more), else drop
            // block 1.
            let stop = if TWO_BLOCKS {
                score1 <= max_errors || score1 >= out_of_range
            } else {
                (block1.last_row_score <= max_errors && (carry1 < 0 || c == next_head))
                    || score1 >= out_of_range
            };
            if stop {
                break;
            }
            block0 = Block {
                plus: plus0,
                minus: minus0,
                last_row_score: block0.last_row_score + carry0,
            };
            block1 = Block {
                plus: plus1,
                minus: minus1,
                last_row_score: score1,
            };
            consumed += 1;
        }
        self.blocks[0] = block0;
        self.blocks[1] = block1;
        consumed
    }

    /// `step` for a searcher whose limit no cell of the table exceeds (the
    /// anchored scans that bound it by the longer side): every block is active
    /// from the start and is never cut off, so this only advances them all
    /// and returns the bottom cell, which `step` would report.
    fn step_uncut(&mut self, c: char) -> usize {
        debug_assert_eq!(self.active, self.last_block);
        // One and two blocks, the common quote lengths: straight from the
        // per-char tables.
        match self.blocks.as_mut_slice() {
            [only] => {
                only.advance(
                    self.masks.of_first_block(c),
                    self.top_delta,
                    self.last_row_bit,
                );
                return only.last_row_score as usize;
            }
            [first, second] => {
                let (eq0, eq1) = self.masks.of_first_two_blocks(c);
                let carry = first.advance(eq0, self.top_delta, 1 << (WORD - 1));
                second.advance(eq1, carry, self.last_row_bit);
                return second.last_row_score as usize;
            }
            _ => {}
        }
        let eqs = self.masks.of(c);
        let (last, above) = self.blocks.split_last_mut().expect("a pattern has a block");
        let mut carry = self.top_delta;
        for (block, &eq) in above.iter_mut().zip(eqs) {
            carry = block.advance(eq, carry, 1 << (WORD - 1));
        }
        last.advance(eqs[eqs.len() - 1], carry, self.last_row_bit);
        debug_assert!(last.last_row_score <= self.max_errors as isize);
        last.last_row_score as usize
    }

    /// Advances the table by text char `c`; returns the pattern's cost ending
    /// here if it is at most `max_errors`.
    fn step(&mut self, c: char) -> Option<usize> {
        let eqs = self.masks.of(c);
        let max_errors = self.max_errors as isize;
        let active = self.active;
        let last_block = self.last_block;
        let blocks = &mut self.blocks[..];
        let (computed, cut_off) = blocks.split_at_mut(active + 1);
        let (last, above) = computed.split_last_mut().expect("block 0 is always active");

        let mut carry = self.top_delta;
        for (block, &eq) in above.iter_mut().zip(eqs) {
            carry = block.advance(eq, carry, 1 << (WORD - 1));
        }
        let last_bit = if active == last_block {
            self.last_row_bit
        } else {
            1 << (WORD - 1)
        };
        carry = last.advance(eqs[active], carry, last_bit);

        let previous = last.last_row_score - carry;
        let next_in_range = match (cut_off.first_mut(), eqs.get(active + 1)) {
            (Some(next), Some(&eq)) if previous <= max_errors && (eq & 1 != 0 || carry < 0) => {
                // The block was cut off, so its previous column is only known
                // to exceed `max_errors`; rising by one per row from the block
                // above is such a column, and the exact values there do not
                // matter.
                let rows = if active + 1 == last_block {
                    self.masks.len - last_block * WORD
                } else {
                    WORD
                };
                let next_bit = if active + 1 == last_block {
                    self.last_row_bit
                } else {
                    1 << (WORD - 1)
                };
                *next = Block {
                    plus: !0,
                    minus: 0,
                    last_row_score: previous + rows as isize,
                };
                next.advance(eq, carry, next_bit);
                true
            }
            _ => false,
        };
        if next_in_range {
            self.active = active + 1;
        } else {
            // A block whose last row is `max_errors + 64` or more has no row
            // in range.
            let mut active = active;
            while active > 0 && blocks[active].last_row_score >= max_errors + WORD as isize {
                active -= 1;
            }
            self.active = active;
        }

        let score = self.blocks[self.active].last_row_score;
        (self.active == last_block && score <= max_errors).then_some(score as usize)
    }
}

/// Myers' step for one block: its column as vertical deltas (`plus`/`minus`
/// bits), `eq` marking the rows equal to the text char, `carry_in` the
/// horizontal delta entering the block's top row. Returns the next column and
/// the horizontal delta leaving the row of `last_bit`.
#[inline(always)]
fn advance(plus: u64, minus: u64, eq: u64, carry_in: isize, last_bit: u64) -> (u64, u64, isize) {
    // Branch-free: the carry is one of -1, 0, 1.
    let carry_minus = u64::from(carry_in < 0);
    let carry_plus = u64::from(carry_in > 0);
    let x_vertical = eq | minus;
    // A negative delta entering from above acts like a match in row 0.
    let eq = eq | carry_minus;
    let x_horizontal = (((eq & plus).wrapping_add(plus)) ^ plus) | eq;
    let h_plus = minus | !(x_horizontal | plus);
    let h_minus = plus & x_horizontal;

    // `h_plus` and `h_minus` have no bit in common.
    let carry_out = isize::from(h_plus & last_bit != 0) - isize::from(h_minus & last_bit != 0);

    let h_plus = (h_plus << 1) | carry_plus;
    let h_minus = (h_minus << 1) | carry_minus;
    (
        h_minus | !(x_vertical | h_plus),
        h_plus & x_vertical,
        carry_out,
    )
}

/// [`advance`] with no delta entering the top row (`carry_in == 0`), the
/// same function rewritten for a shorter chain of dependent operations from
/// one column to the next (7 instead of 11), which bounds a search step's
/// latency, and for fewer operations. `last_row` is the bit of `last_bit`.
#[inline(always)]
fn advance_free(plus: u64, minus: u64, eq: u64, last_row: u32) -> (u64, u64, isize) {
    let x_vertical = eq | minus;
    let sum = (eq & plus).wrapping_add(plus);
    // With `x_horizontal = (sum ^ plus) | eq` as in `advance`:
    // `x_horizontal | plus == sum | plus | eq`, so `h_plus` is
    // `minus | !(sum | plus | eq)`; and `plus & x_horizontal ==
    // plus & (!sum | eq)`.
    let not_h_plus = !minus & (sum | plus | eq);
    let h_minus = plus & (!sum | eq);

    // Branch-free: `h_plus` and `h_minus` have no bit in common, as `plus`
    // and `minus` have none.
    let carry_out = ((!not_h_plus >> last_row) & 1) as isize - ((h_minus >> last_row) & 1) as isize;

    // `!(h_plus << 1)`: the shifted-in bit of `h_plus` is 0.
    let not_h_plus_shifted = (not_h_plus << 1) | 1;
    (
        (h_minus << 1) | (!x_vertical & not_h_plus_shifted),
        !not_h_plus_shifted & x_vertical,
        carry_out,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// Sellers' table, bottom row: the fewest edits of `pattern` ending at each
    /// text position `0..=text.len()`.
    fn sellers(text: &[char], pattern: &[char]) -> Vec<usize> {
        let mut column: Vec<usize> = (0..=pattern.len()).collect();
        let mut bottom = vec![pattern.len()];
        for &t in text {
            let mut diagonal = column[0];
            column[0] = 0;
            for i in 1..=pattern.len() {
                let cost = diagonal + usize::from(pattern[i - 1] != t);
                diagonal = column[i];
                column[i] = cost.min(column[i] + 1).min(column[i - 1] + 1);
            }
            bottom.push(column[pattern.len()]);
        }
        bottom
    }

    fn levenshtein(a: &[char], b: &[char]) -> usize {
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, &x) in a.iter().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for j in 1..=b.len() {
                let cost = diagonal + usize::from(x != b[j - 1]);
                diagonal = row[j];
                row[j] = cost.min(row[j] + 1).min(row[j - 1] + 1);
            }
        }
        row[b.len()]
    }

    /// `find` spelled out from its doc comment with plain dynamic programming.
    fn reference_find(text: &[char], pattern: &[char], max_errors: usize) -> Vec<Match> {
        if pattern.is_empty() {
            return Vec::new();
        }
        let k = max_errors.min(pattern.len());
        let bottom = sellers(text, pattern);
        let mut clusters: Vec<(usize, usize)> = Vec::new();
        let mut previous_in = false;
        for (end, &errors) in bottom.iter().enumerate().skip(1) {
            let is_in = errors <= k;
            if is_in {
                match clusters.last_mut() {
                    Some(best) if previous_in => {
                        if errors < best.1 {
                            *best = (end, errors);
                        }
                    }
                    _ => clusters.push((end, errors)),
                }
            }
            previous_in = is_in;
        }
        let mut matches: Vec<Match> = clusters
            .into_iter()
            .map(|(end, errors)| {
                let lowest = end.saturating_sub(pattern.len() + k);
                let start = (lowest..=end)
                    .find(|&s| levenshtein(pattern, &text[s..end]) == errors)
                    .expect("an optimal alignment fits in the window");
                Match { start, end, errors }
            })
            .collect();
        matches.sort_by_key(|m| (m.start, m.end));
        matches
    }

    #[test]
    fn finds_british_spelling_with_one_error() {
        let text = chars("officially recognize the Taliban");
        let found = find(&text, &chars("recognise"), 1);
        assert_eq!(
            found,
            vec![Match {
                start: 11,
                end: 20,
                errors: 1
            }]
        );
        assert_eq!(text[11..20].iter().collect::<String>(), "recognize");
    }

    #[test]
    fn one_match_per_cluster() {
        let text = chars("the cat sat on the mat");
        let found = find(&text, &chars("cat"), 1);
        let expected = [(4, 7, 0), (8, 11, 1), (19, 22, 1)].map(|(start, end, errors)| Match {
            start,
            end,
            errors,
        });
        assert_eq!(found, expected);
    }

    /// Deterministic pseudo-random lowercase words.
    fn filler(len: usize, mut seed: u64) -> Vec<char> {
        (0..len)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let r = (seed >> 33) % 27;
                if r == 26 {
                    ' '
                } else {
                    char::from(b'a' + r as u8)
                }
            })
            .collect()
    }

    #[test]
    fn long_pattern_with_scattered_edits() {
        let pattern = filler(150, 7);
        // Substitute at 10, delete at 70, insert at 130: far apart, so no two
        // of them merge into one cheaper edit.
        let mut quoted = pattern.clone();
        quoted[10] = if quoted[10] == 'x' { 'y' } else { 'x' };
        quoted.remove(70);
        quoted.insert(129, 'Q');
        assert_eq!(distance(&pattern, &quoted), 3);

        let before = filler(5_000, 11);
        let mut text = before.clone();
        text.extend_from_slice(&quoted);
        text.extend(filler(5_000, 13));

        let found = find(&text, &pattern, 150 / 4);
        assert_eq!(
            found,
            vec![Match {
                start: before.len(),
                end: before.len() + quoted.len(),
                errors: 3
            }]
        );
        assert_eq!(best_errors(&text, &pattern, 150 / 4), Some(3));
        assert_eq!(best_errors(&text, &pattern, 2), None);
        assert!(find(&text, &pattern, 2).is_empty());
    }

    /// The text skips the pattern's row 65 (its char 64), the first row of
    /// block 1: that row comes into range only from the row above in the
    /// same column (a negative delta out of block 0), not through a match.
    #[test]
    fn second_block_entered_from_above() {
        let pattern = filler(100, 17);
        for skipped in [63, 64, 65] {
            let mut quoted = pattern.clone();
            quoted.remove(skipped);
            let mut text = filler(300, 19);
            text.extend_from_slice(&quoted);
            text.extend(filler(300, 23));
            for k in [1, 2, 25] {
                assert_eq!(find(&text, &pattern, k), reference_find(&text, &pattern, k));
                assert_eq!(best_errors(&text, &pattern, k), Some(1));
            }
        }
    }

    #[test]
    fn non_ascii_text() {
        let text = chars("Он сказал: “Привет, мир” и ушёл");
        assert_eq!(text[11], '“');
        assert_eq!(text[23], '”');
        let curly = chars("“Привет, мор”");
        let found = find(&text, &curly, 3);
        assert_eq!(
            found,
            vec![Match {
                start: 11,
                end: 24,
                errors: 1
            }]
        );
        // Straight quotes: ending before or after `”` both cost 2 (a
        // substitution and a deletion, or two substitutions); the tie goes
        // to the earlier end.
        let straight = chars("\"Привет, мир\"");
        let found = find(&text, &straight, 3);
        assert_eq!(
            found,
            vec![Match {
                start: 11,
                end: 23,
                errors: 2
            }]
        );
        assert_eq!(best_errors(&text, &chars("мир"), 0), Some(0));
        assert_eq!(best_errors(&text, &chars("мор"), 0), None);
        assert_eq!(distance(&chars("ушёл"), &chars("ушел")), 1);
    }

    #[test]
    fn degenerate_inputs() {
        let abc = chars("abc");
        assert!(find(&abc, &[], 3).is_empty());
        assert!(find(&[], &abc, 3).is_empty());
        assert_eq!(best_errors(&abc, &[], 3), None);
        assert_eq!(best_errors(&[], &abc, 3), None);
        // Pattern longer than the text: deletions make up the difference.
        assert_eq!(
            find(&chars("ab"), &abc, 1),
            vec![Match {
                start: 0,
                end: 2,
                errors: 1
            }]
        );
        // A limit of the pattern length or more: every end is in range.
        let everything = vec![Match {
            start: 0,
            end: 1,
            errors: 2,
        }];
        assert_eq!(find(&chars("xyz"), &chars("ab"), 2), everything);
        assert_eq!(find(&chars("xyz"), &chars("ab"), usize::MAX), everything);
        assert_eq!(
            best_errors(&chars("xyz"), &chars("ab"), usize::MAX),
            Some(2)
        );
    }

    #[test]
    fn distances() {
        assert_eq!(distance(&chars("kitten"), &chars("sitting")), 3);
        assert_eq!(distance(&[], &chars("abc")), 3);
        assert_eq!(distance(&chars("abc"), &[]), 3);
        assert_eq!(distance(&[], &[]), 0);
        assert_eq!(distance(&chars("“quoted”"), &chars("\"quoted\"")), 2);
    }

    fn text_over(
        alphabet: &'static str,
        len: std::ops::Range<usize>,
    ) -> impl Strategy<Value = Vec<char>> {
        prop::collection::vec(prop::sample::select(chars(alphabet)), len)
    }

    /// A text, a pattern and an error limit up to a bit past the pattern's
    /// length.
    fn case(
        alphabet: &'static str,
        text_len: std::ops::Range<usize>,
        pattern_len: std::ops::Range<usize>,
    ) -> impl Strategy<Value = (Vec<char>, Vec<char>, usize)> {
        (
            text_over(alphabet, text_len),
            text_over(alphabet, pattern_len),
        )
            .prop_flat_map(|(text, pattern)| {
                let most = pattern.len() + 2;
                (Just(text), Just(pattern), 0..=most)
            })
    }

    /// A stretch of filler text, then the edits to make to the pattern's copy
    /// after it: where, and which kind.
    type Piece = (Vec<char>, Vec<(prop::sample::Index, u8)>);

    /// Each filler followed by a copy of `pattern` with its edits applied:
    /// kind 0 substitutes `substitute`, 1 deletes, 2 inserts `insert`.
    fn planted(pattern: &[char], pieces: Vec<Piece>, substitute: char, insert: char) -> Vec<char> {
        let mut text = Vec::new();
        for (filler, edits) in pieces {
            text.extend(filler);
            let mut quoted = pattern.to_vec();
            for (at, kind) in edits {
                let i = at.index(quoted.len());
                match kind {
                    0 => quoted[i] = substitute,
                    1 => {
                        quoted.remove(i);
                    }
                    _ => quoted.insert(i, insert),
                }
            }
            text.extend(quoted);
        }
        text
    }

    fn check_find(text: &[char], pattern: &[char], max_errors: usize) -> Result<(), TestCaseError> {
        let found = find(text, pattern, max_errors);
        prop_assert_eq!(&found, &reference_find(text, pattern, max_errors));
        let bottom = sellers(text, pattern);
        for m in &found {
            prop_assert_eq!(levenshtein(pattern, &text[m.start..m.end]), m.errors);
            prop_assert_eq!(bottom[m.end], m.errors);
        }
        let k = max_errors.min(pattern.len());
        let least = bottom.iter().skip(1).copied().min().filter(|&e| e <= k);
        prop_assert_eq!(
            found.iter().map(|m| m.errors).min(),
            least.filter(|_| !pattern.is_empty())
        );
        Ok(())
    }

    fn check_best_errors(
        text: &[char],
        pattern: &[char],
        max_errors: usize,
    ) -> Result<(), TestCaseError> {
        let least = sellers(text, pattern).into_iter().skip(1).min();
        let expected = least.filter(|&e| e <= max_errors && !pattern.is_empty());
        prop_assert_eq!(best_errors(text, pattern, max_errors), expected);
        Ok(())
    }

    proptest! {
        #[test]
        fn find_matches_reference_short((text, pattern, k) in case("abc", 0..120, 0..12)) {
            check_find(&text, &pattern, k)?;
        }

        #[test]
        fn find_matches_reference_non_ascii((text, pattern, k) in case("aé“”Яя", 0..120, 1..12)) {
            check_find(&text, &pattern, k)?;
        }

        #[test]
        fn find_matches_reference_multi_block(
            (text, pattern) in (text_over("abc", 0..500), text_over("abc", 60..200)),
            divisor in 2usize..8,
        ) {
            check_find(&text, &pattern, pattern.len() / divisor)?;
        }

        #[test]
        fn find_locates_planted_long_pattern(
            pattern in text_over("abcd", 60..200),
            before in text_over("abcd", 0..200),
            after in text_over("abcd", 0..200),
            edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3), 0..12),
        ) {
            let mut quoted = pattern.clone();
            for (at, kind) in edits {
                let i = at.index(quoted.len());
                match kind {
                    0 => quoted[i] = 'x',
                    1 => { quoted.remove(i); }
                    _ => quoted.insert(i, 'y'),
                }
            }
            let text: Vec<char> = before.into_iter().chain(quoted).chain(after).collect();
            check_find(&text, &pattern, pattern.len() / 4)?;
        }

        /// Copies of a 65-200 char pattern with a few edits, planted between
        /// unrelated stretches, over an alphabet with non-ASCII chars: block 1
        /// comes into range near each copy and drops out between them, so the
        /// scan leaves block 0's fast path and comes back to it.
        #[test]
        fn find_matches_reference_planted_non_ascii(
            pattern in text_over("aé“”Я", 65..200),
            pieces in prop::collection::vec(
                (
                    text_over("abéЯя", 0..200),
                    prop::collection::vec((any::<prop::sample::Index>(), 0u8..3), 0..10),
                ),
                1..4,
            ),
            divisor in 2usize..6,
        ) {
            let text = planted(&pattern, pieces, 'я', 'b');
            check_find(&text, &pattern, pattern.len() / divisor)?;
            check_best_errors(&text, &pattern, pattern.len() / divisor)?;
        }

        /// Copies of a 65-200 char pattern over an English-like alphabet
        /// with non-ASCII chars, lightly edited, between unrelated words:
        /// with k from len/8 to len/3, blocks 0 and 1 stay active for long
        /// stretches (their fast path), block 2 comes into range near a copy
        /// of a longer pattern, and block 1 drops out between copies.
        #[test]
        fn find_matches_reference_two_block_fast_path(
            pattern in text_over("etaoin sé“”Я", 65..200),
            pieces in prop::collection::vec(
                (
                    text_over("etaoin srhldé’", 0..300),
                    prop::collection::vec((any::<prop::sample::Index>(), 0u8..3), 0..8),
                ),
                1..4,
            ),
            divisor in 3usize..9,
        ) {
            let text = planted(&pattern, pieces, '’', 'r');
            check_find(&text, &pattern, pattern.len() / divisor)?;
            check_best_errors(&text, &pattern, pattern.len() / divisor)?;
        }

        #[test]
        fn best_errors_matches_reference((text, pattern, k) in case("abc", 0..150, 0..12)) {
            check_best_errors(&text, &pattern, k)?;
        }

        #[test]
        fn best_errors_matches_reference_multi_block(
            (text, pattern) in (text_over("ab", 0..400), text_over("ab", 60..200)),
            k in 0usize..80,
        ) {
            check_best_errors(&text, &pattern, k)?;
        }

        #[test]
        fn distances_by_edge_match_reference(
            pattern in text_over("abcé", 0..150),
            text in text_over("abcé", 1..150),
            cut in 0.0..1.0f64,
        ) {
            let prepared = Pattern::new(&pattern);
            let cut = (cut * text.len() as f64) as usize;
            let to: Vec<usize> = (0..cut).map(|s| levenshtein(&pattern, &text[s..cut])).collect();
            prop_assert_eq!(prepared.distances_to(&text, 0, cut), to);
            let from: Vec<usize> = (cut + 1..=text.len())
                .map(|e| levenshtein(&pattern, &text[cut..e]))
                .collect();
            prop_assert_eq!(prepared.distances_from(&text, cut, text.len()), from);
        }

        #[test]
        fn distance_matches_reference(a in text_over("abcé", 0..150), b in text_over("abcé", 0..150)) {
            prop_assert_eq!(distance(&a, &b), levenshtein(&a, &b));
        }

        #[test]
        fn indel_distance_matches_reference(
            a in text_over("abcé“", 0..150),
            b in text_over("abcé“", 0..150),
        ) {
            let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
            for i in 0..a.len() {
                for j in 0..b.len() {
                    lcs[i + 1][j + 1] = if a[i] == b[j] {
                        lcs[i][j] + 1
                    } else {
                        lcs[i][j + 1].max(lcs[i + 1][j])
                    };
                }
            }
            let indel = a.len() + b.len() - 2 * lcs[a.len()][b.len()];
            prop_assert_eq!(Pattern::new(&a).indel_distance(&b), indel);
        }

        #[test]
        fn short_distance_matches_reference(
            a in text_over("abcé“", 1..65),
            b in text_over("abcé“", 0..100),
        ) {
            prop_assert_eq!(short_distance(&a, b.iter().copied(), Ends::Both), levenshtein(&a, &b));
        }

        /// Short (one word) and long patterns alike: the least distance to
        /// any prefix of the text, the empty one included.
        #[test]
        fn prefix_distance_is_the_closest_prefix(
            a in text_over("abcé“", 0..90),
            b in text_over("abcé“", 0..100),
        ) {
            let least = (0..=b.len()).map(|e| levenshtein(&a, &b[..e])).min().unwrap_or(0);
            prop_assert_eq!(prefix_distance(&a, b.iter().copied()), least);
        }

        #[test]
        fn advance_free_is_advance_without_carry(
            plus in any::<u64>(),
            minus in any::<u64>(),
            eq in any::<u64>(),
            last_row in 0u32..64,
        ) {
            // A column never has a row both rising and falling.
            let minus = minus & !plus;
            let last_bit = 1 << last_row;
            prop_assert_eq!(
                advance_free(plus, minus, eq, last_row),
                advance(plus, minus, eq, 0, last_bit)
            );
        }

        #[test]
        fn never_panics(text in prop::collection::vec(any::<char>(), 0..80),
                        pattern in prop::collection::vec(any::<char>(), 0..80),
                        k in any::<usize>()) {
            let found = find(&text, &pattern, k);
            for m in &found {
                prop_assert!(m.start <= m.end && m.end <= text.len());
            }
            best_errors(&text, &pattern, k);
            distance(&text, &pattern);
        }
    }
}

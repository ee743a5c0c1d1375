//! Splitting an archive's files into N deterministic parts, one per CI
//! runner: `--shard 2/4` is the second of four.

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Parses `I/N` with 1 ≤ I ≤ N.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let (index, count) = text
            .split_once('/')
            .ok_or_else(|| format!("expected I/N (e.g. 2/4), found `{text}`"))?;
        let number = |s: &str| {
            s.trim()
                .parse::<u64>()
                .map_err(|_| format!("`{s}` is not a whole number"))
        };
        let shard = Shard {
            index: number(index)?,
            count: number(count)?,
        };
        if shard.count == 0 || shard.index == 0 || shard.index > shard.count {
            return Err(format!(
                "I must be from 1 to N, found {}/{}",
                shard.index, shard.count
            ));
        }
        Ok(shard)
    }

    /// Files go to shards by a hash of their path, so a file stays in its
    /// shard when others are added or removed.
    pub fn owns(&self, path: &Path) -> bool {
        let hash = xxhash_rust::xxh3::xxh3_64(path.to_string_lossy().as_bytes());
        hash % self.count == self.index - 1
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_splits() {
        assert_eq!(Shard::parse("2/4"), Ok(Shard { index: 2, count: 4 }));
        for bad in ["0/4", "5/4", "1/0", "a/2", "3"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        let paths: Vec<String> = (0..100).map(|i| format!("a/{i}.json")).collect();
        let mut owned = vec![0; 100];
        for index in 1..=3 {
            let shard = Shard { index, count: 3 };
            for (i, path) in paths.iter().enumerate() {
                owned[i] += usize::from(shard.owns(Path::new(path)));
            }
        }
        assert!(
            owned.iter().all(|&n| n == 1),
            "every file in exactly one shard"
        );
    }
}

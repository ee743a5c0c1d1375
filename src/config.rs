//! `claimcheck.toml`: project defaults (CONTRACT §5), read the way ruff and
//! typos read theirs.
//!
//! [`Config::parse`] is pure: text in, validated values out, or every error
//! with the byte span of the offending key or value and a "did you mean"
//! where one fits. [`discover`] is the one function that touches the file
//! system. Which file is read (`--config`, `--no-config`) and how command
//! line options win over these values is the caller's business: every
//! value here is `None` when the file does not set it.
//!
//! The file is walked as the `toml` crate's spanned document tree rather
//! than deserialized with a derive, so that every unknown key and wrong type
//! is reported at once, each at its own span, instead of the first alone.

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use crate::annotation::{Spanned, closest_name};
use crate::diagnostic::{self, Severity};
use crate::verdict::ClaimStatus;

/// The name of the file [`discover`] looks for.
pub const FILE_NAME: &str = "claimcheck.toml";

/// What `pin` stores as `prefix`/`suffix` when the file says nothing: 32
/// chars, as annotation tools store.
pub const DEFAULT_PIN_CONTEXT: usize = 32;

/// The largest `pin.context` accepted: context longer than a paragraph or
/// two only makes every later edit look like drift.
pub const MAX_PIN_CONTEXT: usize = 1000;

pub use crate::workspace::DEFAULT_MAX_FILE_SIZE;

/// A parsed, validated `claimcheck.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// `paths`: the default annotation PATHs, as written. They are relative
    /// to the folder of the config file ([`Config::resolve_paths`]), not to
    /// the current folder, so a run from a subfolder checks the same files.
    pub paths: Option<Vec<Spanned<String>>>,
    /// `[severity]`: how each claim status is reported.
    pub severity: Severities,
    /// `[ignore] claims`: claim ids to skip, as patterns.
    pub ignore_claims: Vec<Spanned<ClaimPattern>>,
    /// `[pin] context`: chars of `prefix`/`suffix` that `pin` writes.
    pub pin_context: Option<Spanned<usize>>,
    /// `[input] allow-source-outside`: whether a `source` may resolve
    /// outside the project root (issue 15; `--allow-source-outside`).
    pub allow_source_outside: Option<Spanned<bool>>,
    /// `[input] max-file-size`: the largest source or annotation file read,
    /// in bytes (issue 15).
    pub max_file_size: Option<Spanned<u64>>,
    /// `[export] author`: the ClaimReview `author` when `--author` is not given.
    pub export_author: Option<Spanned<String>>,
}

/// `[severity]`: one level per reportable claim status; `None` where the
/// file leaves the contract's default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Severities {
    pub moved: Option<Level>,
    pub ambiguous: Option<Level>,
    pub drifted: Option<Level>,
    pub broken: Option<Level>,
    pub unsupported: Option<Level>,
}

/// How a claim status is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Reported, and fails the run (exit 1).
    Error,
    /// Reported; fails the run only with `--deny-warnings`.
    Warning,
    /// Not reported, and never fails the run.
    Off,
}

impl Level {
    const NAMES: &[&str] = &["error", "warning", "off"];

    fn parse(name: &str) -> Option<Level> {
        match name {
            "error" => Some(Level::Error),
            "warning" => Some(Level::Warning),
            "off" => Some(Level::Off),
            _ => None,
        }
    }

    /// The severity this level reports a status at; `off` has none.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Off => None,
        }
    }
}

impl Severities {
    const KEYS: &[&str] = &["moved", "ambiguous", "drifted", "broken", "unsupported"];

    /// The level of `status`: the file's, else the contract's (`moved` is a
    /// warning, every other status but `verified` an error). `verified` is
    /// always off.
    pub fn level(&self, status: ClaimStatus) -> Level {
        let set = match status {
            ClaimStatus::Verified => return Level::Off,
            ClaimStatus::Moved => self.moved,
            ClaimStatus::Ambiguous => self.ambiguous,
            ClaimStatus::Drifted => self.drifted,
            ClaimStatus::Broken => self.broken,
            ClaimStatus::Unsupported => self.unsupported,
        };
        set.unwrap_or(match diagnostic::Severities::default().of_status(status) {
            None | Some(Severity::Note) => Level::Off,
            Some(Severity::Warning) => Level::Warning,
            Some(Severity::Error) => Level::Error,
        })
    }

    /// The contract's severities with this file's levels in their place.
    pub fn resolve(&self) -> diagnostic::Severities {
        let mut severities = diagnostic::Severities::default();
        for status in ClaimStatus::ALL {
            severities.set(status, self.level(status).severity());
        }
        severities
    }

    fn slot(&mut self, key: &str) -> Option<&mut Option<Level>> {
        match key {
            "moved" => Some(&mut self.moved),
            "ambiguous" => Some(&mut self.ambiguous),
            "drifted" => Some(&mut self.drifted),
            "broken" => Some(&mut self.broken),
            "unsupported" => Some(&mut self.unsupported),
            _ => None,
        }
    }
}

/// A claim-id pattern: `*` matches any run of chars (`/` included, since
/// W3C ids are IRIs), `?` exactly one char, anything else itself; the whole
/// id must match, case kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimPattern {
    chars: Vec<char>,
}

impl ClaimPattern {
    /// The pattern, or why it is not one.
    pub fn new(pattern: &str) -> Result<ClaimPattern, (String, Option<String>)> {
        if pattern.is_empty() {
            return Err(("a claim pattern must not be empty".into(), None));
        }
        // Glob classes and alternatives are not supported: reading them as
        // literal chars would silently match nothing.
        if let Some(c) = pattern.chars().find(|c| matches!(c, '[' | ']' | '{' | '}')) {
            return Err((
                format!("`{c}` is not supported in claim patterns"),
                Some("claim patterns know only `*` (any run of chars) and `?` (one char)".into()),
            ));
        }
        Ok(ClaimPattern {
            chars: pattern.chars().collect(),
        })
    }

    /// Whether `id` matches the whole pattern. Linear backtracking on the
    /// last `*`: no pattern can make it take exponential time.
    pub fn matches(&self, id: &str) -> bool {
        let id: Vec<char> = id.chars().collect();
        let pattern = &self.chars;
        let (mut p, mut i) = (0, 0);
        // Where the last `*` was, and the id position it last resumed from.
        let mut star: Option<(usize, usize)> = None;
        while i < id.len() {
            match pattern.get(p) {
                Some('*') => {
                    star = Some((p, i));
                    p += 1;
                }
                Some(&c) if c == '?' || c == id[i] => {
                    p += 1;
                    i += 1;
                }
                _ => match star {
                    Some((star_p, star_i)) => {
                        p = star_p + 1;
                        i = star_i + 1;
                        star = Some((star_p, star_i + 1));
                    }
                    None => return false,
                },
            }
        }
        pattern[p..].iter().all(|&c| c == '*')
    }

    pub fn as_string(&self) -> String {
        self.chars.iter().collect()
    }
}

impl Config {
    /// Parses and validates the full text of a `claimcheck.toml`. A leading
    /// BOM is accepted; spans are byte ranges of `text`, BOM included.
    pub fn parse(text: &str) -> Result<Config, Vec<ConfigError>> {
        // Blank the BOM out rather than slice it off, so that every span the
        // parser reports is already an offset into `text`.
        let text: Cow<str> = match text.strip_prefix('\u{feff}') {
            Some(rest) => Cow::Owned(format!("   {rest}")),
            None => Cow::Borrowed(text),
        };
        let (root, syntax) = DeTable::parse_recoverable(&text);
        if !syntax.is_empty() {
            return Err(syntax
                .iter()
                .map(|error| ConfigError {
                    message: format!("invalid TOML: {}", error.message().trim_end()),
                    span: error.span().unwrap_or(0..0),
                    help: None,
                })
                .collect());
        }
        let mut reader = Reader::default();
        let config = reader.file(root.get_ref());
        if reader.errors.is_empty() {
            Ok(config)
        } else {
            // The tree is ordered by key: report in file order.
            reader.errors.sort_by_key(|error| error.span.start);
            Err(reader.errors)
        }
    }

    /// The `paths` the file sets, joined to `config_dir` (the folder of the
    /// config file); relative paths stay relative when `config_dir` is.
    pub fn resolve_paths(&self, config_dir: &Path) -> Option<Vec<PathBuf>> {
        self.paths.as_ref().map(|paths| {
            paths
                .iter()
                .map(|path| config_dir.join(&path.value))
                .collect()
        })
    }

    /// Whether `[ignore] claims` skips the claim `id`.
    pub fn ignores(&self, id: &str) -> bool {
        self.ignore_claims
            .iter()
            .any(|pattern| pattern.value.matches(id))
    }

    /// `[pin] context`, else the default of 32 chars.
    pub fn pin_context(&self) -> usize {
        self.pin_context
            .as_ref()
            .map_or(DEFAULT_PIN_CONTEXT, |context| context.value)
    }

    /// `[input] max-file-size` in bytes, else 256 MiB.
    pub fn max_file_size(&self) -> u64 {
        self.max_file_size
            .as_ref()
            .map_or(DEFAULT_MAX_FILE_SIZE, |size| size.value)
    }

    /// `[input] allow-source-outside`, else false.
    pub fn allow_source_outside(&self) -> bool {
        self.allow_source_outside
            .as_ref()
            .is_some_and(|allow| allow.value)
    }
}

/// A problem with the config file (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub message: String,
    /// Byte range of the offending key or value in the TOML text.
    pub span: Range<usize>,
    /// What to do about it, e.g. "did you mean `severity`?".
    pub help: Option<String>,
}

/// The nearest `claimcheck.toml`: in `start` (a folder) or the closest
/// folder above it. A relative `start` is taken from the current folder, so
/// that `.` finds a file above it too.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    start
        .ancestors()
        .map(|folder| folder.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

type Entry<'i> = (
    &'i toml::Spanned<Cow<'i, str>>,
    &'i toml::Spanned<DeValue<'i>>,
);

/// Collects the errors of one file while walking its tree.
#[derive(Default)]
struct Reader {
    errors: Vec<ConfigError>,
}

const TOP_KEYS: &[&str] = &["paths", "severity", "ignore", "pin", "input", "export"];
const IGNORE_KEYS: &[&str] = &["claims"];
const PIN_KEYS: &[&str] = &["context"];
const INPUT_KEYS: &[&str] = &["allow-source-outside", "max-file-size"];
const EXPORT_KEYS: &[&str] = &["author"];

impl Reader {
    fn error(&mut self, span: Range<usize>, message: String, help: Option<String>) {
        self.errors.push(ConfigError {
            message,
            span,
            help,
        });
    }

    fn file(&mut self, root: &DeTable) -> Config {
        let mut config = Config::default();
        for (key, value) in self.entries(root, TOP_KEYS, "at the top level") {
            let span = value.span();
            match key.get_ref().as_ref() {
                "paths" => {
                    config.paths = self.strings("paths", value.get_ref(), span, |path| {
                        Ok::<_, (String, Option<String>)>(path.to_owned())
                    });
                }
                "severity" => {
                    if let Some(table) = self.table("severity", value.get_ref(), span) {
                        config.severity = self.severities(table);
                    }
                }
                "ignore" => {
                    let Some(table) = self.table("ignore", value.get_ref(), span) else {
                        continue;
                    };
                    for (_, value) in self.entries(table, IGNORE_KEYS, "in [ignore]") {
                        let patterns = self.strings(
                            "ignore.claims",
                            value.get_ref(),
                            value.span(),
                            ClaimPattern::new,
                        );
                        config.ignore_claims = patterns.unwrap_or_default();
                    }
                }
                "pin" => {
                    let Some(table) = self.table("pin", value.get_ref(), span) else {
                        continue;
                    };
                    for (_, value) in self.entries(table, PIN_KEYS, "in [pin]") {
                        config.pin_context = self.pin_context(value);
                    }
                }
                "input" => {
                    let Some(table) = self.table("input", value.get_ref(), span) else {
                        continue;
                    };
                    for (key, value) in self.entries(table, INPUT_KEYS, "in [input]") {
                        if key.get_ref() == "allow-source-outside" {
                            config.allow_source_outside = self.boolean(
                                "input.allow-source-outside",
                                value.get_ref(),
                                value.span(),
                            );
                        } else {
                            config.max_file_size = self.file_size(value);
                        }
                    }
                }
                _ => {
                    let Some(table) = self.table("export", value.get_ref(), span) else {
                        continue;
                    };
                    for (_, value) in self.entries(table, EXPORT_KEYS, "in [export]") {
                        config.export_author =
                            self.text("export.author", value.get_ref(), value.span());
                    }
                }
            }
        }
        config
    }

    /// The entries of `table` whose keys are in `allowed`; the others are
    /// reported. `place` ends "unknown key `x` …", e.g. "in [pin]".
    fn entries<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        allowed: &[&'static str],
        place: &str,
    ) -> Vec<Entry<'t>>
    where
        'i: 't,
    {
        let mut known = Vec::new();
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            if allowed.contains(&name) {
                known.push((key, value));
                continue;
            }
            let help = match closest_name(name, allowed) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => format!("the keys here are `{}`", allowed.join("`, `")),
            };
            self.error(
                key.span(),
                format!("unknown key `{name}` {place}"),
                Some(help),
            );
        }
        known
    }

    fn table<'t, 'i>(
        &mut self,
        name: &str,
        value: &'t DeValue<'i>,
        span: Range<usize>,
    ) -> Option<&'t DeTable<'i>> {
        match value {
            DeValue::Table(table) => Some(table),
            other => {
                let help = format!("write it as a table: `[{name}]` on a line of its own");
                self.error(
                    span,
                    format!("`{name}` must be a table, found {}", describe(other)),
                    Some(help),
                );
                None
            }
        }
    }

    /// An array of non-empty strings, each made into a `T` by `make`.
    fn strings<T>(
        &mut self,
        name: &str,
        value: &DeValue,
        span: Range<usize>,
        mut make: impl FnMut(&str) -> Result<T, (String, Option<String>)>,
    ) -> Option<Vec<Spanned<T>>> {
        let DeValue::Array(items) = value else {
            let help = match value {
                DeValue::String(one) => Some(format!("write a list: `[{one:?}]`")),
                _ => None,
            };
            self.error(
                span,
                format!(
                    "`{name}` must be an array of strings, found {}",
                    describe(value)
                ),
                help,
            );
            return None;
        };
        let mut all = Some(Vec::with_capacity(items.len()));
        for item in items.iter() {
            let span = item.span();
            let made = match item.get_ref() {
                DeValue::String(text) if text.trim().is_empty() => {
                    Err((format!("`{name}` must not hold an empty string"), None))
                }
                DeValue::String(text) => make(text),
                other => Err((
                    format!("`{name}` must hold strings, found {}", describe(other)),
                    None,
                )),
            };
            match made {
                Ok(made) => {
                    if let Some(all) = &mut all {
                        all.push(Spanned::new(made, span));
                    }
                }
                Err((message, help)) => {
                    self.error(span, message, help);
                    all = None;
                }
            }
        }
        all
    }

    fn severities(&mut self, table: &DeTable) -> Severities {
        let mut severities = Severities::default();
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            let Some(slot) = severities.slot(name) else {
                let help = if name == "verified" || name == "exact" {
                    format!(
                        "`{name}` is never reported; the statuses that are: `{}`",
                        Severities::KEYS.join("`, `")
                    )
                } else {
                    match closest_name(name, Severities::KEYS) {
                        Some(suggestion) => format!("did you mean `{suggestion}`?"),
                        None => format!("the statuses are `{}`", Severities::KEYS.join("`, `")),
                    }
                };
                self.error(
                    key.span(),
                    format!("unknown status `{name}` in [severity]"),
                    Some(help),
                );
                continue;
            };
            let level = match value.get_ref() {
                DeValue::String(level) => match Level::parse(level) {
                    Some(level) => Ok(level),
                    None => Err((
                        format!("unknown severity {level:?} for `{name}`"),
                        closest_level(level),
                    )),
                },
                other => Err((
                    format!(
                        "the severity of `{name}` must be a string, found {}",
                        describe(other)
                    ),
                    None,
                )),
            };
            match level {
                Ok(level) => *slot = Some(level),
                Err((message, suggestion)) => {
                    let help = match suggestion {
                        Some(suggestion) => format!("did you mean \"{suggestion}\"?"),
                        None => "a severity is \"error\", \"warning\" or \"off\"".into(),
                    };
                    self.error(value.span(), message, Some(help));
                }
            }
        }
        severities
    }

    fn pin_context(&mut self, value: &toml::Spanned<DeValue>) -> Option<Spanned<usize>> {
        let context = match value.get_ref() {
            DeValue::Integer(number) => integer(number),
            other => {
                self.error(
                    value.span(),
                    format!(
                        "`pin.context` must be a whole number, found {}",
                        describe(other)
                    ),
                    None,
                );
                return None;
            }
        };
        match context.and_then(|n| usize::try_from(n).ok()) {
            Some(n) if n <= MAX_PIN_CONTEXT => Some(Spanned::new(n, value.span())),
            _ => {
                self.error(
                    value.span(),
                    format!("`pin.context` must be from 0 to {MAX_PIN_CONTEXT} chars"),
                    Some(format!(
                        "annotation tools store {DEFAULT_PIN_CONTEXT}, the default"
                    )),
                );
                None
            }
        }
    }

    fn boolean(
        &mut self,
        name: &str,
        value: &DeValue,
        span: Range<usize>,
    ) -> Option<Spanned<bool>> {
        match value {
            DeValue::Boolean(flag) => Some(Spanned::new(*flag, span)),
            other => {
                let help = match other {
                    DeValue::String(text) if text == "true" || text == "false" => {
                        Some(format!("write it without quotes: `{text}`"))
                    }
                    _ => None,
                };
                self.error(
                    span,
                    format!(
                        "`{name}` must be `true` or `false`, found {}",
                        describe(other)
                    ),
                    help,
                );
                None
            }
        }
    }

    fn text(&mut self, name: &str, value: &DeValue, span: Range<usize>) -> Option<Spanned<String>> {
        match value {
            DeValue::String(text) if !text.trim().is_empty() => {
                Some(Spanned::new(text.to_string(), span))
            }
            DeValue::String(_) => {
                self.error(span, format!("`{name}` must not be empty"), None);
                None
            }
            other => {
                self.error(
                    span,
                    format!("`{name}` must be a string, found {}", describe(other)),
                    None,
                );
                None
            }
        }
    }

    /// A size in bytes: a whole number, or a string with a unit (`"256 MB"`,
    /// `"1 GiB"`).
    fn file_size(&mut self, value: &toml::Spanned<DeValue>) -> Option<Spanned<u64>> {
        let help = "a size is a number of bytes, or a string like \"256 MB\" or \"1 GiB\" (B, KB, MB, GB, KiB, MiB, GiB)";
        let size = match value.get_ref() {
            DeValue::Integer(number) => integer(number).and_then(|n| u64::try_from(n).ok()),
            DeValue::String(text) => parse_size(text),
            other => {
                self.error(
                    value.span(),
                    format!(
                        "`input.max-file-size` must be a size, found {}",
                        describe(other)
                    ),
                    Some(help.into()),
                );
                return None;
            }
        };
        match size {
            Some(size) if size > 0 => Some(Spanned::new(size, value.span())),
            Some(_) => {
                self.error(
                    value.span(),
                    "`input.max-file-size` must be more than 0 bytes".into(),
                    None,
                );
                None
            }
            None => {
                self.error(
                    value.span(),
                    "`input.max-file-size` is not a size claimcheck understands".into(),
                    Some(help.into()),
                );
                None
            }
        }
    }
}

/// The level a misspelt or cut-short one meant: `"warn"`, `"err"`, `"Error"`.
fn closest_level(typo: &str) -> Option<&'static str> {
    let lower = typo.to_lowercase();
    Level::NAMES
        .iter()
        .copied()
        .find(|name| lower.len() >= 3 && name.starts_with(&lower))
        .or_else(|| closest_name(&lower, Level::NAMES))
}

/// A TOML integer's value, in any radix TOML allows.
fn integer(number: &toml::de::DeInteger) -> Option<i128> {
    i128::from_str_radix(number.as_str(), number.radix()).ok()
}

/// `"256 MB"`, `"1GiB"`, `"1024"`: decimal units are powers of 1000,
/// binary ones (`KiB` …) of 1024; the unit's case does not matter.
fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit() && c != '_')
        .unwrap_or(text.len());
    let number: u64 = text[..digits_end].replace('_', "").parse().ok()?;
    let unit = text[digits_end..].trim().to_ascii_lowercase();
    let scale: u64 = match unit.as_str() {
        "" | "b" => 1,
        "kb" => 1000,
        "mb" => 1000_u64.pow(2),
        "gb" => 1000_u64.pow(3),
        "kib" => 1024,
        "mib" => 1024_u64.pow(2),
        "gib" => 1024_u64.pow(3),
        _ => return None,
    };
    number.checked_mul(scale)
}

/// "a string", "an integer" …, for "found …" in messages.
fn describe(value: &DeValue) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> ClaimPattern {
        ClaimPattern::new(text).expect("a valid pattern")
    }

    #[test]
    fn patterns_match_whole_ids_with_star_and_question_mark() {
        let cases = [
            ("draft-*", "draft-1", true),
            ("draft-*", "draft-", true),
            ("draft-*", "a-draft-1", false),
            ("*-2024", "hall-2024", true),
            ("p?", "p1", true),
            ("p?", "p12", false),
            ("*", "", true),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYbZ", false),
            ("http://example.org/*", "http://example.org/anno/1", true),
            ("Draft-*", "draft-1", false),
            ("caf?-*", "café-1", true),
            ("**a", "bbba", true),
        ];
        for (glob, id, expected) in cases {
            assert_eq!(pattern(glob).matches(id), expected, "{glob} on {id}");
        }
        let long = "a".repeat(5000);
        assert!(!pattern(&"*a".repeat(50)).matches(&format!("{long}b")));
    }

    #[test]
    fn unsupported_pattern_syntax_is_refused() {
        for glob in ["draft-[12]", "{a,b}", ""] {
            assert!(ClaimPattern::new(glob).is_err(), "{glob}");
        }
    }

    #[test]
    fn sizes_take_decimal_and_binary_units() {
        assert_eq!(parse_size("256 MB"), Some(256_000_000));
        assert_eq!(parse_size("256MiB"), Some(256 * 1024 * 1024));
        assert_eq!(parse_size("1 gib"), Some(1024 * 1024 * 1024));
        assert_eq!(parse_size("1_000"), Some(1000));
        assert_eq!(parse_size("12 parsecs"), None);
        assert_eq!(parse_size("MB"), None);
        assert_eq!(parse_size("99999999999 GB"), None);
    }

    #[test]
    fn levels_default_to_the_contract() {
        let severities = Severities::default();
        assert_eq!(severities.level(ClaimStatus::Moved), Level::Warning);
        assert_eq!(severities.level(ClaimStatus::Drifted), Level::Error);
        assert_eq!(severities.level(ClaimStatus::Verified), Level::Off);
        let severities = Severities {
            moved: Some(Level::Error),
            unsupported: Some(Level::Off),
            ..Severities::default()
        };
        assert_eq!(severities.level(ClaimStatus::Moved), Level::Error);
        assert_eq!(severities.level(ClaimStatus::Unsupported), Level::Off);
    }
}

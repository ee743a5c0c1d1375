//! IRIs as W3C files write them, and as `claimcheck export` writes them.
//!
//! A W3C `source` is an IRI reference: `file:///news/a%20story.txt`, a
//! relative `a%20story.txt`, or `https://…`. claimcheck reads local files,
//! so a `file:` IRI and a relative reference become a path (percent-decoded,
//! the query dropped, the fragment kept apart); any other IRI is left as it
//! is, for the caller to report that it cannot be read.

use std::path::Path;

/// A `source` IRI read as a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceIri {
    /// A local path (absolute for `file:` IRIs, else as written, decoded),
    /// or the whole IRI when it is not a local one.
    pub path: String,
    /// The fragment, without `#`, decoded; `None` when there is none.
    pub fragment: Option<String>,
}

/// Reads a W3C `source` (or string `target`) as a path.
pub fn source_path(iri: &str) -> SourceIri {
    if let Some(rest) = strip_scheme(iri, "file") {
        // `file:///p`, `file://localhost/p` and `file:/p` are local; a file
        // IRI naming another host is not.
        let local = match rest.strip_prefix("//") {
            Some(after) => after
                .strip_prefix("localhost")
                .or_else(|| after.starts_with('/').then_some(after)),
            None => rest.starts_with('/').then_some(rest),
        };
        if let Some(path) = local {
            let (path, fragment) = split_fragment(path);
            let mut path = percent_decode(path);
            // `file:///C:/news/a.txt` is `C:/news/a.txt` on Windows.
            if path.len() > 2
                && path.as_bytes()[2] == b':'
                && path.as_bytes()[1].is_ascii_alphabetic()
            {
                path.remove(0);
            }
            return SourceIri { path, fragment };
        }
        return SourceIri {
            path: iri.to_owned(),
            fragment: None,
        };
    }
    if has_scheme(iri) {
        return SourceIri {
            path: iri.to_owned(),
            fragment: None,
        };
    }
    let (path, fragment) = split_fragment(iri);
    SourceIri {
        path: percent_decode(path),
        fragment,
    }
}

/// The path before `?` and `#`, and the decoded fragment.
fn split_fragment(iri: &str) -> (&str, Option<String>) {
    let (before, fragment) = match iri.split_once('#') {
        Some((before, fragment)) => (before, Some(percent_decode(fragment))),
        None => (iri, None),
    };
    let path = before.split_once('?').map_or(before, |(path, _)| path);
    (path, fragment)
}

/// `scheme:` at the start of `iri`, case-insensitively: what follows it.
fn strip_scheme<'i>(iri: &'i str, scheme: &str) -> Option<&'i str> {
    // Compared as bytes: `iri` may hold any char where the scheme would
    // end (`httк:`), so no slice of it is taken before it is known to fit.
    let head = iri.as_bytes().get(..scheme.len() + 1)?;
    (head[..scheme.len()].eq_ignore_ascii_case(scheme.as_bytes()) && head[scheme.len()] == b':')
        .then(|| &iri[scheme.len() + 1..])
}

/// Whether `iri` starts with an RFC 3986 scheme. One letter before `:` is
/// a Windows drive (`C:\news`), not a scheme.
pub fn has_scheme(iri: &str) -> bool {
    let Some((scheme, _)) = iri.split_once(':') else {
        return false;
    };
    scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `%XX` sequences decoded; a sequence that is not one, or bytes that do
/// not make UTF-8, are kept as written (a file may be called `100%.txt`).
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied(),
            bytes.get(i + 2).copied(),
        ) {
            (b'%', Some(high), Some(low)) if hex(high).is_some() && hex(low).is_some() => {
                let value = hex(high).unwrap_or(0) * 16 + hex(low).unwrap_or(0);
                out.push(value as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// `text` with every byte outside RFC 3986's unreserved chars and `keep`
/// percent-encoded (UTF-8 bytes included).
fn percent_encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) || keep.contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The `file:` IRI of an absolute path: `/news/a story.txt` is
/// `file:///news/a%20story.txt`.
pub fn file_iri(absolute: &Path) -> String {
    let path = absolute.to_string_lossy().replace('\\', "/");
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    format!("file://{}", percent_encode(&path, b"/:"))
}

/// The prefix of the ids `claimcheck export` gives the annotations it
/// writes, so that reading them back names each claim by its own id.
const CLAIM_IRI_PREFIX: &str = "urn:claimcheck:";

/// The IRI of an annotation file: `urn:claimcheck:annotations/a.json`.
pub fn file_urn(annotations: &str) -> String {
    format!("{CLAIM_IRI_PREFIX}{}", percent_encode(annotations, b"/"))
}

/// The IRI of claim `id` of an annotation file: the file's
/// ([`file_urn`]) with the id as its fragment. An id that already is an
/// absolute IRI (a W3C file's) stays itself.
pub fn claim_iri(annotations: &str, id: &str) -> String {
    if has_scheme(id) {
        return id.to_owned();
    }
    format!("{}#{}", file_urn(annotations), percent_encode(id, b""))
}

/// The claim id a [`claim_iri`] stands for: its decoded fragment. `None`
/// for any other IRI.
pub fn claim_id_of(iri: &str) -> Option<String> {
    let rest = iri.strip_prefix(CLAIM_IRI_PREFIX)?;
    let (_, fragment) = rest.split_once('#')?;
    (!fragment.is_empty()).then(|| percent_decode(fragment))
}

/// An RFC 5147 `char=S,E` fragment (anything after a `;` ignored), as
/// document char offsets `S..E`; `None` for any other fragment.
pub fn char_fragment(fragment: &str) -> Option<(usize, usize)> {
    let range = fragment.strip_prefix("char=")?;
    let range = range.split(';').next().unwrap_or(range);
    let (start, end) = range.split_once(',')?;
    let number = |digits: &str| {
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse::<u32>().ok())
            .flatten()
            .and_then(|n| usize::try_from(n).ok())
    };
    let (start, end) = (number(start)?, number(end)?);
    (start < end).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(iri: &str) -> (String, Option<String>) {
        let read = source_path(iri);
        (read.path, read.fragment)
    }

    #[test]
    fn reads_local_iris_as_paths() {
        let cases = [
            ("article.txt", "article.txt", None),
            ("../sources/My%20Story.txt", "../sources/My Story.txt", None),
            ("file:///news/a%20story.md", "/news/a story.md", None),
            ("FILE:///news/a.txt", "/news/a.txt", None),
            ("file://localhost/news/a.txt", "/news/a.txt", None),
            ("file:/news/a.txt", "/news/a.txt", None),
            ("file:///C:/news/a.txt", "C:/news/a.txt", None),
            ("a.txt#char=10,20", "a.txt", Some("char=10,20")),
            ("file:///n/caf%C3%A9.txt#p%202", "/n/café.txt", Some("p 2")),
            ("a.txt?version=2", "a.txt", None),
            ("100%.txt", "100%.txt", None),
            ("bad%FF.txt", "bad%FF.txt", None),
            ("C:\\news\\a.txt", "C:\\news\\a.txt", None),
        ];
        for (iri, expected, fragment) in cases {
            assert_eq!(
                path(iri),
                (expected.to_owned(), fragment.map(str::to_owned)),
                "{iri}"
            );
        }
        // Not local files: left whole, for the caller to report.
        for iri in [
            "https://example.org/a.txt#char=1,2",
            "file://server/share/a.txt",
            "urn:isbn:123",
        ] {
            assert_eq!(path(iri), (iri.to_owned(), None), "{iri}");
        }
    }

    #[test]
    fn file_iris_round_trip() {
        let iri = file_iri(Path::new("/news/a story/café.txt"));
        assert_eq!(iri, "file:///news/a%20story/caf%C3%A9.txt");
        assert_eq!(source_path(&iri).path, "/news/a story/café.txt");
    }

    #[test]
    fn claim_iris_round_trip() {
        let iri = claim_iri("annotations/a b.json", "recognition-date#1");
        assert_eq!(
            iri,
            "urn:claimcheck:annotations/a%20b.json#recognition-date%231"
        );
        assert_eq!(claim_id_of(&iri).as_deref(), Some("recognition-date#1"));
        assert_eq!(
            claim_iri("a.json", "http://example.org/anno/1"),
            "http://example.org/anno/1"
        );
        assert_eq!(claim_id_of("http://example.org/anno/1"), None);
        assert_eq!(claim_id_of("urn:claimcheck:a.json"), None);
    }

    #[test]
    fn reads_char_fragments() {
        assert_eq!(char_fragment("char=10,20"), Some((10, 20)));
        assert_eq!(
            char_fragment("char=10,20;length=9876,UTF-8"),
            Some((10, 20))
        );
        for other in [
            "char=10",
            "char=20,10",
            "char=5,5",
            "line=1,2",
            "char=a,b",
            "char=,3",
        ] {
            assert_eq!(char_fragment(other), None, "{other}");
        }
    }
}

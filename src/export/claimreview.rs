//! schema.org `ClaimReview` export (<https://schema.org/ClaimReview>): one
//! review per claim, as fact-checkers publish them in JSON-LD.
//!
//! Each review names the claim (`claimReviewed`, `identifier`), where it
//! appears (`itemReviewed`: a `Claim` whose `appearance` is the article),
//! who reviewed it and when (`author`, `datePublished`), the review page
//! (`url`, when given), and its rating, from the claim's verdict on a scale
//! of 1 (worst) to 5 (best):
//!
//! | verdict | `ratingValue` | `alternateName` |
//! |---|---|---|
//! | `verified` | 5 | Supported by the article |
//! | `moved` | 4 | Supported by the article; the passage moved |
//! | `ambiguous` | 3 | Unclear: the quote is in the article more than once |
//! | `drifted` | 2 | The article's wording has changed |
//! | `unsupported` | 1 | Not supported by the quoted passages |
//! | `broken` | 1 | The quoted passage is no longer in the article |
//!
//! The rating says whether the article backs the claim as quoted, not
//! whether the claim is true.

use serde_json::{Map, Value, json};

use super::Part;
use crate::verdict::ClaimStatus;

/// The best and the worst `ratingValue`.
pub const BEST_RATING: u8 = 5;
pub const WORST_RATING: u8 = 1;

/// Who reviewed, when, and where the reviews and the article are published.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// The `author` (an `Organization`): `--author`, else the config's
    /// `[export] author`.
    pub author: Option<&'a str>,
    /// `datePublished`, `YYYY-MM-DD`.
    pub date: &'a str,
    /// The review page (`url`), when given.
    pub url: Option<&'a str>,
    /// The article's address for `appearance`; without it, the source's IRI.
    pub article_url: Option<&'a str>,
}

/// A claim status's rating: its `ratingValue` and `alternateName`.
pub fn rating(status: ClaimStatus) -> (u8, &'static str) {
    match status {
        ClaimStatus::Verified => (5, "Supported by the article"),
        ClaimStatus::Moved => (4, "Supported by the article; the passage moved"),
        ClaimStatus::Ambiguous => (3, "Unclear: the quote is in the article more than once"),
        ClaimStatus::Drifted => (2, "The article's wording has changed"),
        ClaimStatus::Unsupported => (1, "Not supported by the quoted passages"),
        ClaimStatus::Broken => (1, "The quoted passage is no longer in the article"),
    }
}

/// One `ClaimReview` per claim of every part, in order.
pub fn reviews(parts: &[Part<'_>], options: &Options<'_>) -> Vec<Value> {
    parts
        .iter()
        .flat_map(|part| {
            part.claims().map(move |(claim, verdict)| {
                let (value, name) = rating(verdict.status);
                let mut review = Map::new();
                review.insert("@context".into(), "https://schema.org".into());
                review.insert("@type".into(), "ClaimReview".into());
                if let Some(url) = options.url {
                    review.insert("url".into(), url.into());
                }
                review.insert("identifier".into(), claim.id.value.as_str().into());
                review.insert("claimReviewed".into(), claim.text.value.as_str().into());
                review.insert(
                    "itemReviewed".into(),
                    json!({
                        "@type": "Claim",
                        "appearance": {
                            "@type": "CreativeWork",
                            "url": options.article_url.unwrap_or(part.source_iri),
                        },
                    }),
                );
                if let Some(author) = options.author {
                    review.insert(
                        "author".into(),
                        json!({"@type": "Organization", "name": author}),
                    );
                }
                review.insert("datePublished".into(), options.date.into());
                review.insert(
                    "reviewRating".into(),
                    json!({
                        "@type": "Rating",
                        "ratingValue": value,
                        "bestRating": BEST_RATING,
                        "worstRating": WORST_RATING,
                        "alternateName": name,
                    }),
                );
                Value::Object(review)
            })
        })
        .collect()
}

/// Whether `date` is a calendar date written `YYYY-MM-DD`.
pub fn is_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let [year, month, day] = parts[..] else {
        return false;
    };
    let number = |text: &str, digits: usize| {
        (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<u32>().ok())
            .flatten()
    };
    let (Some(year), Some(month), Some(day)) = (number(year, 4), number(month, 2), number(day, 2))
    else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// The `YYYY-MM-DD` of a day counted from 1970-01-01 (UTC), for today's
/// date when `--date` is not given.
pub fn date_of_day(days_since_epoch: i64) -> String {
    // Howard Hinnant's civil-from-days.
    let z = days_since_epoch + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_and_counted() {
        for good in ["2025-01-31", "2024-02-29", "2000-02-29", "1999-12-01"] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "2025-02-29",
            "1900-02-29",
            "2025-13-01",
            "2025-1-01",
            "25-01-01",
            "2025-01-32",
            "today",
            "2025-04-31",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
        assert_eq!(date_of_day(0), "1970-01-01");
        assert_eq!(date_of_day(19_782), "2024-02-29");
        assert_eq!(date_of_day(-1), "1969-12-31");
    }

    #[test]
    fn every_status_has_a_rating_on_the_scale() {
        for status in ClaimStatus::ALL {
            let (value, name) = rating(status);
            assert!((WORST_RATING..=BEST_RATING).contains(&value));
            assert!(!name.is_empty());
        }
        assert_eq!(rating(ClaimStatus::Verified).0, BEST_RATING);
    }
}

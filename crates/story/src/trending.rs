//! "Hot this week": one score per story that rises with how widely and how much it is read
//! and falls with age, so the list shows the stories that matter now.

/// Hours after which a story's score has halved.
pub const HALF_LIFE_HOURS: f64 = 36.0;

/// Weight of each doubling of the number of distinct outlets relative to a doubling of views.
pub const SOURCE_WEIGHT: f64 = 3.0;

/// The hot score of a story:
///
/// ```text
/// hot = (SOURCE_WEIGHT · ln(1 + distinct_sources) + ln(1 + views_7d)) · 2^(−age_hours / HALF_LIFE_HOURS)
/// ```
///
/// - `distinct_sources`: outlets that carried the story (duplicates count their outlets once
///   each, the site's own copies once). Coverage by several newsrooms is the strongest sign
///   of importance and cannot be inflated by one reader, hence the larger weight.
/// - `views_7d`: views of the story's articles in the last 7 days, known bots excluded (the
///   caller counts them that way). Logarithmic, so a viral article does not bury every other
///   story.
/// - `age_hours`: hours since the story's latest article; negative ages count as 0. The
///   score halves every [`HALF_LIFE_HOURS`], so a day-old story needs about 1.6 times the
///   evidence of a fresh one.
///
/// Rank stories (one entry per story) by descending score. The result is finite and
/// non-negative for every input; a story with no source and no view scores 0.
pub fn hot_score(distinct_sources: u32, views_7d: u64, age_hours: f64) -> f64 {
    let evidence = SOURCE_WEIGHT * f64::from(distinct_sources).ln_1p() + (views_7d as f64).ln_1p();
    let age = if age_hours.is_finite() {
        age_hours.max(0.0)
    } else if age_hours > 0.0 {
        return 0.0;
    } else {
        0.0
    };
    evidence * (-age / HALF_LIFE_HOURS).exp2()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_sources_views_and_freshness_rank_higher() {
        assert!(hot_score(5, 100, 10.0) > hot_score(2, 100, 10.0));
        assert!(hot_score(2, 1000, 10.0) > hot_score(2, 100, 10.0));
        assert!(hot_score(2, 100, 5.0) > hot_score(2, 100, 50.0));
        // Five outlets outweigh one outlet with ten times the views.
        assert!(hot_score(5, 10, 0.0) > hot_score(1, 100, 0.0));
    }

    #[test]
    fn halves_every_half_life_and_stays_finite() {
        let fresh = hot_score(3, 50, 0.0);
        assert!((hot_score(3, 50, HALF_LIFE_HOURS) - fresh / 2.0).abs() < 1e-9);
        assert_eq!(hot_score(0, 0, 0.0), 0.0);
        assert_eq!(hot_score(3, 50, -5.0), fresh);
        assert_eq!(hot_score(3, 50, f64::INFINITY), 0.0);
        assert!(hot_score(3, 50, f64::NAN).is_finite());
    }
}

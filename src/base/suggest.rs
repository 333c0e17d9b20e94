//! "Did you mean" suggestions.

/// Up to three candidates close to `word`, best first (Jaro-Winkler similarity ≥ 0.8, or
/// one containing the other).
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Vec<String> {
    let lower = word.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| {
            let mut score = strsim::jaro_winkler(&lower, &c.to_lowercase());
            if !lower.is_empty() && (c.contains(&lower) || lower.contains(c)) {
                score = score.max(0.85);
            }
            (score, c)
        })
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(3)
        .map(|(_, c)| c.to_owned())
        .collect()
}

/// `did you mean `a`?` / `did you mean `a` or `b`?`, or `None` without candidates.
pub(crate) fn did_you_mean(candidates: &[String]) -> Option<String> {
    match candidates {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        [rest @ .., last] => Some(format!(
            "did you mean {} or `{last}`?",
            rest.iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_word() {
        assert_eq!(
            closest("objectiv", ["objective", "window", "name"]),
            vec!["objective"]
        );
        assert_eq!(
            closest("gpt4o", ["gpt-4o", "gpt-4o-mini", "o3"])[0],
            "gpt-4o"
        );
        assert!(closest("zzz", ["objective"]).is_empty());
    }
}

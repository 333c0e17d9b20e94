//! Which known contract a file is written for, when neither a spec nor a flag fixes it.
//!
//! The file's words that are series names of some known contract (profile × naming ×
//! histogram mode) decide: when one contract (or several) has every one of them, the file is
//! checked against those and an info says which; when it takes two contracts to explain the
//! names, the file mixes them (a warning: one set of its queries shows nothing wherever the
//! other is emitted); otherwise it is checked against the contract that explains most, and
//! the names no contract has are the contract checks' to report. Words are read from the
//! whole text, which is cheap and sees every query; a word that is no known series (a
//! title, a label) does not count, nor a dotted name outside quotes (prose naming an OTel
//! instrument).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::codes;
use crate::diagnostics::{Diagnostic, Severity, Source};
use crate::promql::Settings;
use crate::promql::contracts::{ContractIndex, Fits, known};

/// The settings to check a file with, and what to say about the choice.
pub(crate) fn for_file(source: &Source, settings: &Settings) -> (Settings, Option<Diagnostic>) {
    let allowed = settings.detect;
    if allowed == 0 {
        return (settings.clone(), None);
    }
    // Without a spec, the application's own attributes are unknown.
    let settings = &open(settings);
    let known = known();
    if !known.may_name_any(&source.text) {
        return (settings.clone(), None);
    }
    // Each known series name of the file, first place and the contracts that have it.
    let mut names: BTreeMap<&str, (usize, Fits)> = BTreeMap::new();
    for (at, word) in words(&source.text) {
        // A dotted name is a query's only when quoted (`{"gen_ai.client.token.usage"}`):
        // unquoted, it is prose naming an OTel instrument.
        if word.contains('.') && !source.text[..at].ends_with('"') {
            continue;
        }
        // A name in a panel title or a description ("gen_ai_client_token_usage p90") is
        // not a query.
        let fits = known.fits(word) & allowed;
        if fits != 0 && followed_as_in_a_query(&source.text[at + word.len()..]) {
            names.entry(word).or_insert((at, fits));
        }
    }
    let Some(&(first_at, _)) = names.values().min_by_key(|(at, _)| *at) else {
        return (settings.clone(), None);
    };
    let all = names.values().fold(allowed, |acc, (_, fits)| acc & fits);
    if all != 0 {
        let note = Diagnostic::error(
            codes::DETECTED,
            format!("written for {}", known.describe(all)),
        )
        .with_help("without a spec, each file is checked against the contract it fits; `--profile`, `--naming` and `--histograms` (or a spec) fix it");
        return (
            with_contract(settings, all),
            Some(info(source, note, first_at)),
        );
    }
    // Two contracts: the one with most of the names, and what the rest fit.
    let best = (0..known.count())
        .filter(|bit| allowed & (1 << bit) != 0)
        .max_by_key(|bit| {
            let count = names.values().filter(|(_, f)| f & (1 << bit) != 0).count();
            // Ties go to the preferred (earlier) contract.
            (count, std::cmp::Reverse(*bit))
        })
        .unwrap_or(0);
    let (ours, theirs): (Vec<_>, Vec<_>) = names
        .iter()
        .partition(|(_, (_, fits))| fits & (1 << best) != 0);
    let ours_fit = ours.iter().fold(allowed, |acc, (_, (_, f))| acc & f);
    let theirs_fit = theirs.iter().fold(allowed, |acc, (_, (_, f))| acc & f);
    if theirs_fit == 0 {
        // No second contract explains the rest: they are unknown names.
        return (with_contract(settings, ours_fit), None);
    }
    let listed = |group: &[(&&str, &(usize, Fits))]| {
        let mut shown: Vec<String> = group
            .iter()
            .take(3)
            .map(|(n, _)| format!("`{n}`"))
            .collect();
        if group.len() > 3 {
            shown.push(format!("{} more", group.len() - 3));
        }
        shown.join(", ")
    };
    let (at, end) = theirs
        .iter()
        .map(|(name, (at, _))| (*at, *at + name.len()))
        .min()
        .unwrap_or((first_at, first_at));
    let mut warning = Diagnostic::error(
        codes::MIXED,
        format!(
            "this file mixes contracts: {} fit {}; {} fit {}",
            listed(&ours),
            known.describe(ours_fit),
            listed(&theirs),
            known.describe(theirs_fit)
        ),
    )
    .with_help("an application emits one of them: the queries written for the other show nothing; write every query for the contract your emitter has (`llm-slo contract` lists it)");
    warning.severity = Severity::Warning;
    (
        with_contract(settings, ours_fit | theirs_fit),
        Some(source.at(warning, at, end)),
    )
}

/// The settings with the merged contract of a set.
fn with_contract(settings: &Settings, fits: Fits) -> Settings {
    let members: Vec<&ContractIndex> = known().members(fits).map(|i| &**i).collect();
    let mut chosen = settings.clone();
    if let Some(mut merged) = ContractIndex::merged(&members) {
        merged.open_attributes = true;
        chosen.contract = Arc::new(merged);
    }
    chosen
}

/// The settings with the application's attributes unknown.
fn open(settings: &Settings) -> Settings {
    if settings.contract.open_attributes {
        return settings.clone();
    }
    let mut open = settings.clone();
    let mut contract = (*settings.contract).clone();
    contract.open_attributes = true;
    open.contract = Arc::new(contract);
    open
}

fn info(source: &Source, mut note: Diagnostic, at: usize) -> Diagnostic {
    note.severity = Severity::Info;
    source.at(note, at, at)
}

/// Whether what follows a name is what follows a selector in PromQL: a matcher, a range,
/// a closing parenthesis, an operator, a keyword (`by`, `offset`, `and`, …), or the end of
/// the expression (its line or its string).
fn followed_as_in_a_query(rest: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "and",
        "or",
        "unless",
        "by",
        "without",
        "on",
        "ignoring",
        "group_left",
        "group_right",
        "bool",
        "offset",
        "atan2",
    ];
    // The closing quote of a quoted name, escaped in JSON.
    let rest = rest
        .strip_prefix("\\\"")
        .or_else(|| rest.strip_prefix('"'))
        .unwrap_or(rest);
    let rest = rest.trim_start_matches([' ', '\t']);
    match rest.chars().next() {
        None => true,
        Some(c) if c.is_ascii_alphabetic() => {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            KEYWORDS.contains(&word.to_ascii_lowercase().as_str())
        }
        Some(c) => "[{()},+-*/%^=!<>@\n\r\"\\".contains(c),
    }
}

/// The words of a text that may be metric names (`[A-Za-z0-9_.:]` runs, trailing dots and
/// colons dropped), with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':');
    let mut rest = text;
    let mut offset = 0;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find(is_word)?;
            let len = rest[start..]
                .find(|c: char| !is_word(c))
                .unwrap_or(rest.len() - start);
            let word = rest[start..start + len].trim_end_matches(['.', ':']);
            let at = offset + start;
            offset += start + len;
            rest = &rest[start + len..];
            if word.starts_with(|c: char| c.is_ascii_alphabetic()) && word.len() > 6 {
                return Some((at, word));
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_count_where_a_query_has_them() {
        for query in [
            "[5m]",
            "{job=\"x\"}",
            ")",
            " / x",
            " by (le)",
            "",
            "\n",
            "\\\"}[5m]",
        ] {
            assert!(followed_as_in_a_query(query), "{query:?}");
        }
        for prose in [" p90", " over the last 5m", " requests"] {
            assert!(!followed_as_in_a_query(prose), "{prose:?}");
        }
    }

    #[test]
    fn words_are_name_like_runs() {
        let found: Vec<&str> =
            words("sum(rate({\"gen_ai.client.token.usage_bucket\"}[5m])) / x_total.")
                .map(|(_, w)| w)
                .collect();
        assert_eq!(found, ["gen_ai.client.token.usage_bucket", "x_total"]);
    }
}

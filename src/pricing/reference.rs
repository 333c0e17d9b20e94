//! Models priced as another catalog's model (`same_as`): a cloud reseller's copy of a model
//! (Claude on Amazon Bedrock or Vertex AI, GPT on Azure OpenAI) costs what its maker
//! charges, often with a markup for regional endpoints. Writing that once keeps one source
//! of truth: when the maker's price changes, every reseller's copy follows, and a reseller
//! that prices a model differently is written out with its own prices instead.

use llm_slo_core::pricing::units::unit;
use llm_slo_core::pricing::{Period, Prices};
use rust_decimal::Decimal;

use super::catalog::{Catalog, ProviderCatalog};
use crate::diagnostics::{Code, Diagnostic};

/// `pricing/unknown-reference`: documented in the registry, `diagnostics::codes::pricing`.
pub(crate) const UNKNOWN_REFERENCE: Code = crate::diagnostics::codes::pricing::UNKNOWN_REFERENCE;

/// Token prices times `markup`; fees per search or request stay as they are (a regional
/// markup is on tokens).
fn marked_up(prices: &Prices, markup: Decimal) -> Prices {
    prices
        .iter()
        .map(|(name, rate)| {
            let tokens = unit(name).is_some_and(|u| u.family == "tokens");
            let rate = if tokens {
                rate.scaled(markup)
            } else {
                rate.clone()
            };
            (name.clone(), rate)
        })
        .collect()
}

fn marked_up_period(period: &Period, markup: Decimal) -> Period {
    let mut out = period.clone();
    out.prices = marked_up(&period.prices, markup);
    for (tier, prices) in &mut out.service_tiers {
        *prices = marked_up(&period.service_tiers[tier], markup);
    }
    for window in &mut out.daily {
        window.prices = marked_up(&window.prices, markup);
    }
    out
}

/// Where a model is: (provider index, model index) in `providers`.
fn find(providers: &[ProviderCatalog], provider: &str, model: &str) -> Option<(usize, usize)> {
    let p = providers
        .iter()
        .position(|p| p.provider == provider || p.aliases.iter().any(|a| a == provider))?;
    let m = providers[p]
        .models
        .iter()
        .position(|m| m.model == model || m.aliases.iter().any(|a| a == model))?;
    Some((p, m))
}

/// Fills the periods of every `same_as` model of `providers` from the model it names: in
/// `providers`, or else in `fallback` (the shipped catalogs, which a user's reseller
/// catalog may name). A `same_as` may name another `same_as` model. What cannot be
/// resolved is an error at its `same_as`, and the model is left out.
pub(crate) fn resolve(
    providers: &mut [ProviderCatalog],
    fallback: Option<&Catalog>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Resolve in rounds: a reference to a resolved model resolves; one to a model still
    // waiting waits for the next round. A round that resolves nothing ends it.
    loop {
        let mut progress = false;
        let mut waiting = false;
        for p in 0..providers.len() {
            let mut r = 0;
            while r < providers[p].references.len() {
                let reference = providers[p].references[r].clone();
                let target = match find(providers, &reference.provider, &reference.model) {
                    Some((tp, tm)) => {
                        let pending = providers[tp].references.iter().any(|x| x.index == tm);
                        if pending {
                            waiting = true;
                            r += 1;
                            continue;
                        }
                        Some(providers[tp].models[tm].periods.clone())
                    }
                    None => fallback.and_then(|catalog| {
                        find(&catalog.providers, &reference.provider, &reference.model)
                            .map(|(tp, tm)| catalog.providers[tp].models[tm].periods.clone())
                    }),
                };
                let Some(periods) = target else {
                    let known = providers
                        .iter()
                        .chain(fallback.into_iter().flat_map(|c| &c.providers))
                        .filter(|c| {
                            c.provider == reference.provider
                                || c.aliases.contains(&reference.provider)
                        })
                        .flat_map(|c| c.models.iter().map(|m| m.model.as_str()))
                        .collect::<Vec<_>>();
                    let mut diagnostic = Diagnostic::error(
                        UNKNOWN_REFERENCE,
                        format!(
                            "`same_as` names `{}/{}`, which no catalog prices",
                            reference.provider, reference.model
                        ),
                    )
                    .at(&reference.file, reference.span);
                    diagnostic.help = crate::base::suggest::did_you_mean(
                        &crate::base::suggest::closest(&reference.model, known),
                    );
                    out.push(diagnostic);
                    providers[p].references.remove(r);
                    progress = true;
                    continue;
                };
                providers[p].models[reference.index].periods = periods
                    .iter()
                    .map(|period| marked_up_period(period, reference.markup))
                    .collect();
                providers[p].references.remove(r);
                progress = true;
            }
        }
        if !waiting || !progress {
            break;
        }
    }
    // What is left refers, through other models, back to itself.
    for provider in providers.iter_mut() {
        for reference in provider.references.drain(..) {
            out.push(
                Diagnostic::error(
                    UNKNOWN_REFERENCE,
                    format!(
                        "`same_as` `{}/{}` comes back to this model through other `same_as`",
                        reference.provider, reference.model
                    ),
                )
                .at(&reference.file, reference.span),
            );
        }
    }
    // A model whose reference failed has no prices: leave it out rather than price it at
    // nothing.
    for provider in providers.iter_mut() {
        provider.models.retain(|m| !m.periods.is_empty());
    }
    out
}

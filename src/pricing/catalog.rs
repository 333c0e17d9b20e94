//! Price catalogs: one YAML file per provider, shipped under `pricing/` or given with
//! `--pricing`, read into the price model of `llm_slo_core::pricing`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use llm_slo_core::pricing::{
    DailyPrices, ModelPricing, Period, PriceTable, Prices, Rate, Step, TieredRate,
    strip_snapshot_date,
};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::base::Usd;
use crate::diagnostics::Report;

/// A catalog file shipped with this release.
pub(crate) struct Shipped {
    /// Its provider id, as `pricing.catalogs` names the catalog.
    pub name: &'static str,
    /// The provider's other names (its `aliases:`).
    pub aliases: &'static [&'static str],
    /// The providers its models are `same_as` (read with it, to resolve them).
    pub references: &'static [&'static str],
    /// The file, as diagnostics name it.
    pub file: &'static str,
    /// Its text.
    pub text: &'static str,
}

/// The shipped catalogs. The makers' first, then the cloud resellers, whose models are
/// mostly `same_as` a maker's. A test checks each entry's provider, aliases and references
/// against its file, which are here so that a spec reads only the files it prices with.
const SHIPPED: &[Shipped] = &[
    Shipped {
        name: "anthropic",
        aliases: &[],
        references: &[],
        file: "pricing/anthropic.yaml",
        text: include_str!("../../pricing/anthropic.yaml"),
    },
    Shipped {
        name: "gcp.gemini",
        aliases: &["google", "gemini", "google.gemini"],
        references: &[],
        file: "pricing/gcp.gemini.yaml",
        text: include_str!("../../pricing/gcp.gemini.yaml"),
    },
    Shipped {
        name: "openai",
        aliases: &[],
        references: &[],
        file: "pricing/openai.yaml",
        text: include_str!("../../pricing/openai.yaml"),
    },
    Shipped {
        name: "aws.bedrock",
        aliases: &["bedrock", "bedrock_converse", "bedrock_mantle"],
        references: &["anthropic", "openai"],
        file: "pricing/aws.bedrock.yaml",
        text: include_str!("../../pricing/aws.bedrock.yaml"),
    },
    Shipped {
        name: "azure.ai.openai",
        aliases: &["azure"],
        references: &["openai"],
        file: "pricing/azure.ai.openai.yaml",
        text: include_str!("../../pricing/azure.ai.openai.yaml"),
    },
    Shipped {
        name: "gcp.vertex_ai",
        aliases: &[
            "vertex_ai",
            "vertex_ai-language-models",
            "vertex_ai-anthropic_models",
            "vertex_ai-openai_models",
        ],
        references: &["anthropic", "gcp.gemini"],
        file: "pricing/gcp.vertex_ai.yaml",
        text: include_str!("../../pricing/gcp.vertex_ai.yaml"),
    },
];

/// A provider's price catalog (one YAML document of a catalog file).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "llm-slo price catalog")]
pub(crate) struct CatalogFile {
    /// Provider id, a `gen_ai.provider.name` value: `anthropic`, `openai`, `gcp.gemini`.
    pub provider: String,
    /// Other names of the provider (`google` for `gcp.gemini`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The provider's models.
    pub models: Vec<CatalogModel>,
}

/// A model's prices. Prices are US dollars per million tokens (per thousand requests or
/// searches). Write `prices` (with `tiers` and `service_tiers`) for prices that never
/// changed, or `periods` for prices with effective dates.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CatalogModel {
    /// Canonical id, as the provider's API takes it.
    pub id: String,
    /// Other ids: dated snapshots, dotted spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Prices by unit: `input`, `output`, `cache_read`, `cache_write` (5-minute writes),
    /// `cache_write_1h`, `output_reasoning`, `input_audio`, `input_image`, ….
    #[serde(default)]
    pub prices: Option<BTreeMap<String, Usd>>,
    /// Long-context steps of `prices`.
    #[serde(default)]
    pub tiers: Vec<CatalogStep>,
    /// Prices of other service tiers (`batch`, `flex`, `priority`). A part a tier does not
    /// list is the standard price scaled by the tier's input discount (long-context steps
    /// included), as Anthropic, OpenAI and Google document their batch and flex tiers.
    #[serde(default)]
    pub service_tiers: BTreeMap<String, PriceSet>,
    /// Standard prices in force during a daily window (UTC), e.g. off-peak hours.
    #[serde(default)]
    pub daily: Vec<CatalogDaily>,
    /// Prices with the dates they took effect, oldest first (instead of `prices`).
    #[serde(default)]
    pub periods: Vec<CatalogPeriod>,
    /// The provider page the prices were read from.
    pub source: String,
    /// When they were last checked against `source` (`YYYY-MM-DD`).
    #[serde(default)]
    pub checked: Option<String>,
    /// The day the provider stops serving the model (`YYYY-MM-DD`), when it has announced
    /// one: a spec that uses the model is warned from 30 days before.
    #[serde(default)]
    pub retires: Option<String>,
    /// Priced as another provider's model, instead of `prices` or `periods`: a cloud
    /// reseller's copy of a model (Claude on Amazon Bedrock, GPT on Azure OpenAI) that
    /// costs what its maker charges, every token price times `markup` (a regional
    /// endpoint's 10% is `1.1`). Periods, long-context steps, service tiers and daily
    /// windows come with it; fees per search or request are not marked up.
    #[serde(default)]
    pub same_as: Option<SameAs>,
}

/// Another catalog's model whose prices a model takes.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SameAs {
    /// The provider id (or alias) of the other model, e.g. `anthropic`.
    pub provider: String,
    /// Its id or alias, e.g. `claude-sonnet-4-6`.
    pub model: String,
    /// The factor on every token price (`1.1`: 10% more); 1 when absent.
    #[serde(default)]
    pub markup: Option<Usd>,
}

/// Prices from a date on.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CatalogPeriod {
    /// When the prices took effect (`YYYY-MM-DD`); absent for the first period.
    #[serde(default)]
    pub since: Option<String>,
    /// Prices by unit.
    pub prices: BTreeMap<String, Usd>,
    /// Long-context steps.
    #[serde(default)]
    pub tiers: Vec<CatalogStep>,
    /// Prices of other service tiers.
    #[serde(default)]
    pub service_tiers: BTreeMap<String, PriceSet>,
    /// Standard prices in force during a daily window (UTC).
    #[serde(default)]
    pub daily: Vec<CatalogDaily>,
}

/// Standard prices during the same window every day (UTC): DeepSeek's off-peak hours.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CatalogDaily {
    /// Start of the window, `HH:MM` UTC, included.
    pub from: String,
    /// End of the window, `HH:MM` UTC, excluded; earlier than `from` for a window that
    /// spans midnight; equal to `from` for the whole day.
    pub until: String,
    /// The days it applies on, ISO numbers (1 Monday … 7 Sunday); every day when absent.
    #[serde(default)]
    pub weekdays: Vec<u8>,
    /// The offset from UTC, in minutes, of the calendar the weekdays are read in (a
    /// provider in China: 480).
    #[serde(default)]
    pub weekday_offset_minutes: i32,
    /// Prices by unit in the window (every unit the call uses: they replace the standard
    /// prices).
    pub prices: BTreeMap<String, Usd>,
}

/// Prices of a service tier.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PriceSet {
    /// Prices by unit.
    pub prices: BTreeMap<String, Usd>,
    /// Long-context steps.
    #[serde(default)]
    pub tiers: Vec<CatalogStep>,
}

/// A long-context step: when a request's total input exceeds `above_input_tokens` (or
/// reaches `from_input_tokens`), the whole request's usage of each listed unit is priced at
/// the step's price.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CatalogStep {
    /// The threshold on total input tokens (cache included), excluded: the step applies
    /// above it.
    #[serde(default)]
    pub above_input_tokens: Option<u64>,
    /// The threshold, included: the step applies from it on (xAI bills its long-context
    /// tier from 200,000 tokens). Write this or `above_input_tokens`.
    #[serde(default)]
    pub from_input_tokens: Option<u64>,
    /// Prices by unit above the threshold.
    pub prices: BTreeMap<String, Usd>,
}

/// A provider's models, read.
#[derive(Clone, Debug)]
pub(crate) struct ProviderCatalog {
    /// Provider id.
    pub provider: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Its models.
    pub models: Vec<ModelPricing>,
    /// Models priced as another catalog's model, not resolved yet.
    pub references: Vec<Reference>,
}

/// A model priced as another model (`same_as`), with where it says so.
#[derive(Clone, Debug)]
pub(crate) struct Reference {
    /// Index of the model in its provider's `models`.
    pub index: usize,
    /// The other model's provider and id.
    pub provider: String,
    pub model: String,
    /// The factor on token prices.
    pub markup: rust_decimal::Decimal,
    /// Where `same_as` is written.
    pub file: Arc<str>,
    pub span: crate::base::Span,
}

/// Loaded catalogs.
#[derive(Clone, Debug, Default)]
pub(crate) struct Catalog {
    /// One entry per provider.
    pub providers: Vec<ProviderCatalog>,
    /// Warnings found while reading the files (the shipped catalogs have none).
    pub warnings: Report,
}

/// The result of looking a model up.
#[derive(Debug)]
pub(crate) enum Lookup<'a> {
    /// Found.
    Found(&'a ModelPricing),
    /// No catalog has this provider; the closest provider ids.
    UnknownProvider(Vec<String>),
    /// The provider is known but not the model; the closest ids, best first.
    UnknownModel(Vec<String>),
}

/// Turns a price set into the model's prices: tier steps become tiered rates.
fn prices_of(prices: &BTreeMap<String, Usd>, tiers: &[CatalogStep]) -> Result<Prices, String> {
    let mut out: Prices = prices
        .iter()
        .map(|(k, v)| (k.clone(), Rate::Flat(v.0)))
        .collect();
    let mut steps: Vec<(u64, &CatalogStep)> = tiers
        .iter()
        .map(|s| Ok((s.above()?, s)))
        .collect::<Result<_, String>>()?;
    steps.sort_by_key(|(above, _)| *above);
    for (above, step) in steps {
        for (unit, price) in &step.prices {
            let Some(rate) = out.get_mut(unit) else {
                return Err(format!(
                    "tier above {above} prices `{unit}`, which has no base price"
                ));
            };
            let base = match rate {
                Rate::Flat(base) => *base,
                Rate::Tiered(t) => t.base,
            };
            let mut tiered = match rate {
                Rate::Tiered(t) => t.clone(),
                Rate::Flat(_) => TieredRate {
                    base,
                    tiers: Vec::new(),
                },
            };
            tiered.tiers.push(Step {
                above_input_tokens: above,
                price: price.0,
            });
            *rate = Rate::Tiered(tiered);
        }
    }
    Ok(out)
}

impl CatalogStep {
    /// The exclusive threshold: `above_input_tokens`, or `from_input_tokens - 1` (token
    /// counts are whole, so "from N" is exactly "above N - 1").
    pub(crate) fn above(&self) -> Result<u64, String> {
        match (self.above_input_tokens, self.from_input_tokens) {
            (Some(above), None) => Ok(above),
            (None, Some(from)) => Ok(from.saturating_sub(1)),
            _ => {
                Err("a tier step has either `above_input_tokens` or `from_input_tokens`".to_owned())
            }
        }
    }
}

/// The parts of one period as a catalog writes them.
struct PeriodParts<'a> {
    since: Option<String>,
    prices: &'a BTreeMap<String, Usd>,
    tiers: &'a [CatalogStep],
    service: &'a BTreeMap<String, PriceSet>,
    daily: &'a [CatalogDaily],
}

impl PeriodParts<'_> {
    /// The period in the price model, its service tiers completed from the standard prices.
    fn period(&self) -> Result<Period, String> {
        let mut period = Period {
            since: self.since.clone(),
            prices: prices_of(self.prices, self.tiers)?,
            service_tiers: self
                .service
                .iter()
                .map(|(tier, set)| Ok((tier.clone(), prices_of(&set.prices, &set.tiers)?)))
                .collect::<Result<_, String>>()?,
            daily: self
                .daily
                .iter()
                .map(|d| DailyPrices {
                    from: d.from.clone(),
                    until: d.until.clone(),
                    weekdays: d.weekdays.clone(),
                    weekday_offset_minutes: d.weekday_offset_minutes,
                    prices: d
                        .prices
                        .iter()
                        .map(|(k, v)| (k.clone(), Rate::Flat(v.0)))
                        .collect(),
                })
                .collect(),
        };
        llm_slo_core::pricing::tiers::complete_service_tiers(&mut period);
        Ok(period)
    }
}

impl CatalogModel {
    /// The model's price periods.
    pub(crate) fn periods(&self) -> Result<Vec<Period>, String> {
        if self.same_as.is_some() {
            // Filled in from the other model once every catalog is read.
            return if self.prices.is_some() || !self.periods.is_empty() {
                Err("write `same_as` or prices, not both".to_owned())
            } else {
                Ok(Vec::new())
            };
        }
        match (&self.prices, self.periods.is_empty()) {
            (Some(prices), true) => Ok(vec![
                PeriodParts {
                    since: None,
                    prices,
                    tiers: &self.tiers,
                    service: &self.service_tiers,
                    daily: &self.daily,
                }
                .period()?,
            ]),
            (None, false) => self
                .periods
                .iter()
                .map(|p| {
                    PeriodParts {
                        since: p.since.clone(),
                        prices: &p.prices,
                        tiers: &p.tiers,
                        service: &p.service_tiers,
                        daily: &p.daily,
                    }
                    .period()
                })
                .collect(),
            (Some(_), false) => Err("write either `prices` or `periods`, not both".to_owned()),
            (None, true) => Err("no prices: write `prices` or `periods`".to_owned()),
        }
    }
}

impl CatalogFile {
    /// The provider's catalog in the price model.
    pub(crate) fn read(&self) -> Result<ProviderCatalog, String> {
        let models = self
            .models
            .iter()
            .map(|m| {
                let mut aliases = m.aliases.clone();
                aliases.sort();
                aliases.dedup();
                Ok(ModelPricing {
                    provider: self.provider.clone(),
                    model: m.id.clone(),
                    aliases,
                    periods: m.periods().map_err(|e| format!("{}: {e}", m.id))?,
                    source: m.source.clone(),
                    checked: m.checked.clone().unwrap_or_default(),
                    retires: m.retires.clone(),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(ProviderCatalog {
            provider: self.provider.clone(),
            aliases: self.aliases.clone(),
            models,
            references: Vec::new(),
        })
    }
}

/// Reads a catalog file's text: one provider per YAML document (a file may hold several,
/// separated by `---`), each checked. Warnings come back with the catalogs.
pub(crate) fn read_catalog(
    file: &str,
    text: &str,
) -> Result<(Vec<ProviderCatalog>, Report), Report> {
    let file: Arc<str> = Arc::from(file);
    let text: Arc<str> = Arc::from(text);
    let mut report = Report::default();
    report.sources.add(&file, &text);
    let parsed = crate::yaml::parse(&text, crate::yaml::Limits::default());
    report
        .diagnostics
        .extend(crate::yaml::load::diagnostics(&file, &parsed.errors));
    if parsed.documents.is_empty() && !report.has_errors() {
        report.diagnostics.push(
            crate::diagnostics::Diagnostic::error(
                crate::yaml::codes::EMPTY,
                "the catalog holds no provider",
            )
            .at(&file, crate::base::Span::default()),
        );
    }
    let mut providers = Vec::new();
    for document in &parsed.documents {
        let parsed = match crate::yaml::load::deserialize::<CatalogFile>(&file, document) {
            Ok(parsed) => parsed,
            Err(diagnostics) => {
                report.diagnostics.extend(diagnostics);
                continue;
            }
        };
        let problems = super::audit::audit(&file, document, &parsed);
        let failed = problems
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error);
        report.diagnostics.extend(problems);
        if failed {
            continue;
        }
        match parsed.read() {
            Ok(mut catalog) => {
                for (index, model) in parsed.models.iter().enumerate() {
                    if let Some(same) = &model.same_as {
                        catalog.references.push(Reference {
                            index,
                            provider: same.provider.clone(),
                            model: same.model.clone(),
                            markup: same.markup.map_or(rust_decimal::Decimal::ONE, |m| m.0),
                            file: file.clone(),
                            span: document.locate(&crate::yaml_path!["models", index, "same_as"]),
                        });
                    }
                }
                providers.push(catalog);
            }
            Err(message) => report.diagnostics.push(
                crate::diagnostics::Diagnostic::error(super::audit::INVALID_CATALOG, message)
                    .at(&file, document.root.span),
            ),
        }
    }
    report.sort();
    if report.has_errors() {
        Err(report)
    } else {
        Ok((providers, report))
    }
}

impl Catalog {
    /// The catalogs shipped with this release, read once.
    ///
    /// They are part of the binary and checked by the test suite; an error here is a bug.
    pub(crate) fn shipped() -> Result<&'static Catalog, &'static Report> {
        static SHIPPED_CATALOG: OnceLock<Result<Catalog, Report>> = OnceLock::new();
        SHIPPED_CATALOG
            .get_or_init(|| Catalog::read_shipped(&(0..SHIPPED.len()).collect::<Vec<_>>()))
            .as_ref()
    }

    /// The shipped catalogs a spec prices with: those of `providers` (ids or aliases) among
    /// the catalogs `selected` (all when `None`), and those their models are `same_as`. When
    /// a provider is not among them, every selected catalog, so that the error can list
    /// them. Reading a catalog is most of the time of a command that loads a spec; most
    /// specs use one or two of them.
    pub(crate) fn shipped_for<'a>(
        providers: impl IntoIterator<Item = &'a str>,
        selected: Option<&[String]>,
    ) -> Result<Catalog, Report> {
        let is_selected =
            |entry: &Shipped| selected.is_none_or(|names| names.iter().any(|n| n == entry.name));
        let mut wanted: Vec<usize> = Vec::new();
        let add = |name: &str, wanted: &mut Vec<usize>| -> bool {
            let found = SHIPPED.iter().position(|entry| {
                is_selected(entry) && (entry.name == name || entry.aliases.contains(&name))
            });
            if let Some(i) = found
                && !wanted.contains(&i)
            {
                wanted.push(i);
            }
            found.is_some()
        };
        for provider in providers {
            if !add(provider, &mut wanted) {
                let all: Vec<usize> = (0..SHIPPED.len()).collect();
                return Catalog::read_shipped(&all).map(|c| c.select(selected));
            }
        }
        let mut next = 0;
        while next < wanted.len() {
            for reference in SHIPPED[wanted[next]].references {
                if let Some(i) = SHIPPED.iter().position(|e| e.name == *reference)
                    && !wanted.contains(&i)
                {
                    wanted.push(i);
                }
            }
            next += 1;
        }
        wanted.sort_unstable();
        if wanted.len() == SHIPPED.len() {
            return Catalog::shipped().cloned().map_err(Report::clone);
        }
        Catalog::read_shipped(&wanted)
    }

    /// Reads shipped catalog files (by index) and resolves their references.
    fn read_shipped(indexes: &[usize]) -> Result<Catalog, Report> {
        let mut catalog = Catalog::default();
        let mut report = Report::default();
        // Each file is read once per process (a server or a test loads many specs); the
        // references are resolved for each set, which is quick.
        type Read = Result<(Vec<ProviderCatalog>, Report), Report>;
        static READ: [OnceLock<Read>; SHIPPED.len()] = [const { OnceLock::new() }; SHIPPED.len()];
        for &i in indexes {
            let entry = &SHIPPED[i];
            match READ[i].get_or_init(|| read_catalog(entry.file, entry.text)) {
                Ok((providers, warnings)) => {
                    catalog.providers.extend(providers.iter().cloned());
                    report.extend(warnings.clone());
                }
                Err(errors) => report.extend(errors.clone()),
            }
        }
        report
            .diagnostics
            .extend(super::reference::resolve(&mut catalog.providers, None));
        if report.has_errors() {
            Err(report)
        } else {
            Ok(catalog)
        }
    }

    /// The shipped catalog files.
    pub(crate) fn shipped_files() -> &'static [Shipped] {
        SHIPPED
    }

    /// Names of the shipped catalogs, as `pricing.catalogs` lists them.
    pub(crate) fn shipped_names() -> impl Iterator<Item = &'static str> {
        SHIPPED.iter().map(|entry| entry.name)
    }

    /// The aliases of the shipped providers that have any, among the catalogs `selected`
    /// (all when `None`), as price tables list them.
    pub(crate) fn shipped_aliases(selected: Option<&[String]>) -> BTreeMap<String, Vec<String>> {
        SHIPPED
            .iter()
            .filter(|entry| {
                !entry.aliases.is_empty()
                    && selected.is_none_or(|names| names.iter().any(|n| n == entry.name))
            })
            .map(|entry| {
                (
                    entry.name.to_owned(),
                    entry.aliases.iter().map(|a| (*a).to_owned()).collect(),
                )
            })
            .collect()
    }

    /// Reads a catalog file, or every `.yaml`/`.yml` file of a folder.
    pub(crate) fn from_path(path: &Path) -> Result<Result<Catalog, Report>, std::io::Error> {
        let mut files: Vec<std::path::PathBuf> = if path.is_dir() {
            std::fs::read_dir(path)?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
                .collect()
        } else {
            vec![path.to_owned()]
        };
        files.sort();
        let mut catalog = Catalog::default();
        let mut report = Report::default();
        for file in files {
            let bytes = std::fs::read(&file)?;
            let name = file.display().to_string();
            let text = match crate::yaml::load::decode(&Arc::from(name.as_str()), &bytes) {
                Ok(text) => text,
                Err(errors) => {
                    report.extend(errors);
                    continue;
                }
            };
            match read_catalog(&name, &text) {
                Ok((providers, warnings)) => {
                    catalog.providers.extend(providers);
                    report.extend(warnings);
                }
                Err(errors) => report.extend(errors),
            }
        }
        // A reseller's `same_as` may name a model of the shipped catalogs.
        report.diagnostics.extend(super::reference::resolve(
            &mut catalog.providers,
            Catalog::shipped().ok(),
        ));
        report.sort();
        Ok(if report.has_errors() {
            Err(report)
        } else {
            catalog.warnings = report;
            Ok(catalog)
        })
    }

    /// The catalogs whose names are listed (all when `None`).
    pub(crate) fn select(&self, names: Option<&[String]>) -> Catalog {
        Catalog {
            providers: self
                .providers
                .iter()
                .filter(|p| names.is_none_or(|names| names.contains(&p.provider)))
                .cloned()
                .collect(),
            warnings: Report::default(),
        }
    }

    /// A provider by id or alias.
    pub(crate) fn provider(&self, id: &str) -> Option<&ProviderCatalog> {
        self.providers
            .iter()
            .find(|p| p.provider == id || p.aliases.iter().any(|a| a == id))
    }

    /// Finds a model by exact id, alias, or dated snapshot id
    /// (`claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`).
    pub(crate) fn lookup(&self, provider: &str, model: &str) -> Lookup<'_> {
        let Some(catalog) = self.provider(provider) else {
            let ids = self.providers.iter().map(|p| p.provider.as_str());
            return Lookup::UnknownProvider(crate::base::suggest::closest(provider, ids));
        };
        let find = |id: &str| {
            catalog
                .models
                .iter()
                .find(|m| m.model == id || m.aliases.iter().any(|a| a == id))
        };
        if let Some(found) = find(model).or_else(|| strip_snapshot_date(model).and_then(find)) {
            return Lookup::Found(found);
        }
        // Suggest models the provider still serves; retired ones only when nothing else is
        // close (a typo of a retired id still finds it).
        let now = llm_slo_core::pricing::time::Instant::now();
        let serving = |m: &&ModelPricing| {
            m.retires
                .as_deref()
                .and_then(|r| llm_slo_core::pricing::time::Instant::parse(r).ok())
                .is_none_or(|day| day > now)
        };
        let current = crate::base::suggest::closest(
            model,
            catalog
                .models
                .iter()
                .filter(serving)
                .map(|m| m.model.as_str()),
        );
        if !current.is_empty() {
            return Lookup::UnknownModel(current);
        }
        let ids = catalog.models.iter().map(|m| m.model.as_str());
        Lookup::UnknownModel(crate::base::suggest::closest(model, ids))
    }

    /// Every model of every catalog as one price table.
    pub(crate) fn table(
        &self,
        comment: &str,
    ) -> Result<PriceTable, crate::diagnostics::Diagnostic> {
        let mut models: Vec<ModelPricing> = self
            .providers
            .iter()
            .flat_map(|p| p.models.iter().cloned())
            .collect();
        models.sort_by(|a, b| (&a.provider, &a.model).cmp(&(&b.provider, &b.model)));
        super::tables::table(comment, models, self.provider_aliases())
    }

    /// Provider aliases, for price tables.
    pub(crate) fn provider_aliases(&self) -> BTreeMap<String, Vec<String>> {
        self.providers
            .iter()
            .filter(|p| !p.aliases.is_empty())
            .map(|p| (p.provider.clone(), p.aliases.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_shipped_entry_says_what_its_file_says() {
        for entry in SHIPPED {
            let (providers, _) = read_catalog(entry.file, entry.text)
                .unwrap_or_else(|report| panic!("{}: {report}", entry.file));
            let [provider] = providers.as_slice() else {
                panic!("{}: one provider a shipped file", entry.file);
            };
            assert_eq!(provider.provider, entry.name, "{}", entry.file);
            assert_eq!(provider.aliases, entry.aliases, "{}", entry.file);
            let mut referenced: Vec<&str> = provider
                .references
                .iter()
                .map(|r| r.provider.as_str())
                .collect();
            referenced.sort_unstable();
            referenced.dedup();
            let mut listed = entry.references.to_vec();
            listed.sort_unstable();
            assert_eq!(referenced, listed, "{}: references", entry.file);
        }
    }

    #[test]
    fn a_spec_reads_its_providers_catalogs_and_what_they_reference() {
        let names = |catalog: &Catalog| -> Vec<String> {
            catalog
                .providers
                .iter()
                .map(|p| p.provider.clone())
                .collect()
        };
        let one = Catalog::shipped_for(["anthropic"], None).expect("catalog");
        assert_eq!(names(&one), ["anthropic"]);
        let reseller = Catalog::shipped_for(["bedrock"], None).expect("catalog");
        assert_eq!(names(&reseller), ["anthropic", "openai", "aws.bedrock"]);
        // Priced as read with everything: the same models, the same prices.
        let all = Catalog::shipped().expect("catalog");
        let bedrock = |c: &Catalog| {
            c.provider("aws.bedrock")
                .map(|p| format!("{:?}", p.models))
                .expect("bedrock")
        };
        assert_eq!(bedrock(&reseller), bedrock(all));
        // An unknown provider, or one outside `pricing.catalogs`: every selected catalog,
        // for the error's list.
        assert_eq!(
            Catalog::shipped_for(["nope"], None)
                .expect("catalog")
                .providers
                .len(),
            SHIPPED.len()
        );
        let selected = ["openai".to_owned()];
        assert_eq!(
            names(&Catalog::shipped_for(["anthropic"], Some(&selected)).expect("catalog")),
            ["openai"]
        );
        assert!(
            Catalog::shipped_for([], None)
                .expect("catalog")
                .providers
                .is_empty()
        );
    }
}

//! Prices: catalogs (shipped under `pricing/`, imported, or given with `--pricing`) and their
//! audits, the prices of a spec's models, the tables generated from them, and pricing calls.
//!
//! * [`catalog`]: catalog files, read with positions; the shipped catalogs; lookups;
//! * [`audit`]: what is wrong with a catalog (units, negative prices, tiers, dates, sources);
//! * [`reference`]: models priced as another catalog's model (`same_as`: cloud resellers);
//! * [`resolve`]: a spec's models priced by overrides and catalogs, checked at its paths;
//! * [`tables`]: `prices.json` (what the runtime loads), its schema, CSV and Markdown;
//! * [`import`]: genai-prices and LiteLLM catalogs into ours;
//! * [`calc`]: pricing calls from flags or JSON lines, for `llm-slo price`.
//!
//! The price *model* and cost *engine* live in `llm_slo_core::pricing`, shared with the
//! runtime; this layer reads catalogs and writes tables.

pub(crate) mod audit;
pub(crate) mod calc;
pub(crate) mod catalog;
pub(crate) mod import;
pub(crate) mod reference;
pub(crate) mod resolve;
pub(crate) mod tables;

pub(crate) use self::resolve::resolve;

//! The runtime emits exactly the contract: for each profile of the conventions and naming strategy, every series
//! of the exposition is a series the contract declares (with labels it declares), and every
//! series the contract declares is emitted. Also: the call guard records once, on finish,
//! failure or drop, and a model without prices costs nothing rather than a wrong amount.

use std::collections::{BTreeMap, BTreeSet};

use llm_slo_core::contract::{HistogramMode, NamingStrategy, Profile};
use llm_slo_core::runtime::RuntimeConfig;
use llm_slo_otel::exposition::{Registry, parse};
use llm_slo_otel::{CallInfo, CostError, LlmMetrics, simulate, usage};

const CONFIG: &str = include_str!("../../../../generated/runtime/llm-slo-otel.json");

fn config(profile: Profile, naming: NamingStrategy) -> RuntimeConfig {
    let mut config: RuntimeConfig = serde_json::from_str(CONFIG).expect("the generated config");
    config.profile = profile;
    config.naming = naming;
    config.histograms = HistogramMode::Classic;
    config
}

/// A registry and the metrics recording into it, under a profile and naming strategy.
fn recorder(profile: Profile, naming: NamingStrategy) -> (Registry, LlmMetrics) {
    let config = config(profile, naming);
    let registry = Registry::new(config.naming);
    let metrics = LlmMetrics::new(&registry.meter("test"), config);
    (registry, metrics)
}

/// Records synthetic calls, a failure without usage and a dropped call; returns the samples.
fn exposition(config: &RuntimeConfig) -> Vec<llm_slo_otel::exposition::Sample> {
    let registry = Registry::new(config.naming);
    let metrics = LlmMetrics::new(&registry.meter("test"), config.clone());
    let calls = simulate::calls(&config.pricing, &config.attributes, 300, 7);
    simulate::record(&metrics, &calls);
    let failed = metrics.start(CallInfo::new("chat", "openai", "gpt-4o"));
    failed.fail("timeout", None);
    drop(metrics.start(CallInfo::new("chat", "openai", "gpt-4o")));
    // An embeddings call, to its own instruments where the profile has them.
    metrics
        .start(CallInfo::new(
            "embeddings",
            "openai",
            "text-embedding-3-small",
        ))
        .finish(
            None,
            Some(llm_slo_core::pricing::Usage::new().with("input", 200)),
        );
    // A score of a generation, and an agent invocation with a call and a tool.
    let info = CallInfo::new("chat", "openai", "gpt-4o");
    metrics.score(&info, "helpfulness", 0.8, Some("good"));
    let run = metrics.start_agent(llm_slo_otel::agent::AgentInfo::new("support").model("gpt-4o"));
    run.call(info).finish(
        Some("gpt-4o"),
        Some(
            llm_slo_core::pricing::Usage::new()
                .with("input", 100)
                .with("output", 10),
        ),
    );
    run.tool("lookup_order").tool_type("function").finish();
    run.finish();
    // A model the table lacks: counted as unpriced.
    metrics
        .start(CallInfo::new("chat", "openai", "gpt-9-unknown"))
        .finish(
            None,
            Some(llm_slo_core::pricing::Usage::new().with("input", 1)),
        );
    parse(&registry.render().expect("render"))
}

#[test]
fn the_emitted_series_are_exactly_the_contract_series() {
    // The runtime emits the conventions' profiles (what another library emits is that
    // library's), and of them the signals it records (not the server-side ones, say).
    for profile in Profile::ALL.into_iter().filter(|p| p.is_conventions()) {
        for naming in NamingStrategy::ALL {
            let config = config(profile, naming);
            let contract = config.contract();
            let declared: BTreeMap<String, BTreeSet<String>> = contract
                .series()
                .into_iter()
                .filter(|s| s.signal.recorded_by_runtime())
                .map(|s| (s.name, s.labels.into_iter().collect()))
                .collect();
            let samples = exposition(&config);
            let mut emitted = BTreeSet::new();
            for (name, labels, _) in &samples {
                let allowed = declared.get(name).unwrap_or_else(|| {
                    panic!("{profile:?}/{naming:?}: `{name}` is not a contract series")
                });
                for label in labels.keys() {
                    assert!(
                        allowed.contains(label),
                        "{profile:?}/{naming:?}: `{name}` has label `{label}` the contract does not declare"
                    );
                }
                emitted.insert(name.clone());
            }
            let declared_names: BTreeSet<String> = declared.keys().cloned().collect();
            assert_eq!(
                emitted, declared_names,
                "{profile:?}/{naming:?}: every contract series is emitted"
            );
        }
    }
}

#[test]
fn failures_and_dropped_calls_are_recorded_with_their_error_type() {
    let (registry, metrics) = recorder(
        Profile::GenAiV1_41,
        NamingStrategy::UnderscoreEscapingWithSuffixes,
    );
    let mut streamed = metrics.start(CallInfo::new("chat", "openai", "gpt-4o"));
    streamed.first_chunk();
    streamed.first_chunk();
    let usage =
        usage::openai_chat(&serde_json::json!({"prompt_tokens": 1000, "completion_tokens": 10}))
            .expect("usage");
    let recorded = streamed.finish(Some("gpt-4o-2024-08-06"), Some(usage));
    assert!(recorded.cost.is_ok());
    metrics
        .start(CallInfo::new("chat", "openai", "gpt-4o"))
        .fail("429", None);
    drop(metrics.start(CallInfo::new("chat", "openai", "gpt-4o")));
    // An empty error type would read as a success in Prometheus.
    metrics
        .start(CallInfo::new("chat", "openai", "gpt-4o"))
        .fail("", None);
    let samples = parse(&registry.render().expect("render"));
    let count = |error: Option<&str>| {
        samples
            .iter()
            .filter(|(name, labels, _)| {
                name == "gen_ai_client_operation_duration_seconds_count"
                    && labels.get("error_type").map(String::as_str) == error
            })
            .map(|(_, _, v)| *v)
            .sum::<f64>()
    };
    assert_eq!(count(None), 1.0);
    assert_eq!(count(Some("429")), 1.0);
    assert_eq!(count(Some(llm_slo_otel::DROPPED)), 2.0);
    let first_chunks: f64 = samples
        .iter()
        .filter(|(name, _, _)| name == "gen_ai_client_operation_time_to_first_chunk_seconds_count")
        .map(|(_, _, v)| *v)
        .sum();
    assert_eq!(first_chunks, 1.0, "one first chunk, recorded once");
}

#[test]
fn a_model_without_prices_adds_no_cost() {
    let (registry, metrics) = recorder(
        Profile::GenAiV1_41,
        NamingStrategy::UnderscoreEscapingWithSuffixes,
    );
    let recorded = metrics
        .start(CallInfo::new("chat", "openai", "gpt-9-unknown"))
        .finish(
            None,
            Some(
                llm_slo_core::pricing::Usage::new()
                    .with("input", 10)
                    .with("output", 1),
            ),
        );
    assert!(matches!(recorded.cost, Err(CostError::UnknownModel { .. })));
    let text = registry.render().expect("render");
    assert!(!text.contains("llm_slo_client_cost_total{"), "{text}");
    assert!(
        text.contains("gen_ai_client_token_usage_sum"),
        "tokens are still counted"
    );
}

#[test]
fn an_alias_the_table_lacks_is_priced_by_the_response_model() {
    let (_registry, metrics) = recorder(
        Profile::GenAiV1_41,
        NamingStrategy::UnderscoreEscapingWithSuffixes,
    );
    let usage = llm_slo_core::pricing::Usage::new()
        .with("input", 100_000)
        .with("output", 0);
    let recorded = metrics
        .start(CallInfo::new("chat", "anthropic", "my-sonnet-deployment"))
        // A dated id the table does not list: priced as its undated model.
        .finish(Some("claude-sonnet-4-6-20260217"), Some(usage));
    let cost = recorded.cost.expect("priced by the response model");
    assert_eq!(
        cost.total.normalize().to_string(),
        "0.3",
        "100k input tokens at $3/M"
    );
}

#[test]
fn latest_counters_record_what_the_provider_reported() {
    let (registry, metrics) = recorder(
        Profile::GenAiLatest,
        NamingStrategy::UnderscoreEscapingWithSuffixes,
    );
    // Anthropic: no reasoning count and no breakdown by modality.
    let claude = usage::anthropic(&serde_json::json!({
        "input_tokens": 100, "cache_read_input_tokens": 900, "output_tokens": 50
    }))
    .expect("usage");
    metrics
        .start(CallInfo::new("chat", "anthropic", "claude-sonnet-4-6"))
        .finish(None, Some(claude));
    // OpenAI: reasoning and an audio breakdown of the input.
    let gpt = usage::openai_chat(&serde_json::json!({
        "prompt_tokens": 1000, "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 200},
        "completion_tokens": 80, "completion_tokens_details": {"reasoning_tokens": 30}
    }))
    .expect("usage");
    metrics
        .start(CallInfo::new("chat", "openai", "gpt-4o"))
        .finish(None, Some(gpt));
    let samples = parse(&registry.render().expect("render"));
    let value = |name: &str, provider: &str, modality: &str| {
        samples
            .iter()
            .find(|(n, labels, _)| {
                n == name
                    && labels["gen_ai_provider_name"] == provider
                    && labels["gen_ai_token_modality"] == modality
            })
            .map(|(_, _, v)| *v)
    };
    let input = "gen_ai_client_inference_usage_input_tokens_total";
    let reasoning = "gen_ai_client_inference_usage_reasoning_output_tokens_total";
    assert_eq!(value(input, "anthropic", "unknown"), Some(1000.0));
    assert_eq!(value(input, "anthropic", "text"), None);
    assert_eq!(
        value(reasoning, "anthropic", "unknown"),
        None,
        "not reported, not recorded"
    );
    assert_eq!(value(input, "openai", "text"), Some(800.0));
    assert_eq!(value(input, "openai", "audio"), Some(200.0));
    assert_eq!(value(reasoning, "openai", "unknown"), Some(30.0));
}

#[test]
fn claude_web_searches_are_priced() {
    let (_registry, metrics) = recorder(
        Profile::GenAiV1_41,
        NamingStrategy::UnderscoreEscapingWithSuffixes,
    );
    let usage = usage::anthropic(&serde_json::json!({"usage": {
        "input_tokens": 1000, "output_tokens": 100,
        "server_tool_use": {"web_search_requests": 2}
    }}))
    .expect("usage");
    let recorded = metrics
        .start(CallInfo::new("chat", "anthropic", "claude-sonnet-4-6"))
        .finish(None, Some(usage));
    let cost = recorded.cost.expect("priced");
    // 1,000 × $3/M + 100 × $15/M + 2 × $10/1,000.
    assert_eq!(cost.total.normalize().to_string(), "0.0245");
}

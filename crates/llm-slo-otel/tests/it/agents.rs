//! An agent invocation counts its inference and tool calls and adds up their cost; scores
//! are recorded with the call's attributes, whenever they arrive.

use llm_slo_core::contract::Profile;
use llm_slo_core::pricing::Usage;
use llm_slo_otel::agent::AgentInfo;
use llm_slo_otel::exposition::{Registry, parse};
use llm_slo_otel::{CallInfo, LlmMetrics};

const CONFIG: &str = include_str!("../../../../generated/runtime/llm-slo-otel.json");

fn recorder() -> (Registry, LlmMetrics) {
    let mut config = llm_slo_otel::read_config(CONFIG).expect("the generated config");
    config.profile = Profile::GenAiLatest;
    let registry = Registry::new(config.naming);
    let metrics = LlmMetrics::new(&registry.meter("test"), config);
    (registry, metrics)
}

fn value(text: &str, name: &str, with: &[(&str, &str)]) -> f64 {
    parse(text)
        .iter()
        .filter(|(n, labels, _)| {
            n == name
                && with
                    .iter()
                    .all(|(k, v)| labels.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|(_, _, v)| *v)
        .sum()
}

#[test]
fn an_agent_run_adds_up_its_calls_tools_and_cost() {
    let (registry, metrics) = recorder();
    let run = metrics.start_agent(AgentInfo::new("support").model("gpt-4o"));
    let usage = Usage::new()
        .with("input", 1_000_000)
        .with("output", 100_000);
    let mut expected = rust_decimal::Decimal::ZERO;
    for _ in 0..3 {
        let info = CallInfo::new("chat", "openai", "gpt-4o");
        expected += metrics.cost(&info, &usage, None).expect("priced").total;
        run.call(info).finish(Some("gpt-4o"), Some(usage.clone()));
    }
    run.tool("lookup_order").finish();
    run.tool("lookup_order").fail("timeout");
    let recorded = run.finish();
    assert_eq!((recorded.inference_calls, recorded.tool_calls), (3, 2));
    assert_eq!(recorded.cost, expected);
    // A run dropped unfinished is a failure.
    drop(metrics.start_agent(AgentInfo::new("support")));

    let text = registry.render().expect("render");
    let agent = ("gen_ai_agent_name", "support");
    assert_eq!(
        value(
            &text,
            "gen_ai_invoke_agent_duration_seconds_count",
            &[agent]
        ),
        2.0
    );
    assert_eq!(
        value(
            &text,
            "gen_ai_invoke_agent_duration_seconds_count",
            &[agent, ("error_type", "_OTHER")]
        ),
        1.0
    );
    assert_eq!(
        value(&text, "gen_ai_invoke_agent_inference_calls_sum", &[agent]),
        3.0
    );
    assert_eq!(
        value(&text, "gen_ai_invoke_agent_tool_calls_sum", &[agent]),
        2.0
    );
    assert_eq!(
        value(
            &text,
            "gen_ai_execute_tool_duration_seconds_count",
            &[
                ("gen_ai_tool_name", "lookup_order"),
                ("error_type", "timeout")
            ]
        ),
        1.0
    );
    let cost = value(&text, "llm_slo_agent_cost_sum", &[agent]);
    let expected: f64 = expected.to_string().parse().expect("a number");
    assert!((cost - expected).abs() < 1e-9, "{cost} vs {expected}");
}

#[test]
fn scores_carry_the_call_s_attributes() {
    let (registry, metrics) = recorder();
    let info = CallInfo::new("chat", "openai", "gpt-4o")
        .attribute("feature", "chat")
        .attribute("prompt_version", "v2");
    // Feedback minutes later: only the call's info is kept.
    metrics.score(&info, "helpfulness", 1.0, Some("thumbs_up"));
    metrics.score(&info, "helpfulness", 0.0, Some("thumbs_down"));
    metrics.score(&info, "helpfulness", f64::NAN, None);
    let text = registry.render().expect("render");
    let with = [
        ("gen_ai_evaluation_name", "helpfulness"),
        ("prompt_version", "v2"),
        ("gen_ai_request_model", "gpt-4o"),
    ];
    assert_eq!(value(&text, "llm_slo_evaluation_score_count", &with), 2.0);
    assert_eq!(value(&text, "llm_slo_evaluation_score_sum", &with), 1.0);
    assert_eq!(
        value(
            &text,
            "llm_slo_evaluation_score_count",
            &[("gen_ai_evaluation_score_label", "thumbs_up")]
        ),
        1.0
    );
}

// One LLM call, instrumented: the program the crate's README shows (a test keeps them equal
// and runs it). Run from the repository root:
//
// ```sh
// cargo run -p llm-slo-otel --example one_call
// ```

// readme:start
use llm_slo_otel::{CallInfo, LlmMetrics, usage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Once: your OpenTelemetry SDK's meter and the file `llm-slo generate` wrote.
    let config = std::fs::read_to_string("generated/runtime/llm-slo-otel.json")?;
    let llm = LlmMetrics::from_json(&opentelemetry::global::meter("support"), &config)?;
    // Per call: start the guard, mark the first chunk, finish with the provider's usage.
    let info = CallInfo::new("chat", "anthropic", "claude-sonnet-4-6").attribute("feature", "faq");
    let mut call = llm.start(info); // dropped before `finish` (`?`, panic): a failure
    call.first_chunk(); // streamed answers only
    let response = serde_json::json!({"usage": { // the provider's answer
        "input_tokens": 120, "cache_read_input_tokens": 2000, "output_tokens": 300}});
    let tokens = usage::anthropic(&response); // totals and parts, nothing counted twice
    let done = call.finish(Some("claude-sonnet-4-6"), tokens.ok());
    println!("cost: ${}", done.cost?.total.normalize()); // also in the cost counter
    Ok(())
}
// readme:end

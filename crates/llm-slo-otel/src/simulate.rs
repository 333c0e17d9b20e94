//! Synthetic LLM calls for the examples, the tests and the benchmark: every priced model,
//! streamed and not, some failures, cache reads and writes, reasoning — deterministic for a
//! seed, so a test can price the same calls with `llm-slo price`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use llm_slo_core::pricing::{PriceTable, Usage};
use serde_json::{Map, Value, json};

use crate::{CallInfo, CallRecord, LlmMetrics, Recorded};

/// One synthetic call.
#[derive(Clone, Debug)]
pub struct SimulatedCall {
    /// Who was called.
    pub info: CallInfo,
    /// Its duration.
    pub duration: Duration,
    /// Its time to first chunk, when streamed.
    pub first_chunk: Option<Duration>,
    /// The time between each later chunk and the one before, when streamed.
    pub chunk_intervals: Vec<Duration>,
    /// The response model.
    pub response_model: Option<String>,
    /// Its usage, when known.
    pub usage: Option<Usage>,
    /// `error.type` when it failed.
    pub error_type: Option<String>,
    /// When it was made.
    pub at: SystemTime,
}

/// A small deterministic generator (64-bit LCG): reproducible without a dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Values for an extra attribute: the ones the SLO filters of the repository's spec use,
/// and a few others.
fn values(attribute: &str) -> &'static [&'static str] {
    match attribute {
        "feature" => &["chat", "summary", "draft"],
        "tenant" => &["acme", "globex"],
        _ => &["v1", "v2"],
    }
}

/// `n` calls over the table's models, with the configured extra attributes.
pub fn calls(table: &PriceTable, attributes: &[String], n: usize, seed: u64) -> Vec<SimulatedCall> {
    let mut rng = Lcg(seed ^ 0x9e37_79b9_7f4a_7c15);
    let models: Vec<(String, String)> = table
        .models
        .iter()
        .map(|m| (m.provider.clone(), m.model.clone()))
        .collect();
    // A fixed instant (2026-11-01T00:00:00Z): the prices in force are reproducible.
    let at = UNIX_EPOCH + Duration::from_secs(1_793_491_200);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let Some((provider, model)) = (!models.is_empty()).then(|| rng.pick(&models).clone())
        else {
            break;
        };
        let mut info = CallInfo::new(
            if rng.below(10) == 0 {
                "text_completion"
            } else {
                "chat"
            },
            &provider,
            &model,
        );
        info = info.server(&format!("api.{provider}.example"), 443);
        for attribute in attributes {
            let value = *rng.pick::<&str>(values(attribute));
            info.attributes
                .push((attribute.as_str().into(), value.into()));
        }
        let streamed = rng.below(10) < 6;
        let duration = Duration::from_millis(200 + rng.below(15_000));
        let first_chunk = streamed
            .then(|| Duration::from_millis(50 + rng.below(duration.as_millis() as u64 / 2 + 1)));
        let input = 50 + rng.below(20_000);
        let mut usage = Usage::new()
            .with("input", input)
            .with("output", 10 + rng.below(2_000));
        if rng.below(2) == 0 {
            usage.set("cache_read", rng.below(input / 2 + 1));
        }
        if provider == "anthropic" && rng.below(3) == 0 {
            let room = input - usage.get("cache_read");
            let write = rng.below(room / 2 + 1);
            usage.set("cache_write", write);
            if rng.below(2) == 0 {
                usage.set("cache_write_1h", rng.below(write + 1));
            }
        }
        if rng.below(3) == 0 {
            let output = usage.get("output");
            usage.set("output_reasoning", rng.below(output + 1));
        }
        let failure = rng.below(20) == 0;
        let (usage, error_type) = if failure {
            let error = rng.pick(&["timeout", "429", "500"]);
            // Some failures still report what they consumed.
            (i % 2 == 0)
                .then_some(usage)
                .map_or((None, Some(*error)), |u| (Some(u), Some(*error)))
        } else {
            (Some(usage), None)
        };
        // From a generator of their own, so the rest of the calls stay what they were.
        let mut chunks = Lcg(seed ^ (i as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
        let chunk_intervals = match first_chunk {
            Some(_) => (0..2 + chunks.below(6))
                .map(|_| Duration::from_millis(5 + chunks.below(80)))
                .collect(),
            None => Vec::new(),
        };
        out.push(SimulatedCall {
            chunk_intervals,
            response_model: (!failure).then(|| model.clone()),
            info,
            duration,
            first_chunk,
            usage,
            error_type: error_type.map(str::to_owned),
            at,
        });
    }
    out
}

/// Records the calls; returns what each recorded.
pub fn record(metrics: &LlmMetrics, calls: &[SimulatedCall]) -> Vec<Recorded> {
    calls
        .iter()
        .map(|call| {
            metrics.record(&CallRecord {
                info: &call.info,
                duration: call.duration,
                first_chunk: call.first_chunk,
                chunk_intervals: &call.chunk_intervals,
                response_model: call.response_model.as_deref(),
                usage: call.usage.as_ref(),
                error_type: call.error_type.as_deref(),
                at: Some(call.at),
            })
        })
        .collect()
}

/// A call as a JSON line for `llm-slo price --batch` (calls without usage have no line).
pub fn price_line(call: &SimulatedCall) -> Option<String> {
    let usage = call.usage.as_ref()?;
    let mut line = Map::new();
    line.insert("provider".to_owned(), json!(&*call.info.provider));
    line.insert("model".to_owned(), json!(&*call.info.request_model));
    let seconds = call
        .at
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    line.insert("at".to_owned(), json!(rfc3339(seconds)));
    for (unit, count) in usage.iter() {
        line.insert(format!("{unit}_tokens"), json!(count));
    }
    Some(Value::Object(line).to_string())
}

/// `YYYY-MM-DDTHH:MM:SSZ` of Unix seconds.
fn rfc3339(seconds: u64) -> String {
    llm_slo_core::pricing::time::Instant(i64::try_from(seconds).unwrap_or(i64::MAX)).timestamp()
}

/// Records `per_second` synthetic calls every second on a background thread, for ever (a new
/// seed each second), as traffic for a Prometheus to scrape.
pub fn traffic(
    metrics: LlmMetrics,
    table: PriceTable,
    attributes: Vec<String>,
    per_second: usize,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        for seed in 1.. {
            record(&metrics, &calls(&table, &attributes, per_second, seed));
            std::thread::sleep(Duration::from_secs(1));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339() {
        assert_eq!(rfc3339(1_793_491_200), "2026-11-01T00:00:00Z");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    }
}

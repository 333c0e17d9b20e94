//! The Prometheus text exposition of an OpenTelemetry SDK meter provider, with names and
//! labels translated by the contract's naming strategy — the translation Prometheus applies
//! to OTLP (or an exporter applies on scrape). Used by the examples and the tests; an
//! application normally exports OTLP or uses its own exporter.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Arc, Weak};
use std::time::Duration;

use llm_slo_core::contract::{InstrumentKind, NamingStrategy};
use opentelemetry::metrics::{Meter, MeterProvider as _};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::metrics::data::{AggregatedMetrics, MetricData, ResourceMetrics};
use opentelemetry_sdk::metrics::reader::MetricReader;
use opentelemetry_sdk::metrics::{ManualReader, Pipeline, SdkMeterProvider, Temporality};

/// A reader shared between the provider (which owns its readers) and the caller who
/// collects on demand.
#[derive(Debug, Clone)]
struct SharedReader(Arc<ManualReader>);

impl MetricReader for SharedReader {
    fn register_pipeline(&self, pipeline: Weak<Pipeline>) {
        self.0.register_pipeline(pipeline);
    }

    fn collect(&self, rm: &mut ResourceMetrics) -> OTelSdkResult {
        self.0.collect(rm)
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.0.force_flush()
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.0.shutdown_with_timeout(timeout)
    }

    fn temporality(&self, kind: opentelemetry_sdk::metrics::InstrumentKind) -> Temporality {
        self.0.temporality(kind)
    }
}

/// An SDK meter provider whose metrics can be rendered as Prometheus text at any time.
#[derive(Debug)]
pub struct Registry {
    reader: Arc<ManualReader>,
    provider: SdkMeterProvider,
    naming: NamingStrategy,
}

impl Registry {
    /// A provider with cumulative temporality, rendered under a naming strategy.
    pub fn new(naming: NamingStrategy) -> Registry {
        let reader = Arc::new(ManualReader::builder().build());
        let provider = SdkMeterProvider::builder()
            .with_reader(SharedReader(reader.clone()))
            .build();
        Registry {
            reader,
            provider,
            naming,
        }
    }

    /// A meter of the provider.
    pub fn meter(&self, name: &'static str) -> Meter {
        self.provider.meter(name)
    }

    /// Every series recorded so far, in the Prometheus text format (sorted, so the output
    /// is stable).
    pub fn render(&self) -> Result<String, String> {
        let mut metrics = ResourceMetrics::default();
        self.reader
            .collect(&mut metrics)
            .map_err(|e| format!("cannot collect metrics: {e}"))?;
        Ok(render(&metrics, self.naming))
    }
}

/// A sample value or bound as Prometheus writes numbers.
fn number(value: f64) -> String {
    if value.is_infinite() {
        if value > 0.0 { "+Inf" } else { "-Inf" }.to_owned()
    } else {
        format!("{value}")
    }
}

fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn labels(pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let inner: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", escape(v)))
        .collect();
    format!("{{{}}}", inner.join(","))
}

/// Translated labels of a data point, sorted.
fn point_labels<'a>(
    attributes: impl Iterator<Item = &'a opentelemetry::KeyValue>,
    naming: NamingStrategy,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = attributes
        .map(|kv| (naming.label_name(kv.key.as_str()), kv.value.to_string()))
        .collect();
    out.sort();
    out
}

/// Renders collected metrics.
pub fn render(metrics: &ResourceMetrics, naming: NamingStrategy) -> String {
    // family → (type, help, lines)
    let mut families: BTreeMap<String, (&'static str, String, Vec<String>)> = BTreeMap::new();
    for scope in metrics.scope_metrics() {
        for metric in scope.metrics() {
            macro_rules! points {
                ($data:expr) => {
                    match $data {
                        MetricData::Sum(sum) => {
                            let name = naming.metric_name(
                                metric.name(),
                                metric.unit(),
                                InstrumentKind::Counter,
                            );
                            let entry = families.entry(name.clone()).or_insert((
                                "counter",
                                metric.description().to_owned(),
                                Vec::new(),
                            ));
                            for point in sum.data_points() {
                                let l = point_labels(point.attributes(), naming);
                                entry.2.push(format!(
                                    "{name}{} {}",
                                    labels(&l),
                                    number(point.value() as f64)
                                ));
                            }
                        }
                        MetricData::Histogram(histogram) => {
                            let name = naming.metric_name(
                                metric.name(),
                                metric.unit(),
                                InstrumentKind::Histogram,
                            );
                            let entry = families.entry(name.clone()).or_insert((
                                "histogram",
                                metric.description().to_owned(),
                                Vec::new(),
                            ));
                            for point in histogram.data_points() {
                                let l = point_labels(point.attributes(), naming);
                                let mut cumulative = 0u64;
                                let counts: Vec<u64> = point.bucket_counts().collect();
                                let bounds: Vec<f64> = point.bounds().collect();
                                for (i, bound) in bounds
                                    .iter()
                                    .chain(std::iter::once(&f64::INFINITY))
                                    .enumerate()
                                {
                                    cumulative += counts.get(i).copied().unwrap_or(0);
                                    let mut with_le = l.clone();
                                    with_le.push(("le".to_owned(), number(*bound)));
                                    entry.2.push(format!(
                                        "{name}_bucket{} {cumulative}",
                                        labels(&with_le)
                                    ));
                                }
                                entry.2.push(format!(
                                    "{name}_sum{} {}",
                                    labels(&l),
                                    number(point.sum() as f64)
                                ));
                                entry.2.push(format!(
                                    "{name}_count{} {}",
                                    labels(&l),
                                    point.count()
                                ));
                            }
                        }
                        MetricData::Gauge(_) | MetricData::ExponentialHistogram(_) => {}
                    }
                };
            }
            match metric.data() {
                AggregatedMetrics::F64(data) => points!(data),
                AggregatedMetrics::U64(data) => points!(data),
                AggregatedMetrics::I64(data) => points!(data),
            }
        }
    }
    let mut out = String::new();
    for (name, (kind, help, mut lines)) in families {
        lines.sort();
        let _ = writeln!(out, "# HELP {name} {}", help.replace('\n', " "));
        let _ = writeln!(out, "# TYPE {name} {kind}");
        for line in lines {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// One sample of an exposition: (series name, sorted labels, value).
pub type Sample = (String, BTreeMap<String, String>, f64);

/// Reads back the samples of a text exposition (the subset [`render`] writes).
pub fn parse(text: &str) -> Vec<Sample> {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some((series, value)) = line.rsplit_once(' ') else {
            continue;
        };
        let Ok(value) = value.parse::<f64>() else {
            continue;
        };
        let (name, rest) = series.split_once('{').unwrap_or((series, "}"));
        let mut labels = BTreeMap::new();
        let body = rest.strip_suffix('}').unwrap_or(rest);
        let mut chars = body.chars().peekable();
        while chars.peek().is_some() {
            let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
            if chars.next() != Some('"') {
                break;
            }
            let mut value = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some('n') => value.push('\n'),
                        Some(other) => value.push(other),
                        None => {}
                    },
                    '"' => break,
                    c => value.push(c),
                }
            }
            labels.insert(key, value);
            if chars.peek() == Some(&',') {
                chars.next();
            }
        }
        out.push((name.to_owned(), labels, value));
    }
    out
}

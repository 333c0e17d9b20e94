//! The Prometheus text exposition of an OpenTelemetry SDK meter provider, with names and
//! labels translated by the contract's naming strategy — the translation Prometheus applies
//! to OTLP (or an exporter applies on scrape). Used by the examples and the tests; an
//! application normally exports OTLP or uses its own exporter.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write as _};
use std::net::TcpListener;
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

/// Answers `GET /metrics` on a listener with the registry's exposition, for ever (one
/// connection at a time: enough for a Prometheus scraping it in an example or a test).
pub fn serve(listener: &TcpListener, registry: &Registry) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let mut reader = BufReader::new(&stream);
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).is_err() {
            continue;
        }
        // Drain the headers.
        let mut header = String::new();
        while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
            header.clear();
        }
        let (status, body) = if request_line.starts_with("GET /metrics") {
            match registry.render() {
                Ok(text) => ("200 OK", text),
                Err(e) => ("500 Internal Server Error", e),
            }
        } else {
            ("404 Not Found", "try /metrics\n".to_owned())
        };
        let _ = write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
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

/// Whether a name needs no quotes: the classic `[a-zA-Z_:][a-zA-Z0-9_:]*` (colons only in
/// metric names). UTF-8 names (dots and all) are quoted, as Prometheus 3 writes them.
fn is_classic(name: &str, colons: bool) -> bool {
    let ok = |c: char, first: bool| {
        c.is_ascii_alphabetic()
            || c == '_'
            || (colons && c == ':')
            || (!first && c.is_ascii_digit())
    };
    let mut chars = name.chars();
    chars.next().is_some_and(|c| ok(c, true)) && chars.all(|c| ok(c, false))
}

/// A metric name as written after `# HELP` and `# TYPE`.
fn metric_ref(name: &str) -> String {
    if is_classic(name, true) {
        name.to_owned()
    } else {
        format!("\"{}\"", escape(name))
    }
}

/// One sample line: `name{labels} value`, or `{"name", labels} value` for a UTF-8 name.
fn sample(name: &str, pairs: &[(String, String)], value: &str) -> String {
    let mut inner: Vec<String> = Vec::with_capacity(pairs.len() + 1);
    let classic = is_classic(name, true);
    if !classic {
        inner.push(format!("\"{}\"", escape(name)));
    }
    for (k, v) in pairs {
        let key = if is_classic(k, false) {
            k.clone()
        } else {
            format!("\"{}\"", escape(k))
        };
        inner.push(format!("{key}=\"{}\"", escape(v)));
    }
    match (classic, inner.is_empty()) {
        (true, true) => format!("{name} {value}"),
        (true, false) => format!("{name}{{{}}} {value}", inner.join(",")),
        (false, _) => format!("{{{}}} {value}", inner.join(",")),
    }
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

/// A family being rendered: its type, help, and the lines of each data point by labels.
struct Family {
    kind: &'static str,
    help: String,
    points: Points,
}

type Points = Vec<(Vec<(String, String)>, Vec<String>)>;

/// The points of a family, the family created on first use.
fn points_of<'f>(
    families: &'f mut BTreeMap<String, Family>,
    name: &str,
    kind: InstrumentKind,
    help: &str,
) -> &'f mut Points {
    let family = families.entry(name.to_owned()).or_insert_with(|| Family {
        kind: kind.as_str(),
        help: help.to_owned(),
        points: Vec::new(),
    });
    &mut family.points
}

/// Renders collected metrics: families by name, data points by labels, the buckets of a
/// histogram in increasing `le`.
pub fn render(metrics: &ResourceMetrics, naming: NamingStrategy) -> String {
    let mut families: BTreeMap<String, Family> = BTreeMap::new();
    for scope in metrics.scope_metrics() {
        for metric in scope.metrics() {
            macro_rules! points {
                ($data:expr) => {
                    match $data {
                        MetricData::Sum(sum) => {
                            let kind = InstrumentKind::Counter;
                            let name = naming.metric_name(metric.name(), metric.unit(), kind);
                            let points =
                                points_of(&mut families, &name, kind, metric.description());
                            for point in sum.data_points() {
                                let l = point_labels(point.attributes(), naming);
                                let line = sample(&name, &l, &number(point.value() as f64));
                                points.push((l, vec![line]));
                            }
                        }
                        MetricData::Histogram(histogram) => {
                            let kind = InstrumentKind::Histogram;
                            let name = naming.metric_name(metric.name(), metric.unit(), kind);
                            let points =
                                points_of(&mut families, &name, kind, metric.description());
                            for point in histogram.data_points() {
                                let l = point_labels(point.attributes(), naming);
                                let mut lines = Vec::new();
                                let mut cumulative = 0u64;
                                let counts: Vec<u64> = point.bucket_counts().collect();
                                let bounds = point.bounds().chain(std::iter::once(f64::INFINITY));
                                for (i, bound) in bounds.enumerate() {
                                    cumulative += counts.get(i).copied().unwrap_or(0);
                                    let mut with_le = l.clone();
                                    with_le.push(("le".to_owned(), number(bound)));
                                    let bucket = format!("{name}_bucket");
                                    lines.push(sample(&bucket, &with_le, &cumulative.to_string()));
                                }
                                let sum = number(point.sum() as f64);
                                lines.push(sample(&format!("{name}_sum"), &l, &sum));
                                let count = point.count().to_string();
                                lines.push(sample(&format!("{name}_count"), &l, &count));
                                points.push((l, lines));
                            }
                        }
                        MetricData::Gauge(gauge) => {
                            let kind = InstrumentKind::Gauge;
                            let name = naming.metric_name(metric.name(), metric.unit(), kind);
                            let points =
                                points_of(&mut families, &name, kind, metric.description());
                            for point in gauge.data_points() {
                                let l = point_labels(point.attributes(), naming);
                                let line = sample(&name, &l, &number(point.value() as f64));
                                points.push((l, vec![line]));
                            }
                        }
                        // Native histograms need the protobuf exposition or OTLP.
                        MetricData::ExponentialHistogram(_) => {}
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
    for (name, mut family) in families {
        family.points.sort();
        let name = metric_ref(&name);
        let _ = writeln!(out, "# HELP {name} {}", family.help.replace('\n', " "));
        let _ = writeln!(out, "# TYPE {name} {}", family.kind);
        for (_, lines) in family.points {
            for line in lines {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out
}

/// One sample of an exposition: (series name, sorted labels, value).
pub type Sample = (String, BTreeMap<String, String>, f64);

/// Reads back the samples of a text exposition (the subset [`render`] writes, UTF-8 names
/// included).
pub fn parse(text: &str) -> Vec<Sample> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(parse_sample)
        .collect()
}

fn parse_sample(line: &str) -> Option<Sample> {
    let (series, value) = line.rsplit_once(' ')?;
    let value = value.parse::<f64>().ok()?;
    let (mut name, body) = match series.split_once('{') {
        Some((name, rest)) => (name.to_owned(), rest.strip_suffix('}')?),
        None => (series.to_owned(), ""),
    };
    let mut labels = BTreeMap::new();
    let mut chars = body.chars().peekable();
    while chars.peek().is_some() {
        let key = if chars.peek() == Some(&'"') {
            chars.next();
            quoted(&mut chars)
        } else {
            chars.by_ref().take_while(|c| *c != '=').collect::<String>()
        };
        match chars.peek() {
            // A quoted name alone is the metric name of a UTF-8 series.
            Some(',') | None if name.is_empty() => name = key,
            Some('=') => {
                chars.next();
                if chars.next() != Some('"') {
                    return None;
                }
                labels.insert(key, quoted(&mut chars));
            }
            Some('"') => {
                chars.next();
                labels.insert(key, quoted(&mut chars));
            }
            _ => return None,
        }
        if chars.peek() == Some(&',') {
            chars.next();
        }
    }
    Some((name, labels, value))
}

/// The rest of a quoted string, unescaped, its closing quote consumed.
fn quoted(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            },
            '"' => break,
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_names_are_quoted_and_read_back() {
        let labels = [
            ("gen_ai.provider.name".to_owned(), "open\"ai".to_owned()),
            ("le".to_owned(), "+Inf".to_owned()),
        ];
        let line = sample(
            "gen_ai.client.operation.duration_seconds_bucket",
            &labels,
            "3",
        );
        assert_eq!(
            line,
            r#"{"gen_ai.client.operation.duration_seconds_bucket","gen_ai.provider.name"="open\"ai",le="+Inf"} 3"#
        );
        let (name, read, value) = parse_sample(&line).expect("parses");
        assert_eq!(name, "gen_ai.client.operation.duration_seconds_bucket");
        assert_eq!(
            read.get("gen_ai.provider.name").map(String::as_str),
            Some("open\"ai")
        );
        assert_eq!(read.get("le").map(String::as_str), Some("+Inf"));
        assert_eq!(value, 3.0);
        assert_eq!(metric_ref("gen_ai.client.cost"), "\"gen_ai.client.cost\"");
        assert_eq!(
            metric_ref("gen_ai_client_cost_total"),
            "gen_ai_client_cost_total"
        );
    }

    #[test]
    fn classic_names_are_written_bare() {
        let labels = [("gen_ai_provider_name".to_owned(), "openai".to_owned())];
        let line = sample("gen_ai_client_cost_total", &labels, "0.5");
        assert_eq!(
            line,
            r#"gen_ai_client_cost_total{gen_ai_provider_name="openai"} 0.5"#
        );
        assert_eq!(sample("up", &[], "1"), "up 1");
        let (name, read, _) = parse_sample(&line).expect("parses");
        assert_eq!(name, "gen_ai_client_cost_total");
        assert_eq!(read.len(), 1);
    }
}

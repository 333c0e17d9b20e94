// What the streaming example stands on, that a real application gets elsewhere: a local
// server answering like OpenAI's streaming Chat Completions (in place of the provider), a
// minimal HTTP client reading its server-sent events line by line (in place of reqwest or
// hyper), and a span exporter that keeps the spans (in place of an OTLP exporter).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{SpanData, SpanExporter};

/// The streamed answer: a role chunk, four text chunks, the usage chunk, `[DONE]`.
pub const EVENTS: &[&str] = &[
    r#"{"id":"c1","object":"chat.completion.chunk","model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"role":"assistant","content":""}}],"usage":null}"#,
    r#"{"id":"c1","object":"chat.completion.chunk","model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"content":"Your"}}],"usage":null}"#,
    r#"{"id":"c1","object":"chat.completion.chunk","model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"content":" order"}}],"usage":null}"#,
    r#"{"id":"c1","object":"chat.completion.chunk","model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"content":" has"}}],"usage":null}"#,
    r#"{"id":"c1","object":"chat.completion.chunk","model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"content":" shipped."},"finish_reason":"stop"}],"usage":null}"#,
    r#"{"id":"c1","object":"chat.completion.chunk","model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":1850,"prompt_tokens_details":{"cached_tokens":1536},"completion_tokens":4,"total_tokens":1854}}"#,
    "[DONE]",
];

/// Starts the mock provider on a free port; its base URL (`http://127.0.0.1:PORT/v1`).
pub fn start() -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    Ok(format!("http://{address}/v1"))
}

/// Reads a request and streams the events, a little apart as a model's tokens are.
fn answer(stream: TcpStream) {
    let mut reader = BufReader::new(&stream);
    let mut length = 0;
    let mut line = String::new();
    while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = value.trim().parse().unwrap_or(0);
        }
        line.clear();
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let mut stream = &stream;
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
    );
    std::thread::sleep(Duration::from_millis(120));
    for event in EVENTS {
        let _ = write!(stream, "data: {event}\n\n");
        let _ = stream.flush();
        std::thread::sleep(Duration::from_millis(15));
    }
}

/// POSTs a JSON body and returns the response body's lines as they arrive.
pub fn post_sse(
    url: &str,
    body: &str,
) -> std::io::Result<impl Iterator<Item = std::io::Result<String>>> {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut stream = TcpStream::connect(host)?;
    write!(
        stream,
        "POST /{path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut lines = BufReader::new(stream).lines();
    // The status line and headers, up to the blank line.
    for line in lines.by_ref() {
        if line?.is_empty() {
            break;
        }
    }
    Ok(lines)
}

/// Keeps every span ended, for the example to print and its test to read.
#[derive(Clone, Debug, Default)]
pub struct KeptSpans(pub Arc<Mutex<Vec<SpanData>>>);

impl SpanExporter for KeptSpans {
    fn export(
        &self,
        batch: Vec<SpanData>,
    ) -> impl std::future::Future<Output = OTelSdkResult> + Send {
        if let Ok(mut spans) = self.0.lock() {
            spans.extend(batch);
        }
        std::future::ready(Ok(()))
    }
}

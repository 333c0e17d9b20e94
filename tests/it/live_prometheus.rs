//! A real Prometheus for the end-to-end tests: started on a free port with a configuration
//! of the test's, queried over its HTTP API, stopped when dropped. Waits poll; nothing
//! asserts a time.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common;

/// A Prometheus server of a test, stopped when dropped.
pub struct Prometheus {
    child: Child,
    port: u16,
    log: std::path::PathBuf,
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free local port.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `global` of a test's configuration: scrape and evaluate every second, with a rule file.
pub fn config(rules: &Path, scrape_configs: &str) -> String {
    format!(
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - {}\nscrape_configs:\n{scrape_configs}",
        rules.display()
    )
}

impl Prometheus {
    /// Starts Prometheus with a configuration, its data and log under `dir`.
    pub fn start(dir: &Path, config: &str) -> Prometheus {
        let config_file = dir.join("prometheus.yml");
        std::fs::write(&config_file, config).expect("write prometheus.yml");
        let port = free_port();
        let log = dir.join("prometheus.log");
        let child = Command::new(common::prometheus())
            .arg(format!("--config.file={}", config_file.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.join("data").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("prometheus starts");
        Prometheus { child, port, log }
    }

    /// Its log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// GET a path of its API; the JSON body.
    pub fn get(&self, path: &str) -> Option<serde_json::Value> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .ok()?;
        // HTTP/1.0: the answer comes whole, never in chunks.
        write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
        let mut response = String::new();
        stream.read_to_string(&mut response).ok()?;
        let (_, body) = response.split_once("\r\n\r\n")?;
        serde_json::from_str(body).ok()
    }

    /// The series (label sets) an instant query returns.
    pub fn query(&self, query: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
        let Some(body) = self.get(&format!("/api/v1/query?query={}", encode(query))) else {
            return Vec::new();
        };
        body["data"]["result"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["metric"].as_object().cloned())
            .collect()
    }

    /// The metric names an instant query's result holds.
    pub fn names(&self, query: &str) -> BTreeSet<String> {
        self.query(query)
            .into_iter()
            .filter_map(|m| {
                m.get("__name__")
                    .and_then(|n| n.as_str())
                    .map(str::to_owned)
            })
            .collect()
    }

    /// Polls (every two seconds, for at most three minutes) until `done` holds of the
    /// names `query` returns; those names.
    pub fn wait_for(
        &self,
        query: &str,
        done: impl Fn(&BTreeSet<String>) -> bool,
    ) -> BTreeSet<String> {
        let deadline = Instant::now() + Duration::from_secs(180);
        let mut names = BTreeSet::new();
        while Instant::now() < deadline {
            names = self.names(query);
            if done(&names) {
                break;
            }
            std::thread::sleep(Duration::from_secs(2));
        }
        names
    }

    /// Every rule whose last evaluation failed, with its error.
    pub fn unhealthy_rules(&self) -> Vec<String> {
        let state = self.get("/api/v1/rules").expect("the rules API answers");
        let mut unhealthy = Vec::new();
        for group in state["data"]["groups"].as_array().into_iter().flatten() {
            for rule in group["rules"].as_array().into_iter().flatten() {
                if rule["health"] != "ok" && rule["health"] != "unknown" {
                    unhealthy.push(format!("{}: {}", rule["name"], rule["lastError"]));
                }
            }
        }
        unhealthy
    }
}

/// A query, URL-encoded.
pub fn encode(query: &str) -> String {
    query
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Serves the text `body` makes, fresh on each request, one connection at a time: a
/// `/metrics` endpoint of a test.
pub fn serve_text(listener: &TcpListener, body: impl Fn() -> String) {
    use std::io::{BufRead, BufReader};
    for stream in listener.incoming().flatten() {
        let mut reader = BufReader::new(&stream);
        let mut line = String::new();
        while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
            line.clear();
        }
        let body = body();
        let mut stream = &stream;
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
    }
}

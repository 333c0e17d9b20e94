//! The guard that measures one call and records it once: on `finish`, on `fail`, on
//! `cancel`, or — for a call abandoned by `?` or a dropped future — when dropped.

use std::time::{Duration, Instant};

use llm_slo_core::contract::CANCELLED;
use llm_slo_core::pricing::Usage;

use crate::{CallInfo, CallRecord, DROPPED, LlmMetrics, Recorded};

/// A call being measured (see [`LlmMetrics::start`]).
#[derive(Debug)]
pub struct Call {
    metrics: LlmMetrics,
    info: CallInfo,
    started: Instant,
    first_chunk: Option<Duration>,
    /// When the last chunk arrived, since `started`.
    last_chunk: Option<Duration>,
    chunk_intervals: Vec<Duration>,
    recorded: bool,
    /// The agent invocation this call belongs to, which counts it and adds its cost.
    pub(crate) agent: Option<std::sync::Arc<crate::agent::RunState>>,
    #[cfg(feature = "traces")]
    span: Option<crate::span::CallSpan>,
}

impl Call {
    pub(crate) fn new(metrics: LlmMetrics, info: CallInfo) -> Call {
        #[cfg(feature = "traces")]
        let span = metrics.start_span(&info);
        Call {
            metrics,
            info,
            started: Instant::now(),
            first_chunk: None,
            last_chunk: None,
            chunk_intervals: Vec::new(),
            recorded: false,
            agent: None,
            #[cfg(feature = "traces")]
            span,
        }
    }

    /// Who is being called.
    pub fn info(&self) -> &CallInfo {
        &self.info
    }

    /// How long the call has been going.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Marks the arrival of the first streamed chunk (later calls change nothing; see
    /// [`Call::chunk`] for every chunk).
    pub fn first_chunk(&mut self) {
        if self.first_chunk.is_none() {
            let now = self.started.elapsed();
            self.first_chunk = Some(now);
            self.last_chunk = Some(now);
        }
    }

    /// Marks the arrival of a streamed chunk of output: the first gives the time to first
    /// chunk, each later one its time since the chunk before (`time_per_output_chunk`).
    pub fn chunk(&mut self) {
        let now = self.started.elapsed();
        match self.last_chunk {
            None => {
                self.first_chunk = Some(now);
            }
            Some(last) => self.chunk_intervals.push(now.saturating_sub(last)),
        }
        self.last_chunk = Some(now);
    }

    /// Records a successful call with its usage (`None` when the provider reported none, or
    /// it could not be read: the call still counts, without tokens or cost, and is counted as
    /// unpriced); returns its cost or why there is none.
    pub fn finish(mut self, response_model: Option<&str>, usage: Option<Usage>) -> Recorded {
        self.record(response_model, usage.as_ref(), None)
    }

    /// Records a failed call: `error_type` is the exception type or status code; usage is
    /// recorded too when the provider reported some.
    pub fn fail(mut self, error_type: &str, usage: Option<Usage>) -> Recorded {
        // An empty `error.type` would read as no error at all in Prometheus.
        let error_type = if error_type.is_empty() {
            DROPPED
        } else {
            error_type
        };
        self.record(None, usage.as_ref(), Some(error_type))
    }

    /// Records a call the application gave up on (its user left, a deadline of its own):
    /// `error.type` `cancelled`, which the generated SLIs count neither as good nor as bad.
    /// What the provider had already reported (a stream's partial usage) is recorded and
    /// priced.
    pub fn cancel(mut self, usage: Option<Usage>) -> Recorded {
        self.record(None, usage.as_ref(), Some(CANCELLED))
    }

    fn record(
        &mut self,
        response_model: Option<&str>,
        usage: Option<&Usage>,
        error_type: Option<&str>,
    ) -> Recorded {
        self.recorded = true;
        let record = CallRecord {
            info: &self.info,
            duration: self.started.elapsed(),
            first_chunk: self.first_chunk,
            chunk_intervals: &self.chunk_intervals,
            response_model,
            usage,
            error_type,
            at: None,
        };
        let recorded = self.metrics.record(&record);
        if let Some(agent) = &self.agent {
            agent.add_call(recorded.cost.as_ref().ok().map(|cost| cost.total));
        }
        #[cfg(feature = "traces")]
        if let Some(span) = self.span.take() {
            span.end(&self.metrics, &record, &recorded);
        }
        recorded
    }
}

impl Drop for Call {
    fn drop(&mut self) {
        if !self.recorded {
            self.record(None, None, Some(DROPPED));
        }
    }
}

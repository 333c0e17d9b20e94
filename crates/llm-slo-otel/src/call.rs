//! The guard that measures one call and records it once: on `finish`, on `fail`, or — for a
//! call abandoned by `?` or a cancelled future — when dropped.

use std::time::{Duration, Instant};

use llm_slo_core::pricing::Usage;

use crate::{CallInfo, CallRecord, DROPPED, LlmMetrics, Recorded};

/// A call being measured (see [`LlmMetrics::start`]).
#[derive(Debug)]
pub struct Call {
    metrics: LlmMetrics,
    info: CallInfo,
    started: Instant,
    first_chunk: Option<Duration>,
    recorded: bool,
}

impl Call {
    pub(crate) fn new(metrics: LlmMetrics, info: CallInfo) -> Call {
        Call {
            metrics,
            info,
            started: Instant::now(),
            first_chunk: None,
            recorded: false,
        }
    }

    /// Marks the arrival of the first streamed chunk (later calls change nothing).
    pub fn first_chunk(&mut self) {
        if self.first_chunk.is_none() {
            self.first_chunk = Some(self.started.elapsed());
        }
    }

    /// Records a successful call with its usage (`None` when the provider reported none, or
    /// it could not be read: the call still counts, without tokens or cost); returns its cost
    /// or why there is none.
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

    fn record(
        &mut self,
        response_model: Option<&str>,
        usage: Option<&Usage>,
        error_type: Option<&str>,
    ) -> Recorded {
        self.recorded = true;
        self.metrics.record(&CallRecord {
            info: &self.info,
            duration: self.started.elapsed(),
            first_chunk: self.first_chunk,
            response_model,
            usage,
            error_type,
            at: None,
        })
    }
}

impl Drop for Call {
    fn drop(&mut self) {
        if !self.recorded {
            self.record(None, None, Some(DROPPED));
        }
    }
}

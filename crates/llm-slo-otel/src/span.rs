//! Each call as a span (feature `traces`): a `CLIENT` span named `{operation} {model}`,
//! started with the call's guard and ended when it records, with the conventions' attributes
//! — the request at the start (so samplers see them), the response, usage and
//! `gen_ai.response.time_to_first_chunk` at the end — and status `Error` with `error.type` on
//! failure. The metrics and the span come from the same guard, so they agree.

use std::borrow::Cow;

use llm_slo_core::contract::{
    ERROR_TYPE, OPERATION_NAME, PROVIDER_NAME, REQUEST_MODEL, RESPONSE_MODEL, SERVER_ADDRESS,
    SERVER_PORT,
};
use opentelemetry::KeyValue;
use opentelemetry::global::{BoxedSpan, BoxedTracer};
use opentelemetry::trace::{Span as _, SpanKind, Status, Tracer as _};

use crate::{CallInfo, CallRecord, LlmMetrics, Recorded};

/// The span of one call.
#[derive(Debug)]
pub(crate) struct CallSpan(BoxedSpan);

/// The cost of the call in US dollars, as `llm-slo-otel` computed it (the conventions have
/// no cost attribute yet; this is the project's own).
pub const COST_ATTRIBUTE: &str = "llm_slo.cost.usd";

/// Starts the span of a call.
pub(crate) fn start(tracer: &BoxedTracer, info: &CallInfo) -> CallSpan {
    let mut attributes = vec![
        KeyValue::new(OPERATION_NAME, info.operation.clone()),
        KeyValue::new(PROVIDER_NAME, info.provider.clone()),
        KeyValue::new(REQUEST_MODEL, info.request_model.clone()),
    ];
    if let Some(address) = &info.server_address {
        attributes.push(KeyValue::new(SERVER_ADDRESS, address.clone()));
    }
    if let Some(port) = info.server_port {
        attributes.push(KeyValue::new(SERVER_PORT, i64::from(port)));
    }
    for (name, value) in &info.attributes {
        attributes.push(KeyValue::new(name.clone(), value.clone()));
    }
    let name = format!("{} {}", info.operation, info.request_model);
    let span = tracer
        .span_builder(Cow::Owned(name))
        .with_kind(SpanKind::Client)
        .with_attributes(attributes)
        .start(tracer);
    CallSpan(span)
}

impl CallSpan {
    /// Ends the span with what the call recorded.
    pub(crate) fn end(mut self, metrics: &LlmMetrics, call: &CallRecord<'_>, recorded: &Recorded) {
        let span = &mut self.0;
        if let Some(model) = call.response_model {
            span.set_attribute(KeyValue::new(RESPONSE_MODEL, model.to_owned()));
        }
        if let Some(first) = call.first_chunk {
            span.set_attribute(KeyValue::new(
                "gen_ai.response.time_to_first_chunk",
                first.as_secs_f64(),
            ));
        }
        if let Some(usage) = call.usage {
            span.set_attributes(metrics.span_attributes(usage));
        }
        if let Ok(cost) = &recorded.cost {
            use rust_decimal::prelude::ToPrimitive;
            if let Some(usd) = cost.total.to_f64() {
                span.set_attribute(KeyValue::new(COST_ATTRIBUTE, usd));
            }
        }
        if let Some(error) = call.error_type {
            span.set_attribute(KeyValue::new(ERROR_TYPE, error.to_owned()));
            span.set_status(Status::error(error.to_owned()));
        }
        span.end();
    }
}

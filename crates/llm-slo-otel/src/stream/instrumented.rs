//! A `futures::Stream` of a provider's events, measured as it is read (feature `futures`):
//! each item is fed to the call's accumulator on its way to the application; the end of the
//! stream records the call, an error item records it as failed, and dropping the stream
//! before its end records it as cancelled.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde_json::Value;

use super::{Accumulator, StreamCall};
use crate::Recorded;

/// An item of a stream that a [`StreamCall`] can read.
pub trait StreamItem {
    /// Feeds this item to the call.
    fn observe<A: Accumulator>(&self, call: &mut StreamCall<A>);
}

impl StreamItem for Value {
    fn observe<A: Accumulator>(&self, call: &mut StreamCall<A>) {
        call.event(self);
    }
}

/// The `data` of a server-sent event (what SSE parsers yield), or a whole `data:` line.
impl StreamItem for String {
    fn observe<A: Accumulator>(&self, call: &mut StreamCall<A>) {
        let read = if self.starts_with("data:") {
            call.sse_line(self)
        } else {
            call.data(self)
        };
        if read.is_err() {
            call.failed("invalid_event");
        }
    }
}

/// async-openai's Chat Completions chunks (feature `async-openai`), read as their JSON.
#[cfg(feature = "async-openai")]
impl StreamItem for ::async_openai::types::chat::CreateChatCompletionStreamResponse {
    fn observe<A: Accumulator>(&self, call: &mut StreamCall<A>) {
        observe_serialized(self, call);
    }
}

/// async-openai's Responses stream events (feature `async-openai`), read as their JSON.
#[cfg(feature = "async-openai")]
impl StreamItem for ::async_openai::types::responses::ResponseStreamEvent {
    fn observe<A: Accumulator>(&self, call: &mut StreamCall<A>) {
        observe_serialized(self, call);
    }
}

#[cfg(feature = "async-openai")]
fn observe_serialized<A: Accumulator>(item: &impl serde::Serialize, call: &mut StreamCall<A>) {
    match serde_json::to_value(item) {
        Ok(event) => {
            call.event(&event);
        }
        Err(_) => call.failed("invalid_event"),
    }
}

/// An error item fails the call with the error's type as `error.type` (the stream goes on:
/// what the application does with the error is its own business).
impl<T: StreamItem, E> StreamItem for Result<T, E> {
    fn observe<A: Accumulator>(&self, call: &mut StreamCall<A>) {
        match self {
            Ok(item) => item.observe(call),
            Err(_) => call.failed(short_type_name::<E>()),
        }
    }
}

/// A type's name without its module path (`OpenAIError`), as exception types are reported.
fn short_type_name<T>() -> &'static str {
    let name = std::any::type_name::<T>();
    let base = name.split('<').next().unwrap_or(name);
    base.rsplit("::").next().unwrap_or(base)
}

/// A stream measured as it is read (see [`StreamCall::instrument`]).
#[derive(Debug)]
pub struct Instrumented<S, A: Accumulator> {
    inner: S,
    call: Option<StreamCall<A>>,
    recorded: Option<Recorded>,
}

impl<S, A: Accumulator> Instrumented<S, A> {
    /// What was recorded, once the stream has ended.
    pub fn recorded(&self) -> Option<&Recorded> {
        self.recorded.as_ref()
    }
}

impl<A: Accumulator> StreamCall<A> {
    /// Wraps a stream of this call's events, so reading it measures the call.
    pub fn instrument<S>(self, stream: S) -> Instrumented<S, A>
    where
        S: Stream + Unpin,
        S::Item: StreamItem,
    {
        Instrumented {
            inner: stream,
            call: Some(self),
            recorded: None,
        }
    }
}

impl<S, A> Stream for Instrumented<S, A>
where
    S: Stream + Unpin,
    S::Item: StreamItem,
    A: Accumulator + Unpin,
{
    type Item = S::Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(Some(item)) => {
                if let Some(call) = &mut this.call {
                    item.observe(call);
                }
                Poll::Ready(Some(item))
            }
            Poll::Ready(None) => {
                if let Some(call) = this.call.take() {
                    this.recorded = Some(call.finish());
                }
                Poll::Ready(None)
            }
            Poll::Pending => Poll::Pending,
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Errorish;

    #[test]
    fn error_types_are_named_without_their_path() {
        assert_eq!(short_type_name::<Errorish>(), "Errorish");
        assert_eq!(short_type_name::<std::io::Error>(), "Error");
    }
}

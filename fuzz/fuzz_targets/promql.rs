//! The PromQL parser and checks on any bytes: no panic, every error offset inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use llm_slo::Dialect;

fuzz_target!(|data: &[u8]| {
    let Ok(expr) = std::str::from_utf8(data) else {
        return;
    };
    for dialect in [Dialect::default(), Dialect::known().next().expect("a dialect")] {
        for (offset, message) in llm_slo::internal::promql_errors(expr, dialect, true) {
            assert!(offset <= expr.len(), "offset {offset} past the end: {message}");
        }
    }
});

//! The PromQL parser and checks on any bytes: no panic, every error offset inside the input,
//! and an expression that parses prints as text that parses to the same tree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use llm_slo::Dialect;

const FEATURES: &[&str] = &["promql-experimental-functions"];

fuzz_target!(|data: &[u8]| {
    let Ok(expr) = std::str::from_utf8(data) else {
        return;
    };
    for dialect in [Dialect::default(), Dialect::known().next().expect("a dialect")] {
        match llm_slo::internal::promql_print(expr, dialect, FEATURES) {
            Ok(printed) => {
                let tree = llm_slo::internal::promql_tree(expr, dialect, FEATURES);
                let again = llm_slo::internal::promql_tree(&printed, dialect, FEATURES);
                assert_eq!(again, tree, "printed as {printed:?}");
            }
            Err(errors) => {
                for (offset, message) in errors {
                    assert!(offset <= expr.len(), "offset {offset} past the end: {message}");
                }
            }
        }
    }
});

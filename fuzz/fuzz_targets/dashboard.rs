//! `validate` on any bytes read as a Grafana dashboard: no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = llm_slo::ValidateOptions::new(Default::default());
    let _ = llm_slo::validate_str("dashboard.json", text, &options);
});

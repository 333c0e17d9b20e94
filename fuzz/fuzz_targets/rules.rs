//! `validate` on any bytes read as a rule file (or a Kubernetes manifest, or Grafana alert
//! provisioning: the reader decides by content): no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = llm_slo::ValidateOptions::new(Default::default());
    let _ = llm_slo::validate_str("rules.yml", text, &options);
});

//! The spec loader (YAML reader, schema, semantic checks) on any bytes: no panic, and every
//! error placed inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(report) = llm_slo::load_str("llm-slo.yaml", text) {
        // Lines as YAML counts them: a lone `\r` ends a line too.
        let lines = (text.matches('\n').count() + text.matches('\r').count()
            - text.matches("\r\n").count()) as u32
            + 1;
        for d in report
            .diagnostics
            .iter()
            .filter(|d| d.severity == llm_slo::Severity::Error)
        {
            let at = d.location.as_ref().expect("every error is positioned");
            assert!(at.line >= 1 && at.line <= lines && at.column >= 1);
        }
    }
});

//! The resource that makes the application's series carry the `job` the generated rules
//! select (`telemetry.selector.job`, or the service's name). Each way to Prometheus derives
//! `job` differently:
//!
//! * **Prometheus's OTLP receiver** (3.x, `--web.enable-otlp-receiver`): `job` is
//!   `service.namespace/service.name` (`service.name` alone without a namespace) and
//!   `instance` is `service.instance.id`. The Rust SDK's default resource says
//!   `service.name="unknown_service"`, which no rule selects.
//! * **The OpenTelemetry Collector's `prometheus` exporter**: the same `job` and `instance` on
//!   every series; Prometheus keeps them only when it scrapes the Collector with
//!   `honor_labels: true` (otherwise they become `exported_job` and `exported_instance`, and
//!   `job` is the Collector's scrape job).
//! * **`opentelemetry-prometheus`** (the application serves `/metrics`): `job` is the scrape
//!   job's `job_name`, which must then be the selector's `job`; the resource only reaches
//!   `target_info`.
//!
//! [`resource_attributes`] gives the `service.*` attributes for the first two, from the
//! runtime configuration; pass them to the SDK's `Resource::builder().with_attributes(…)`.

use llm_slo_core::runtime::RuntimeConfig;
use opentelemetry::KeyValue;

/// `service.name`.
pub const SERVICE_NAME: &str = "service.name";
/// `service.namespace`.
pub const SERVICE_NAMESPACE: &str = "service.namespace";
/// `service.instance.id`.
pub const SERVICE_INSTANCE_ID: &str = "service.instance.id";

/// The service the rules select, as `service.*` resource attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    /// `service.namespace`: what comes before the last `/` of the selected `job`.
    pub namespace: Option<String>,
    /// `service.name`: the selected `job` after its last `/` (the service's name when the
    /// selector names no `job`).
    pub name: String,
    /// `service.instance.id`: unique per process, so two replicas never write the same
    /// series (the OTLP receiver's `instance`).
    pub instance_id: String,
}

impl Service {
    /// The service of a runtime configuration, with an instance id of this process
    /// ([`instance_id`]).
    pub fn of(config: &RuntimeConfig) -> Service {
        Service::with_instance(config, instance_id())
    }

    /// The service of a runtime configuration with the instance id given (a pod name, a
    /// UUID of your own).
    pub fn with_instance(config: &RuntimeConfig, instance_id: String) -> Service {
        let job = config.selector.get("job").unwrap_or(&config.service);
        let (namespace, name) = match job.rsplit_once('/') {
            Some((namespace, name)) if !namespace.is_empty() => {
                (Some(namespace.to_owned()), name.to_owned())
            }
            _ => (None, job.clone()),
        };
        Service {
            namespace,
            name,
            instance_id,
        }
    }

    /// The `job` label this service gets through the OTLP receiver or the Collector:
    /// `namespace/name`, or `name`.
    pub fn job(&self) -> String {
        match &self.namespace {
            Some(namespace) => format!("{namespace}/{}", self.name),
            None => self.name.clone(),
        }
    }

    /// As resource attributes.
    pub fn attributes(&self) -> Vec<KeyValue> {
        let mut out = vec![KeyValue::new(SERVICE_NAME, self.name.clone())];
        if let Some(namespace) = &self.namespace {
            out.push(KeyValue::new(SERVICE_NAMESPACE, namespace.clone()));
        }
        out.push(KeyValue::new(SERVICE_INSTANCE_ID, self.instance_id.clone()));
        out
    }
}

/// The `service.*` resource attributes that make the series match the generated rules'
/// `job` under the OTLP receiver and the Collector (see the module documentation).
pub fn resource_attributes(config: &RuntimeConfig) -> Vec<KeyValue> {
    Service::of(config).attributes()
}

/// An instance id for this process: `$HOSTNAME` (a Kubernetes pod's name) and the process
/// id, `host-1234`; `$OTEL_SERVICE_INSTANCE_ID` when set.
pub fn instance_id() -> String {
    if let Ok(id) = std::env::var("OTEL_SERVICE_INSTANCE_ID")
        && !id.is_empty()
    {
        return id;
    }
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|h| h.trim().to_owned())
        })
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_owned());
    format!("{host}-{}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(service: &str, job: Option<&str>) -> RuntimeConfig {
        let json = include_str!("../../../generated/runtime/llm-slo-otel.json");
        let mut config: RuntimeConfig = serde_json::from_str(json).expect("config");
        config.service = service.to_owned();
        config.selector.clear();
        if let Some(job) = job {
            config.selector.insert("job".to_owned(), job.to_owned());
        }
        config
    }

    #[test]
    fn the_job_the_rules_select_is_the_job_the_resource_gives() {
        for (service, job, namespace, name) in [
            ("support", None, None, "support"),
            (
                "support",
                Some("support-assistant"),
                None,
                "support-assistant",
            ),
            ("support", Some("prod/support"), Some("prod"), "support"),
            ("support", Some("a/b/c"), Some("a/b"), "c"),
        ] {
            let s = Service::with_instance(&config(service, job), "i-1".to_owned());
            assert_eq!(s.namespace.as_deref(), namespace);
            assert_eq!(s.name, name);
            assert_eq!(s.job(), job.unwrap_or(service));
        }
    }
}

//! `grafana/*` codes.

use super::{Code, CodeInfo, Severity};

super::codes! {
    ALERT_RULE {
        id: "grafana/alert-rule",
        severity: Error,
        since: "0.1.0",
        summary: r#"A Grafana alert provisioning file that Grafana would not load: a group without `name` or `folder`, a rule without `title`, `condition` or `data`, a `condition` that names no query's `refId`, a `for` or `interval` that is not a duration, or a `noDataState`/`execErrState` Grafana does not know."#,
        doc: r#"The PromQL of the rules' Prometheus queries is checked as well, like a dashboard's.

Why: Grafana refuses the file when it provisions it, so its alert rules do not exist and
nothing alerts.

Example: `condition: C` in a rule whose queries are `A` and `B`, or `noDataState: Ok`
(Grafana's spelling is `OK`).

How to fix: point `condition` at the `refId` of the query or expression that decides
(often the threshold), add the missing field, and use the states Grafana accepts:
`noDataState` `Alerting`, `NoData`, `OK` or `KeepLast`; `execErrState` `Alerting`,
`Error`, `OK` or `KeepLast`."#,
    }
}

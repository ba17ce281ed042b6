//! Traits: calls through `T: Exporter`, `where`, `&dyn`, `Box<dyn>` and `impl Exporter`.
//!
//! `Exporter` has two impls: `AudienceExporter::export` is an advertising sink
//! (marker on that impl method only), `AuditLog::export` is not. Flow: each
//! dispatching call may reach the sink impl and gets the recovery phone.
//! Negative: the same dispatching calls given the nickname, and direct calls of
//! `AuditLog::export` (a known non-sink receiver) with the phone.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub id: u64,
    pub nickname: String,
    #[security_only]
    pub recovery_phone: String,
}

pub trait Exporter {
    fn export(&self, record: &str);
}

/// Append-only security audit log.
pub struct AuditLog;

impl Exporter for AuditLog {
    fn export(&self, record: &str) {
        let _line = format!("audit: {record}");
    }
}

/// Pushes records into a custom audience on the ad network.
pub struct AudienceExporter {
    pub list_id: u64,
}

impl Exporter for AudienceExporter {
    #[advertising_sink]
    fn export(&self, record: &str) {
        let _req = format!("list {} += {record}", self.list_id);
    }
}

pub fn export_generic<T: Exporter>(exp: &T, acct: &Account) {
    exp.export(&acct.recovery_phone); // FLOW
    exp.export(&acct.nickname); // clean
}

pub fn export_where<T>(exp: T, acct: &Account)
where
    T: Exporter,
{
    exp.export(&acct.recovery_phone); // FLOW
}

pub fn export_dyn(exp: &dyn Exporter, acct: &Account) {
    exp.export(&acct.recovery_phone); // FLOW
    exp.export(&acct.nickname); // clean
}

pub fn export_boxed(exporters: &[Box<dyn Exporter>], acct: &Account) {
    for exp in exporters {
        exp.export(&acct.recovery_phone); // FLOW
    }
}

pub fn export_impl(exp: impl Exporter, acct: &Account) {
    exp.export(&acct.recovery_phone); // FLOW
}

pub fn export_audit(log: &AuditLog, acct: &Account) {
    log.export(&acct.recovery_phone); // clean
    AuditLog.export(&acct.recovery_phone); // clean
    Exporter::export(log, &acct.recovery_phone); // clean
}

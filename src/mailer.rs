//! Sending the outbox over SMTP through lettre, and the schedule that runs
//! inside the service. A mail is claimed before it is sent and settled after;
//! one left mid-send by a crash is never sent again but shown as failed.

use crate::app::reminders::{self, Letterhead};
use crate::db::audit::{self, json, Actor};
use crate::db::outbox::{self, MailRow, Settled};
use crate::db::{write_transaction, Db, DbConnection};
use crate::domain::reminders::{retry_after, MAX_ATTEMPTS};
use crate::error::AppError;
use chrono::{NaiveDateTime, TimeDelta, Utc};
use lettre::message::{Mailbox, MultiPart};
use lettre::{Message, SmtpTransport, Transport};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// What requests share with the schedule: where mails link to, and a bell
/// that wakes the sender when someone pressed "Send påmindelse nu".
#[derive(Clone)]
pub struct Outgoing {
    letterhead: Arc<Letterhead>,
    bell: Arc<(Mutex<bool>, Condvar)>,
}

impl Outgoing {
    /// `base_url`: the service's address as people reach it (`BASE_URL`).
    pub fn new(base_url: &str) -> Self {
        let letterhead = Letterhead {
            base_url: base_url.trim_end_matches('/').to_string(),
        };
        Self {
            letterhead: Arc::new(letterhead),
            bell: Arc::default(),
        }
    }

    pub fn letterhead(&self) -> &Letterhead {
        &self.letterhead
    }

    /// Wake the sender now instead of at its next round.
    pub fn ring(&self) {
        let (rung, wake) = &*self.bell;
        *rung.lock().unwrap_or_else(|e| e.into_inner()) = true;
        wake.notify_all();
    }

    /// Wait for the bell or the timeout, whichever comes first.
    fn wait(&self, timeout: Duration) {
        let (rung, wake) = &*self.bell;
        let guard = rung.lock().unwrap_or_else(|e| e.into_inner());
        let (mut guard, _) = wake
            .wait_timeout_while(guard, timeout, |rung| !*rung)
            .unwrap_or_else(|e| e.into_inner());
        *guard = false;
    }
}

impl Default for Outgoing {
    fn default() -> Self {
        Self::new("http://localhost:8080")
    }
}

/// How long a sender holds a claimed mail before it counts as stopped mid-send.
const LEASE: TimeDelta = TimeDelta::minutes(5);

/// The SMTP connection settings, or none: then mails stay queued and shown.
pub struct Mailer {
    transport: Option<SmtpTransport>,
    from: Mailbox,
}

impl Mailer {
    /// From `SMTP_URL` (`smtp://relay:25`, `smtp://user:pass@smtp.office365.com:587?tls=required`,
    /// `smtps://…:465`) and `MAIL_FROM`.
    pub fn new(smtp_url: Option<&str>, from: &str) -> Result<Self, String> {
        Self::with_ca(smtp_url, from, None)
    }

    /// As [`Mailer::new`], trusting also the CA in `ca_pem` for the server's
    /// certificate: a municipal relay often has one of the municipality's own.
    pub fn with_ca(
        smtp_url: Option<&str>,
        from: &str,
        ca_pem: Option<&[u8]>,
    ) -> Result<Self, String> {
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| format!("MAIL_FROM '{from}' is not an address: {e}"))?;
        let transport = match smtp_url {
            None => None,
            Some(url) => Some(transport(url, ca_pem)?),
        };
        Ok(Self { transport, from })
    }

    pub fn from_env() -> Result<Self, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let from = var("MAIL_FROM").unwrap_or_else(|| "it-projektportefoeljen@localhost".into());
        let ca = match var("SMTP_CA_FILE") {
            Some(path) => {
                Some(std::fs::read(&path).map_err(|e| format!("SMTP_CA_FILE {path}: {e}"))?)
            }
            None => None,
        };
        Self::with_ca(var("SMTP_URL").as_deref(), &from, ca.as_deref())
    }

    pub fn configured(&self) -> bool {
        self.transport.is_some()
    }

    fn send(&self, transport: &SmtpTransport, mail: &MailRow) -> Result<(), String> {
        let address = |a: &str| a.parse::<Mailbox>().map_err(|e| format!("{a}: {e}"));
        let mut message = Message::builder()
            .from(self.from.clone())
            .to(address(&mail.recipient)?)
            .subject(&mail.subject);
        for cc in mail.cc.split(',').filter(|a| !a.is_empty()) {
            message = message.cc(address(cc)?);
        }
        let parts =
            MultiPart::alternative_plain_html(mail.body_text.clone(), mail.body_html.clone());
        let message = message.multipart(parts).map_err(|e| e.to_string())?;
        transport
            .send(&message)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// The SMTP connection as the URL says, with the extra CA when given.
fn transport(url: &str, ca_pem: Option<&[u8]>) -> Result<SmtpTransport, String> {
    use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
    let unusable = |e: &dyn std::fmt::Display| format!("SMTP_URL is not usable: {e}");
    let mut builder = SmtpTransport::from_url(url).map_err(|e| unusable(&e))?;
    if let Some(pem) = ca_pem {
        let parsed = url::Url::parse(url).map_err(|e| unusable(&e))?;
        let host = parsed.host_str().unwrap_or_default().to_string();
        let ca = Certificate::from_pem(pem).map_err(|e| format!("SMTP_CA_FILE: {e}"))?;
        let tls = TlsParameters::builder(host)
            .add_root_certificate(ca)
            .build_rustls()
            .map_err(|e| format!("SMTP_CA_FILE: {e}"))?;
        let wanted = parsed
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.to_string());
        builder = match (parsed.scheme(), wanted.as_deref()) {
            ("smtps", _) => builder.tls(Tls::Wrapper(tls)),
            (_, Some("opportunistic")) => builder.tls(Tls::Opportunistic(tls)),
            _ => builder.tls(Tls::Required(tls)),
        };
    }
    Ok(builder.timeout(Some(Duration::from_secs(20))).build())
}

/// What a delivery run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
    pub cancelled: usize,
}

fn sender() -> Actor {
    Actor {
        person_id: None,
        label: "udsendelse af post (automatisk)".into(),
        address: None,
    }
}

/// The quarters' missing projects, read once per quarter in a round (each
/// read builds the quarter's report), not once per mail.
type MissingByQuarter = std::collections::HashMap<crate::domain::quarter::Quarter, Vec<String>>;

/// Whether a claimed mail is still wanted: its quarter still takes reports
/// and at least one of its projects is still missing.
fn still_needed(
    c: &mut DbConnection,
    mail: &MailRow,
    now: NaiveDateTime,
    known: &mut MissingByQuarter,
) -> Result<bool, AppError> {
    let missing = match known.entry(mail.quarter) {
        std::collections::hash_map::Entry::Occupied(found) => found.into_mut(),
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(reminders::missing_names(c, mail.quarter, now.date())?)
        }
    };
    let wanted: Vec<String> = serde_json::from_str(&mail.projects).unwrap_or_default();
    Ok(wanted.iter().any(|p| missing.contains(p)))
}

/// Record how a mail ended, in its own transaction.
fn settle(
    c: &mut DbConnection,
    mail: &MailRow,
    outcome: Settled<'_>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let (action, after) = match &outcome {
        Settled::Sent => (
            "mail sent",
            serde_json::json!({"to": mail.recipient, "cc": mail.cc}),
        ),
        Settled::Retry { error, next } => (
            "mail failed",
            serde_json::json!({"error": error, "retry_at": next.and_utc(), "attempts": mail.attempts}),
        ),
        Settled::Failed(error) => (
            "mail failed",
            serde_json::json!({"error": error, "attempts": mail.attempts}),
        ),
        Settled::Cancelled(reason) => ("mail cancelled", serde_json::json!({"reason": reason})),
    };
    write_transaction(c, |c| {
        outbox::settle(c, mail.id, outcome, now)?;
        audit::record(c, &sender(), action, "mail", mail.id, None, json(&after))
    })
}

/// Send what is due at `now`: each mail claimed first, so two senders never
/// send the same; an SMTP failure is retried later with backoff.
pub fn deliver_due(
    c: &mut DbConnection,
    mailer: &Mailer,
    now: NaiveDateTime,
) -> Result<Delivered, AppError> {
    let mut done = Delivered::default();
    let Some(transport) = &mailer.transport else {
        return Ok(done);
    };
    write_transaction(c, |c| {
        for id in outbox::abandon_stale(c, now)? {
            let after = serde_json::json!({ "error": outbox::STOPPED_MID_SEND });
            audit::record(c, &sender(), "mail failed", "mail", id, None, json(&after))?;
        }
        Ok(())
    })?;
    let mut missing = MissingByQuarter::new();
    while let Some(mail) = write_transaction(c, |c| outbox::claim_next(c, now, LEASE))? {
        if !still_needed(c, &mail, now, &mut missing)? {
            settle(
                c,
                &mail,
                Settled::Cancelled("no longer needed: the reports arrived or the quarter closed"),
                now,
            )?;
            done.cancelled += 1;
            continue;
        }
        match mailer.send(transport, &mail) {
            Ok(()) => {
                settle(c, &mail, Settled::Sent, now)?;
                done.sent += 1;
            }
            Err(error) if mail.attempts >= MAX_ATTEMPTS => {
                settle(c, &mail, Settled::Failed(&error), now)?;
                done.failed += 1;
            }
            Err(error) => {
                let next = now + retry_after(mail.attempts - 1);
                settle(
                    c,
                    &mail,
                    Settled::Retry {
                        error: &error,
                        next,
                    },
                    now,
                )?;
                done.retried += 1;
                // The relay is down or refusing us: the rest wait for the
                // next round instead of each meeting the same failure.
                break;
            }
        }
    }
    Ok(done)
}

/// The schedule inside the service: every `every`, queue what is due today
/// and send what is queued. Several instances may run it: keys and claims
/// keep every mail single.
pub fn spawn_schedule(db: Db, mailer: Mailer, outgoing: Outgoing, every: Duration) {
    std::thread::Builder::new()
        .name("reminders".into())
        .spawn(move || loop {
            let now = Utc::now().naive_utc();
            let run = db.run_blocking(|c| {
                reminders::queue_due(c, now, outgoing.letterhead())?;
                deliver_due(c, &mailer, now)
            });
            if let Err(e) = run {
                log::warn!("reminders: {e}");
            }
            outgoing.wait(every);
        })
        .expect("a thread for the reminders");
}

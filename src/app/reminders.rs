//! Reminders: a quarter's plan run for a day (one mail per person, covering
//! all of their projects still missing, each with a link to its form), the
//! council's "Send påmindelse nu", the plan, and the outbox as the council
//! sees it. Mails are queued here; `mailer` sends them.

use super::{require, Acting};
use crate::db::audit::{self, json, Actor};
use crate::db::outbox::{self, MailRow, NewMail};
use crate::db::quarters::QuarterRow;
use crate::db::{write_transaction, DbConnection};
use crate::domain::access::{Action, Role};
use crate::domain::danish::long_date;
use crate::domain::quarter::Quarter;
use crate::domain::reminders::{dedup_key, MailKind, Occasion, Plan};
use crate::error::AppError;
use askama::Template;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A mail in the outbox, as the API and the page show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct MailView {
    pub id: i32,
    pub quarter: String,
    /// first, deadline, overdue, digest or manual.
    pub kind: String,
    pub to: String,
    pub cc: Vec<String>,
    pub subject: String,
    /// The projects it is about.
    pub projects: Vec<String>,
    pub queued_at: DateTime<Utc>,
    /// queued, sending, sent, failed or cancelled.
    pub state: String,
    pub attempts: i32,
    pub sent_at: Option<DateTime<Utc>>,
    /// Why the last attempt failed, or why it was cancelled.
    pub error: Option<String>,
}

impl From<MailRow> for MailView {
    fn from(m: MailRow) -> Self {
        Self {
            id: m.id,
            quarter: m.quarter.to_string(),
            kind: m.kind.as_str().into(),
            to: m.recipient,
            cc: m
                .cc
                .split(',')
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect(),
            subject: m.subject,
            projects: serde_json::from_str(&m.projects).unwrap_or_default(),
            queued_at: m.created_at.and_utc(),
            state: m.state,
            attempts: m.attempts,
            sent_at: m.sent_at.map(|t| t.and_utc()),
            error: m.last_error,
        }
    }
}

/// Who queues a mail: the schedule, or someone who pressed the button.
fn scheduler() -> Actor {
    Actor {
        person_id: None,
        label: "påmindelser (automatisk)".into(),
        address: None,
    }
}

/// A project still missing its report, with the people it concerns.
struct Missing {
    project_id: i32,
    name: String,
    /// Who is reminded: the manager, or the owner when there is no manager.
    to: Option<i32>,
    owner: Option<i32>,
    manager_name: String,
}

/// A person a mail goes to.
#[derive(Clone)]
struct Recipient {
    id: i32,
    name: String,
    email: String,
}

/// The quarter's projects still missing, when the quarter still takes reports.
fn missing(
    c: &mut DbConnection,
    quarter: Quarter,
    today: NaiveDate,
) -> Result<Vec<Missing>, AppError> {
    if crate::reporting::reportable(c, quarter, false).is_err() {
        return Ok(vec![]);
    }
    let filter = crate::domain::report::PortfolioFilter::default();
    let built = crate::reporting::quarter_report(c, quarter, today, &filter, false)?;
    let ids: Vec<i32> = built
        .report
        .missing
        .iter()
        .map(|m| m.line.project_id)
        .collect();
    let people: std::collections::HashMap<i32, (Option<i32>, Option<i32>)> =
        crate::db::projects::people_of(c, &ids)?
            .into_iter()
            .map(|(id, manager, owner)| (id, (manager, owner)))
            .collect();
    Ok(built
        .report
        .missing
        .iter()
        .map(|m| {
            let (manager, owner) = people.get(&m.line.project_id).copied().unwrap_or_default();
            Missing {
                project_id: m.line.project_id,
                name: m.line.name.clone(),
                to: manager.or(owner),
                owner,
                manager_name: m
                    .line
                    .manager
                    .clone()
                    .unwrap_or_else(|| "ingen projektleder".into()),
            }
        })
        .collect())
}

/// The names of the quarter's projects still missing (none when the quarter
/// no longer takes reports).
pub fn missing_names(
    c: &mut DbConnection,
    quarter: Quarter,
    today: NaiveDate,
) -> Result<Vec<String>, AppError> {
    Ok(missing(c, quarter, today)?
        .into_iter()
        .map(|m| m.name)
        .collect())
}

/// The active people among `ids`, by id.
fn recipients(c: &mut DbConnection, ids: Vec<i32>) -> Result<BTreeMap<i32, Recipient>, AppError> {
    let rows = crate::db::people::by_ids(c, &ids)?;
    Ok(rows
        .into_iter()
        .filter(|p| p.deactivated_at.is_none())
        .filter(|p| crate::domain::text::email("email", &p.email).is_ok())
        .map(|p| {
            let r = Recipient {
                id: p.id,
                name: p.name,
                email: p.email,
            };
            (r.id, r)
        })
        .collect())
}

/// Where mails link to and whose name they carry.
pub struct Letterhead {
    /// The service's address as people reach it (`BASE_URL`), without a final `/`.
    pub base_url: String,
}

#[derive(Template)]
#[template(path = "mail/reminder.txt", escape = "none")]
struct ReminderText<'a> {
    name: &'a str,
    quarter: &'a str,
    deadline: &'a str,
    overdue: bool,
    projects: &'a [Linked],
    organisation: &'a str,
}

#[derive(Template)]
#[template(path = "mail/reminder.html")]
struct ReminderHtml<'a> {
    subject: &'a str,
    name: &'a str,
    quarter: &'a str,
    deadline: &'a str,
    overdue: bool,
    projects: &'a [Linked],
    organisation: &'a str,
}

/// A project in a mail, with the link to its pre-filled status form.
struct Linked {
    name: String,
    link: String,
    manager: String,
}

fn rendered(t: impl Template) -> Result<String, AppError> {
    t.render()
        .map_err(|e| AppError::Internal(format!("mail template: {e}")))
}

/// One person's reminder covering all of their missing projects.
fn reminder_mail(
    quarter: &QuarterRow,
    occasion: Occasion,
    to: &Recipient,
    cc: Vec<String>,
    projects: &[Linked],
) -> Result<NewMail, AppError> {
    let (q, deadline) = (quarter.code.danish(), long_date(quarter.deadline));
    let overdue = occasion.kind == MailKind::Overdue;
    let subject = if overdue {
        format!("Rykker: status for {q} mangler (fristen var {deadline})")
    } else {
        format!("Påmindelse: status for {q} senest {deadline}")
    };
    let organisation = crate::organisation();
    let body_text = rendered(ReminderText {
        name: &to.name,
        quarter: &q,
        deadline: &deadline,
        overdue,
        projects,
        organisation,
    })?;
    let body_html = rendered(ReminderHtml {
        subject: &subject,
        name: &to.name,
        quarter: &q,
        deadline: &deadline,
        overdue,
        projects,
        organisation,
    })?;
    let names: Vec<&str> = projects.iter().map(|p| p.name.as_str()).collect();
    Ok(NewMail {
        dedup_key: dedup_key(
            &quarter.code.to_string(),
            occasion.kind,
            to.id,
            occasion.day,
        ),
        quarter: quarter.code.to_string(),
        kind: occasion.kind.as_str().into(),
        person_id: Some(to.id),
        recipient: to.email.clone(),
        cc: cc.join(","),
        subject,
        body_text,
        body_html,
        projects: serde_json::to_string(&names).unwrap_or_default(),
    })
}

#[derive(Template)]
#[template(path = "mail/digest.txt", escape = "none")]
struct DigestText<'a> {
    name: &'a str,
    quarter: &'a str,
    deadline: &'a str,
    missing_count: String,
    projects: &'a [Linked],
    missing_link: &'a str,
    organisation: &'a str,
}

#[derive(Template)]
#[template(path = "mail/digest.html")]
struct DigestHtml<'a> {
    subject: &'a str,
    name: &'a str,
    quarter: &'a str,
    deadline: &'a str,
    missing_count: String,
    projects: &'a [Linked],
    missing_link: &'a str,
    organisation: &'a str,
}

/// The council's overview of what is missing.
fn digest_mail(
    quarter: &QuarterRow,
    occasion: Occasion,
    to: &Recipient,
    projects: &[Linked],
    base: &Letterhead,
) -> Result<NewMail, AppError> {
    let (q, deadline) = (quarter.code.danish(), long_date(quarter.deadline));
    let count = crate::domain::danish::count(projects.len(), "projekt", "projekter");
    let subject = format!("Oversigt: {count} mangler status for {q}");
    let link = format!("{}/manglende/{}", base.base_url, quarter.code);
    let organisation = crate::organisation();
    let body_text = rendered(DigestText {
        name: &to.name,
        quarter: &q,
        deadline: &deadline,
        missing_count: count.clone(),
        projects,
        missing_link: &link,
        organisation,
    })?;
    let body_html = rendered(DigestHtml {
        subject: &subject,
        name: &to.name,
        quarter: &q,
        deadline: &deadline,
        missing_count: count,
        projects,
        missing_link: &link,
        organisation,
    })?;
    let names: Vec<&str> = projects.iter().map(|p| p.name.as_str()).collect();
    Ok(NewMail {
        dedup_key: dedup_key(
            &quarter.code.to_string(),
            MailKind::Digest,
            to.id,
            occasion.day,
        ),
        quarter: quarter.code.to_string(),
        kind: MailKind::Digest.as_str().into(),
        person_id: Some(to.id),
        recipient: to.email.clone(),
        cc: String::new(),
        subject,
        body_text,
        body_html,
        projects: serde_json::to_string(&names).unwrap_or_default(),
    })
}

/// The mails one occasion of a quarter makes: a reminder per person with
/// missing projects (owners in copy when the occasion says so), or the
/// council's digests.
fn mails_for(
    c: &mut DbConnection,
    quarter: &QuarterRow,
    occasion: Occasion,
    missing: &[Missing],
    base: &Letterhead,
) -> Result<Vec<NewMail>, AppError> {
    let link = |m: &Missing| Linked {
        name: m.name.clone(),
        link: format!(
            "{}/projekter/{}/status/{}",
            base.base_url, m.project_id, quarter.code
        ),
        manager: m.manager_name.clone(),
    };
    if occasion.kind == MailKind::Digest {
        let council = crate::db::people::with_role(c, Role::Council)?;
        let people = recipients(c, council)?;
        let projects: Vec<Linked> = missing.iter().map(link).collect();
        return people
            .values()
            .map(|to| digest_mail(quarter, occasion, to, &projects, base))
            .collect();
    }
    let mut ids: Vec<i32> = missing.iter().filter_map(|m| m.to).collect();
    ids.extend(missing.iter().filter_map(|m| m.owner));
    let people = recipients(c, ids)?;
    let mut by_person: BTreeMap<i32, Vec<&Missing>> = BTreeMap::new();
    for m in missing {
        if let Some(to) = m.to.filter(|id| people.contains_key(id)) {
            by_person.entry(to).or_default().push(m);
        }
    }
    let mut mails = vec![];
    for (id, projects) in by_person {
        let to = &people[&id];
        let mut cc: Vec<String> = vec![];
        if occasion.copies_owner() {
            for owner in projects.iter().filter_map(|m| m.owner) {
                let Some(o) = people.get(&owner) else {
                    continue;
                };
                if o.email != to.email && !cc.contains(&o.email) {
                    cc.push(o.email.clone());
                }
            }
        }
        let linked: Vec<Linked> = projects.into_iter().map(link).collect();
        mails.push(reminder_mail(quarter, occasion, to, cc, &linked)?);
    }
    Ok(mails)
}

/// Queue the mails, each once, with an audit record each; the new ones.
fn queue(
    c: &mut DbConnection,
    actor: &Actor,
    mails: Vec<NewMail>,
    now: NaiveDateTime,
) -> Result<Vec<MailView>, AppError> {
    let mut queued = vec![];
    for mail in mails {
        if let Some(row) = outbox::queue(c, &mail, now)? {
            let after = serde_json::json!({
                "kind": mail.kind, "to": mail.recipient, "cc": mail.cc, "quarter": mail.quarter,
                "projects": serde_json::from_str::<serde_json::Value>(&mail.projects).ok(),
            });
            audit::record(c, actor, "mail queued", "mail", row.id, None, json(&after))?;
            queued.push(MailView::from(row));
        }
    }
    Ok(queued)
}

/// One quarter's occasions due on `today`, and a manual round when asked.
fn queue_quarter(
    c: &mut DbConnection,
    quarter: &QuarterRow,
    now: NaiveDateTime,
    base: &Letterhead,
    manual: Option<&Actor>,
) -> Result<Vec<MailView>, AppError> {
    let today = now.date();
    let missing = missing(c, quarter.code, today)?;
    if missing.is_empty() {
        return Ok(vec![]);
    }
    let plan = outbox::plan(c, quarter.code)?;
    let mut occasions: Vec<Occasion> = [
        plan.reminder_due(quarter.deadline, today),
        plan.digest_due(quarter.deadline, today),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut queued = vec![];
    if let Some(actor) = manual {
        let pressed = Occasion {
            day: today,
            kind: MailKind::Manual,
            round: 0,
        };
        let mails = mails_for(c, quarter, pressed, &missing, base)?;
        queued.extend(queue(c, actor, mails, now)?);
        // The button replaces today's scheduled reminder, never adds to it.
        occasions.retain(|o| o.kind == MailKind::Digest || o.day != today);
    }
    for occasion in occasions {
        let mails = mails_for(c, quarter, occasion, &missing, base)?;
        queued.extend(queue(c, &scheduler(), mails, now)?);
    }
    Ok(queued)
}

/// The schedule's run at `now`: every quarter that still takes reports gets
/// the mails due that day, each once however often this runs, on however
/// many instances.
pub fn queue_due(
    c: &mut DbConnection,
    now: NaiveDateTime,
    base: &Letterhead,
) -> Result<Vec<MailView>, AppError> {
    write_transaction(c, |c| {
        let mut queued = vec![];
        for quarter in crate::db::quarters::list(c)?
            .iter()
            .filter(|q| !q.is_closed())
        {
            queued.extend(queue_quarter(c, quarter, now, base, None)?);
        }
        Ok(queued)
    })
}

/// "Send påmindelse nu" (the council): a reminder today to everyone still
/// missing in the quarter, once a day per person, besides what is due.
pub fn send_now(
    c: &mut DbConnection,
    who: &Acting,
    quarter: Quarter,
    now: NaiveDateTime,
    base: &Letterhead,
) -> Result<Vec<MailView>, AppError> {
    require(who.role, Action::ManagePortfolio)?;
    write_transaction(c, |c| {
        let row = crate::db::quarters::get(c, quarter)?;
        crate::reporting::reportable(c, quarter, false)?;
        queue_quarter(c, &row, now, base, Some(&who.actor))
    })
}

/// The quarter's outbox, newest first (the council and the administrator).
pub fn list(
    c: &mut DbConnection,
    who: &Acting,
    quarter: Quarter,
) -> Result<Vec<MailView>, AppError> {
    require(who.role, Action::ManagePortfolio)?;
    crate::db::quarters::get(c, quarter)?;
    Ok(outbox::for_quarter(c, quarter)?
        .into_iter()
        .map(MailView::from)
        .collect())
}

/// A quarter's plan as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanView {
    pub days_before: i32,
    pub every_days: i32,
    pub active: bool,
}

impl From<Plan> for PlanView {
    fn from(p: Plan) -> Self {
        Self {
            days_before: p.days_before,
            every_days: p.every_days,
            active: p.active,
        }
    }
}

pub fn plan(c: &mut DbConnection, quarter: Quarter) -> Result<PlanView, AppError> {
    crate::db::quarters::get(c, quarter)?;
    outbox::plan(c, quarter).map(PlanView::from)
}

/// Change a quarter's plan (the council), audited with before and after.
pub fn set_plan(
    c: &mut DbConnection,
    who: &Acting,
    quarter: Quarter,
    days_before: i32,
    every_days: i32,
    active: bool,
) -> Result<PlanView, AppError> {
    require(who.role, Action::ManagePortfolio)?;
    let new = Plan::new(days_before, every_days, active)?;
    write_transaction(c, |c| {
        let before = plan(c, quarter)?;
        outbox::set_plan(c, quarter, new)?;
        let after = PlanView::from(new);
        let id = quarter.to_string();
        super::audit::audit_change(
            c,
            &who.actor,
            "reminder plan",
            "quarter",
            id,
            &before,
            &after,
        )?;
        Ok(after)
    })
}

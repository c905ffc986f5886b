//! Forslag: the list of proposals, and one proposal's review page with its
//! foundation, the overlaps the duplicate check found, the five-area
//! checklist and the council's decision; through `app::proposals`.

use super::context::{Ctx, PageError};
use super::filters;
use super::form::{self, Errors, FormState, Submitted};
use super::messages::danish;
use super::session::redirect;
use crate::app::overlaps::FindingSource;
use crate::app::proposals::{self as use_case, CouncilDecision, ProposalLine, ProposalView};
use crate::db::Db;
use crate::domain::access::Action;
use crate::domain::danish::format_kroner;
use crate::domain::process::{
    under_council, Area, Overlap, RequiredBy, ReviewEntry, Stage, Verdict,
};
use crate::domain::project::Kind;
use crate::domain::Problem;
use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "proposals.html")]
struct ListPage<'a> {
    nav: &'a super::context::Nav,
    proposals: Vec<ProposalLine>,
}

impl ListPage<'_> {
    fn stage(&self, p: &ProposalLine) -> &'static str {
        Stage::from(p.stage).danish()
    }

    fn kind(&self, p: &ProposalLine) -> &'static str {
        Kind::from(p.kind).danish()
    }

    fn law(&self, p: &ProposalLine) -> &'static str {
        RequiredBy::from(p.required_by).danish()
    }
}

pub async fn list(req: HttpRequest, db: web::Data<Db>) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(&req, &db, None, "forslag").await?;
    let proposals = db.run(use_case::undecided).await?;
    let page = ListPage {
        nav: &ctx.nav,
        proposals,
    };
    ctx.render(&req, StatusCode::OK, page)
}

/// One row of the checklist.
struct AreaRow {
    code: &'static str,
    label: &'static str,
    verdict: Option<&'static str>,
    verdict_code: &'static str,
    remark: String,
    by: String,
    at: String,
}

#[derive(Template)]
#[template(path = "proposal.html")]
struct ProposalPage<'a> {
    nav: &'a super::context::Nav,
    p: ProposalView,
    /// Whether the one looking may edit the proposal now.
    may_edit: bool,
    /// The council, while the proposal is still before it.
    council_open: bool,
    strategic: bool,
    /// The form sent, its problems and what was typed.
    sent: FormState,
    summary: Errors,
}

impl ProposalPage<'_> {
    fn stage(&self) -> &'static str {
        Stage::from(self.p.stage).danish()
    }

    fn body(&self) -> &'static str {
        crate::domain::process::Body::from(self.p.deciding_body).danish()
    }

    fn requirement(&self) -> &'static str {
        RequiredBy::from(self.p.required_by).danish()
    }

    fn kind(&self) -> &'static str {
        Kind::from(self.p.project.project.kind).danish()
    }

    fn money(&self, amount: &i64) -> String {
        format_kroner(*amount)
    }

    fn source(&self, s: &FindingSource) -> &'static str {
        match s {
            FindingSource::System => "System",
            FindingSource::Project => "Projekt",
        }
    }

    fn overlap(&self) -> Option<&'static str> {
        self.p.overlap.map(|o| Overlap::from(o).danish())
    }

    /// The stored verdict's code, for the radios' default.
    fn overlap_code(&self) -> &'static str {
        self.p
            .overlap
            .map(|o| Overlap::from(o).as_str())
            .unwrap_or("")
    }

    /// What stands in the way of the council's approval, in Danish.
    fn blocker(&self) -> Option<String> {
        let problem = match self.p.approval_blocked_by.as_deref()? {
            "review_incomplete" => Problem::ReviewIncomplete,
            "review_not_approved" => Problem::ReviewNotApproved,
            _ => Problem::OverlapNotRecorded,
        };
        Some(danish("", problem))
    }

    fn areas(&self) -> Vec<AreaRow> {
        Area::ALL
            .iter()
            .map(|area| {
                let done = self.p.review.iter().find(|r| Area::from(r.area) == *area);
                AreaRow {
                    code: area.as_str(),
                    label: area.danish(),
                    verdict: done.map(|r| Verdict::from(r.verdict).danish()),
                    verdict_code: done
                        .map(|r| Verdict::from(r.verdict).as_str())
                        .unwrap_or(""),
                    remark: done.map(|r| r.remark.clone()).unwrap_or_default(),
                    by: done.and_then(|r| r.reviewed_by.clone()).unwrap_or_default(),
                    at: done
                        .map(|r| crate::domain::danish::format_date(r.reviewed_at.date_naive()))
                        .unwrap_or_default(),
                }
            })
            .collect()
    }

    fn decision_inputs(&self) -> [(&'static str, &'static str); 2] {
        DECISION_INPUTS
    }

    fn verdicts(&self) -> Vec<(&'static str, &'static str)> {
        Verdict::ALL
            .iter()
            .map(|v| (v.as_str(), v.danish()))
            .collect()
    }

    fn decision_kind(&self, d: &crate::app::register::ProjectDecision) -> &'static str {
        crate::domain::process::DecisionKind::from(d.kind).danish()
    }

    fn decision_body(&self, d: &crate::app::register::ProjectDecision) -> &'static str {
        crate::domain::process::Body::from(d.body).danish()
    }
}

/// The text inputs of a decision form: (key, label).
pub const DECISION_INPUTS: [(&str, &str); 2] = [
    ("date", "Mødedato (dd-mm-åååå)"),
    (
        "case_number",
        "Journalnummer (KLE), fx 85.13.00-P20-1-22 (valgfrit)",
    ),
];

/// The problems and what was typed, for the form they belong to.
type Refused = (String, StatusCode, Errors, Submitted);

async fn show(
    req: &HttpRequest,
    db: &Db,
    id: i32,
    (form, status, errors, entered): Refused,
) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(req, db, None, "forslag-side").await?;
    let p = db.run(move |c| use_case::view(c, id)).await?;
    let stage = Stage::from(p.stage);
    let council = ctx.allows(Action::ManagePortfolio);
    let open = p.project.project.state == crate::app::types::LifecycleState::Proposed;
    let may_edit = use_case::editable_by(&ctx.acting(), &p);
    let sent = FormState {
        form,
        errors,
        entered,
    };
    let summary = sent.summary("");
    let page = ProposalPage {
        nav: &ctx.nav,
        strategic: Kind::from(p.project.project.kind) == Kind::Strategic,
        council_open: council && open && under_council(stage),
        may_edit,
        p,
        sent,
        summary,
    };
    ctx.render(req, status, page)
}

pub async fn page(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let nothing = (String::new(), StatusCode::OK, vec![], Submitted::new());
    show(&req, &db, id.into_inner(), nothing).await
}

/// Carry out a step and show the proposal again, or the form with its problems.
async fn done(
    req: &HttpRequest,
    db: &Db,
    id: i32,
    (which, submitted): (String, Submitted),
    result: Result<ProposalView, AppError>,
    fields: &[&str],
) -> Result<HttpResponse, PageError> {
    match result {
        Ok(_) => Ok(redirect(&format!("/forslag/{id}#{which}"))),
        Err(e) => {
            let (status, errors) = form::refused(e, fields)?;
            show(req, db, id, (which, status, errors, submitted)).await
        }
    }
}

/// The council's form for a step: signed in, the council, with the CSRF token.
async fn council_form(req: &HttpRequest, db: &Db, submitted: &Submitted) -> Result<Ctx, PageError> {
    let ctx = Ctx::load(req, db, None, "forslag-side").await?;
    ctx.require(Action::ManagePortfolio)?;
    form::require_csrf(req, submitted)?;
    Ok(ctx)
}

pub async fn review(
    req: HttpRequest,
    db: web::Data<Db>,
    path: web::Path<(i32, String)>,
    submitted: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let (id, area) = path.into_inner();
    let ctx = council_form(&req, &db, &submitted).await?;
    let area = Area::parse("area", &area).map_err(|_| AppError::NotFound("no such area".into()))?;
    let submitted = submitted.into_inner();
    let which = format!("omraade-{}", area.as_str());
    let verdict = Verdict::parse("verdict", &form::text(&submitted, "verdict"));
    let remark = submitted.get("remark").cloned().unwrap_or_default();
    let who = ctx.acting();
    let result = match verdict.and_then(|v| ReviewEntry::parse(area, v, &remark)) {
        Ok(entry) => db.run(move |c| use_case::review(c, &who, id, entry)).await,
        Err(e) => Err(e.into()),
    };
    done(
        &req,
        &db,
        id,
        (which, submitted),
        result,
        &["verdict", "remark"],
    )
    .await
}

pub async fn overlap(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    submitted: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let ctx = council_form(&req, &db, &submitted).await?;
    let submitted = submitted.into_inner();
    let verdict = match Overlap::parse("verdict", &form::text(&submitted, "verdict")) {
        Ok(verdict) => verdict,
        Err(_) => {
            let errors = vec![(
                "verdict".to_string(),
                danish("verdict", Problem::UnknownValue),
            )];
            let refused = (
                "overlap".into(),
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                submitted,
            );
            return show(&req, &db, id, refused).await;
        }
    };
    let reason = submitted.get("reason").cloned().unwrap_or_default();
    let who = ctx.acting();
    let result = db
        .run(move |c| use_case::record_overlap(c, &who, id, verdict, &reason))
        .await;
    done(
        &req,
        &db,
        id,
        ("overlap".into(), submitted),
        result,
        &["verdict", "reason"],
    )
    .await
}

/// A decision form's fields: outcome, date, text, case number; shared with Chefforum's list.
pub fn read_decision(f: &Submitted) -> Result<(bool, crate::domain::decision::Decision), Errors> {
    let approve = match form::text(f, "outcome").as_str() {
        "approve" => true,
        "reject" => false,
        _ => {
            return Err(vec![(
                "outcome".into(),
                danish("outcome", Problem::UnknownValue),
            )])
        }
    };
    let date = form::date(f, "date")?;
    let case = form::text(f, "case_number");
    let text = f.get("text").cloned().unwrap_or_default();
    use_case::decision(date, &text, Some(&case))
        .map(|d| (approve, d))
        .map_err(|e| match e {
            AppError::Validation { field, problem, .. } => {
                let field = field.unwrap_or_default();
                vec![(field.clone(), danish(&field, problem))]
            }
            other => vec![(String::new(), other.to_string())],
        })
}

pub async fn decide(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    submitted: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let ctx = council_form(&req, &db, &submitted).await?;
    let submitted = submitted.into_inner();
    let (approve, decision) = match read_decision(&submitted) {
        Ok(read) => read,
        Err(errors) => {
            let refused = (
                "beslutning".into(),
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                submitted,
            );
            return show(&req, &db, id, refused).await;
        }
    };
    let who = ctx.acting();
    let d = CouncilDecision { approve, decision };
    let result = db
        .run(move |c| use_case::council_decides(c, &who, id, d))
        .await;
    let fields = ["outcome", "date", "text", "case_number"];
    done(
        &req,
        &db,
        id,
        ("beslutning".into(), submitted),
        result,
        &fields,
    )
    .await
}

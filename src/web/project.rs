//! Projekt: every field, the programme and sub-projects, the status history
//! with all versions, and (for the council) the audit trail as "Historik".

use super::context::{Cell, Ctx, Nav, PageError};
use super::filters;
use super::trail::{self, TrailEntry};
use crate::app::assessments::AssessmentView;
use crate::app::baselines::BaselineView;
use crate::app::milestones::MilestoneView;
use crate::app::projects::{detail_of, Project, ProjectDetail, Ref};
use crate::db::status::{history, StatusRow};
use crate::db::{people, Db, DbConnection};
use crate::domain::access::{may_report_on, Action};
use crate::domain::project::{Kind, Lifecycle};
use crate::domain::quarter::Quarter;
use crate::domain::status::Parameter;
use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::NaiveDateTime;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
pub struct Query {
    kvartal: Option<String>,
}

/// One version of one quarter's status report.
pub struct HistoryRow {
    quarter: Quarter,
    version: i32,
    latest: bool,
    cells: Vec<Cell>,
    comments: Vec<String>,
    by: Option<String>,
    at: NaiveDateTime,
}

/// Everything the project page shows, read in one go.
pub struct ProjectPageView {
    project: Project,
    children: Vec<Ref>,
    history: Vec<HistoryRow>,
    /// Only for those who may read the audit trail.
    trail: Option<Vec<TrailEntry>>,
    /// The financing department's name, when another pays.
    financing: Option<String>,
    baseline: Option<BaselineView>,
    milestones: Vec<MilestoneView>,
    /// IT-projektrådet's assessment of the quarter shown.
    assessment: Option<AssessmentView>,
    /// Every decision on the project, newest first.
    decisions: Vec<crate::app::register::ProjectDecision>,
}

impl ProjectPageView {
    fn load(c: &mut DbConnection, id: i32, with_trail: bool) -> Result<Self, AppError> {
        let ProjectDetail { project, children } = detail_of(c, id)?;
        let trail = match with_trail {
            true => Some(trail::of_project(c, id)?),
            false => None,
        };
        let financing = match project.financing_department_id {
            Some(d) => crate::db::departments::names(c, &[d])?.remove(&d),
            None => None,
        };
        Ok(Self {
            project,
            children,
            history: history_rows(c, id)?,
            trail,
            financing,
            baseline: crate::app::baselines::history(c, id)?
                .into_iter()
                .find(|b| b.is_current),
            milestones: crate::app::milestones::list(c, id)?,
            assessment: None,
            decisions: crate::app::register::decisions_of(c, id)?,
        })
    }
}

/// Every version of every quarter's report, with the reporter's name.
fn history_rows(c: &mut DbConnection, id: i32) -> Result<Vec<HistoryRow>, AppError> {
    let rows = history(c, id)?;
    let reporters: Vec<i32> = rows.iter().filter_map(|h| h.reported_by).collect();
    let names: HashMap<i32, String> = people::by_ids(c, &reporters)?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|h| {
            let by = h.reported_by.and_then(|i| names.get(&i).cloned());
            history_row(h, by)
        })
        .collect())
}

fn history_row(h: StatusRow, by: Option<String>) -> HistoryRow {
    let mut comments = vec![];
    for p in Parameter::ALL {
        let (_, comment) = h.colour(p);
        if !comment.is_empty() {
            comments.push(format!("{}: {comment}", p.danish()));
        }
    }
    if !h.comment.is_empty() {
        comments.push(h.comment.clone());
    }
    HistoryRow {
        cells: Parameter::ALL.map(|p| Cell::of(Some(h.colour(p).0))).into(),
        comments,
        by,
        at: h.reported_at,
        version: h.version,
        latest: h.is_latest,
        quarter: h.quarter,
    }
}

#[derive(Template)]
#[template(path = "project.html")]
struct ProjectPage<'a> {
    nav: &'a Nav,
    may_report: bool,
    p: Project,
    children: Vec<Ref>,
    history: Vec<HistoryRow>,
    trail: Option<Vec<TrailEntry>>,
    financing: Option<String>,
    baseline: Option<BaselineView>,
    milestones: Vec<MilestoneView>,
    /// (parameter, council's cell, why) where the council set its own colour.
    assessment: Vec<(&'static str, Cell, String)>,
    decisions: Vec<crate::app::register::ProjectDecision>,
}

impl<'a> ProjectPage<'a> {
    fn new(ctx: &'a Ctx, view: ProjectPageView) -> Self {
        let p = &view.project;
        let may_report = may_report_on(
            ctx.account.role,
            ctx.account.person_id,
            p.manager.as_ref().map(|m| m.id),
            p.owner.as_ref().map(|o| o.id),
        );
        Self {
            nav: &ctx.nav,
            may_report,
            p: view.project,
            children: view.children,
            history: view.history,
            trail: view.trail,
            financing: view.financing,
            baseline: view.baseline,
            milestones: view.milestones,
            decisions: view.decisions,
            assessment: view
                .assessment
                .map(|a| {
                    [
                        ("ressourcer", a.ressourcer),
                        ("leverancer", a.leverancer),
                        ("tid", a.tid),
                        ("økonomi", a.okonomi),
                    ]
                    .into_iter()
                    .filter_map(|(name, part)| {
                        let colour = part.colour.map(crate::domain::status::Colour::from)?;
                        Some((name, Cell::of(Some(colour)), part.comment))
                    })
                    .collect()
                })
                .unwrap_or_default(),
        }
    }

    fn kind(&self) -> &'static str {
        Kind::from(self.p.kind).danish()
    }

    fn state(&self) -> &'static str {
        Lifecycle::from(self.p.state).danish()
    }

    fn strategic(&self) -> bool {
        Kind::from(self.p.kind) == Kind::Strategic
    }

    fn proposed(&self) -> bool {
        Lifecycle::from(self.p.state) == Lifecycle::Proposed
    }

    fn approved(&self) -> bool {
        Lifecycle::from(self.p.state) == Lifecycle::Approved
    }

    fn decision(&self, d: &crate::app::register::ProjectDecision) -> String {
        use crate::domain::process::{Body, DecisionKind};
        format!(
            "{}, {}",
            Body::from(d.body).danish(),
            DecisionKind::from(d.kind).danish()
        )
    }

    /// Completed or cancelled: nothing left to end.
    fn closed(&self) -> bool {
        Lifecycle::from(self.p.state).is_closed()
    }
}

pub async fn page(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    query: web::Query<Query>,
) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(&req, &db, query.kvartal.as_deref(), "portefoelje").await?;
    let (id, with_trail) = (id.into_inner(), ctx.allows(Action::ReadAudit));
    let quarter = ctx.quarter;
    let view = db
        .run(move |c| {
            let mut view = ProjectPageView::load(c, id, with_trail)?;
            view.assessment = crate::app::assessments::get(c, id, quarter)?;
            Ok(view)
        })
        .await?;
    ctx.render(&req, StatusCode::OK, ProjectPage::new(&ctx, view))
}

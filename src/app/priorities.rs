//! The council's priorities: it keeps the criteria and their weights, scores
//! each proposal 0–5 per criterion and may mark a dilemma for Chefforum; the
//! ranked list puts proposals required by law first and says why each stands
//! where it does.

use super::types::Requirement;
use super::Acting;
use crate::db::process as process_store;
use crate::db::systems as store;
use crate::db::{projects, write_transaction, DbConnection};
use crate::domain::access::Action;
use crate::domain::priority::{check_criteria, check_score, rank, Candidate, Criterion};
use crate::domain::process::RequiredBy;
use crate::domain::text::free_text;
use crate::domain::Problem;
use crate::error::AppError;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema, Clone)]
pub struct CriterionView {
    pub id: i32,
    pub name: String,
    /// 0–100; the total is the mean of the scores on these weights.
    pub weight: i32,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct ScoreView {
    pub criterion_id: i32,
    /// 0–5, 5 best.
    pub score: i32,
}

/// A proposal's place in the ranking.
#[derive(Serialize, ToSchema, Clone)]
pub struct RankedView {
    pub rank: usize,
    pub project_id: i32,
    pub name: String,
    pub department: String,
    pub required_by: Requirement,
    pub scores: Vec<ScoreView>,
    /// The weighted mean of the scores, 0–5.
    pub total: f64,
    /// Criteria not scored yet (they count 0).
    pub unscored: usize,
    /// In Danish: why it stands below the one above.
    pub why: String,
    /// A dilemma the council lays before Chefforum; empty: none.
    pub dilemma: String,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct Priorities {
    pub criteria: Vec<CriterionView>,
    pub ranking: Vec<RankedView>,
}

/// The criteria and the undecided proposals ranked: law first, then the total.
pub fn priorities(c: &mut DbConnection) -> Result<Priorities, AppError> {
    let criteria: Vec<CriterionView> = store::criteria(c)?
        .into_iter()
        .map(|k| CriterionView {
            id: k.id.unwrap_or_default(),
            name: k.name,
            weight: k.weight,
        })
        .collect();
    let weights: Vec<(i32, i32)> = criteria.iter().map(|k| (k.id, k.weight)).collect();
    let mut all_scores = store::scores(c)?;
    let mut facts = HashMap::new();
    let mut candidates = vec![];
    for (n, state) in super::proposals::undecided_proposals(c)? {
        let scores = all_scores.remove(&n.row.id).unwrap_or_default();
        candidates.push(Candidate {
            project_id: n.row.id,
            name: n.row.name.clone(),
            law: state.required_by == RequiredBy::Law,
            scores: scores.clone(),
        });
        facts.insert(n.row.id, (n, state, scores));
    }
    let ranking = rank(&weights, candidates)
        .into_iter()
        .map(|r| {
            let (n, state, own) = &facts[&r.project_id];
            RankedView {
                rank: r.rank,
                project_id: r.project_id,
                name: n.row.name.clone(),
                department: n.department.clone(),
                required_by: state.required_by.into(),
                scores: criteria
                    .iter()
                    .filter_map(|k| own.get(&k.id).map(|s| (k.id, *s)))
                    .map(|(criterion_id, score)| ScoreView {
                        criterion_id,
                        score,
                    })
                    .collect(),
                total: (r.total * 100.0).round() / 100.0,
                unscored: r.unscored,
                why: r.why,
                dilemma: state.dilemma.clone(),
            }
        })
        .collect();
    Ok(Priorities { criteria, ranking })
}

/// Replace the criteria (the council), recorded before and after.
pub fn set_criteria(
    c: &mut DbConnection,
    who: &Acting,
    criteria: Vec<Criterion>,
) -> Result<Priorities, AppError> {
    super::require(who.role, Action::ManagePortfolio)?;
    let criteria = check_criteria(criteria)?;
    write_transaction(c, |c| {
        let before = store::criteria(c)?;
        store::replace_criteria(c, &criteria)?;
        let after = priorities(c)?;
        let before: Vec<(Option<i32>, String, i32)> = before
            .into_iter()
            .map(|k| (k.id, k.name, k.weight))
            .collect();
        super::audit::audit_change(
            c,
            &who.actor,
            "update",
            "criteria",
            0,
            &before,
            &after.criteria,
        )?;
        Ok(after)
    })
}

/// A proposal's scores and dilemma as the council sets them.
pub struct Scoring {
    /// (criterion id, score 0–5).
    pub scores: Vec<(i32, i32)>,
    pub dilemma: String,
}

/// Score a proposal (the council): its scores replace the earlier ones.
pub fn score(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    scoring: Scoring,
) -> Result<Priorities, AppError> {
    super::require(who.role, Action::ManagePortfolio)?;
    let dilemma = free_text(
        "dilemma",
        &scoring.dilemma,
        crate::domain::process::TEXT_MAX,
    )?;
    let mut seen = HashSet::new();
    for (criterion, score) in &scoring.scores {
        check_score(*score)?;
        if !seen.insert(*criterion) {
            return Err(AppError::invalid(
                "criterion_id",
                Problem::DuplicateValue,
                format!("criterion {criterion} is scored twice"),
            ));
        }
    }
    write_transaction(c, |c| {
        let row = projects::get(c, id)?;
        if row.state != crate::domain::project::Lifecycle::Proposed {
            return Err(AppError::conflict(
                Some("stage"),
                Problem::WrongStage,
                format!("project {id} is {}, not a proposal", row.state.as_str()),
            ));
        }
        let known: HashSet<i32> = store::criteria(c)?.iter().filter_map(|k| k.id).collect();
        if let Some((unknown, _)) = scoring.scores.iter().find(|(k, _)| !known.contains(k)) {
            return Err(AppError::invalid(
                "criterion_id",
                Problem::UnknownReference,
                format!("criterion {unknown} does not exist"),
            ));
        }
        let before = (
            process_store::proposal(c, id)?.dilemma,
            store::scores(c)?.remove(&id),
        );
        store::set_scores(c, id, &scoring.scores)?;
        process_store::set_dilemma(c, id, &dilemma)?;
        let after = (dilemma.clone(), store::scores(c)?.remove(&id));
        super::audit::audit_change(c, &who.actor, "score", "proposal", id, &before, &after)?;
        priorities(c)
    })
}

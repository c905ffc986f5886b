//! The report's road ahead (Chefforum's "fokus på de projekter, der ligger i
//! fremtiden, f.eks. kommende udbud"): milestones due next quarter and those
//! moved this quarter, coming tenders and expiring contracts in the twelve
//! months after the quarter, and the projects not started yet.

use super::{collation, Lifecycle, ProjectFacts, Selection};
use crate::domain::milestone::{net_move, Move};
use crate::domain::quarter::Quarter;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A milestone as the report is built from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MilestoneFacts {
    pub id: i32,
    pub project_id: i32,
    pub name: String,
    pub tender: bool,
    pub planned: NaiveDate,
    /// The date that holds now.
    pub date: NaiveDate,
    pub done_on: Option<NaiveDate>,
    pub moves: Vec<Move>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneLine {
    pub project_id: i32,
    pub project: String,
    pub name: String,
    pub tender: bool,
    pub date: NaiveDate,
}

/// A milestone moved within the quarter: from where to where, how many days.
#[derive(Debug, Clone, PartialEq)]
pub struct MovedMilestone {
    pub project_id: i32,
    pub project: String,
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: i64,
}

/// Why a project is a coming tender.
#[derive(Debug, Clone, PartialEq)]
pub enum TenderReason {
    /// It is in a tender phase ("anskaffelse/udbud").
    Phase(String),
    /// It has a tender milestone ahead.
    Milestone { name: String, date: NaiveDate },
}

#[derive(Debug, Clone, PartialEq)]
pub struct TenderLine {
    pub project_id: i32,
    pub project: String,
    pub department: String,
    pub reason: TenderReason,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContractLine {
    pub project_id: i32,
    pub project: String,
    pub department: String,
    pub contract_end: NaiveDate,
}

/// A project proposed or approved but not started by the quarter's end.
#[derive(Debug, Clone, PartialEq)]
pub struct FutureLine {
    pub project_id: i32,
    pub name: String,
    pub department: String,
    pub state: Lifecycle,
    pub start_date: Option<NaiveDate>,
    pub forecast: i64,
    pub must_do: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoadAhead {
    pub due_next_quarter: Vec<MilestoneLine>,
    pub moved: Vec<MovedMilestone>,
    pub tenders: Vec<TenderLine>,
    pub expiring_contracts: Vec<ContractLine>,
    pub future_projects: Vec<FutureLine>,
}

/// The twelve months the road ahead looks at: from the quarter's first day
/// to a year after its last.
pub fn horizon(quarter: Quarter) -> (NaiveDate, NaiveDate) {
    let last = quarter.last_day();
    (
        quarter.first_day(),
        last.checked_add_months(Months::new(12)).unwrap_or(last),
    )
}

/// Whether a phase is a tender phase: phases are the municipality's own
/// words, and every Danish tender phase names "udbud".
pub fn is_tender_phase(phase: &str) -> bool {
    phase.to_lowercase().contains("udbud")
}

impl Selection<'_> {
    /// Projects the filter picks that are not over, by id.
    fn open_projects(&self) -> HashMap<i32, &ProjectFacts> {
        self.selected
            .iter()
            .filter(|p| !p.state.is_closed())
            .map(|p| (p.id, *p))
            .collect()
    }

    pub(super) fn road_ahead(&self) -> RoadAhead {
        let open = self.open_projects();
        let all: HashMap<i32, &ProjectFacts> = self.selected.iter().map(|p| (p.id, *p)).collect();
        let next = self.quarter.next();
        let (from, to) = horizon(self.quarter);
        let milestones = &self.facts.milestones;
        let of = |m: &MilestoneFacts, projects: &HashMap<i32, &ProjectFacts>| {
            projects.get(&m.project_id).map(|p| p.name.clone())
        };
        let mut due: Vec<MilestoneLine> = milestones
            .iter()
            .filter(|m| {
                m.done_on.is_none() && m.date >= next.first_day() && m.date <= next.last_day()
            })
            .filter_map(|m| {
                Some(MilestoneLine {
                    project_id: m.project_id,
                    project: of(m, &open)?,
                    name: m.name.clone(),
                    tender: m.tender,
                    date: m.date,
                })
            })
            .collect();
        due.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then_with(|| collation::compare(&a.project, &b.project))
        });
        let mut moved: Vec<MovedMilestone> = milestones
            .iter()
            .filter_map(|m| {
                let (from, to, days) =
                    net_move(&m.moves, self.quarter.first_day(), self.quarter.last_day())?;
                Some(MovedMilestone {
                    project_id: m.project_id,
                    project: of(m, &all)?,
                    name: m.name.clone(),
                    from,
                    to,
                    days,
                })
            })
            .collect();
        moved.sort_by(|a, b| {
            b.days
                .abs()
                .cmp(&a.days.abs())
                .then_with(|| collation::compare(&a.project, &b.project))
        });
        RoadAhead {
            due_next_quarter: due,
            moved,
            tenders: self.tenders(&open, (from, to)),
            expiring_contracts: self.contracts((from, to)),
            future_projects: self.future_projects(),
        }
    }

    /// In a tender phase, or with a tender milestone ahead within the horizon.
    fn tenders(
        &self,
        open: &HashMap<i32, &ProjectFacts>,
        (from, to): (NaiveDate, NaiveDate),
    ) -> Vec<TenderLine> {
        let mut found: Vec<TenderLine> = vec![];
        // The first tender milestone ahead of each project, in one pass.
        let mut next_tender: HashMap<i32, &MilestoneFacts> = HashMap::new();
        for m in &self.facts.milestones {
            if m.tender && m.done_on.is_none() && m.date >= from && m.date <= to {
                let first = next_tender.entry(m.project_id).or_insert(m);
                if m.date < first.date {
                    *first = m;
                }
            }
        }
        let mut projects: Vec<&&ProjectFacts> = open.values().collect();
        projects.sort_by_cached_key(|p| (collation::sort_key(&p.name), p.id));
        for p in projects {
            let milestone = next_tender.get(&p.id);
            let reason = match milestone {
                Some(m) => TenderReason::Milestone {
                    name: m.name.clone(),
                    date: m.date,
                },
                None if is_tender_phase(&p.phase) => TenderReason::Phase(p.phase.clone()),
                None => continue,
            };
            found.push(TenderLine {
                project_id: p.id,
                project: p.name.clone(),
                department: p.department.clone(),
                reason,
            });
        }
        found
    }

    fn contracts(&self, (from, to): (NaiveDate, NaiveDate)) -> Vec<ContractLine> {
        let mut found: Vec<ContractLine> = self
            .selected
            .iter()
            .filter(|p| p.state != Lifecycle::Cancelled)
            .filter_map(|p| {
                let end = p.contract_end.filter(|d| *d >= from && *d <= to)?;
                Some(ContractLine {
                    project_id: p.id,
                    project: p.name.clone(),
                    department: p.department.clone(),
                    contract_end: end,
                })
            })
            .collect();
        found.sort_by(|a, b| {
            a.contract_end
                .cmp(&b.contract_end)
                .then_with(|| collation::compare(&a.project, &b.project))
        });
        found
    }

    fn future_projects(&self) -> Vec<FutureLine> {
        let last = self.quarter.last_day();
        let mut found: Vec<FutureLine> = self
            .selected
            .iter()
            .filter(|p| matches!(p.state, Lifecycle::Proposed | Lifecycle::Approved))
            .filter(|p| p.start_date.is_none_or(|d| d > last))
            .map(|p| FutureLine {
                project_id: p.id,
                name: p.name.clone(),
                department: p.department.clone(),
                state: p.state,
                start_date: p.start_date,
                forecast: p.economy.forecast,
                must_do: p.must_do,
            })
            .collect();
        found.sort_by(|a, b| {
            a.start_date
                .is_none()
                .cmp(&b.start_date.is_none())
                .then(a.start_date.cmp(&b.start_date))
                .then_with(|| collation::compare(&a.name, &b.name))
        });
        found
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{facts, project};
    use super::super::*;
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn milestone(
        id: i32,
        project: i32,
        name: &str,
        date: NaiveDate,
        tender: bool,
    ) -> MilestoneFacts {
        MilestoneFacts {
            id,
            project_id: project,
            name: name.into(),
            tender,
            planned: date,
            date,
            done_on: None,
            moves: vec![],
        }
    }

    #[test]
    fn milestones_next_quarter_moves_tenders_contracts_and_future_projects() {
        // The facts are of 2022Q1: next quarter is 2022Q2, the horizon ends 31-03-2023.
        let mut erp = project(1, "ERP udbud");
        erp.phase = "anskaffelse/udbud".into();
        let mut archive = project(2, "Papirarkivet");
        archive.contract_end = Some(d(2022, 12, 31));
        let mut future = project(3, "Slutaflevering af KMD Sag");
        future.state = Lifecycle::Approved;
        future.start_date = Some(d(2022, 10, 1));
        let mut idea = project(4, "Chatbot");
        idea.state = Lifecycle::Proposed;
        idea.start_date = None;
        let mut f = facts(vec![erp, archive, future, idea], vec![]);
        let mut moved = milestone(2, 2, "Arkivalierne registreret", d(2023, 8, 31), false);
        moved.planned = d(2022, 10, 14);
        moved.moves = vec![Move {
            on: d(2022, 3, 1),
            from: d(2022, 10, 14),
            to: d(2023, 8, 31),
        }];
        f.milestones = vec![
            milestone(1, 1, "Udbudsmaterialet uploades", d(2022, 5, 20), true),
            moved,
            milestone(3, 3, "Aflevering", d(2024, 12, 31), false),
        ];
        let r = build(&f, &PortfolioFilter::default()).road_ahead;
        let due: Vec<&str> = r.due_next_quarter.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(due, ["Udbudsmaterialet uploades"]);
        assert_eq!(r.moved.len(), 1);
        assert_eq!(
            (r.moved[0].from, r.moved[0].to, r.moved[0].days),
            (d(2022, 10, 14), d(2023, 8, 31), 321)
        );
        assert_eq!(r.tenders.len(), 1);
        assert!(
            matches!(&r.tenders[0].reason, TenderReason::Milestone { date, .. } if *date == d(2022, 5, 20))
        );
        assert_eq!(r.expiring_contracts[0].project, "Papirarkivet");
        let future: Vec<&str> = r.future_projects.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            future,
            ["Slutaflevering af KMD Sag", "Chatbot"],
            "dated first, then undated"
        );
        // A tender phase without a milestone still counts.
        f.milestones.clear();
        let r = build(&f, &PortfolioFilter::default()).road_ahead;
        assert_eq!(
            r.tenders[0].reason,
            TenderReason::Phase("anskaffelse/udbud".into())
        );
    }
}

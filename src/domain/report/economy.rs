//! The report's economy section: budget, forecast, spent and overrun of the
//! projects in progress, summed by department, directorate, focus area, kind
//! and must-do, and the derived operating costs of the next five years.

use super::{collation, Lifecycle, ProjectFacts, Selection};
use crate::domain::economy::{operating_by_year, Figures, Totals};
use chrono::NaiveDate;

/// The sums of one group of projects ("Miljø & Teknik", "strategisk").
#[derive(Debug, Clone, PartialEq)]
pub struct EconomyGroup {
    pub name: String,
    pub totals: Totals,
}

/// One project's economy as the report lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct EconomyLine {
    pub project_id: i32,
    pub name: String,
    pub department: String,
    pub financing: Option<String>,
    pub figures: Figures,
    pub payback_year: Option<i32>,
    pub contract_end: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EconomySection {
    /// The projects in progress, summed.
    pub totals: Totals,
    pub by_department: Vec<EconomyGroup>,
    pub by_directorate: Vec<EconomyGroup>,
    pub by_focus_area: Vec<EconomyGroup>,
    pub by_kind: Vec<EconomyGroup>,
    pub by_must_do: Vec<EconomyGroup>,
    /// Derived operating costs per year, from the quarter's year on, of the
    /// projects in progress and those approved but not started.
    pub operating: Vec<(i32, i64)>,
    /// The projects in progress, in Danish name order.
    pub lines: Vec<EconomyLine>,
}

/// Totals per key, ordered by (rank, Danish name).
fn grouped<'a>(items: impl Iterator<Item = ((u8, String), &'a Figures)>) -> Vec<EconomyGroup> {
    let mut by_key: std::collections::HashMap<(u8, String), Totals> = Default::default();
    for (key, figures) in items {
        by_key.entry(key).or_default().add(figures);
    }
    let mut groups: Vec<((u8, String), Totals)> = by_key.into_iter().collect();
    groups.sort_by(|((ra, na), _), ((rb, nb), _)| {
        ra.cmp(rb).then_with(|| collation::compare(na, nb))
    });
    groups
        .into_iter()
        .map(|((_, name), totals)| EconomyGroup { name, totals })
        .collect()
}

impl Selection<'_> {
    /// The project's figures for the quarter: spent and forecast as reported
    /// with its status when they were, else as last known.
    pub(super) fn figures(&self, p: &ProjectFacts) -> Figures {
        match self.now.get(&p.id).and_then(|r| r.economy) {
            Some(reported) => Figures {
                spent: reported.spent,
                forecast: reported.forecast,
                ..p.economy
            },
            None => p.economy,
        }
    }

    pub(super) fn economy(&self) -> EconomySection {
        let active: Vec<(&ProjectFacts, Figures)> =
            self.active.iter().map(|p| (*p, self.figures(p))).collect();
        let focus_names: std::collections::HashMap<i32, &str> = self
            .facts
            .focus_areas
            .iter()
            .map(|f| (f.id, f.name.as_str()))
            .collect();
        let by = |key: &dyn Fn(&ProjectFacts) -> (u8, String)| {
            grouped(active.iter().map(|(p, f)| (key(p), f)))
        };
        // Operating costs run on after the project: those approved and not
        // started yet count too, cancelled ones do not.
        let running: Vec<Figures> = self
            .selected
            .iter()
            .filter(|p| p.in_progress(self.quarter) || p.state == Lifecycle::Approved)
            .map(|p| self.figures(p))
            .collect();
        EconomySection {
            totals: Totals::of(active.iter().map(|(_, f)| f)),
            by_department: by(&|p| (0, p.department.clone())),
            by_directorate: by(&|p| (0, p.directorate.clone())),
            by_focus_area: by(
                &|p| match p.focus_area_id.and_then(|f| focus_names.get(&f)) {
                    Some(name) => (0, name.to_string()),
                    None => (1, "Uden indsatsområde".to_string()),
                },
            ),
            by_kind: by(&|p| (p.kind as u8, p.kind.danish().to_string())),
            by_must_do: by(&|p| match p.must_do {
                true => (0, "Skal-projekter".to_string()),
                false => (1, "Øvrige projekter".to_string()),
            }),
            operating: operating_by_year(&running, self.quarter.year()),
            lines: active
                .iter()
                .map(|(p, figures)| EconomyLine {
                    project_id: p.id,
                    name: p.name.clone(),
                    department: p.department.clone(),
                    financing: p.financing.clone(),
                    figures: *figures,
                    payback_year: figures.payback_year(),
                    contract_end: p.contract_end,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{facts, project, report};
    use super::super::*;
    use crate::domain::economy::Forecast;
    use Colour::Green;

    fn with(mut p: ProjectFacts, budget: i64, forecast: i64, operating: i64) -> ProjectFacts {
        p.economy = Figures {
            budget,
            spent: budget / 2,
            forecast,
            operating_cost: operating,
            operating_from: Some(2023),
            ..Figures::default()
        };
        p
    }

    #[test]
    fn totals_are_the_sum_of_the_projects_and_their_groups() {
        let mut a = with(project(1, "Citizen Lab"), 1_000_000, 1_250_000, 100_000);
        a.department = "Økonomi & Stab".into();
        a.kind = Kind::Operational;
        let b = with(project(2, "Vandstandsmåling"), 500_000, 400_000, 20_000);
        let mut future = with(project(3, "ERP"), 9_000_000, 9_000_000, 1_000_000);
        future.state = Lifecycle::Approved;
        future.start_date = Some(NaiveDate::from_ymd_opt(2023, 1, 1).unwrap());
        let mut cancelled = with(project(4, "Udgået"), 1, 1, 7);
        cancelled.state = Lifecycle::Cancelled;
        cancelled.ended_on = Some(NaiveDate::from_ymd_opt(2021, 1, 1).unwrap());
        let r = build(
            &facts(vec![a, b, future, cancelled], vec![]),
            &Default::default(),
        );
        let e = &r.economy;
        assert_eq!(e.totals.projects, 2);
        assert_eq!(e.totals.budget, 1_500_000);
        assert_eq!(e.totals.forecast, 1_650_000);
        assert_eq!(e.totals.overrun, 250_000);
        let sum = |groups: &[EconomyGroup]| groups.iter().map(|g| g.totals.forecast).sum::<i64>();
        for groups in [
            &e.by_department,
            &e.by_kind,
            &e.by_must_do,
            &e.by_focus_area,
        ] {
            assert_eq!(sum(groups), e.totals.forecast);
        }
        let departments: Vec<&str> = e.by_department.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(departments, ["Miljø & Teknik", "Økonomi & Stab"]);
        assert_eq!(e.by_kind[0].name, "strategisk");
        // The approved project that has not started runs from 2023 too.
        assert_eq!(e.operating[0], (2022, 0));
        assert_eq!(e.operating[1], (2023, 1_120_000));
        assert_eq!(e.operating.len(), 5);
    }

    #[test]
    fn the_quarters_reported_figures_count() {
        let p = with(project(1, "Citizen Lab"), 1_000_000, 1_000_000, 0);
        let mut r = report(1, "2022Q1", [Green; 4]);
        r.economy = Some(Forecast {
            spent: 700_000,
            forecast: 1_200_000,
            expected_end: None,
        });
        let built = build(&facts(vec![p], vec![r]), &Default::default());
        assert_eq!(built.economy.totals.spent, 700_000);
        assert_eq!(built.economy.totals.overrun, 200_000);
    }
}

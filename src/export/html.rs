//! The printable Q-report page in Danish, ready to go into Chefforum's agenda
//! as the item's "Sagsfremstilling".

use super::{colour_word, colours, red_heading, PARAMETER_HEADINGS};
use crate::domain::assessment::Basis;
use crate::domain::danish::{format_date, format_kroner};
use crate::domain::economy::Totals;
use crate::domain::report::{
    Assessed, Changes, Contradiction, Count, EconomySection, FocusAreaStatus, Missing, ProjectLine,
    QReport, RedStreak, RedTable,
};
use crate::domain::status::{Colour, Parameter};
use askama::Template;

pub struct Cell {
    pub word: &'static str,
    pub class: &'static str,
}

pub struct Row {
    pub name: String,
    pub programme: String,
    pub department: String,
    pub manager: String,
    pub cells: Vec<Cell>,
    pub comment: String,
}

pub struct Table {
    pub id: String,
    pub heading: String,
    pub rows: Vec<Row>,
    pub total: usize,
}

pub struct Group {
    pub heading: String,
    pub rows: Vec<Row>,
}

pub struct Change {
    pub heading: String,
    pub items: Vec<String>,
}

pub struct MissingRow {
    pub name: String,
    pub manager: String,
    pub email: String,
    pub department: String,
    pub days: i64,
}

pub struct CountTable {
    pub heading: &'static str,
    pub items: Vec<(String, usize)>,
}

/// A group's economy as the printed report shows it: name, projects, and
/// budget, prognose, forbrug and overskridelse in kroner.
pub struct EconomyRow {
    pub name: String,
    pub projects: usize,
    pub amounts: [String; 4],
}

impl EconomyRow {
    fn of(name: &str, t: &Totals) -> Self {
        Self {
            name: name.to_string(),
            projects: t.projects,
            amounts: [t.budget, t.forecast, t.spent, t.overrun].map(format_kroner),
        }
    }
}

/// The economy section of the printed report: by department, the total,
/// and the derived operating costs of the next five years.
pub struct EconomySummary {
    pub departments: Vec<EconomyRow>,
    pub total: EconomyRow,
    pub operating: Vec<(i32, String)>,
}

impl EconomySummary {
    fn of(e: &EconomySection) -> Self {
        Self {
            departments: e
                .by_department
                .iter()
                .map(|g| EconomyRow::of(&g.name, &g.totals))
                .collect(),
            total: EconomyRow::of("Hovedtotal", &e.totals),
            operating: e
                .operating
                .iter()
                .map(|(year, amount)| (*year, format_kroner(*amount)))
                .collect(),
        }
    }
}

fn assessed_of(a: &Assessed) -> (String, &'static str, Cell, Cell, String) {
    let cell = |c: Option<Colour>| Cell {
        word: colour_word(c),
        class: c.map(|c| c.as_str()).unwrap_or("none"),
    };
    (
        a.line.name.clone(),
        a.parameter.danish(),
        cell(a.reported),
        cell(Some(a.council)),
        a.comment.clone(),
    )
}

fn streak_of(s: &RedStreak) -> (String, &'static str, String) {
    let how_long = format!(
        "{} kvartaler i træk, siden {}",
        s.quarters,
        s.since.danish()
    );
    (s.line.name.clone(), s.parameter.danish(), how_long)
}

/// A colour the data contradicts, as the printed report explains it.
pub struct ContradictionRow {
    pub name: String,
    pub parameter: &'static str,
    pub reported: Cell,
    pub suggested: Cell,
    /// "forventet slut 31-08-2023, baseline 14-10-2022".
    pub why: String,
}

impl ContradictionRow {
    fn of(c: &Contradiction) -> Self {
        let l = &c.line;
        let date = |d: Option<chrono::NaiveDate>| d.map(format_date).unwrap_or_else(|| "–".into());
        let why = match c.parameter {
            Parameter::Tid => format!(
                "forventet slut {}, baseline {}",
                date(l.expected_end),
                date(l.baseline.and_then(|b| b.planned_end))
            ),
            _ => format!(
                "prognose {}, baseline {}",
                format_kroner(l.forecast),
                format_kroner(l.baseline.map_or(0, |b| b.budget))
            ),
        };
        let cell = |colour: Colour| Cell {
            word: colour.danish(),
            class: colour.as_str(),
        };
        Self {
            name: l.name.clone(),
            parameter: c.parameter.danish(),
            reported: cell(c.reported),
            suggested: cell(c.suggested),
            why,
        }
    }
}

/// The report's sections, shared by the printable page and the web page.
#[derive(Template)]
#[template(path = "report_body.html")]
pub struct ReportPage {
    pub quarter: String,
    pub deadline: String,
    pub as_of: String,
    pub headline: Vec<(String, usize)>,
    pub counts: Vec<CountTable>,
    pub parameter_headings: [&'static str; 4],
    pub tables: Vec<Table>,
    pub focus_areas: Vec<Group>,
    pub changes: Vec<Change>,
    pub previous: String,
    pub missing: Vec<MissingRow>,
    pub economy: EconomySummary,
    pub contradicted: Vec<ContradictionRow>,
    /// (project, parameter, "3 kvartaler i træk, siden 3. kvartal 2021").
    pub streaks: Vec<(String, &'static str, String)>,
    /// The road ahead, rendered (`export::ahead`).
    pub road_ahead: String,
    /// (project, parameter, project manager's cell, council's cell, why).
    pub assessed: Vec<(String, &'static str, Cell, Cell, String)>,
    /// "IT-projektrådets vurdering" when the red tables follow the council.
    pub basis_note: Option<&'static str>,
    /// (project, department, ended, due, "overskredet" or "snart", benefits).
    pub follow_ups: Vec<(String, String, String, String, &'static str, i64)>,
    /// Til Chefforum: (project, department, what is asked, the council's recommendation, referred on).
    pub to_chefforum: Vec<(String, String, &'static str, String, String)>,
    pub decision: Option<(String, String, String)>,
}

fn row(line: &ProjectLine, comment: String) -> Row {
    Row {
        name: line.name.clone(),
        programme: line.programme.clone().unwrap_or_default(),
        department: line.department.clone(),
        manager: line.manager.clone().unwrap_or_default(),
        cells: colours(line)
            .into_iter()
            .map(|c| Cell {
                word: colour_word(c),
                class: c.map(|c| c.as_str()).unwrap_or("none"),
            })
            .collect(),
        comment,
    }
}

fn count_table(heading: &'static str, items: &[Count]) -> CountTable {
    CountTable {
        heading,
        items: items.iter().map(|c| (c.name.clone(), c.count)).collect(),
    }
}

fn names(lines: &[ProjectLine]) -> Vec<String> {
    lines.iter().map(|l| l.name.clone()).collect()
}

/// What changed since the quarter before, one list per kind of change.
fn changes_of(changes: &Changes) -> Vec<Change> {
    let cancelled = changes.cancelled.iter();
    let mut list = vec![
        Change {
            heading: "Nye projekter i porteføljen".into(),
            items: names(&changes.new_projects),
        },
        Change {
            heading: "Afsluttede projekter".into(),
            items: names(&changes.completed),
        },
        Change {
            heading: "Udgåede projekter".into(),
            items: cancelled
                .map(|(l, reason)| format!("{} – {reason}", l.name))
                .collect(),
        },
    ];
    list.extend(changes.turned_red.iter().map(|c| Change {
        heading: format!("Blevet rød på {}", c.parameter.danish()),
        items: names(&c.projects),
    }));
    list.extend(changes.turned_green.iter().map(|c| Change {
        heading: format!("Ikke længere rød på {}", c.parameter.danish()),
        items: names(&c.projects),
    }));
    list
}

fn table_of(t: &RedTable) -> Table {
    Table {
        id: format!("roede-{}", t.parameter.as_str()),
        heading: red_heading(t.parameter),
        rows: t.rows.iter().map(|l| row(l, t.comment(l))).collect(),
        total: t.total(),
    }
}

fn focus_area_of(f: &FocusAreaStatus) -> Group {
    Group {
        heading: format!("{} ({})", f.name, f.department),
        rows: f
            .projects
            .iter()
            .map(|l| row(l, l.owner.clone().unwrap_or_default()))
            .collect(),
    }
}

fn missing_of(m: &Missing) -> MissingRow {
    MissingRow {
        name: m.line.name.clone(),
        manager: m.line.manager.clone().unwrap_or_default(),
        email: m.email.clone().unwrap_or_default(),
        department: m.line.department.clone(),
        days: m.days_overdue,
    }
}

impl ReportPage {
    pub fn new(report: &QReport) -> Self {
        let s = &report.summary;
        Self {
            quarter: report.quarter.danish(),
            deadline: format_date(report.deadline),
            as_of: format_date(report.as_of),
            headline: vec![
                ("Igangværende projekter".into(), s.in_progress),
                ("Heraf skal-projekter".into(), s.must_do),
                (
                    "Projekter med et eller flere røde parametre".into(),
                    s.with_red,
                ),
                ("Manglende indrapporteringer".into(), report.missing.len()),
            ],
            counts: vec![
                count_table("Fase", &s.by_phase),
                count_table("Afdeling", &s.by_department),
                count_table("Indsatsområde", &s.by_focus_area),
                count_table("Type", &s.by_kind),
            ],
            parameter_headings: PARAMETER_HEADINGS,
            tables: report.red.iter().map(table_of).collect(),
            focus_areas: report.focus_areas.iter().map(focus_area_of).collect(),
            changes: changes_of(&report.changes),
            previous: report.changes.previous.danish(),
            missing: report.missing.iter().map(missing_of).collect(),
            economy: EconomySummary::of(&report.economy),
            contradicted: report
                .contradicted
                .iter()
                .map(ContradictionRow::of)
                .collect(),
            streaks: report.red_streaks.iter().map(streak_of).collect(),
            road_ahead: super::ahead::road_ahead(&report.road_ahead, report.quarter, false)
                .unwrap_or_default(),
            assessed: report.assessed.iter().map(assessed_of).collect(),
            follow_ups: report
                .follow_ups
                .iter()
                .map(|f| {
                    let when = if f.overdue { "overskredet" } else { "snart" };
                    let (ended, due) = (format_date(f.ended_on), format_date(f.due));
                    (f.name.clone(), f.department.clone(), ended, due, when, f.benefits)
                })
                .collect(),
            to_chefforum: report
                .to_chefforum
                .iter()
                .map(|a| {
                    let asked = match (a.matter, a.cancelled) {
                        (crate::domain::process::Matter::Start, _) => "igangsættelse",
                        (_, true) => "lukning (udgår)",
                        (_, false) => "lukning (afsluttes)",
                    };
                    let on = format_date(a.referred_on);
                    (a.name.clone(), a.department.clone(), asked, a.reason.clone(), on)
                })
                .collect(),
            basis_note: (report.basis == Basis::Council).then_some(
                "De røde tabeller følger IT-projektrådets vurdering, hvor rådet har vurderet en parameter; ellers projektlederens farve.",
            ),
            decision: report.decision.as_ref().map(|d| {
                (
                    format_date(d.meeting_date),
                    d.text.clone(),
                    d.case_number.clone().unwrap_or_default(),
                )
            }),
        }
    }
}

#[derive(Template)]
#[template(path = "report.html")]
struct Standalone {
    quarter: String,
    body: String,
}

/// The report's sections alone, to be placed in a page.
pub fn body(report: &QReport) -> Result<String, askama::Error> {
    ReportPage::new(report).render()
}

/// The printable page on its own.
pub fn page(report: &QReport) -> Result<String, askama::Error> {
    Standalone {
        quarter: report.quarter.danish(),
        body: body(report)?,
    }
    .render()
}

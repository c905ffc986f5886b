//! The road ahead as HTML, for the printed report and the web page alike:
//! milestones due next quarter and moved this one, coming tenders, expiring
//! contracts and future projects, every value already in Danish.

use crate::domain::danish::{format_date, format_kroner};
use crate::domain::quarter::Quarter;
use crate::domain::report::{horizon, RoadAhead, TenderReason};
use askama::Template;

type Future = (
    i32,
    String,
    String,
    &'static str,
    String,
    String,
    &'static str,
);

#[derive(Template)]
#[template(path = "road_ahead.html")]
struct Section {
    /// The heading level: 4 in the printed report, 2 on its own page.
    level: u8,
    links: bool,
    quarter: String,
    next_quarter: String,
    horizon_end: String,
    due: Vec<(String, i32, String, String)>,
    moved: Vec<(i32, String, String, String, String, String)>,
    tenders: Vec<(i32, String, String, String)>,
    contracts: Vec<(String, i32, String, String)>,
    future: Vec<Future>,
}

/// "321 dage senere", "14 dage tidligere".
fn how_far(days: i64) -> String {
    let word = if days.abs() == 1 { "dag" } else { "dage" };
    let way = if days > 0 { "senere" } else { "tidligere" };
    format!("{} {word} {way}", days.abs())
}

/// The section's HTML; `page` gives it its own page's headings and links.
pub fn road_ahead(r: &RoadAhead, quarter: Quarter, page: bool) -> Result<String, askama::Error> {
    Section {
        level: if page { 2 } else { 4 },
        links: page,
        quarter: quarter.danish(),
        next_quarter: quarter.next().danish(),
        horizon_end: format_date(horizon(quarter).1),
        due: r
            .due_next_quarter
            .iter()
            .map(|m| {
                let name = if m.tender {
                    format!("{} (udbud)", m.name)
                } else {
                    m.name.clone()
                };
                (format_date(m.date), m.project_id, m.project.clone(), name)
            })
            .collect(),
        moved: r
            .moved
            .iter()
            .map(|m| {
                let (from, to) = (format_date(m.from), format_date(m.to));
                (
                    m.project_id,
                    m.project.clone(),
                    m.name.clone(),
                    from,
                    to,
                    how_far(m.days),
                )
            })
            .collect(),
        tenders: r
            .tenders
            .iter()
            .map(|t| {
                let why = match &t.reason {
                    TenderReason::Phase(phase) => format!("I fasen {phase}"),
                    TenderReason::Milestone { name, date } => {
                        format!("{name}, {}", format_date(*date))
                    }
                };
                (t.project_id, t.project.clone(), t.department.clone(), why)
            })
            .collect(),
        contracts: r
            .expiring_contracts
            .iter()
            .map(|c| {
                let date = format_date(c.contract_end);
                (date, c.project_id, c.project.clone(), c.department.clone())
            })
            .collect(),
        future: r
            .future_projects
            .iter()
            .map(|p| {
                (
                    p.project_id,
                    p.name.clone(),
                    p.department.clone(),
                    p.state.danish(),
                    p.start_date.map(format_date).unwrap_or_else(|| "–".into()),
                    format_kroner(p.forecast),
                    if p.must_do { "ja" } else { "nej" },
                )
            })
            .collect(),
    }
    .render()
}

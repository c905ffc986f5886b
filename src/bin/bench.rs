//! The national-scale benchmark: generates 10,000 projects with ten years of
//! quarterly status in a fresh database, then times the Q-report against one
//! hand-written SQL query for the same red tables, the XLSX export, and the
//! import of a 10,000-project CSV. Figures are medians of repeated runs in
//! this process; the ratio against the bare query is what to compare.
//!
//!   cargo run --release --bin bench -- sqlite:///tmp/bench.db
//!   cargo run --release --bin bench -- postgres://postgres@127.0.0.1/bench

use chrono::Datelike;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Date, Integer, Nullable, Text};
use portefolje::db::schema::{departments, people, projects, quarters, status_reports};
use portefolje::db::{write_transaction, DatabaseUrl, Db, DbConnection};
use portefolje::domain::collation::sort_key;
use portefolje::domain::quarter::Quarter;
use portefolje::domain::report::PortfolioFilter;
use portefolje::error::AppError;
use std::time::{Duration, Instant};

const PROJECTS: usize = 10_000;
const DEPARTMENTS: usize = 100;
const PROGRAMMES: usize = 20;
const QUARTERS: usize = 40;
const PEOPLE: usize = 1_000;

/// A small deterministic generator, so every run builds the same portfolio.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn quarters() -> Vec<Quarter> {
    let first = Quarter::new(2016, 1).expect("valid");
    std::iter::successors(Some(first), |q| Some(q.next()))
        .take(QUARTERS)
        .collect()
}

/// Inserted in batches on the inner connection: the MultiConnection enum does
/// not take multi-row inserts.
macro_rules! batch_insert {
    ($conn:expr, $table:expr, $rows:expr) => {
        for chunk in $rows.chunks(500) {
            match $conn {
                DbConnection::Sqlite(c) => diesel::insert_into($table).values(chunk).execute(c)?,
                DbConnection::Postgres(c) => {
                    diesel::insert_into($table).values(chunk).execute(c)?
                }
            };
        }
    };
}

#[derive(Insertable)]
#[diesel(table_name = status_reports)]
struct Report {
    project_id: i32,
    quarter: String,
    version: i32,
    is_latest: bool,
    ressourcer: &'static str,
    ressourcer_comment: String,
    leverancer: &'static str,
    leverancer_comment: String,
    tid: &'static str,
    tid_comment: String,
    okonomi: &'static str,
    okonomi_comment: String,
    comment: String,
    reported_by: Option<i32>,
    reported_at: chrono::NaiveDateTime,
}

fn generate(conn: &mut DbConnection) -> Result<usize, AppError> {
    let mut rng = Rng(0x5eed_1234_abcd);
    let now = portefolje::db::now();
    let deps: Vec<_> = (1..=DEPARTMENTS)
        .map(|i| {
            (
                departments::name.eq(format!("Afdeling {i:03}")),
                departments::code.eq(format!("A{i:03}")),
                departments::directorate.eq("Direktion"),
            )
        })
        .collect();
    batch_insert!(conn, departments::table, deps);
    let dep_ids: Vec<i32> = departments::table.select(departments::id).load(conn)?;
    let persons: Vec<_> = (1..=PEOPLE)
        .map(|i| {
            (
                people::name.eq(format!("Projektleder {i:04}")),
                people::email.eq(format!("pl{i:04}@kommune.dk")),
                people::role.eq("project_manager"),
            )
        })
        .collect();
    batch_insert!(conn, people::table, persons);
    let person_ids: Vec<i32> = people::table.select(people::id).load(conn)?;
    let qs = quarters();
    let qrows: Vec<_> = qs
        .iter()
        .enumerate()
        .map(|(i, q)| {
            (
                quarters::code.eq(q.to_string()),
                quarters::deadline.eq(q.last_day()),
                quarters::state.eq(if i + 1 == qs.len() { "open" } else { "closed" }),
            )
        })
        .collect();
    batch_insert!(conn, quarters::table, qrows);
    let phase_ids: Vec<i32> = portefolje::db::schema::phases::table
        .select(portefolje::db::schema::phases::id)
        .load(conn)?;

    // Projects: start in a random quarter; a third ends (completed or cancelled) later.
    let mut spans = Vec::with_capacity(PROJECTS);
    let mut rows = Vec::with_capacity(PROJECTS);
    for i in 0..PROJECTS {
        let name = if i < PROGRAMMES {
            format!("Program {i:02}")
        } else {
            format!(
                "Projekt {i:05} – {}",
                ["Økonomi", "Ærø", "Åben data", "Citizen", "Telemedicin"][i % 5]
            )
        };
        // Most projects run for years: about 300,000 reports over 40 quarters.
        let start = rng.below(12) as usize;
        let end = if rng.below(3) == 0 {
            Some((start + 8 + rng.below(20) as usize).min(QUARTERS - 1))
        } else {
            None
        };
        let state = match end {
            None => "active",
            Some(_) if rng.below(4) == 0 => "cancelled",
            Some(_) => "completed",
        };
        spans.push((start, end));
        rows.push((
            projects::name.eq(name.clone()),
            projects::sort_key.eq(sort_key(&name)),
            projects::search_text.eq(name.to_lowercase()),
            projects::department_id.eq(dep_ids[i % dep_ids.len()]),
            projects::manager_id.eq(Some(person_ids[rng.below(PEOPLE as u64) as usize])),
            projects::phase_id.eq(phase_ids[i % phase_ids.len()]),
            projects::kind.eq(if i % 3 == 0 {
                "strategic"
            } else {
                "operational"
            }),
            projects::must_do.eq(i % 5 < 2),
            projects::start_date.eq(Some(qs[start].first_day())),
            projects::state.eq(state),
            projects::cancel_reason.eq((state == "cancelled").then_some("Stoppet af Chefforum")),
            projects::ended_on.eq(end.map(|e| qs[e].last_day())),
            projects::created_at.eq(now),
            projects::updated_at.eq(now),
        ));
    }
    batch_insert!(conn, projects::table, rows);
    let ids: Vec<i32> = projects::table
        .order(projects::id)
        .select(projects::id)
        .load(conn)?;
    for (i, id) in ids.iter().enumerate().skip(PROGRAMMES) {
        if i % 10 == 0 {
            diesel::update(projects::table.find(id))
                .set(projects::parent_id.eq(ids[i % PROGRAMMES]))
                .execute(conn)?;
        }
    }

    // Status: one report per project in progress per quarter; 20% red somewhere; 5% corrected.
    let colours = ["green", "yellow", "red"];
    let mut reports = Vec::new();
    for (qi, q) in qs.iter().enumerate() {
        for (pi, id) in ids.iter().enumerate() {
            let (start, end) = spans[pi];
            if qi < start || end.is_some_and(|e| qi > e) {
                continue;
            }
            let red = rng.below(5) == 0;
            let versions = if rng.below(20) == 0 { 2 } else { 1 };
            for v in 1..=versions {
                let mut c = [0usize; 4];
                for slot in c.iter_mut() {
                    *slot = rng.below(2) as usize;
                }
                if red {
                    c[rng.below(4) as usize] = 2;
                }
                let comment = |k: usize| {
                    if c[k] == 2 {
                        "Forsinket hos leverandøren".to_string()
                    } else {
                        String::new()
                    }
                };
                reports.push(Report {
                    project_id: *id,
                    quarter: q.to_string(),
                    version: v,
                    is_latest: v == versions,
                    ressourcer: colours[c[0]],
                    ressourcer_comment: comment(0),
                    leverancer: colours[c[1]],
                    leverancer_comment: comment(1),
                    tid: colours[c[2]],
                    tid_comment: comment(2),
                    okonomi: colours[c[3]],
                    okonomi_comment: comment(3),
                    comment: String::new(),
                    reported_by: None,
                    reported_at: now,
                });
            }
        }
    }
    let count = reports.len();
    batch_insert!(conn, status_reports::table, reports);
    sections(conn, &mut rng, &ids, &spans)?;
    Ok(count)
}

/// What the report's newer sections read: each project's economy and
/// baseline, two milestones a project (one in ten moved), the council's
/// assessment of one project in twenty, and benefits of completed projects.
fn sections(
    conn: &mut DbConnection,
    rng: &mut Rng,
    ids: &[i32],
    spans: &[(usize, Option<usize>)],
) -> Result<(), AppError> {
    use portefolje::db::schema::{
        baselines, benefits, council_assessments, milestone_moves, milestones, project_economy,
    };
    let qs = quarters();
    let now = portefolje::db::now();
    let mut economy = vec![];
    let mut plans = vec![];
    let mut stones = vec![];
    for (i, id) in ids.iter().enumerate() {
        let (start, end) = spans[i];
        let planned = qs[(start + 12).min(QUARTERS - 1)].last_day();
        let budget = 100_000 * (1 + rng.below(50) as i64);
        economy.push((
            project_economy::project_id.eq(*id),
            project_economy::forecast.eq(Some(budget * (90 + rng.below(40) as i64) / 100)),
            project_economy::operating_from.eq(Some(planned.year() + 1)),
            project_economy::benefit_yearly.eq(budget / 5),
            project_economy::contract_end
                .eq((i % 7 == 0).then(|| planned.with_year(planned.year() + 3).unwrap_or(planned))),
        ));
        plans.push((
            baselines::project_id.eq(*id),
            baselines::planned_end.eq(Some(planned)),
            baselines::budget.eq(budget),
            baselines::reason.eq("Plan ved godkendelse"),
            baselines::set_at.eq(now),
            baselines::is_current.eq(true),
        ));
        for (k, at) in [start + 4, start + 10].into_iter().enumerate() {
            let day = qs[at.min(QUARTERS - 1)].last_day();
            stones.push((
                milestones::project_id.eq(*id),
                milestones::name.eq(if k == 0 {
                    "Udbud afsluttet"
                } else {
                    "Idriftsættelse"
                }),
                milestones::tender.eq(k == 0),
                milestones::planned.eq(day),
                milestones::done_on.eq(end.filter(|e| *e < at).map(|_| day)),
                milestones::note.eq(""),
            ));
        }
    }
    batch_insert!(conn, project_economy::table, economy);
    batch_insert!(conn, baselines::table, plans);
    batch_insert!(conn, milestones::table, stones);
    let stone_ids: Vec<i32> = milestones::table
        .order(milestones::id)
        .select(milestones::id)
        .load(conn)?;
    let quarter = qs[QUARTERS - 2];
    let moves: Vec<_> = stone_ids
        .iter()
        .step_by(10)
        .map(|m| {
            (
                milestone_moves::milestone_id.eq(*m),
                milestone_moves::moved_on.eq(quarter.first_day()),
                milestone_moves::from_date.eq(quarter.last_day()),
                milestone_moves::to_date.eq(quarter.next().last_day()),
            )
        })
        .collect();
    batch_insert!(conn, milestone_moves::table, moves);
    let assessed: Vec<_> = ids
        .iter()
        .step_by(20)
        .map(|id| {
            (
                council_assessments::project_id.eq(*id),
                council_assessments::quarter.eq(quarter.to_string()),
                council_assessments::tid.eq(Some("red")),
                council_assessments::tid_comment.eq("Baseline overskredet"),
                council_assessments::ressourcer_comment.eq(""),
                council_assessments::leverancer_comment.eq(""),
                council_assessments::okonomi_comment.eq(""),
                council_assessments::comment.eq(""),
                council_assessments::assessed_at.eq(now),
            )
        })
        .collect();
    batch_insert!(conn, council_assessments::table, assessed);
    let gains: Vec<_> = ids
        .iter()
        .zip(spans)
        .filter(|(_, (_, end))| end.is_some())
        .step_by(3)
        .map(|(id, _)| {
            (
                benefits::project_id.eq(*id),
                benefits::what.eq("Kortere sagsbehandling"),
                benefits::owner.eq(""),
                benefits::measure.eq("Dage pr. sag"),
            )
        })
        .collect();
    batch_insert!(conn, benefits::table, gains);
    Ok(())
}

#[derive(QueryableByName)]
#[allow(dead_code)]
struct RedRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    department: String,
    #[diesel(sql_type = Text)]
    ressourcer: String,
    #[diesel(sql_type = Text)]
    leverancer: String,
    #[diesel(sql_type = Text)]
    tid: String,
    #[diesel(sql_type = Text)]
    okonomi: String,
}

/// The limit: one hand-written query for the rows of all four red tables.
fn bare_red_tables(conn: &mut DbConnection, quarter: Quarter) -> Result<usize, AppError> {
    let sql = "SELECT p.name, d.name AS department, s.ressourcer, s.leverancer, s.tid, s.okonomi \
        FROM status_reports s JOIN projects p ON p.id = s.project_id JOIN departments d ON d.id = p.department_id \
        WHERE s.quarter = QUARTER AND s.is_latest AND p.state <> 'proposed' \
        AND (s.ressourcer = 'red' OR s.leverancer = 'red' OR s.tid = 'red' OR s.okonomi = 'red') ORDER BY p.sort_key";
    let placeholder = match conn {
        DbConnection::Sqlite(_) => "?",
        DbConnection::Postgres(_) => "$1",
    };
    let rows: Vec<RedRow> = diesel::sql_query(sql.replace("QUARTER", placeholder))
        .bind::<Text, _>(quarter.to_string())
        .load(conn)?;
    Ok(rows.len())
}

/// Every column of every row the report reads, decoded.
#[derive(QueryableByName)]
#[allow(dead_code)]
struct ReportRow {
    #[diesel(sql_type = Integer)]
    id: i32,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Nullable<Integer>)]
    parent_id: Option<i32>,
    #[diesel(sql_type = Integer)]
    department_id: i32,
    #[diesel(sql_type = Integer)]
    phase_id: i32,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Bool)]
    must_do: bool,
    #[diesel(sql_type = Nullable<Integer>)]
    focus_area_id: Option<i32>,
    #[diesel(sql_type = Text)]
    state: String,
    #[diesel(sql_type = Nullable<Date>)]
    start_date: Option<chrono::NaiveDate>,
    #[diesel(sql_type = Nullable<Date>)]
    planned_end: Option<chrono::NaiveDate>,
    #[diesel(sql_type = Nullable<Date>)]
    ended_on: Option<chrono::NaiveDate>,
    #[diesel(sql_type = Nullable<Text>)]
    cancel_reason: Option<String>,
    #[diesel(sql_type = Text)]
    department: String,
    #[diesel(sql_type = Text)]
    phase: String,
    #[diesel(sql_type = Integer)]
    phase_position: i32,
    #[diesel(sql_type = Nullable<Text>)]
    manager: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    manager_email: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    owner: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    owner_email: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    programme: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    ressourcer: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    leverancer: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    tid: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    okonomi: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    ressourcer_comment: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    leverancer_comment: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    tid_comment: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    okonomi_comment: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    comment: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    before_ressourcer: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    before_leverancer: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    before_tid: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    before_okonomi: Option<String>,
}

/// A third limit: every row the report's newer sections read (economy,
/// baselines, milestones and moves, the council's assessments, seven earlier
/// quarters' colours and the completed projects), decoded but not processed.
fn bare_section_rows(conn: &mut DbConnection, quarter: Quarter) -> Result<usize, AppError> {
    use diesel::sql_types::BigInt;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let mut earlier = vec![];
    let mut q = quarter;
    for _ in 1..8 {
        q = q.previous();
        earlier.push(format!("'{q}'"));
    }
    let queries = [
        "SELECT COUNT(*) AS n FROM (SELECT e.project_id, e.forecast, e.expected_end, e.operating_from, e.financing_department_id, e.benefit_yearly, e.benefit_from, e.contract_end, b.planned_end, b.budget FROM project_economy e LEFT JOIN baselines b ON b.project_id = e.project_id AND b.is_current) x".to_string(),
        "SELECT COUNT(*) AS n FROM (SELECT m.*, v.moved_on, v.from_date, v.to_date FROM milestones m LEFT JOIN milestone_moves v ON v.milestone_id = m.id) x".to_string(),
        format!("SELECT COUNT(*) AS n FROM council_assessments WHERE quarter = '{quarter}'"),
        format!("SELECT COUNT(*) AS n FROM (SELECT project_id, quarter, ressourcer, leverancer, tid, okonomi FROM status_reports WHERE is_latest AND quarter IN ({})) x", earlier.join(", ")),
        "SELECT COUNT(*) AS n FROM (SELECT p.id, p.name, d.name AS department, p.ended_on FROM projects p JOIN departments d ON d.id = p.department_id WHERE p.state = 'completed') x".to_string(),
    ];
    let mut rows = 0;
    for sql in queries {
        let counted: Vec<Count> = diesel::sql_query(sql).load(conn)?;
        rows += counted.first().map_or(0, |c| c.n) as usize;
    }
    Ok(rows)
}

/// A second limit: one hand-written query for every row the report reads
/// (each project that can be in the quarter, with its names and both
/// quarters' reports), decoded but not processed.
fn bare_report_rows(conn: &mut DbConnection, quarter: Quarter) -> Result<usize, AppError> {
    let sql = "SELECT p.id, p.name, p.parent_id, p.department_id, p.phase_id, p.kind, p.must_do, \
        p.focus_area_id, p.state, p.start_date, p.planned_end, p.ended_on, p.cancel_reason, \
        d.name AS department, ph.name AS phase, ph.position AS phase_position, \
        m.name AS manager, m.email AS manager_email, o.name AS owner, o.email AS owner_email, \
        pp.name AS programme, s.ressourcer, s.leverancer, s.tid, s.okonomi, \
        s.ressourcer_comment, s.leverancer_comment, s.tid_comment, s.okonomi_comment, s.comment, \
        b.ressourcer AS before_ressourcer, b.leverancer AS before_leverancer, \
        b.tid AS before_tid, b.okonomi AS before_okonomi \
        FROM projects p JOIN departments d ON d.id = p.department_id \
        JOIN phases ph ON ph.id = p.phase_id \
        LEFT JOIN people m ON m.id = p.manager_id LEFT JOIN people o ON o.id = p.owner_id \
        LEFT JOIN projects pp ON pp.id = p.parent_id \
        LEFT JOIN status_reports s ON s.project_id = p.id AND s.quarter = $1 AND s.is_latest \
        LEFT JOIN status_reports b ON b.project_id = p.id AND b.quarter = $2 AND b.is_latest \
        WHERE p.state <> 'proposed' AND (p.ended_on IS NULL OR p.ended_on >= $3)";
    let sql = match conn {
        DbConnection::Sqlite(_) => sql.replace('$', "?"),
        DbConnection::Postgres(_) => sql.to_string(),
    };
    let rows: Vec<ReportRow> = diesel::sql_query(sql)
        .bind::<Text, _>(quarter.to_string())
        .bind::<Text, _>(quarter.previous().to_string())
        .bind::<Date, _>(quarter.first_day())
        .load(conn)?;
    Ok(rows.len())
}

/// Every tenth project proposed and scored on every criterion, then the
/// ranking timed (the caller rolls it all back).
fn rank_proposals(c: &mut DbConnection) -> Result<(Duration, Result<usize, AppError>), AppError> {
    use portefolje::db::schema::{criteria, scores};
    let proposed: Vec<i32> = projects::table
        .filter(projects::id.eq(projects::id / 10 * 10))
        .select(projects::id)
        .load(c)?;
    diesel::update(projects::table.filter(projects::id.eq_any(&proposed)))
        .set(projects::state.eq("proposed"))
        .execute(c)?;
    let criteria: Vec<i32> = criteria::table.select(criteria::id).load(c)?;
    for (i, project) in proposed.iter().enumerate() {
        for (k, criterion) in criteria.iter().enumerate() {
            diesel::insert_into(scores::table)
                .values((
                    scores::project_id.eq(project),
                    scores::criterion_id.eq(criterion),
                    scores::score.eq(((i + k) % 6) as i32),
                ))
                .execute(c)?;
        }
    }
    Ok(time(7, || {
        portefolje::app::priorities::priorities(c).map(|p| p.ranking.len())
    }))
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(n: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut last = None;
    let runs = (0..n)
        .map(|_| {
            let start = Instant::now();
            last = Some(f());
            start.elapsed()
        })
        .collect();
    (median(runs), last.expect("at least one run"))
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 1.0 {
        format!("{ms:.3} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

fn main() -> Result<(), String> {
    let url = std::env::args().nth(1).ok_or("usage: bench DATABASE_URL")?;
    let target = DatabaseUrl::parse(&url)?;
    let db = Db::connect(&target, 4)?;
    let backend = target.backend.name();
    let err = |e: AppError| e.to_string();

    let started = Instant::now();
    let reports = db
        .run_blocking(|c| write_transaction(c, generate))
        .map_err(err)?;
    let generated = started.elapsed();
    // No ANALYZE: the service never runs it, and with the statistics SQLite's
    // STAT4 (compiled into the bundled SQLite) re-plans every statement whose
    // bound values changed, which cut project reads by about 40 %.

    let quarter = quarters()[QUARTERS - 2];
    let today = chrono::Utc::now().date_naive();
    let (bare, bare_rows) = time(7, || db.run_blocking(|c| bare_red_tables(c, quarter)));
    let bare_rows = bare_rows.map_err(err)?;
    let (json, report) = time(7, || {
        db.run_blocking(|c| {
            portefolje::reporting::quarter_report(
                c,
                quarter,
                today,
                &PortfolioFilter::default(),
                false,
            )
        })
        .and_then(|r| portefolje::api::reports::json(&r).map(|body| (r, body.len())))
    });
    let (report, json_bytes) = report.map_err(err)?;
    let (rows_limit, row_count) = time(7, || db.run_blocking(|c| bare_report_rows(c, quarter)));
    let row_count = row_count.map_err(err)?;
    let (sections_limit, section_rows) =
        time(7, || db.run_blocking(|c| bare_section_rows(c, quarter)));
    let section_rows = section_rows.map_err(err)?;
    // What GET /api/v1/reports answers when nothing changed since the last
    // build: the cached report and the JSON already serialised.
    let cache = portefolje::reporting::ReportCache::new(db.changes());
    let filter = PortfolioFilter::default();
    let (served, _) = time(7, || {
        db.run_blocking(|c| {
            let r = cache.get_or_build(c, quarter, today, &filter, false)?;
            portefolje::api::reports::json(&r).map(|b| b.len())
        })
    });
    let red_rows: usize = report.report.red.iter().map(|t| t.total()).sum();
    let (xlsx, bytes) = time(3, || {
        db.run_blocking(|c| {
            portefolje::reporting::quarter_report(
                c,
                quarter,
                today,
                &PortfolioFilter::default(),
                false,
            )
        })
        .and_then(|r| {
            portefolje::export::xlsx::workbook(&r.report)
                .map_err(|e| AppError::Internal(e.to_string()))
        })
    });
    let bytes = bytes.map_err(err)?;

    // The council's process at this scale: a proposal's review page, whose
    // duplicate check compares it with every project and the register, and
    // the ranked list of every undecided proposal.
    let first = db
        .run_blocking(portefolje::db::process::project_names)
        .map_err(err)?[0]
        .0;
    let (review, found) = time(7, || {
        db.run_blocking(|c| portefolje::app::proposals::view(c, first).map(|v| v.findings.len()))
    });
    let found = found.map_err(err)?;
    let (ranking, ranked) = db
        .run_blocking(|c| portefolje::db::dry_run_transaction(c, rank_proposals))
        .map_err(err)?;
    let ranked = ranked.map_err(err)?;

    // The import of a 10,000-project spreadsheet into an empty portfolio.
    let mut csv =
        String::from("Projektnavn;Afdeling;Fase;Projektleder;Skal-projekt;Startdato;Budget\n");
    for i in 0..PROJECTS {
        csv.push_str(&format!(
            "Importeret projekt {i:05};A{:03};analyse;pl{:04}@kommune.dk;{};01-01-2024;{}\n",
            i % DEPARTMENTS + 1,
            i % PEOPLE + 1,
            if i % 4 == 0 { "ja" } else { "nej" },
            1000 * i
        ));
    }
    let (import, imported) = time(1, || {
        db.run_blocking(|c| {
            portefolje::db::dry_run_transaction(c, |c| {
                portefolje::import::projects(c, csv.as_bytes())
                    .map(|s| s.len())
                    .map_err(AppError::from)
            })
        })
    });
    let imported = imported.map_err(err)?;

    println!("\n## Benchmark on {backend} ({PROJECTS} projects, {DEPARTMENTS} departments, {PROGRAMMES} programmes, {QUARTERS} quarters, {reports} status reports)\n");
    println!("| measure | median | ratio to the bare query |");
    println!("|---|---|---|");
    println!("| generate the portfolio | {} | – |", ms(generated));
    println!(
        "| bare SQL: red rows of {quarter} ({bare_rows} rows) | {} | 1.0× |",
        ms(bare)
    );
    println!(
        "| bare SQL: every row the report reads ({row_count} projects with both quarters' reports) | {} | {:.1}× |",
        ms(rows_limit),
        rows_limit.as_secs_f64() / bare.as_secs_f64()
    );
    println!(
        "| bare SQL: every row the newer sections read ({section_rows} rows: economy and baselines, milestones and moves, assessments, seven earlier quarters' colours, completed projects) | {} | {:.1}× |",
        ms(sections_limit),
        sections_limit.as_secs_f64() / bare.as_secs_f64()
    );
    let all_rows = rows_limit + sections_limit;
    println!(
        "| Q-report {quarter} as JSON with every section, built from the database ({red_rows} red-table rows, {} KiB) | {} | {:.1}× ({:.1}× the rows it reads) |",
        json_bytes / 1024,
        ms(json),
        json.as_secs_f64() / bare.as_secs_f64(),
        json.as_secs_f64() / all_rows.as_secs_f64()
    );
    println!(
        "| Q-report {quarter} as JSON, served again with nothing changed (from the cache) | {} | {:.2}× |",
        ms(served),
        served.as_secs_f64() / bare.as_secs_f64()
    );
    println!(
        "| Q-report {quarter} as XLSX ({} KiB) | {} | {:.1}× |",
        bytes.len() / 1024,
        ms(xlsx),
        xlsx.as_secs_f64() / bare.as_secs_f64()
    );
    println!(
        "| import {imported} projects from CSV (checked, then rolled back) | {} | target < 2 s |",
        ms(import)
    );
    println!(
        "| a proposal's review page: the duplicate check against {PROJECTS} projects and the register ({found} found) | {} | {:.1}× |",
        ms(review),
        review.as_secs_f64() / bare.as_secs_f64()
    );
    println!(
        "| the priorities: {ranked} undecided proposals ranked, law first | {} | {:.1}× |",
        ms(ranking),
        ranking.as_secs_f64() / bare.as_secs_f64()
    );
    Ok(())
}

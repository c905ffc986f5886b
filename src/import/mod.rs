//! CSV import of the council's spreadsheet. The seed data goes through the
//! same code. A file with any bad row imports nothing: the caller runs an
//! importer inside one transaction and rolls back on any error.

pub mod csv_input;
pub mod seed;

use crate::db::departments::DepartmentData;
use crate::db::focus_areas::FocusAreaData;
use crate::db::people::PersonData;
use crate::db::quarters::QuarterRow;
use crate::db::status::Reporter;
use crate::db::strategies::StrategyData;
use crate::db::{self, DbConnection};
use crate::domain::danish::{parse_bool, parse_date, parse_kroner};
use crate::domain::economy::{EconomyPlan, ForecastInput};
use crate::domain::project::{Kind, Lifecycle, ProjectDraft, ProjectInput};
use crate::domain::quarter::{Quarter, QuarterState};
use crate::domain::status::{Colour, StatusReport, COMMENT_MAX};
use crate::domain::text::{email, free_text, required_name};
use crate::domain::Problem;
use crate::error::AppError;
use csv_input::{Fault, LineError, Row};
use diesel::Connection;
use std::collections::HashMap;

/// What an import stored, item by item, so the caller can put each in the
/// audit trail as the API would.
#[derive(Debug)]
// One import holds items of one kind, mostly status versions: boxing them
// would add an allocation per row and save nothing.
#[allow(clippy::large_enum_variant)]
pub enum Stored {
    /// A project created, by id.
    Project(i32),
    /// A department created.
    Department(db::departments::DepartmentRow),
    /// A person created.
    Person(db::people::PersonRow),
    /// A person created because a project sheet named them by an e-mail
    /// nobody had: not one of the file's rows, but listed to the importer.
    NamedPerson(db::people::PersonRow),
    /// A new status version, with the version it replaced as the one that counts.
    Status {
        before: Option<db::status::StatusRow>,
        after: db::status::StatusRow,
    },
}

#[derive(Debug)]
pub enum ImportError {
    /// Bad rows, each with its line number and reason.
    Rows(Vec<LineError>),
    /// The database failed; nothing about the file.
    Failed(AppError),
}

impl From<ImportError> for AppError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::Rows(lines) => AppError::Rows {
                message: format!(
                    "{} bad line(s) in the file; nothing was imported",
                    lines.len()
                ),
                lines: lines.into_iter().map(line_problem).collect(),
            },
            ImportError::Failed(e) => e,
        }
    }
}

impl From<AppError> for ImportError {
    fn from(e: AppError) -> Self {
        Self::Failed(e)
    }
}

/// A bad line as the API and the pages show it: the English message, the
/// stable code and the column for clients, the rest for the Danish page.
fn line_problem(l: LineError) -> crate::error::LineProblem {
    let f = l.fault;
    crate::error::LineProblem {
        line: l.line,
        message: f.message,
        code: f.problem.code(),
        column: f.column,
        problem: f.problem,
        field: f.field,
        value: f.value,
    }
}

/// A row-level database refusal (duplicate, unknown reference) is the row's fault;
/// an outage is not.
fn row_error(line: usize, e: AppError) -> Result<LineError, ImportError> {
    let fault = match e {
        AppError::Conflict {
            message,
            field,
            problem,
        }
        | AppError::Validation {
            message,
            field,
            problem,
        } => Fault {
            column: None,
            field,
            problem,
            value: None,
            message,
        },
        AppError::NotFound(message) => Fault::whole(Problem::UnknownReference, None, message),
        other => return Err(ImportError::Failed(other)),
    };
    Ok(LineError { line, fault })
}

/// Apply `store` to each row; collect every failure instead of stopping at the first.
/// How a row is stored: alone behind a savepoint, or straight, when the
/// importer has ruled out every database refusal beforehand.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rows {
    Savepoint,
    Checked,
}

fn each_row<T>(
    conn: &mut DbConnection,
    rows: &Sheet,
    mode: Rows,
    mut parse: impl FnMut(&mut DbConnection, &Row) -> Result<T, Fault>,
    mut store: impl FnMut(&mut DbConnection, &Row, T) -> Result<(), AppError>,
) -> Result<usize, ImportError> {
    let mut errors = rows.unreadable.clone();
    for row in rows.iter() {
        match parse(conn, row) {
            Ok(value) => {
                // A savepoint per row: a refused row (say, a duplicate) rolls back
                // alone, so PostgreSQL's transaction stays usable for the rest.
                let stored = match mode {
                    Rows::Savepoint => conn.transaction(|c| store(c, row, value)),
                    Rows::Checked => store(conn, row, value),
                };
                if let Err(e) = stored {
                    errors.push(row_error(row.line, e)?);
                }
            }
            Err(fault) => errors.push(LineError {
                line: row.line,
                fault: shortened(fault),
            }),
        }
    }
    errors.sort_by_key(|e| e.line);
    if errors.is_empty() {
        Ok(rows.len())
    } else {
        Err(ImportError::Rows(errors))
    }
}

/// Messages quote the bad value; a 5 MB cell is quoted by its beginning.
fn shortened(mut fault: Fault) -> Fault {
    fn cut(text: String, max: usize) -> String {
        if text.chars().count() <= max {
            text
        } else {
            format!("{}…", text.chars().take(max).collect::<String>())
        }
    }
    fault.message = cut(fault.message, 300);
    fault.value = fault.value.map(|v| cut(v, 100));
    fault
}

/// A file's readable rows, and the lines that could not be read at all,
/// which are reported with the rows' own faults.
struct Sheet {
    rows: Vec<Row>,
    unreadable: Vec<LineError>,
}

impl std::ops::Deref for Sheet {
    type Target = [Row];

    fn deref(&self) -> &[Row] {
        &self.rows
    }
}

fn read(bytes: &[u8], required: &[&[&str]]) -> Result<Sheet, ImportError> {
    let (rows, unreadable) = csv_input::read(bytes, required).map_err(ImportError::Rows)?;
    Ok(Sheet { rows, unreadable })
}

/// Names to ids, case-insensitive, for resolving the spreadsheet's references.
struct Lookup {
    /// What it finds, as the English message names it ("department").
    what: &'static str,
    ids: HashMap<String, i32>,
}

impl Lookup {
    fn new(what: &'static str, pairs: impl IntoIterator<Item = (String, i32)>) -> Self {
        let ids = pairs
            .into_iter()
            .map(|(k, v)| (k.trim().to_lowercase(), v))
            .collect();
        Self { what, ids }
    }

    fn get(&self, name: &str) -> Option<i32> {
        self.ids.get(&name.trim().to_lowercase()).copied()
    }

    /// The id of what `column` names, or the line's fault.
    fn find(&self, column: &str, name: &str) -> Result<i32, Fault> {
        self.get(name).ok_or_else(|| {
            let message = format!("unknown {} '{name}'", self.what);
            Fault::at(column, Problem::UnknownReference, name, message)
        })
    }

    /// What `column` holds, looked up, when it holds anything.
    fn cell(&self, r: &Row, columns: &[&str]) -> Result<Option<i32>, Fault> {
        r.get(columns).map(|v| self.find(columns[0], v)).transpose()
    }

    /// What `column` must hold, looked up.
    fn required(&self, r: &Row, columns: &[&str]) -> Result<i32, Fault> {
        self.find(columns[0], r.required(columns)?)
    }

    fn insert(&mut self, name: &str, id: i32) {
        self.ids.insert(name.trim().to_lowercase(), id);
    }
}

fn departments_lookup(conn: &mut DbConnection) -> Result<Lookup, AppError> {
    let rows = db::departments::list(conn)?;
    Ok(Lookup::new(
        "department",
        rows.into_iter()
            .flat_map(|d| [(d.name, d.id), (d.code, d.id)]),
    ))
}

fn people_lookup(conn: &mut DbConnection) -> Result<Lookup, AppError> {
    let rows = db::people::list(conn)?;
    Ok(Lookup::new(
        "person",
        rows.into_iter()
            .flat_map(|p| [(p.name, p.id), (p.email, p.id)]),
    ))
}

const NAME: &[&str] = &["Navn", "Name"];

/// The Navn column, checked as every name is.
fn name_cell(r: &Row) -> Result<String, Fault> {
    let name = r.required(NAME)?;
    required_name("Navn", name, crate::domain::reference::NAME_MAX)
        .map_err(Fault::rule("Navn", name))
}

pub fn departments(conn: &mut DbConnection, bytes: &[u8]) -> Result<Vec<Stored>, ImportError> {
    let rows = read(bytes, &[NAME, &["Kode", "Code"]])?;
    let mut stored = Vec::with_capacity(rows.len());
    each_row(
        conn,
        &rows,
        Rows::Savepoint,
        |_, r| {
            Ok(DepartmentData {
                name: name_cell(r)?,
                code: {
                    let code = r.required(&["Kode", "Code"])?;
                    required_name("Kode", code, crate::domain::reference::CODE_MAX)
                        .map_err(Fault::rule("Kode", code))?
                },
                directorate: r
                    .get(&["Direktørområde", "Directorate"])
                    .unwrap_or("")
                    .to_string(),
            })
        },
        |c, _, data| {
            stored.push(Stored::Department(db::departments::create(c, &data)?));
            Ok(())
        },
    )?;
    Ok(stored)
}

pub fn people(conn: &mut DbConnection, bytes: &[u8]) -> Result<Vec<Stored>, ImportError> {
    let rows = read(bytes, &[NAME, &["E-mail", "Email"]])?;
    let departments = departments_lookup(conn)?;
    let mut stored = Vec::with_capacity(rows.len());
    each_row(
        conn,
        &rows,
        Rows::Savepoint,
        |_, r| {
            Ok(PersonData {
                name: name_cell(r)?,
                email: {
                    let address = r.required(&["E-mail", "Email"])?;
                    email("E-mail", address).map_err(Fault::rule("E-mail", address))?
                },
                department_id: departments.cell(r, &["Afdeling", "Department"])?,
            })
        },
        |c, _, data| {
            stored.push(Stored::Person(db::people::create(c, &data)?));
            Ok(())
        },
    )?;
    Ok(stored)
}

fn year(r: &Row, header: &str) -> Result<i32, Fault> {
    let value = r.required(&[header])?;
    value
        .parse()
        .ok()
        .filter(|y| (1900..=2999).contains(y))
        .ok_or_else(|| {
            let message = format!("{header} '{value}' is not a year");
            Fault::at(header, Problem::OutOfRange, value, message)
        })
}

pub fn strategies(conn: &mut DbConnection, bytes: &[u8]) -> Result<usize, ImportError> {
    let rows = read(bytes, &[NAME, &["Fra"], &["Til"]])?;
    each_row(
        conn,
        &rows,
        Rows::Savepoint,
        |_, r| {
            let (start_year, end_year) = (year(r, "Fra")?, year(r, "Til")?);
            if end_year < start_year {
                let to = end_year.to_string();
                let message = "Til is before Fra";
                return Err(Fault::at("Til", Problem::EndBeforeStart, &to, message));
            }
            Ok(StrategyData {
                name: name_cell(r)?,
                description: r.get(&["Beskrivelse"]).unwrap_or("").to_string(),
                start_year,
                end_year,
            })
        },
        |c, _, data| db::strategies::create(c, &data).map(|_| ()),
    )
}

pub fn focus_areas(conn: &mut DbConnection, bytes: &[u8]) -> Result<usize, ImportError> {
    let rows = read(bytes, &[&["Strategi"], NAME, &["Afdeling"]])?;
    let departments = departments_lookup(conn)?;
    let strategies = Lookup::new(
        "strategy",
        db::strategies::list(conn)?
            .into_iter()
            .map(|s| (s.name, s.id)),
    );
    each_row(
        conn,
        &rows,
        Rows::Savepoint,
        |_, r| {
            Ok(FocusAreaData {
                strategy_id: strategies.required(r, &["Strategi"])?,
                name: name_cell(r)?,
                description: r.get(&["Beskrivelse"]).unwrap_or("").to_string(),
                department_id: departments.required(r, &["Afdeling"])?,
            })
        },
        |c, _, data| db::focus_areas::create(c, &data).map(|_| ()),
    )
}

pub fn quarters(conn: &mut DbConnection, bytes: &[u8]) -> Result<usize, ImportError> {
    let rows = read(bytes, &[&["Kvartal"], &["Frist"]])?;
    each_row(
        conn,
        &rows,
        Rows::Savepoint,
        |_, r| {
            let code = r.required(&["Kvartal"])?;
            let quarter = Quarter::parse("Kvartal", code).map_err(Fault::rule("Kvartal", code))?;
            let deadline = required_date(r, "Frist")?;
            let state = match r.get(&["Status"]) {
                Some(s) => QuarterState::parse("Status", s).map_err(Fault::rule("Status", s))?,
                None => QuarterState::Open,
            };
            Ok(QuarterRow::new(quarter, deadline, state))
        },
        |c, _, row| db::quarters::create(c, &row).map(|_| ()),
    )
}

/// The plans projects were approved with, where they differ from today's
/// plan (the demo seed's history): each listed project's baseline becomes
/// the one given, as its baseline at approval.
pub fn baselines(conn: &mut DbConnection, bytes: &[u8]) -> Result<usize, ImportError> {
    let rows = read(bytes, &[PROJECT, &["Budget"], &["Begrundelse"]])?;
    let projects = project_names(conn)?;
    each_row(
        conn,
        &rows,
        Rows::Savepoint,
        |_, r| {
            let project = projects.required(r, PROJECT)?;
            let reason = r.required(&["Begrundelse"])?;
            let (baseline, reason) = crate::domain::tolerance::rebaselined(
                date(r, "Slutdato")?,
                kroner(r, "Budget")?,
                reason,
            )
            .map_err(|mut problems| Fault::from(problems.remove(0)))?;
            Ok((project, baseline, reason))
        },
        |c, _, (project, baseline, reason)| {
            db::baselines::replace_initial(c, project, baseline, &reason)
        },
    )
}

/// The register of systems (the demo seed's, named in the minutes): name,
/// supplier, owning department (blank: shared), functions, contract end.
pub fn systems(conn: &mut DbConnection, bytes: &[u8]) -> Result<usize, ImportError> {
    let rows = read(bytes, &[&["System"], &["Funktioner"]])?;
    let departments = departments_lookup(conn)?;
    each_row(
        conn,
        &rows,
        Rows::Savepoint,
        |_, r| {
            let functions = [r.get(&["Funktioner"]).unwrap_or_default().to_string()];
            let (name, supplier, functions) = crate::domain::process::check_system(
                r.required(&["System"])?,
                r.get(&["Leverandør"]).unwrap_or_default(),
                &functions,
            )
            .map_err(Fault::from)?;
            Ok(db::systems::SystemData {
                name,
                supplier,
                department_id: departments.cell(r, &["Afdeling"])?,
                functions,
                contract_end: date(r, "Kontraktudløb")?,
            })
        },
        |c, _, system| db::systems::create(c, &system).map(|_| ()),
    )
}

/// Milestones by project name (the demo seed's, from the minutes): a moved
/// one names its new date and the day it was moved ("Flyttet den").
pub fn milestones(conn: &mut DbConnection, bytes: &[u8]) -> Result<usize, ImportError> {
    let rows = read(bytes, &[PROJECT, &["Milepæl"], &["Planlagt"]])?;
    let projects = project_names(conn)?;
    each_row(
        conn,
        &rows,
        Rows::Savepoint,
        |_, r| {
            let project = projects.required(r, PROJECT)?;
            let tender = r.get(&["Udbud"]).unwrap_or("nej");
            let input = crate::domain::milestone::MilestoneInput {
                name: r.required(&["Milepæl"])?.to_string(),
                tender: parse_bool(tender).ok_or_else(|| {
                    let message = format!("Udbud '{tender}' is not ja or nej");
                    Fault::at("Udbud", Problem::UnknownValue, tender, message)
                })?,
                planned: date(r, "Planlagt")?,
                moved_to: None,
                done_on: date(r, "Nået")?,
                note: String::new(),
            };
            let milestone = crate::domain::milestone::Milestone::check(input)
                .map_err(|mut p| Fault::from(p.remove(0)))?;
            let moved = match date(r, "Ny dato")? {
                Some(to) => Some((to, required_date(r, "Flyttet den")?)),
                None => None,
            };
            Ok((project, milestone, moved))
        },
        |c, _, (project, mut milestone, moved)| {
            let row = db::milestones::create(c, project, &milestone)?;
            if let Some((to, on)) = moved {
                let shift = crate::domain::milestone::move_between(milestone.planned, to, on);
                milestone.moved_to = Some(to);
                db::milestones::update(c, row.id, &milestone, shift)?;
            }
            Ok(())
        },
    )
}

/// Roles and password hashes of existing people (the demo seed's accounts).
pub fn accounts(conn: &mut DbConnection, bytes: &[u8]) -> Result<usize, ImportError> {
    let rows = read(bytes, &[&["E-mail", "Email"], &["Rolle", "Role"]])?;
    let people = people_lookup(conn)?;
    each_row(
        conn,
        &rows,
        Rows::Savepoint,
        |_, r| {
            let person = people.required(r, &["E-mail", "Email"])?;
            let role_text = r.required(&["Rolle", "Role"])?;
            let role = crate::domain::access::Role::parse("Rolle", role_text)
                .map_err(Fault::rule("Rolle", role_text))?;
            let hash = r.get(&["Adgangskode-hash"]).map(str::to_string);
            if let Some(bad) = hash.as_deref().filter(|h| !h.starts_with("$argon2id$")) {
                let message =
                    "Adgangskode-hash must be an argon2id hash (see the hash_password tool)";
                return Err(Fault::at(
                    "Adgangskode-hash",
                    Problem::Malformed,
                    bad,
                    message,
                ));
            }
            Ok((person, role, hash))
        },
        |c, _, (person, role, hash)| {
            db::access::set_role(c, person, role)?;
            if let Some(hash) = hash {
                db::access::set_password_hash(c, person, &hash)?;
            }
            Ok(())
        },
    )
}

const PROJECT: &[&str] = &["Projektnavn", "Projekt", "Name"];

fn date(r: &Row, header: &str) -> Result<Option<chrono::NaiveDate>, Fault> {
    r.get(&[header])
        .map(|v| {
            parse_date(v).ok_or_else(|| {
                let message = format!("{header} '{v}' is not a date (dd-mm-åååå)");
                Fault::at(header, Problem::InvalidDate, v, message)
            })
        })
        .transpose()
}

fn required_date(r: &Row, header: &str) -> Result<chrono::NaiveDate, Fault> {
    r.required(&[header])?;
    Ok(date(r, header)?.unwrap_or_default())
}

fn kroner(r: &Row, header: &str) -> Result<i64, Fault> {
    match r.get(&[header]) {
        None => Ok(0),
        Some(v) => parse_kroner(v).ok_or_else(|| {
            let message = format!("{header} '{v}' is not an amount in whole kroner");
            Fault::at(header, Problem::InvalidNumber, v, message)
        }),
    }
}

/// An amount when the column holds one.
fn optional_kroner(r: &Row, header: &str) -> Result<Option<i64>, Fault> {
    r.get(&[header]).map(|_| kroner(r, header)).transpose()
}

/// A year (2024) when the column holds one.
fn optional_year(r: &Row, header: &str) -> Result<Option<i32>, Fault> {
    r.get(&[header]).map(|_| year(r, header)).transpose()
}

/// What a project row may name: departments, people, phases, focus areas.
struct References {
    departments: Lookup,
    people: Lookup,
    phases: Lookup,
    focus_areas: Lookup,
}

impl References {
    fn load(conn: &mut DbConnection) -> Result<Self, AppError> {
        let focus_areas = db::focus_areas::list(conn)?;
        Ok(Self {
            departments: departments_lookup(conn)?,
            people: people_lookup(conn)?,
            phases: Lookup::new(
                "phase",
                db::phases::list(conn)?.into_iter().map(|p| (p.name, p.id)),
            ),
            focus_areas: Lookup::new(
                "focus area",
                focus_areas.into_iter().map(|f| (f.name, f.id)),
            ),
        })
    }

    /// A row of the project sheet as the domain's input (no programme yet).
    fn project(&self, r: &Row) -> Result<ProjectInput, Fault> {
        let person = |headers: &[&str]| self.people.cell(r, headers);
        let must_do = r.get(&["Skal-projekt", "Skalprojekt"]).unwrap_or("");
        let kind = r.get(&["Type", "Projekttype"]).unwrap_or("operationel");
        let state = r.get(&["Tilstand", "Status"]).unwrap_or("active");
        Ok(ProjectInput {
            name: r.required(PROJECT)?.to_string(),
            description: r.get(&["Beskrivelse"]).unwrap_or("").to_string(),
            case_number: r
                .get(&["Journalnummer", "Sagsnummer", "KLE"])
                .map(str::to_string),
            department_id: self.departments.required(r, &["Afdeling"])?,
            manager_id: person(&[PEOPLE_NAMED[0]])?,
            owner_id: person(&[PEOPLE_NAMED[1]])?,
            phase_id: self.phases.required(r, &["Fase"])?,
            kind: Kind::parse("Type", kind).map_err(Fault::rule("Type", kind))?,
            must_do: parse_bool(must_do).ok_or_else(|| {
                let message = format!("Skal-projekt '{must_do}' is not ja or nej");
                Fault::at("Skal-projekt", Problem::UnknownValue, must_do, message)
            })?,
            focus_area_id: self.focus_areas.cell(r, &["Indsatsområde"])?,
            parent_id: None,
            start_date: date(r, "Startdato")?,
            planned_end: date(r, "Slutdato")?,
            budget: kroner(r, "Budget")?,
            spent: kroner(r, "Forbrug")?,
            operating_cost: kroner(r, "Driftsudgift")?,
            expected_benefits: r
                .get(&["Forventede gevinster", "Gevinster"])
                .unwrap_or("")
                .to_string(),
            state: Lifecycle::parse("Tilstand", state).map_err(Fault::rule("Tilstand", state))?,
            cancel_reason: r.get(&["Begrundelse"]).map(str::to_string),
            ended_on: date(r, "Afsluttet")?,
            economy: EconomyPlan {
                forecast: optional_kroner(r, "Prognose")?,
                operating_from: optional_year(r, "Drift fra")?,
                financing_department_id: self.departments.cell(r, &["Finansierende afdeling"])?,
                benefit_yearly: kroner(r, "Årlig gevinst")?,
                benefit_from: optional_year(r, "Gevinst fra")?,
                contract_end: date(r, "Kontraktudløb")?,
            },
        })
    }
}

/// Every project's name to its id.
fn project_names(c: &mut DbConnection) -> Result<Lookup, AppError> {
    let names = db::projects::all_names(c)?;
    Ok(Lookup::new(
        "project",
        names.into_iter().map(|(id, name)| (name, id)),
    ))
}

/// A programme named in the sheet: (line, project, programme).
type Parent = (usize, String, String);

/// The people the sheet names as manager or owner by an e-mail that no one
/// has yet, created (once each) so the projects can name them. A name that
/// is not an e-mail stays for the row to report as unknown.
fn create_named_people(conn: &mut DbConnection, rows: &[Row]) -> Result<Vec<Stored>, AppError> {
    let known = people_lookup(conn)?;
    let mut wanted: Vec<String> = Vec::new();
    for r in rows {
        for header in PEOPLE_NAMED {
            let Some(typed) = r.get(&[header]) else {
                continue;
            };
            let Ok(address) = email(header, typed) else {
                continue;
            };
            if known.get(&address).is_none() && !wanted.contains(&address) {
                wanted.push(address);
            }
        }
    }
    wanted
        .into_iter()
        .map(|address| {
            let data = PersonData {
                name: crate::domain::text::name_from_email(&address),
                email: address,
                department_id: None,
            };
            db::people::create(conn, &data).map(Stored::NamedPerson)
        })
        .collect()
}

/// The project sheet's columns that name a person.
const PEOPLE_NAMED: [&str; 2] = ["Projektleder", "Projektejer"];

/// Projects by name; the parent programme may be named in the same file, and
/// a manager or owner by an e-mail nobody has yet (created first).
pub fn projects(conn: &mut DbConnection, bytes: &[u8]) -> Result<Vec<Stored>, ImportError> {
    let rows = read(bytes, &[PROJECT, &["Afdeling"], &["Fase"]])?;
    let mut stored = create_named_people(conn, &rows)?;
    let references = References::load(conn)?;
    let mut projects = project_names(conn)?;
    let mut drafts: Vec<ProjectDraft> = Vec::with_capacity(rows.len());
    let mut parents: Vec<Parent> = Vec::new();
    each_row(
        conn,
        &rows,
        // Names are checked against the lookup and references resolved from it.
        Rows::Checked,
        |_, r| ProjectDraft::parse(references.project(r)?).map_err(Fault::from),
        |_, r, draft| {
            // Checked here, not left to the unique index: on PostgreSQL a failed
            // insert would abort the whole transaction and hide the other rows' errors.
            if projects.get(&draft.name).is_some() {
                return Err(AppError::conflict(
                    Some("name"),
                    Problem::DuplicateName,
                    format!("a project named '{}' already exists", draft.name),
                ));
            }
            // Taken; the real id is known after the insert.
            projects.insert(&draft.name, 0);
            if let Some(parent) = r.get(&["Program", "Overordnet program"]) {
                parents.push((r.line, draft.name.clone(), parent.to_string()));
            }
            drafts.push(draft);
            Ok(())
        },
    )?;
    db::projects::insert_many(conn, &drafts)?;
    let projects = set_parents(conn, parents)?;
    for d in &drafts {
        let id = projects
            .get(&d.name)
            .ok_or_else(|| AppError::Internal(format!("imported project {} not found", d.name)))?;
        stored.push(Stored::Project(id));
    }
    Ok(stored)
}

/// Put the new projects in the programmes the sheet names, now that every
/// project has its id; every unknown programme is a bad line.
fn set_parents(conn: &mut DbConnection, parents: Vec<Parent>) -> Result<Lookup, ImportError> {
    let projects = project_names(conn)?;
    let mut errors = Vec::new();
    for (line, name, parent) in parents {
        let id = projects
            .get(&name)
            .ok_or_else(|| AppError::Internal(format!("imported project {name} not found")))?;
        let Some(parent_id) = projects.get(&parent) else {
            let message = format!("unknown programme '{parent}'");
            let fault = Fault::at("Program", Problem::UnknownReference, &parent, message);
            errors.push(LineError { line, fault });
            continue;
        };
        if let Err(e) = db::projects::set_parent(conn, id, parent_id) {
            errors.push(row_error(line, e)?);
        }
    }
    if errors.is_empty() {
        Ok(projects)
    } else {
        Err(ImportError::Rows(errors))
    }
}

/// When a report says it was made: not before its quarter began, not in the future.
fn reported_on(r: &Row, quarter: Quarter) -> Result<Option<chrono::NaiveDate>, Fault> {
    let Some(day) = date(r, "Indrapporteret")? else {
        return Ok(None);
    };
    let today = chrono::Utc::now().date_naive();
    let shown = crate::domain::danish::format_date(day);
    let message = if day < quarter.first_day() {
        let first = crate::domain::danish::format_date(quarter.first_day());
        format!("Indrapporteret {shown} is before {quarter} began ({first})")
    } else if day > today {
        format!("Indrapporteret {shown} is in the future")
    } else {
        return Ok(Some(day));
    };
    Err(Fault::at(
        "Indrapporteret",
        Problem::OutOfRange,
        &shown,
        message,
    ))
}

fn colour(r: &Row, header: &str) -> Result<Colour, Fault> {
    let value = r.required(&[header])?;
    Colour::parse(header, value).map_err(Fault::rule(header, value))
}

/// What a status row may name, and which quarters take its reports.
struct StatusSheet {
    people: Lookup,
    projects: Lookup,
    /// By the one rule the API and the form use (`reporting::reportable`).
    reportable: HashMap<Quarter, Result<(), (Problem, String)>>,
    default_quarter: Option<Quarter>,
}

impl StatusSheet {
    fn load(
        conn: &mut DbConnection,
        history: bool,
        default_quarter: Option<Quarter>,
    ) -> Result<Self, AppError> {
        let projects = db::projects::list(conn, &Default::default(), i64::MAX, 0)?.0;
        let mut reportable = HashMap::new();
        for q in db::quarters::list(conn)? {
            let check = crate::reporting::reportable(conn, q.code, history);
            let refused =
                |e: AppError| (e.problem().unwrap_or(Problem::QuarterClosed), e.to_string());
            reportable.insert(q.code, check.map_err(refused));
        }
        Ok(Self {
            people: people_lookup(conn)?,
            projects: Lookup::new("project", projects.into_iter().map(|p| (p.name, p.id))),
            reportable,
            default_quarter,
        })
    }

    fn quarter(&self, r: &Row) -> Result<Quarter, Fault> {
        let quarter = match (r.get(&["Kvartal"]), self.default_quarter) {
            (Some(q), _) => Quarter::parse("Kvartal", q).map_err(Fault::rule("Kvartal", q))?,
            (None, Some(q)) => q,
            (None, None) => return Err(r.required(&["Kvartal"]).unwrap_err()),
        };
        let code = quarter.to_string();
        match self.reportable.get(&quarter) {
            None => {
                let message = format!("quarter {quarter} does not exist");
                Err(Fault::at(
                    "Kvartal",
                    Problem::UnknownReference,
                    &code,
                    message,
                ))
            }
            Some(Err((problem, message))) => {
                Err(Fault::at("Kvartal", *problem, &code, message.clone()))
            }
            Some(Ok(())) => Ok(quarter),
        }
    }

    /// A row as the project, the quarter, the checked report, who made it
    /// and the economy reported with it (Forbrug, Prognose, Forventet slut).
    fn row(&self, r: &Row) -> Result<StatusLine, Fault> {
        let project = self.projects.required(r, PROJECT)?;
        let quarter = self.quarter(r)?;
        let comment = |h: &str| r.get(&[h]).unwrap_or("").to_string();
        let parameters = [
            (colour(r, "Ressourcer")?, comment("Kommentar ressourcer")),
            (colour(r, "Leverancer")?, comment("Kommentar leverancer")),
            (colour(r, "Tid")?, comment("Kommentar tid")),
            (colour(r, "Økonomi")?, comment("Kommentar økonomi")),
        ];
        let overall_text = r.get(&["Kommentar"]).unwrap_or("");
        let overall = free_text("Kommentar", overall_text, COMMENT_MAX)
            .map_err(Fault::rule("Kommentar", overall_text))?;
        // A sheet with one "Kommentar" column gives its reason to each red
        // parameter that has no comment of its own.
        let parameters = parameters.map(|(colour, own)| match colour {
            Colour::Red if own.trim().is_empty() => (colour, overall.clone()),
            _ => (colour, own),
        });
        let report = StatusReport::new(parameters, &overall).map_err(Fault::from)?;
        let reporter = Reporter {
            person_id: self.people.cell(r, &["Indrapporteret af"])?,
            at: reported_on(r, quarter)?.and_then(|d| d.and_hms_opt(12, 0, 0)),
        };
        let economy = ForecastInput {
            spent: optional_kroner(r, "Forbrug")?,
            forecast: optional_kroner(r, "Prognose")?,
            expected_end: date(r, "Forventet slut")?,
        };
        Ok((project, quarter, report, reporter, economy))
    }
}

type StatusLine = (i32, Quarter, StatusReport, Reporter, ForecastInput);

/// Status reports by project name and quarter (the `Kvartal` column, or
/// `default_quarter` for a file without one). `history` admits closed
/// quarters, for loading reports of quarters already presented.
pub fn status(
    conn: &mut DbConnection,
    bytes: &[u8],
    history: bool,
    default_quarter: Option<Quarter>,
) -> Result<Vec<Stored>, ImportError> {
    let mut required: Vec<&[&str]> = vec![
        PROJECT,
        &["Ressourcer"],
        &["Leverancer"],
        &["Tid"],
        &["Økonomi"],
    ];
    if default_quarter.is_none() {
        required.push(&["Kvartal"]);
    }
    let rows = read(bytes, &required)?;
    let sheet = StatusSheet::load(conn, history, default_quarter)?;
    let mut stored = Vec::with_capacity(rows.len());
    each_row(
        conn,
        &rows,
        Rows::Savepoint,
        |_, r| sheet.row(r),
        |c, _, (project, quarter, report, reporter, economy)| {
            let before = db::status::latest(c, project, quarter)?;
            let report = db::economy::with_reported(c, project, &report, economy)?;
            let after = db::status::report(c, project, quarter, &report, &reporter)?;
            stored.push(Stored::Status { before, after });
            Ok(())
        },
    )?;
    Ok(stored)
}

use super::schema::{project_economy, projects, status_reports};
use super::{now, unique_as_conflict, DbConnection, MultiBackend};
use crate::domain::collation::sort_key;
use crate::domain::economy::EconomyPlan;
use crate::domain::project::{Kind, Lifecycle, ProjectDraft};
use crate::domain::report::PortfolioFilter;
use crate::domain::status::Parameter;
use crate::domain::text::search_text;
use crate::domain::tolerance::{has_baseline, Baseline};
use crate::domain::Problem;
use crate::error::AppError;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use std::collections::HashMap;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = projects)]
pub struct ProjectRow {
    pub id: i32,
    pub name: String,
    pub description: String,
    pub case_number: Option<String>,
    pub department_id: i32,
    pub manager_id: Option<i32>,
    pub owner_id: Option<i32>,
    pub phase_id: i32,
    #[diesel(deserialize_as = String)]
    pub kind: Kind,
    pub must_do: bool,
    pub focus_area_id: Option<i32>,
    pub parent_id: Option<i32>,
    pub start_date: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub budget: i64,
    pub spent: i64,
    pub operating_cost: i64,
    pub expected_benefits: String,
    #[diesel(deserialize_as = String)]
    pub state: Lifecycle,
    pub cancel_reason: Option<String>,
    pub ended_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The stored form of a draft: the draft's fields plus the derived sort and search keys.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = projects, treat_none_as_null = true)]
struct ProjectData<'a> {
    name: &'a str,
    sort_key: String,
    search_text: String,
    description: &'a str,
    case_number: Option<&'a str>,
    department_id: i32,
    manager_id: Option<i32>,
    owner_id: Option<i32>,
    phase_id: i32,
    kind: &'a str,
    must_do: bool,
    focus_area_id: Option<i32>,
    parent_id: Option<i32>,
    start_date: Option<NaiveDate>,
    planned_end: Option<NaiveDate>,
    budget: i64,
    spent: i64,
    operating_cost: i64,
    expected_benefits: &'a str,
    state: &'a str,
    cancel_reason: Option<&'a str>,
    ended_on: Option<NaiveDate>,
}

impl<'a> From<&'a ProjectDraft> for ProjectData<'a> {
    fn from(d: &'a ProjectDraft) -> Self {
        Self {
            name: &d.name,
            sort_key: sort_key(&d.name),
            search_text: search_text(&[&d.name, &d.description]),
            description: &d.description,
            case_number: d.case_number.as_ref().map(|c| c.as_str()),
            department_id: d.department_id,
            manager_id: d.manager_id,
            owner_id: d.owner_id,
            phase_id: d.phase_id,
            kind: d.kind.as_str(),
            must_do: d.must_do,
            focus_area_id: d.focus_area_id,
            parent_id: d.parent_id,
            start_date: d.start_date,
            planned_end: d.planned_end,
            budget: d.budget,
            spent: d.spent,
            operating_cost: d.operating_cost,
            expected_benefits: &d.expected_benefits,
            state: d.state.as_str(),
            cancel_reason: d.cancel_reason.as_deref(),
            ended_on: d.ended_on,
        }
    }
}

/// The project list's filters: the portfolio's own (the same type the
/// report filters by), a parameter red in a quarter, and the order.
#[derive(Debug, Clone, Default)]
pub struct ProjectFilter {
    pub portfolio: PortfolioFilter,
    /// A parameter that is red in the latest report of the given quarter.
    pub red: Option<(Parameter, String)>,
    pub order: ProjectOrder,
}

/// The orders of the project list: by Danish name either way, or the
/// largest amount first (ties by name).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ProjectOrder {
    #[default]
    Name,
    /// Å to A.
    NameDescending,
    Budget,
    /// The expected total cost (the budget when none is known).
    Forecast,
    Spent,
    /// How far the expected total exceeds the budget.
    Overrun,
}

/// Every project has its economy row (created with it, and by the migration
/// for those before), so the list can order by the forecast.
type Boxed<'a> = diesel::helper_types::IntoBoxed<
    'a,
    diesel::helper_types::InnerJoin<projects::table, project_economy::table>,
    MultiBackend,
>;

fn filtered(filter: &ProjectFilter) -> Boxed<'_> {
    let mut q = projects::table
        .inner_join(project_economy::table)
        .into_boxed();
    let f = &filter.portfolio;
    if let Some(v) = f.department_id {
        q = q.filter(projects::department_id.eq(v));
    }
    if let Some(v) = f.phase_id {
        q = q.filter(projects::phase_id.eq(v));
    }
    if let Some(v) = f.kind {
        q = q.filter(projects::kind.eq(v.as_str()));
    }
    if let Some(v) = f.must_do {
        q = q.filter(projects::must_do.eq(v));
    }
    if let Some(v) = f.focus_area_id {
        q = q.filter(projects::focus_area_id.eq(v));
    }
    if let Some(v) = f.state {
        q = q.filter(projects::state.eq(v.as_str()));
    }
    if let Some(v) = f.parent_id {
        q = q.filter(projects::parent_id.eq(v));
    }
    if let Some((parameter, quarter)) = &filter.red {
        q = red_in(q, *parameter, quarter);
    }
    if let Some(text) = &f.text {
        q = q.filter(
            projects::search_text
                .like(format!("%{}%", like_escaped(text)))
                .escape('\\'),
        );
    }
    q
}

/// Only projects whose latest report of `quarter` has `parameter` red.
fn red_in<'a>(q: Boxed<'a>, parameter: Parameter, quarter: &'a str) -> Boxed<'a> {
    // The MultiBackend cannot box a subquery, so each parameter has its own branch.
    let latest = status_reports::table
        .filter(status_reports::quarter.eq(quarter))
        .filter(status_reports::is_latest.eq(true));
    let ids = status_reports::project_id;
    match parameter {
        Parameter::Ressourcer => q.filter(
            projects::id.eq_any(
                latest
                    .filter(status_reports::ressourcer.eq("red"))
                    .select(ids),
            ),
        ),
        Parameter::Leverancer => q.filter(
            projects::id.eq_any(
                latest
                    .filter(status_reports::leverancer.eq("red"))
                    .select(ids),
            ),
        ),
        Parameter::Tid => {
            q.filter(projects::id.eq_any(latest.filter(status_reports::tid.eq("red")).select(ids)))
        }
        Parameter::Okonomi => q.filter(
            projects::id.eq_any(latest.filter(status_reports::okonomi.eq("red")).select(ids)),
        ),
    }
}

/// Search text, lower-cased, with LIKE's own characters taken literally.
fn like_escaped(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

/// One page of projects in Danish name order, and how many match in all.
pub fn list(
    conn: &mut DbConnection,
    filter: &ProjectFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ProjectRow>, i64), AppError> {
    use diesel::dsl::sql;
    use diesel::sql_types::BigInt;
    let total: i64 = filtered(filter).count().get_result(conn)?;
    let forecast = "COALESCE(project_economy.forecast, projects.budget)";
    let by_name = (projects::sort_key.asc(), projects::id.asc());
    let q = filtered(filter);
    let ordered = match filter.order {
        ProjectOrder::Name => q.order(by_name),
        ProjectOrder::NameDescending => q.order((projects::sort_key.desc(), projects::id.desc())),
        ProjectOrder::Budget => q.order(projects::budget.desc()).then_order_by(by_name),
        ProjectOrder::Spent => q.order(projects::spent.desc()).then_order_by(by_name),
        ProjectOrder::Forecast => q
            .order(sql::<BigInt>(forecast).desc())
            .then_order_by(by_name),
        ProjectOrder::Overrun => q
            .order(sql::<BigInt>(&format!("{forecast} - projects.budget")).desc())
            .then_order_by(by_name),
    };
    let rows = ordered
        .limit(limit)
        .offset(offset)
        .select(ProjectRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

pub fn get(conn: &mut DbConnection, id: i32) -> Result<ProjectRow, AppError> {
    find(conn, id)?.ok_or_else(|| AppError::NotFound(format!("project {id} does not exist")))
}

pub fn find(conn: &mut DbConnection, id: i32) -> Result<Option<ProjectRow>, AppError> {
    Ok(projects::table
        .find(id)
        .select(ProjectRow::as_select())
        .first(conn)
        .optional()?)
}

diesel::alias!(
    super::schema::people as managers: ManagersAlias,
    super::schema::people as owners: OwnersAlias,
    projects as parents: ParentsAlias
);

/// A person a project refers to: id, name, e-mail.
pub type PersonColumns = (i32, String, String);

/// A project with the names it refers to.
pub struct NamedProject {
    pub row: ProjectRow,
    pub department: String,
    pub phase: String,
    pub focus_area: Option<String>,
    pub manager: Option<PersonColumns>,
    pub owner: Option<PersonColumns>,
    pub parent: Option<String>,
}

/// The project, department, phase, focus area, manager, owner, programme.
type NamedColumns = (
    ProjectRow,
    String,
    String,
    Option<String>,
    Option<PersonColumns>,
    Option<PersonColumns>,
    Option<String>,
);

/// The query of a project with every name it shows, filtered by `$filter`:
/// one expression for the single read and the batch below. (A boxed query
/// would hide the join's type; a macro keeps the planner's plain equality for
/// the single read, which PostgreSQL plans far better than `= ANY` of one.)
macro_rules! named_projects {
    ($filter:expr) => {{
        use super::schema::{departments, focus_areas, people, phases};
        projects::table
            .inner_join(departments::table)
            .inner_join(phases::table)
            .left_join(focus_areas::table)
            .left_join(managers.on(projects::manager_id.eq(managers.field(people::id).nullable())))
            .left_join(owners.on(projects::owner_id.eq(owners.field(people::id).nullable())))
            .left_join(parents.on(projects::parent_id.eq(parents.field(projects::id).nullable())))
            .filter($filter)
            .select((
                ProjectRow::as_select(),
                departments::name,
                phases::name,
                focus_areas::name.nullable(),
                (
                    managers.field(people::id),
                    managers.field(people::name),
                    managers.field(people::email),
                )
                    .nullable(),
                (
                    owners.field(people::id),
                    owners.field(people::name),
                    owners.field(people::email),
                )
                    .nullable(),
                parents.field(projects::name).nullable(),
            ))
    }};
}

fn named_project(columns: NamedColumns) -> NamedProject {
    let (row, department, phase, focus_area, manager, owner, parent) = columns;
    NamedProject {
        row,
        department,
        phase,
        focus_area,
        manager,
        owner,
        parent,
    }
}

/// One project and every name it shows, in one query: the most frequent read.
pub fn named(conn: &mut DbConnection, id: i32) -> Result<NamedProject, AppError> {
    let found: Option<NamedColumns> = named_projects!(projects::id.eq(id))
        .first(conn)
        .optional()?;
    found
        .map(named_project)
        .ok_or_else(|| AppError::NotFound(format!("project {id} does not exist")))
}

/// Projects with every name they show, a thousand to a query (an import
/// audits ten thousand at once), in no particular order.
pub fn named_many(conn: &mut DbConnection, ids: &[i32]) -> Result<Vec<NamedProject>, AppError> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(1000) {
        let rows: Vec<NamedColumns> = named_projects!(projects::id.eq_any(chunk)).load(conn)?;
        found.extend(rows.into_iter().map(named_project));
    }
    Ok(found)
}

/// The sub-projects of each of these projects: (programme, id, name), in
/// Danish name order.
pub fn children_of_many(
    conn: &mut DbConnection,
    ids: &[i32],
) -> Result<Vec<(i32, i32, String)>, AppError> {
    let mut found = Vec::new();
    for chunk in ids.chunks(1000) {
        let rows: Vec<(Option<i32>, i32, String)> = projects::table
            .filter(projects::parent_id.eq_any(chunk))
            .order((projects::sort_key, projects::id))
            .select((projects::parent_id, projects::id, projects::name))
            .load(conn)?;
        found.extend(
            rows.into_iter()
                .filter_map(|(parent, id, name)| Some((parent?, id, name))),
        );
    }
    Ok(found)
}

pub fn children(conn: &mut DbConnection, id: i32) -> Result<Vec<(i32, String)>, AppError> {
    Ok(projects::table
        .filter(projects::parent_id.eq(id))
        .order((projects::sort_key, projects::id))
        .select((projects::id, projects::name))
        .load(conn)?)
}

/// A project's id with its manager and owner.
pub type ProjectPeople = (i32, Option<i32>, Option<i32>);

/// The manager and owner of each project, in one query.
pub fn people_of(conn: &mut DbConnection, ids: &[i32]) -> Result<Vec<ProjectPeople>, AppError> {
    Ok(projects::table
        .filter(projects::id.eq_any(ids))
        .select((projects::id, projects::manager_id, projects::owner_id))
        .load(conn)?)
}

pub fn names(conn: &mut DbConnection, ids: &[i32]) -> Result<Vec<(i32, String)>, AppError> {
    Ok(projects::table
        .filter(projects::id.eq_any(ids))
        .select((projects::id, projects::name))
        .load(conn)?)
}

/// Every reference must point at something that exists; say which one does not.
fn check_references(
    conn: &mut DbConnection,
    d: &ProjectDraft,
    own_id: Option<i32>,
) -> Result<(), AppError> {
    let departments = [
        ("department_id", Some(d.department_id)),
        ("financing_department_id", d.economy.financing_department_id),
    ];
    for (field, department) in departments {
        if let Some(id) = department {
            if !super::departments::exists(conn, id)? {
                return Err(AppError::invalid(
                    field,
                    Problem::UnknownReference,
                    format!("department {id} does not exist"),
                ));
            }
        }
    }
    if !super::phases::exists(conn, d.phase_id)? {
        return Err(AppError::invalid(
            "phase_id",
            Problem::UnknownReference,
            format!("phase {} does not exist", d.phase_id),
        ));
    }
    for (field, person) in [("manager_id", d.manager_id), ("owner_id", d.owner_id)] {
        if let Some(p) = person {
            if !super::people::exists(conn, p)? {
                return Err(AppError::invalid(
                    field,
                    Problem::UnknownReference,
                    format!("person {p} does not exist"),
                ));
            }
        }
    }
    if let Some(f) = d.focus_area_id {
        if !super::focus_areas::exists(conn, f)? {
            return Err(AppError::invalid(
                "focus_area_id",
                Problem::UnknownReference,
                format!("focus area {f} does not exist"),
            ));
        }
    }
    if let Some(parent) = d.parent_id {
        check_parent(conn, own_id, parent)?;
    }
    Ok(())
}

/// A programme must exist and must not be the project itself, directly or
/// through others: walking up from the parent must not meet the project.
fn check_parent(conn: &mut DbConnection, own_id: Option<i32>, parent: i32) -> Result<(), AppError> {
    let mut at = Some(parent);
    let mut steps = 0;
    while let Some(current) = at {
        if Some(current) == own_id {
            return Err(AppError::invalid(
                "parent_id",
                Problem::UnknownReference,
                "a project cannot be its own programme, directly or through others",
            ));
        }
        let Some(row) = find(conn, current)? else {
            return Err(AppError::invalid(
                "parent_id",
                Problem::UnknownReference,
                format!("project {current} does not exist"),
            ));
        };
        at = row.parent_id;
        steps += 1;
        if steps > 100 {
            return Err(AppError::invalid(
                "parent_id",
                Problem::ProgrammeTooDeep,
                "programmes nest too deep",
            ));
        }
    }
    Ok(())
}

fn clash(d: &ProjectDraft) -> impl FnOnce(diesel::result::Error) -> AppError {
    unique_as_conflict(
        "name",
        format!("a project named '{}' already exists", d.name),
    )
}

pub fn create(conn: &mut DbConnection, draft: &ProjectDraft) -> Result<ProjectRow, AppError> {
    check_references(conn, draft, None)?;
    let id = insert_resolved(conn, draft)?;
    get(conn, id)
}

/// Insert a project whose references were resolved against existing rows
/// already (the import looks every name up first): one round trip a project.
/// The foreign keys still guard the database.
pub fn insert_resolved(conn: &mut DbConnection, draft: &ProjectDraft) -> Result<i32, AppError> {
    let at = now();
    let id = diesel::insert_into(projects::table)
        .values((
            ProjectData::from(draft),
            projects::version.eq(1),
            projects::created_at.eq(at),
            projects::updated_at.eq(at),
        ))
        .returning(projects::id)
        .get_result(conn)
        .map_err(clash(draft))?;
    super::economy::insert(conn, &[(id, &draft.economy)])?;
    record_baselines(conn, &[(id, draft)])?;
    Ok(id)
}

/// A project approved (or further) keeps the plan it was approved with as
/// its baseline, whichever way it got there: the form, the API or an import.
fn record_baselines(
    conn: &mut DbConnection,
    drafts: &[(i32, &ProjectDraft)],
) -> Result<(), AppError> {
    let approved: Vec<(i32, Baseline)> = drafts
        .iter()
        .filter(|(_, d)| has_baseline(d.state))
        .map(|(id, d)| {
            let baseline = Baseline {
                planned_end: d.planned_end,
                budget: d.budget,
            };
            (*id, baseline)
        })
        .collect();
    super::baselines::record_initial(conn, &approved)
}

/// Insert projects whose references were resolved already, a thousand to a
/// statement: an import of 10,000 is ten round trips, not 10,000. The caller
/// has ruled out duplicate names; the constraints still guard the database.
pub fn insert_many(conn: &mut DbConnection, drafts: &[ProjectDraft]) -> Result<(), AppError> {
    let at = now();
    // 25 parameters a row stays below both backends' limits on parameters.
    for chunk in drafts.chunks(1000) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|d| {
                (
                    ProjectData::from(d),
                    projects::version.eq(1),
                    projects::created_at.eq(at),
                    projects::updated_at.eq(at),
                )
            })
            .collect();
        let insert = diesel::insert_into(projects::table).values(&rows);
        // The MultiConnection enum does not take multi-row inserts; its members do.
        match conn {
            DbConnection::Sqlite(c) => insert.execute(c)?,
            DbConnection::Postgres(c) => insert.execute(c)?,
        };
        // Names are unique: they find the new ids whatever order either
        // backend returns rows in.
        let names: Vec<&str> = chunk.iter().map(|d| d.name.as_str()).collect();
        let ids: HashMap<String, i32> = projects::table
            .filter(projects::name.eq_any(&names))
            .select((projects::name, projects::id))
            .load::<(String, i32)>(conn)?
            .into_iter()
            .collect();
        let inserted: Vec<(i32, &ProjectDraft)> = chunk
            .iter()
            .filter_map(|d| Some((*ids.get(&d.name)?, d)))
            .collect();
        let plans: Vec<(i32, &EconomyPlan)> =
            inserted.iter().map(|(id, d)| (*id, &d.economy)).collect();
        super::economy::insert(conn, &plans)?;
        record_baselines(conn, &inserted)?;
    }
    Ok(())
}

/// Every project's id and name.
pub fn all_names(conn: &mut DbConnection) -> Result<Vec<(i32, String)>, AppError> {
    Ok(projects::table
        .select((projects::id, projects::name))
        .load(conn)?)
}

/// Replace a project's fields, if it is still at `expected_version`: an edit
/// based on an older read would silently overwrite someone else's.
pub fn update(
    conn: &mut DbConnection,
    id: i32,
    draft: &ProjectDraft,
    expected_version: i32,
) -> Result<ProjectRow, AppError> {
    let current = get(conn, id)?;
    if expected_version != current.version {
        return Err(AppError::PreconditionFailed(format!(
            "project {id} was changed by someone else (version {} now, you read {expected_version}); reload and try again",
            current.version
        )));
    }
    check_references(conn, draft, Some(id))?;
    // Conditioned on the version as well as checked above: the row changes
    // only from the version the caller read, whatever the isolation level.
    let changed = diesel::update(
        projects::table
            .find(id)
            .filter(projects::version.eq(expected_version)),
    )
    .set((
        ProjectData::from(draft),
        projects::version.eq(expected_version + 1),
        projects::updated_at.eq(now()),
    ))
    .execute(conn)
    .map_err(clash(draft))?;
    if changed == 0 {
        return Err(AppError::PreconditionFailed(format!(
            "project {id} was changed by someone else while you saved; reload and try again"
        )));
    }
    super::economy::set_plan(conn, id, &draft.economy)?;
    record_baselines(conn, &[(id, draft)])?;
    get(conn, id)
}

/// Put a project under a programme, by the same rule as an update.
pub fn set_parent(conn: &mut DbConnection, id: i32, parent_id: i32) -> Result<(), AppError> {
    check_parent(conn, Some(id), parent_id)?;
    diesel::update(projects::table.find(id))
        .set(projects::parent_id.eq(parent_id))
        .execute(conn)?;
    Ok(())
}

/// Delete a project nobody has reported on; history is never thrown away.
pub fn delete(conn: &mut DbConnection, id: i32) -> Result<(), AppError> {
    get(conn, id)?;
    let reports: i64 = status_reports::table
        .filter(status_reports::project_id.eq(id))
        .count()
        .get_result(conn)?;
    if reports > 0 {
        return Err(AppError::conflict(
            None, Problem::ProjectHasReports,
            format!("project {id} has {reports} status report(s) and is kept; cancel or complete it instead"),
        ));
    }
    let children: i64 = projects::table
        .filter(projects::parent_id.eq(id))
        .count()
        .get_result(conn)?;
    if children > 0 {
        return Err(AppError::conflict(
            None,
            Problem::ProjectHasChildren,
            format!("project {id} is the programme of {children} project(s); move them first"),
        ));
    }
    if super::process::has_decisions(conn, id)? {
        return Err(AppError::conflict(
            None,
            Problem::ProjectHasDecisions,
            format!("project {id} has decisions in the register and is kept; cancel it instead"),
        ));
    }
    super::process::delete_of_project(conn, id)?;
    diesel::delete(project_economy::table.find(id)).execute(conn)?;
    super::milestones::delete_of_project(conn, id)?;
    super::benefits::delete_of_project(conn, id)?;
    diesel::delete(super::schema::baselines::table)
        .filter(super::schema::baselines::project_id.eq(id))
        .execute(conn)?;
    diesel::delete(projects::table.find(id)).execute(conn)?;
    Ok(())
}

pub fn count(conn: &mut DbConnection) -> Result<i64, AppError> {
    Ok(projects::table.count().get_result(conn)?)
}

/// Projects the person manages or owns, in Danish name order.
pub fn managed_by(conn: &mut DbConnection, person: i32) -> Result<Vec<ProjectRow>, AppError> {
    Ok(projects::table
        .filter(
            projects::manager_id
                .eq(person)
                .or(projects::owner_id.eq(person)),
        )
        .order((projects::sort_key, projects::id))
        .select(ProjectRow::as_select())
        .load(conn)?)
}

//! Import (`/import`): the council uploads its spreadsheet (projects or
//! status, saved as CSV), sees the dry run (every bad line with its number,
//! or what would be imported), and confirms; through `app::imports`, all or
//! nothing, as the API imports.

use super::context::PageError;
use super::filters;
use super::session::{acting_of, csrf_ok, csrf_token, html, session_account};
use crate::app::imports::{self, ImportFile, Imported, NewPerson};
use crate::db::access::Account;
use crate::db::{quarters, Db};
use crate::domain::access::{allows, Action};
use crate::domain::quarter::Quarter;
use crate::error::{AppError, LineProblem};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use futures_util::StreamExt;
use std::collections::HashMap;

/// A quarter to pick for a status file without a Kvartal column.
pub struct QuarterChoice {
    code: String,
    label: String,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    name: String,
    csrf: String,
    quarters: Vec<QuarterChoice>,
    /// May import departments and people (the administrator).
    organisation: bool,
    /// What the upload came to, when there was one.
    outcome: Option<Outcome>,
}

/// A bad line as the page shows it: its number, its column and what is wrong, in Danish.
pub struct ShownLine {
    line: usize,
    column: String,
    text: String,
}

impl From<LineProblem> for ShownLine {
    fn from(l: LineProblem) -> Self {
        Self {
            line: l.line,
            text: super::messages::line_fault(&l),
            column: l.column.unwrap_or_else(|| "–".into()),
        }
    }
}

/// What a checked or imported file came to.
pub struct Outcome {
    kind: String,
    quarter: String,
    /// The file, kept in the confirm form so it need not be chosen again.
    text: String,
    imported: usize,
    /// People the project sheet names by a new e-mail, created with it.
    people: Vec<NewPerson>,
    /// Reports for a closed quarter, chosen explicitly.
    history: bool,
    confirmed: bool,
    lines: Vec<ShownLine>,
    /// A problem with the file as a whole, in Danish.
    problem: Option<String>,
}

async fn signed_in_importer(req: &HttpRequest, db: &Db) -> Result<Account, PageError> {
    let account = session_account(req, db).await?.ok_or(PageError::SignIn)?;
    if allows(account.role, Action::ManagePortfolio) {
        Ok(account)
    } else {
        Err(AppError::Forbidden("imports".into()).into())
    }
}

async fn page(
    req: &HttpRequest,
    db: &Db,
    account: Account,
    outcome: Option<Outcome>,
) -> Result<HttpResponse, PageError> {
    let rows = db.run(quarters::list).await?;
    // Closed quarters too: the council may load past quarters' reports.
    let quarters = rows
        .into_iter()
        .map(|q| QuarterChoice {
            code: q.code.to_string(),
            label: match q.is_closed() {
                true => format!("{} (lukket)", q.code.danish()),
                false => q.code.danish(),
            },
        })
        .collect();
    let status = match &outcome {
        Some(o) if !o.lines.is_empty() || o.problem.is_some() => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::OK,
    };
    let view = ImportPage {
        organisation: allows(account.role, Action::ManageOrganisation),
        name: account.name,
        csrf: csrf_token(req).0,
        quarters,
        outcome,
    };
    Ok(html(status, view.render())?)
}

pub async fn form(req: HttpRequest, db: web::Data<Db>) -> Result<HttpResponse, PageError> {
    let account = signed_in_importer(&req, &db).await?;
    page(&req, &db, account, None).await
}

/// The upload (or the confirmation): checked as a dry run, or imported.
pub async fn upload(
    req: HttpRequest,
    db: web::Data<Db>,
    payload: web::Payload,
) -> Result<HttpResponse, PageError> {
    let account = signed_in_importer(&req, &db).await?;
    let fields = read_form(&req, payload).await?;
    let get = |k: &str| text(&fields, k);
    if !csrf_ok(&req, &get("csrf")) {
        return Err(AppError::Forbidden("the form had expired; reload the page".into()).into());
    }
    let outcome = run(&req, &db, &account, &fields).await?;
    page(&req, &db, account, Some(outcome)).await
}

/// Check (or, confirmed, import) the file the form carries.
async fn run(
    req: &HttpRequest,
    db: &Db,
    account: &Account,
    fields: &HashMap<String, Vec<u8>>,
) -> Result<Outcome, PageError> {
    let get = |k: &str| text(fields, k);
    // The chosen file as it is (the importer refuses one that is not
    // UTF-8, with its line), or the checked file the confirmation carries.
    let bytes = match fields.get("fil") {
        Some(uploaded) if !uploaded.is_empty() => uploaded.clone(),
        _ => get("indhold").into_bytes(),
    };
    let (kind, quarter, confirmed) = (get("slags"), get("kvartal"), get("bekraeft") == "ja");
    let history = kind == "status" && get("historik") == "ja";
    let outcome = Outcome {
        kind: kind.clone(),
        quarter: quarter.clone(),
        text: String::from_utf8_lossy(&bytes).into_owned(),
        imported: 0,
        people: vec![],
        history,
        confirmed,
        lines: vec![],
        problem: None,
    };
    let file = match file_of(&kind, &quarter, history, bytes) {
        Ok(file) => file,
        Err(e) => return settled(outcome, Err(e)),
    };
    let who = acting_of(req, account);
    let result = db
        .run(move |c| imports::import(c, &who, &file, !confirmed))
        .await;
    settled(outcome, result)
}

/// The outcome with what went wrong, in Danish; an outage stays an error page.
fn settled(mut outcome: Outcome, result: Result<Imported, AppError>) -> Result<Outcome, PageError> {
    match result {
        Ok(done) => {
            outcome.imported = done.imported;
            outcome.people = done.people_created;
        }
        Err(AppError::Rows { lines, .. }) => {
            outcome.lines = lines.into_iter().map(ShownLine::from).collect();
        }
        Err(e) => match super::messages::for_form(&e) {
            Some((_, text)) => outcome.problem = Some(text),
            None => return Err(e.into()),
        },
    }
    Ok(outcome)
}

fn file_of(
    kind: &str,
    quarter: &str,
    history: bool,
    bytes: Vec<u8>,
) -> Result<ImportFile, AppError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::invalid(
            "fil",
            crate::domain::Problem::EmptyFile,
            "the file is empty",
        ));
    }
    match kind {
        "status" => {
            let quarter = match quarter.trim() {
                "" => None,
                code => Some(Quarter::parse("kvartal", code)?),
            };
            Ok(ImportFile::Status {
                bytes,
                quarter,
                history,
            })
        }
        "afdelinger" => Ok(ImportFile::Departments(bytes)),
        "personer" => Ok(ImportFile::People(bytes)),
        _ => Ok(ImportFile::Projects(bytes)),
    }
}

/// The multipart form, read whole within the import limit now that the
/// sender may import.
/// A form field as text.
fn text(fields: &HashMap<String, Vec<u8>>, name: &str) -> String {
    fields
        .get(name)
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .unwrap_or_default()
}

async fn read_form(
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<HashMap<String, Vec<u8>>, AppError> {
    let body = crate::request_body::read_import(req, payload).await?;
    let stream =
        futures_util::stream::once(async move { Ok::<_, actix_web::error::PayloadError>(body) });
    let mut form = actix_multipart::Multipart::new(req.headers(), stream);
    let mut fields = HashMap::new();
    while let Some(field) = form.next().await {
        let mut field = field.map_err(|e| AppError::bad_request(format!("form: {e}")))?;
        let name = field.name().unwrap_or_default().to_string();
        let mut value = Vec::new();
        while let Some(chunk) = field.next().await {
            value.extend_from_slice(
                &chunk.map_err(|e| AppError::bad_request(format!("form: {e}")))?,
            );
        }
        fields.insert(name, value);
    }
    Ok(fields)
}

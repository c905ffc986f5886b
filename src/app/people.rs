//! People: project managers, owners, council and Chefforum members. Everyone
//! signed in reads them; administrators create and change them. A person's
//! role and password are changed in `accounts`.

use super::audit::{created, updated};
use super::types::AccessRole;
use super::{require, Acting, Input};
use crate::db::people::{self as store, PersonData, PersonRow};
use crate::db::DbConnection;
use crate::domain::access::Action;
use crate::domain::reference::NAME_MAX;
use crate::domain::text::{email, required_name, search_text};
use crate::domain::ValidationError;
use crate::error::AppError;
use serde::Serialize;
use utoipa::ToSchema;

/// A person: project manager, project owner, council or Chefforum member.
#[derive(Serialize, ToSchema)]
pub struct Person {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub department_id: Option<i32>,
    /// Changed only through `PUT /people/{id}/role`.
    pub role: AccessRole,
    /// False when deactivated (`PUT /people/{id}/active`): the person cannot
    /// sign in, and projects and the audit trail still name them.
    pub active: bool,
}

impl From<PersonRow> for Person {
    fn from(r: PersonRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            email: r.email,
            department_id: r.department_id,
            role: r.role.into(),
            active: r.deactivated_at.is_none(),
        }
    }
}

/// A person's fields as a caller sends them, not yet checked: the API's
/// body and the web form both become these, so the rules are composed once.
pub struct PersonFields {
    pub name: String,
    pub email: String,
    pub department_id: Option<i32>,
}

impl Input<PersonData> for PersonFields {
    fn parse(self) -> Result<PersonData, ValidationError> {
        Ok(PersonData {
            name: required_name("name", &self.name, NAME_MAX)?,
            email: email("email", &self.email)?,
            department_id: self.department_id,
        })
    }
}

pub fn list(c: &mut DbConnection) -> Result<Vec<Person>, AppError> {
    Ok(store::list(c)?.into_iter().map(Person::from).collect())
}

/// Everyone whose name or e-mail holds `text` (any case), in name order;
/// everyone when there is no text. The caller checks the text's length
/// (`domain::text::search_query`).
pub fn find(c: &mut DbConnection, text: Option<&str>) -> Result<Vec<Person>, AppError> {
    let mut people = list(c)?;
    if let Some(text) = text {
        let wanted = search_text(&[text]);
        people.retain(|p| search_text(&[&p.name, &p.email]).contains(&wanted));
    }
    Ok(people)
}

pub fn get(c: &mut DbConnection, id: i32) -> Result<Person, AppError> {
    store::get(c, id).map(Person::from)
}

/// Create a person (administrators).
pub fn create(
    c: &mut DbConnection,
    who: &Acting,
    input: impl Input<PersonData>,
) -> Result<Person, AppError> {
    require(who.role, Action::ManageOrganisation)?;
    let data = input.parse()?;
    created(c, who, "person", |c| {
        store::create(c, &data).map(|r| (r.id, Person::from(r)))
    })
}

/// Change a person's name, e-mail or department (administrators). The
/// e-mail names them in the audit trail: the caller forgets cached accounts.
pub fn update(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    input: impl Input<PersonData>,
) -> Result<Person, AppError> {
    require(who.role, Action::ManageOrganisation)?;
    let data = input.parse()?;
    updated(
        c,
        who,
        "person",
        id,
        |c| get(c, id),
        |c| store::update(c, id, &data).map(Person::from),
    )
}

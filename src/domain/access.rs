//! Who may do what. Roles are coarse; a project manager's rights also depend
//! on the project (they must be its manager or owner).

use super::{Problem, ValidationError};

/// The shortest password anyone may choose (the longest is `PASSWORD_MAX`).
pub const PASSWORD_MIN: usize = 12;
/// Long enough for any passphrase, short enough to hash without burden.
pub const PASSWORD_MAX: usize = 1024;

/// A password a person may choose: its length is the only rule (NIST SP 800-63B).
pub fn password(field: &str, value: &str) -> Result<(), ValidationError> {
    let length = value.chars().count();
    if (PASSWORD_MIN..=PASSWORD_MAX).contains(&length) {
        Ok(())
    } else {
        Err(ValidationError::new(
            field,
            Problem::PasswordLength,
            format!("must be {PASSWORD_MIN} to {PASSWORD_MAX} characters"),
        ))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Administrator,
    /// IT-projektrådet.
    Council,
    Chefforum,
    ProjectManager,
    Reader,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Self::Administrator,
        Self::Council,
        Self::Chefforum,
        Self::ProjectManager,
        Self::Reader,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Administrator => "administrator",
            Self::Council => "council",
            Self::Chefforum => "chefforum",
            Self::ProjectManager => "project_manager",
            Self::Reader => "reader",
        }
    }

    pub fn danish(self) -> &'static str {
        match self {
            Self::Administrator => "administrator",
            Self::Council => "IT-projektrådet",
            Self::Chefforum => "Chefforum",
            Self::ProjectManager => "projektleder",
            Self::Reader => "læser",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, ValidationError> {
        match value.trim().to_lowercase().replace([' ', '-'], "_").as_str() {
            "administrator" | "admin" => Ok(Self::Administrator),
            "council" | "it_projektrådet" | "itp" => Ok(Self::Council),
            "chefforum" => Ok(Self::Chefforum),
            "project_manager" | "projektleder" => Ok(Self::ProjectManager),
            "reader" | "læser" => Ok(Self::Reader),
            _ => Err(ValidationError::new(
                field,
                Problem::UnknownValue,
                format!("'{value}' is not a role (administrator, council, chefforum, project_manager, reader)"),
            )),
        }
    }
}

/// Something a request wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read the portfolio, reports and reference data.
    Read,
    /// Departments, strategies, people and their roles.
    ManageOrganisation,
    /// Projects, phases, focus areas, quarters, imports.
    ManagePortfolio,
    /// Report or correct status for any project. A project's own manager and
    /// owner may report on it whatever their role (`may_report_on`).
    ReportAnyStatus,
    /// Record Chefforum's decision on a quarter.
    Decide,
    ReadAudit,
    /// Create and revoke one's own API tokens.
    ManageOwnTokens,
    ManageAllTokens,
}

pub fn allows(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match role {
        Administrator => true,
        Council => matches!(
            action,
            Read | ManagePortfolio | ReportAnyStatus | ReadAudit | ManageOwnTokens
        ),
        Chefforum => matches!(action, Read | Decide | ManageOwnTokens),
        ProjectManager | Reader => matches!(action, Read | ManageOwnTokens),
    }
}

/// Whether `person` may report on (or describe) a project with this manager
/// and owner: who may report on any project, and the project's own manager
/// and owner whatever their role (reporting follows the project, not the role).
pub fn may_report_on(role: Role, person: i32, manager: Option<i32>, owner: Option<i32>) -> bool {
    allows(role, Action::ReportAnyStatus) || manager == Some(person) || owner == Some(person)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_table() {
        assert!(Role::ALL.iter().all(|r| allows(*r, Action::Read)));
        assert!(Role::ALL
            .iter()
            .all(|r| allows(*r, Action::ManageOwnTokens)));
        let who = |a: Action| {
            Role::ALL
                .into_iter()
                .filter(|r| allows(*r, a))
                .collect::<Vec<_>>()
        };
        assert_eq!(who(Action::ManageOrganisation), [Role::Administrator]);
        assert_eq!(
            who(Action::ManagePortfolio),
            [Role::Administrator, Role::Council]
        );
        assert_eq!(who(Action::Decide), [Role::Administrator, Role::Chefforum]);
        assert_eq!(who(Action::ReadAudit), [Role::Administrator, Role::Council]);
        assert_eq!(
            who(Action::ReportAnyStatus),
            [Role::Administrator, Role::Council]
        );
    }

    #[test]
    fn reporting_follows_the_project_not_the_role() {
        assert!(may_report_on(Role::ProjectManager, 7, Some(7), None));
        assert!(may_report_on(Role::ProjectManager, 7, Some(3), Some(7)));
        assert!(!may_report_on(Role::ProjectManager, 7, Some(3), Some(4)));
        assert!(!may_report_on(Role::ProjectManager, 7, None, None));
        assert!(may_report_on(Role::Council, 7, Some(3), None));
        assert!(
            may_report_on(Role::Chefforum, 7, Some(7), None),
            "an owner in Chefforum"
        );
        assert!(
            may_report_on(Role::Reader, 7, None, Some(7)),
            "an owner with the reader role"
        );
        assert!(!may_report_on(Role::Reader, 7, Some(3), Some(4)));
    }

    #[test]
    fn roles_parse() {
        assert_eq!(
            Role::parse("role", "Projektleder").unwrap(),
            Role::ProjectManager
        );
        assert_eq!(
            Role::parse("role", "project_manager").unwrap(),
            Role::ProjectManager
        );
        assert!(Role::parse("role", "superuser").is_err());
    }

    #[test]
    fn passwords_are_twelve_to_1024_characters() {
        assert!(password("password", "elleve tegn").is_err());
        assert!(password("password", "tolv tegn ok").is_ok());
        assert!(password("password", &"æ".repeat(1024)).is_ok());
        assert!(password("password", &"æ".repeat(1025)).is_err());
    }
}

//! The portfolio's rules in plain Rust: no HTTP, no SQL, no OpenAPI.
//! Everything here is unit tested on its own.

pub mod access;
pub mod assessment;
pub mod benefit;
pub mod collation;
pub mod danish;
pub mod decision;
pub mod economy;
pub mod kle;
pub mod milestone;
pub mod overlap;
pub mod paging;
pub mod priority;
pub mod process;
pub mod project;
pub mod quarter;
pub mod reference;
pub mod reminders;
pub mod report;
pub mod status;
pub mod text;
pub mod throttle;
pub mod tolerance;

/// Which rule a value broke: a stable code that the API sends beside its
/// English message and that the web pages translate to Danish from one table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong(usize),
    ControlCharacters,
    InvisibleCharacters,
    InvalidEmail,
    /// Not one of the allowed words (a colour, a role, a project kind…).
    UnknownValue,
    InvalidQuarter,
    InvalidCaseNumber,
    InvalidNumber,
    InvalidDate,
    NegativeAmount,
    AmountTooLarge,
    /// Something ends before it starts (a plan, a project, a period).
    EndBeforeStart,
    CancelReasonRequired,
    CancelReasonNotCancelled,
    EndDateNotClosed,
    RedNeedsComment,
    RedNeedsQuarter,
    PasswordLength,
    /// A new password and its repetition differ (a form's check).
    PasswordMismatch,
    CurrentPasswordRequired,
    OutOfRange,
    /// Refers to a department, person, project… that does not exist.
    UnknownReference,
    ProgrammeCycle,
    ProgrammeTooDeep,
    DuplicateName,
    DuplicateValue,
    AlreadyClosed,
    /// A project that is only proposed has no baseline to replace.
    NotApproved,
    LastAdministrator,
    /// An administrator acting on their own account where they may not
    /// (deactivating themselves).
    OwnAccount,
    /// The person is deactivated and cannot be given a password.
    Deactivated,
    /// A one-time password link that was used, replaced or has expired.
    LinkSpent,
    QuarterClosed,
    QuarterApproved,
    AlreadyDecided,
    NothingToCorrect,
    ProjectHasReports,
    ProjectHasChildren,
    EmptyFile,
    /// A file that is not UTF-8 text.
    NotUtf8,
    /// A file without columns it must have (named in the value).
    MissingColumns,
    /// A line with another number of fields than the header line.
    WrongFieldCount {
        expected: usize,
        found: usize,
    },
    /// Readable JSON of the wrong shape (a list for an object, a key twice).
    Malformed,
    /// The council recommends only when all five areas are reviewed.
    ReviewIncomplete,
    /// An area was not approved: the council rejects, or reviews again.
    ReviewNotApproved,
    /// The council records the overlap verdict before it recommends.
    OverlapNotRecorded,
    /// The step does not fit where the proposal or matter stands.
    WrongStage,
    /// A strategic project is approved and closed by Chefforum.
    ChefforumDecides,
    /// Only an approved project becomes active.
    NeedsApproval,
    /// A project with decisions in the register is kept.
    ProjectHasDecisions,
    /// A proposal is made for one's own department.
    OwnDepartmentOnly,
}

impl Problem {
    /// The stable code: never reworded, clients may match on it.
    pub fn code(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::TooLong(_) => "too_long",
            Self::ControlCharacters => "control_characters",
            Self::InvisibleCharacters => "invisible_characters",
            Self::InvalidEmail => "invalid_email",
            Self::UnknownValue => "unknown_value",
            Self::InvalidQuarter => "invalid_quarter",
            Self::InvalidCaseNumber => "invalid_case_number",
            Self::InvalidNumber => "invalid_number",
            Self::InvalidDate => "invalid_date",
            Self::NegativeAmount => "negative_amount",
            Self::AmountTooLarge => "amount_too_large",
            Self::EndBeforeStart => "end_before_start",
            Self::CancelReasonRequired => "cancel_reason_required",
            Self::CancelReasonNotCancelled => "cancel_reason_not_cancelled",
            Self::EndDateNotClosed => "end_date_not_closed",
            Self::RedNeedsComment => "red_needs_comment",
            Self::RedNeedsQuarter => "red_needs_quarter",
            Self::PasswordLength => "password_length",
            Self::PasswordMismatch => "password_mismatch",
            Self::CurrentPasswordRequired => "current_password_required",
            Self::OutOfRange => "out_of_range",
            Self::UnknownReference => "unknown_reference",
            Self::ProgrammeCycle => "programme_cycle",
            Self::ProgrammeTooDeep => "programme_too_deep",
            Self::DuplicateName => "duplicate_name",
            Self::DuplicateValue => "duplicate_value",
            Self::AlreadyClosed => "already_closed",
            Self::NotApproved => "not_approved",
            Self::LastAdministrator => "last_administrator",
            Self::OwnAccount => "own_account",
            Self::Deactivated => "deactivated",
            Self::LinkSpent => "link_spent",
            Self::QuarterClosed => "quarter_closed",
            Self::QuarterApproved => "quarter_approved",
            Self::AlreadyDecided => "already_decided",
            Self::NothingToCorrect => "nothing_to_correct",
            Self::ProjectHasReports => "project_has_reports",
            Self::ProjectHasChildren => "project_has_children",
            Self::EmptyFile => "empty_file",
            Self::NotUtf8 => "not_utf8",
            Self::MissingColumns => "missing_columns",
            Self::WrongFieldCount { .. } => "wrong_field_count",
            Self::Malformed => "malformed",
            Self::ReviewIncomplete => "review_incomplete",
            Self::ReviewNotApproved => "review_not_approved",
            Self::OverlapNotRecorded => "overlap_not_recorded",
            Self::WrongStage => "wrong_stage",
            Self::ChefforumDecides => "chefforum_decides",
            Self::NeedsApproval => "needs_approval",
            Self::ProjectHasDecisions => "project_has_decisions",
            Self::OwnDepartmentOnly => "own_department_only",
        }
    }
}

/// A rule broken by input, named by the field that broke it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    pub field: String,
    pub problem: Problem,
    /// In English, for the API and the log.
    pub message: String,
}

impl ValidationError {
    pub fn new(field: impl Into<String>, problem: Problem, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            problem,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ValidationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ValidationError {}

/// The words the database stores for these types, read back as the types
/// themselves (diesel's `deserialize_as = String`): a stored word the type
/// does not know is one clear fault of ours, found where it is read.
macro_rules! stored_words {
    ($($t:ty),*) => {$(
        impl TryFrom<String> for $t {
            type Error = ValidationError;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse("stored", &value)
            }
        }
    )*};
}

stored_words!(
    project::Kind,
    project::Lifecycle,
    quarter::Quarter,
    quarter::QuarterState,
    status::Colour,
    access::Role,
    reminders::MailKind
);

//! The one error type of the service, mapped to HTTP in exactly one place.

use crate::domain::{Problem, ValidationError};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input that cannot be read at all (malformed JSON, a bad query string).
    #[error("{message}")]
    BadRequest {
        message: String,
        field: Option<String>,
    },
    /// No valid token or session.
    #[error("{0}")]
    Unauthorized(String),
    /// Signed in, but the role or the project does not allow it.
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    TooManyRequests(String),
    /// An update that did not say which version it changes.
    #[error("{0}")]
    PreconditionRequired(String),
    /// Someone else changed it since it was read.
    #[error("{0}")]
    PreconditionFailed(String),
    #[error("{0}")]
    NotFound(String),
    /// The request is sound but clashes with what is stored.
    #[error("{message}")]
    Conflict {
        message: String,
        field: Option<String>,
        problem: Problem,
    },
    /// The request is readable but breaks a rule.
    #[error("{message}")]
    Validation {
        message: String,
        field: Option<String>,
        problem: Problem,
    },
    /// A file with bad rows: every bad line with its number and reason.
    #[error("{message}")]
    Rows {
        message: String,
        lines: Vec<LineProblem>,
    },
    #[error("{0}")]
    PayloadTooLarge(String),
    /// The client sent the body too slowly.
    #[error("{0}")]
    RequestTimeout(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The database cannot be reached; the caller may retry.
    #[error("the database is unavailable, try again shortly")]
    Unavailable(String),
    /// A fault of ours. The detail is logged, never sent.
    #[error("internal error")]
    Internal(String),
}

impl AppError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest {
            message: message.into(),
            field: None,
        }
    }

    pub fn conflict(field: Option<&str>, problem: Problem, message: impl Into<String>) -> Self {
        Self::Conflict {
            message: message.into(),
            field: field.map(str::to_string),
            problem,
        }
    }

    pub fn invalid(field: &str, problem: Problem, message: impl Into<String>) -> Self {
        Self::Validation {
            message: message.into(),
            field: Some(field.to_string()),
            problem,
        }
    }

    /// The rule broken, for a validation error or a conflict.
    pub fn problem(&self) -> Option<Problem> {
        match self {
            Self::Conflict { problem, .. } | Self::Validation { problem, .. } => Some(*problem),
            _ => None,
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            Self::BadRequest { field, .. }
            | Self::Conflict { field, .. }
            | Self::Validation { field, .. } => field.as_deref(),
            _ => None,
        }
    }
}

impl From<ValidationError> for AppError {
    fn from(e: ValidationError) -> Self {
        Self::Validation {
            message: e.message,
            field: Some(e.field),
            problem: e.problem,
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind as Kind, Error};
        match e {
            Error::NotFound => Self::NotFound("not found".into()),
            // The database's own message names tables and SQL: keep it in the log.
            Error::DatabaseError(Kind::UniqueViolation, info) => {
                log::info!("unique violation: {}", info.message());
                Self::Conflict {
                    message: "something with these values already exists".into(),
                    field: None,
                    problem: Problem::DuplicateValue,
                }
            }
            Error::DatabaseError(Kind::ForeignKeyViolation, _) => Self::Validation {
                message: "refers to something that does not exist".into(),
                field: None,
                problem: Problem::UnknownReference,
            },
            Error::DatabaseError(Kind::ClosedConnection | Kind::UnableToSendCommand, info) => {
                Self::Unavailable(info.message().to_string())
            }
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Self::Unavailable(e.to_string())
    }
}

/// One bad line of an uploaded file.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LineProblem {
    pub line: usize,
    pub message: String,
    /// The rule broken, as in `ErrorBody::code`.
    pub code: &'static str,
    /// The column at fault, as the file names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The rest is for the pages' Danish message.
    #[serde(skip)]
    pub problem: Problem,
    #[serde(skip)]
    pub field: Option<String>,
    #[serde(skip)]
    pub value: Option<String>,
}

/// The body of every error answer: `{"error": "...", "field": "..."}`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong, for a person to read.
    pub error: String,
    /// The input field at fault, when there is one (`tid.comment`, `name`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The rule broken, as a stable code to match on (`red_needs_comment`,
    /// `duplicate_name`, `end_before_start`): the message may be reworded, the code not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// For a rejected file: every bad line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<LineProblem>,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::PreconditionRequired(_) => StatusCode::PRECONDITION_REQUIRED,
            Self::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::Validation { .. } | Self::Rows { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::Internal(detail) => log::error!("internal error: {detail}"),
            Self::Unavailable(detail) => log::warn!("database unavailable: {detail}"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        if let Self::Unauthorized(_) = self {
            response.insert_header(("WWW-Authenticate", "Bearer realm=\"portefolje\""));
        }
        response.json(ErrorBody {
            error: self.to_string(),
            field: self.field().map(str::to_string),
            code: self.problem().map(|p| p.code().to_string()),
            lines: match self {
                Self::Rows { lines, .. } => lines.clone(),
                _ => vec![],
            },
        })
    }
}

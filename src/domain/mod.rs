//! The portfolio's rules in plain Rust: no HTTP, no SQL, no OpenAPI.
//! Everything here is unit tested on its own.

pub mod access;
pub mod collation;
pub mod danish;
pub mod kle;
pub mod project;
pub mod quarter;
pub mod report;
pub mod status;
pub mod text;

/// A rule broken by input, named by the field that broke it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    pub field: String,
    pub message: String,
}

impl ValidationError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
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

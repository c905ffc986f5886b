//! Use cases: each thing a person does, in one place that the API and the
//! web pages both call (permission, validation, one transaction, a view back).

pub mod audit;
pub mod my_data;
pub mod projects;
pub mod status;
pub mod tokens;
pub mod types;

//! Use cases: each thing a person does, in one place that the API and the
//! web pages both call (permission, validation, one transaction, a view back).

pub mod my_data;

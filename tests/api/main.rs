//! The one integration test binary: the whole service in-process over HTTP,
//! on SQLite or (with TEST_DATABASE_URL) PostgreSQL.

mod harness;
mod helpers;
mod smtp;

mod access;
mod account_pages;
mod administration;
mod ahead;
mod assessments;
mod audit_coverage;
mod baselines;
mod benefits;
mod concurrency;
mod economy;
mod error_codes;
mod getting_started;
mod hardening;
mod health;
mod history_page;
mod import;
mod import_page;
mod instances;
mod openapi;
mod password_races;
mod person_access;
mod process;
mod process_pages;
mod projects;
mod provider_sign_in;
mod reference_data;
mod reminder_pages;
mod reminders;
mod reports;
mod same_trail;
mod schema_parity;
mod seed;
mod status;
mod web;
mod web_decision;
mod web_project_end;
mod web_quarters;

//! Answers to the most frequent reads (a project, a page of the project list),
//! kept as the bytes sent until this process commits a write. Reads outnumber
//! writes by far, and a remembered answer needs no database round trip.
//!
//! The service expects to be the only writer of its database. A change made
//! around it (another instance, psql) shows after at most `LIFETIME`.

use crate::db::{commits, Db, DbConnection};
use crate::error::AppError;
use actix_web::http::header::{ContentType, ETAG};
use actix_web::web::Bytes;
use actix_web::HttpResponse;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const LIFETIME: Duration = Duration::from_secs(5);
/// All remembered answers together stay below this; past it, start over.
const BUDGET: usize = 32 * 1024 * 1024;

/// A JSON answer as sent, with its ETag if it has one.
#[derive(Clone)]
pub struct Answer {
    pub body: Bytes,
    pub etag: Option<String>,
}

impl Answer {
    pub fn json(value: &impl serde::Serialize) -> Result<Self, AppError> {
        Ok(Self {
            body: serde_json::to_vec(value)
                .map_err(|e| AppError::Internal(format!("json: {e}")))?
                .into(),
            etag: None,
        })
    }

    pub fn with_etag(mut self, version: i32) -> Self {
        self.etag = Some(format!("\"{version}\""));
        self
    }

    pub fn respond(self) -> HttpResponse {
        let mut response = HttpResponse::Ok();
        response.insert_header(ContentType::json());
        if let Some(etag) = self.etag {
            response.insert_header((ETAG, etag));
        }
        response.body(self.body)
    }
}

struct Entry {
    answer: Answer,
    commits: u64,
    stored: Instant,
}

#[derive(Default)]
pub struct ResponseCache {
    inner: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, Entry>,
    bytes: usize,
}

impl ResponseCache {
    fn get(&self, key: &str) -> Option<Answer> {
        let now = commits();
        let entries = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .map
            .get(key)
            .filter(|e| e.commits == now && e.stored.elapsed() < LIFETIME)
            .map(|e| e.answer.clone())
    }

    fn store(&self, key: String, commits_before: u64, answer: &Answer) {
        let mut entries = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if commits() != commits_before {
            // Read while a write committed: it may predate the write.
            return;
        }
        if entries.bytes + answer.body.len() > BUDGET {
            entries.map.clear();
            entries.bytes = 0;
        }
        entries.bytes += answer.body.len();
        let old = entries.map.insert(
            key,
            Entry {
                answer: answer.clone(),
                commits: commits_before,
                stored: Instant::now(),
            },
        );
        if let Some(old) = old {
            entries.bytes -= old.answer.body.len();
        }
    }

    /// The remembered answer, or `load` run on a pooled connection and remembered.
    pub async fn get_or_load<F>(&self, key: String, db: &Db, load: F) -> Result<Answer, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<Answer, AppError> + Send + 'static,
    {
        if let Some(answer) = self.get(&key) {
            return Ok(answer);
        }
        // Counted before reading, so a write committing meanwhile is noticed.
        let before = commits();
        let answer = db.run(load).await?;
        self.store(key, before, &answer);
        Ok(answer)
    }
}

//! Answers to the most frequent reads (a project, a page of the project list),
//! kept as the bytes sent until something they show changes. Reads outnumber
//! writes by far, and a remembered answer needs no database round trip.
//!
//! Every write of every instance is heard (`db::changes`); only a change made
//! around the service (psql) shows after up to `LIFETIME`.

use crate::db::changes::{Changes, Seen, Topic};
use crate::db::{Db, DbConnection};
use crate::error::AppError;
use actix_web::http::header::{ContentType, ETAG};
use actix_web::web::Bytes;
use actix_web::HttpResponse;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
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
    topic: Topic,
    seen: Seen,
    stored: Instant,
}

pub struct ResponseCache {
    changes: Arc<Changes>,
    inner: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, Entry>,
    bytes: usize,
}

impl ResponseCache {
    pub fn new(changes: Arc<Changes>) -> Self {
        Self {
            changes,
            inner: Mutex::default(),
        }
    }

    fn get(&self, key: &str) -> Option<Answer> {
        let entries = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .map
            .get(key)
            .filter(|e| {
                e.stored.elapsed() < LIFETIME && self.changes.unchanged_since(e.seen, e.topic)
            })
            .map(|e| e.answer.clone())
    }

    fn store(&self, key: String, topic: Topic, seen: Seen, answer: &Answer) {
        let mut entries = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if !self.changes.unchanged_since(seen, topic) {
            // Read while a write committed: it may predate the write.
            return;
        }
        if entries.bytes + answer.body.len() > BUDGET {
            entries.map.clear();
            entries.bytes = 0;
        }
        entries.bytes += answer.body.len();
        let entry = Entry {
            answer: answer.clone(),
            topic,
            seen,
            stored: Instant::now(),
        };
        if let Some(old) = entries.map.insert(key, entry) {
            entries.bytes -= old.answer.body.len();
        }
    }

    /// The remembered answer about `topic`, or `load` run in the read lane
    /// and remembered.
    pub async fn get_or_load<F>(
        &self,
        key: String,
        topic: Topic,
        db: &Db,
        load: F,
    ) -> Result<Answer, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<Answer, AppError> + Send + 'static,
    {
        if let Some(answer) = self.get(&key) {
            return Ok(answer);
        }
        // Taken before reading, so a write committing meanwhile is noticed.
        let seen = self.changes.seen();
        let answer = db.read(load).await?;
        if let Some(seen) = seen {
            self.store(key, topic, seen, &answer);
        }
        Ok(answer)
    }
}

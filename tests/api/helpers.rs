//! Fresh test databases (SQLite by default, or a new PostgreSQL database on
//! the server `TEST_DATABASE_URL` points at) and small helpers for bodies,
//! cookies and forms. `harness.rs` runs the service on them.

use portefolje::auth::secrets;
use portefolje::db::people::{self, PersonData};
use portefolje::db::{access, Backend, DatabaseUrl, Db};
use portefolje::domain::access::Role;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Every test database has an administrator with this API token.
pub const ADMIN_TOKEN: &str = "pf_test_administrator_token_0000000000000000000000000000000000";

pub fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seed-data")
}

/// The server URL for PostgreSQL runs, or None for SQLite.
pub fn postgres_server() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres://") || u.starts_with("postgresql://"))
}

pub struct TestDb {
    pub db: Option<Db>,
    pub url: DatabaseUrl,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    Postgres { server: String, name: String },
}

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "portefolje_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        nanos
    )
}

pub fn on_server(server: &str, sql: &str) {
    use diesel::{Connection, PgConnection, RunQueryDsl};
    let mut conn =
        PgConnection::establish(server).expect("TEST_DATABASE_URL must reach PostgreSQL");
    diesel::sql_query(sql).execute(&mut conn).expect(sql);
}

/// A database URL of the same server with another database name.
fn with_database(server: &str, name: &str) -> String {
    let base = server.split('?').next().unwrap_or(server);
    let (prefix, _) = base.rsplit_once('/').expect("postgres URL has a path");
    if prefix.ends_with('/') {
        // postgres://host without a database: rsplit hit the scheme's "//".
        format!("{base}/{name}")
    } else {
        format!("{prefix}/{name}")
    }
}

impl TestDb {
    /// A fresh, migrated database with nothing loaded.
    pub fn empty() -> Self {
        let name = unique_name();
        let (url, cleanup) = match postgres_server() {
            Some(server) => {
                on_server(&server, &format!("CREATE DATABASE {name}"));
                (
                    DatabaseUrl::parse(&with_database(&server, &name)).unwrap(),
                    Cleanup::Postgres { server, name },
                )
            }
            None => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                (
                    DatabaseUrl::parse(&format!("sqlite://{}", path.display())).unwrap(),
                    Cleanup::File(path),
                )
            }
        };
        let db = Db::connect(&url, 8).expect("test database opens");
        db.run_blocking(|c| {
            let admin = people::create(
                c,
                &PersonData {
                    name: "Test Administrator".into(),
                    email: "test-admin@albertslund.dk".into(),
                    department_id: None,
                },
            )?;
            access::set_role(c, admin.id, Role::Administrator)?;
            access::create_token(c, admin.id, "test", &secrets::token_hash(ADMIN_TOKEN))?;
            Ok(())
        })
        .expect("test administrator");
        Self {
            db: Some(db),
            url,
            cleanup,
        }
    }

    /// A token for the person with this e-mail, who gets `role`.
    pub fn token_for(&self, email: &str, role: Role) -> String {
        let token = secrets::new_token("pf_");
        let hash = secrets::token_hash(&token);
        let email = email.to_string();
        self.db()
            .run_blocking(move |c| {
                let (account, _) = access::credentials(c, &email)?.expect("person exists");
                access::set_role(c, account.person_id, role)?;
                access::create_token(c, account.person_id, "test", &hash)?;
                Ok(())
            })
            .unwrap();
        token
    }

    pub fn person_id(&self, email: &str) -> i64 {
        let email = email.to_string();
        self.db()
            .run_blocking(move |c| {
                Ok(access::credentials(c, &email)?
                    .expect("person exists")
                    .0
                    .person_id)
            })
            .unwrap() as i64
    }

    /// A fresh database with the seed portfolio.
    pub fn seeded() -> Self {
        let t = Self::empty();
        assert!(portefolje::import::seed::load_if_empty(t.db(), &seed_dir()).expect("seed loads"));
        t
    }

    pub fn db(&self) -> &Db {
        self.db.as_ref().expect("database is open")
    }

    pub fn backend(&self) -> Backend {
        self.url.backend
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        drop(self.db.take());
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { server, name } => {
                on_server(
                    server,
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                );
            }
        }
    }
}

/// Names of the projects in a list answer, in order.
pub fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

pub fn green() -> Value {
    serde_json::json!({"colour": "green"})
}

pub fn status_body(tid: Value) -> Value {
    serde_json::json!({"ressourcer": green(), "leverancer": green(), "tid": tid, "okonomi": green()})
}

/// The demo password of the seed's demo accounts (README).
pub const DEMO_PASSWORD: &str = "Demo-Portefolje-2022";

/// Cookies as a browser would keep them across requests.
#[derive(Default)]
pub struct Jar(pub std::collections::HashMap<String, String>);

impl Jar {
    pub fn absorb<B>(&mut self, resp: &actix_web::dev::ServiceResponse<B>) {
        for c in resp.response().cookies() {
            if c.max_age() == Some(actix_web::cookie::time::Duration::ZERO) {
                self.0.remove(c.name());
            } else {
                self.0.insert(c.name().to_string(), c.value().to_string());
            }
        }
    }

    pub fn header(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

pub fn hidden_csrf(html: &str) -> String {
    let at =
        html.find("name=\"csrf\" value=\"").expect("csrf field") + "name=\"csrf\" value=\"".len();
    html[at..].split('"').next().unwrap().to_string()
}

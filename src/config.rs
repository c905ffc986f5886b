//! Start-up: read the environment, open the database, load the seed, serve.

use crate::db::{DatabaseUrl, Db};
use std::path::PathBuf;

pub struct Config {
    pub database: DatabaseUrl,
    pub bind: String,
    pub port: u16,
    pub seed_dir: PathBuf,
    /// Load the demo portfolio into an empty database (`SEED=demo`, the
    /// default), or start empty (`SEED=none`) for a municipality of its own.
    pub seed: bool,
    /// `ORGANISATION`, e.g. "Hedeby Kommune".
    pub organisation: Option<String>,
    pub workers: usize,
    /// `POOL_SIZE`: database connections of this instance (default 16). With
    /// several instances on one PostgreSQL, all pools together (plus one
    /// listening connection each) stay below its `max_connections`.
    pub pool_size: u32,
    pub proxy: crate::auth::TrustedProxy,
    /// `BASE_URL`: the service's address as people reach it, for links in mails.
    pub base_url: String,
    /// `REMINDER_INTERVAL` seconds between the schedule's rounds (default 60).
    pub reminder_interval: std::time::Duration,
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let database = DatabaseUrl::parse(
            &var("DATABASE_URL").unwrap_or_else(|| "sqlite://portfolio.db".into()),
        )?;
        let port = match var("PORT") {
            Some(p) => p
                .parse()
                .map_err(|_| format!("PORT '{p}' is not a port number"))?,
            None => 8080,
        };
        let workers = match var("WORKERS") {
            Some(w) => w
                .parse()
                .map_err(|_| format!("WORKERS '{w}' is not a number"))?,
            None => std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
        };
        let pool_size = match var("POOL_SIZE") {
            Some(n) => n
                .parse()
                .ok()
                .filter(|n| (1..=1000).contains(n))
                .ok_or_else(|| {
                    format!("POOL_SIZE '{n}' is not a number of connections (1-1000)")
                })?,
            None => POOL_SIZE,
        };
        Ok(Self {
            pool_size,
            seed: demo_seed(var("SEED").as_deref())?,
            organisation: var("ORGANISATION"),
            database,
            bind: var("BIND").unwrap_or_else(|| "127.0.0.1".into()),
            port,
            seed_dir: var("SEED_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| "seed-data".into()),
            workers,
            proxy: crate::auth::TrustedProxy::from_env()?,
            base_url: var("BASE_URL").unwrap_or_else(|| format!("http://localhost:{port}")),
            reminder_interval: std::time::Duration::from_secs(match var("REMINDER_INTERVAL") {
                Some(s) => s
                    .parse()
                    .map_err(|_| format!("REMINDER_INTERVAL '{s}' is not a number of seconds"))?,
                None => 60,
            }),
        })
    }
}

/// `SEED`: load the demo (`demo`, the default) or start empty (`none`).
fn demo_seed(value: Option<&str>) -> Result<bool, String> {
    match value.map(str::trim) {
        None | Some("demo") => Ok(true),
        Some("none") => Ok(false),
        Some(other) => Err(format!("SEED '{other}' is neither demo nor none")),
    }
}

/// Database connections unless `POOL_SIZE` says otherwise; also bounds the
/// threads that wait for them.
const POOL_SIZE: u32 = 16;

/// Run the service until it is stopped. Every failure is one line for the operator.
pub fn run(config: Config) -> Result<(), String> {
    let db = Db::connect(&config.database, config.pool_size)?;
    if let Some(name) = &config.organisation {
        crate::set_organisation(name);
    }
    if config.seed && crate::import::seed::load_if_empty(&db, &config.seed_dir)? {
        log::info!(
            "loaded the seed portfolio from {}",
            config.seed_dir.display()
        );
    }
    if let (Ok(email), Ok(password)) = (
        std::env::var("ADMIN_EMAIL"),
        std::env::var("ADMIN_PASSWORD"),
    ) {
        let name = std::env::var("ADMIN_NAME").unwrap_or_else(|_| "Administrator".into());
        if crate::auth::bootstrap_admin(&db, &email, &name, &password)? {
            log::info!("created the first administrator {email}");
        } else {
            log::info!("an administrator exists already; ADMIN_EMAIL is ignored");
        }
    }
    let (outgoing, sign_in) = mail_and_sign_in(&config, &db)?;
    let address = (config.bind.clone(), config.port);
    log::info!(
        "serving on http://{}:{} with {}",
        config.bind,
        config.port,
        config.database.backend.name()
    );
    actix_web::rt::System::new().block_on(async move {
        let shared = crate::Shared::from(db)
            .with_trusted_proxy(config.proxy)
            .with_outgoing(outgoing)
            .with_sign_in(sign_in);
        actix_web::HttpServer::new(move || crate::app(shared.clone()))
            .workers(config.workers)
            // Every blocking thread waits for a pooled connection; more threads
            // than connections only queue on the pool's lock and switch contexts.
            .worker_max_blocking_threads((config.pool_size as usize / config.workers.max(1)).max(2))
            // Slow clients cannot hold a worker: headers within 5 s, idle keep-alive 5 s.
            .client_request_timeout(std::time::Duration::from_secs(5))
            .client_disconnect_timeout(std::time::Duration::from_secs(2))
            .keep_alive(std::time::Duration::from_secs(5))
            // SIGTERM lets requests in flight finish (up to 30 s) before stopping.
            .shutdown_timeout(30)
            .max_connections(10_000)
            .bind(address)
            .map_err(|e| format!("cannot listen on {}:{}: {e}", config.bind, config.port))?
            .run()
            .await
            .map_err(|e| format!("server stopped: {e}"))
    })
}

/// The reminder schedule started, and how people sign in: both from the
/// environment, refused at start-up when set wrong.
fn mail_and_sign_in(
    config: &Config,
    db: &Db,
) -> Result<(crate::mailer::Outgoing, crate::auth::oidc::SignInOptions), String> {
    let mailer = crate::mailer::Mailer::from_env()?;
    if !mailer.configured() {
        log::warn!("SMTP_URL is not set: reminders are queued and shown, not sent");
    }
    let outgoing = crate::mailer::Outgoing::new(&config.base_url);
    let sign_in = crate::auth::oidc::SignInOptions::from_env(&config.base_url)?;
    crate::mailer::spawn_schedule(
        db.clone(),
        mailer,
        outgoing.clone(),
        config.reminder_interval,
    );
    Ok((outgoing, sign_in))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_unless_told_otherwise() {
        assert_eq!(demo_seed(None), Ok(true));
        assert_eq!(demo_seed(Some("demo")), Ok(true));
        assert_eq!(demo_seed(Some(" none ")), Ok(false));
        assert!(demo_seed(Some("hedeby"))
            .unwrap_err()
            .contains("SEED 'hedeby'"));
    }
}

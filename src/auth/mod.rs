//! Who is asking: API bearer tokens and web sessions, and what they may do.

pub use crate::secrets;
pub mod oidc;
pub mod throttle;
pub mod token_cache;

use crate::db::access::{self, Account};
use crate::db::audit::Actor;
use crate::db::Db;
use crate::domain::access::{Action, Role};
use crate::error::AppError;
use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

pub const SESSION_COOKIE: &str = "portefolje_session";
pub const TOKEN_PREFIX: &str = "pf_";

/// A signed-in caller of the API (bearer token).
#[derive(Debug, Clone)]
pub struct Principal {
    pub account: Account,
    pub address: Option<String>,
}

impl Principal {
    pub fn require(&self, action: Action) -> Result<(), AppError> {
        crate::app::require(self.account.role, action)
    }

    pub fn role(&self) -> Role {
        self.account.role
    }

    pub fn actor(&self) -> Actor {
        Actor {
            person_id: Some(self.account.person_id),
            label: self.account.email.clone(),
            address: self.address.clone(),
        }
    }

    /// The caller as the use cases take them: the actor and the role.
    pub fn acting(&self) -> crate::app::Acting {
        crate::app::Acting {
            actor: self.actor(),
            role: self.role(),
        }
    }
}

/// The reverse proxy whose `X-Forwarded-For` and `X-Forwarded-Proto` are
/// believed (`TRUSTED_PROXY`, an IP address). Without it, or from any other
/// peer, those headers are the client's word and are ignored.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxy(pub Option<std::net::IpAddr>);

impl TrustedProxy {
    pub fn from_env() -> Result<Self, String> {
        match std::env::var("TRUSTED_PROXY") {
            Ok(v) if !v.trim().is_empty() => v
                .trim()
                .parse()
                .map(|ip| Self(Some(ip)))
                .map_err(|_| format!("TRUSTED_PROXY '{v}' is not an IP address")),
            _ => Ok(Self(None)),
        }
    }

    fn trusts(req: &HttpRequest) -> bool {
        let proxy = req
            .app_data::<web::Data<TrustedProxy>>()
            .and_then(|p| p.get_ref().0);
        proxy.is_some() && req.peer_addr().map(|a| a.ip()) == proxy
    }
}

/// What the trusted proxy itself added to a forwarded header: the last
/// value of its last line. Earlier values (and lines, for proxies that add a
/// line rather than extend one) are whatever the client sent.
fn forwarded(req: &HttpRequest, name: &str) -> Option<String> {
    if !TrustedProxy::trusts(req) {
        return None;
    }
    req.headers()
        .get_all(name)
        .last()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .filter(|v| !v.is_empty())
}

/// An address as proxies write it: `10.0.0.1`, `10.0.0.1:4711`, `[::1]:4711`.
fn ip_of(value: &str) -> Option<std::net::IpAddr> {
    value
        .parse()
        .ok()
        .or_else(|| value.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
}

/// The client's address: the peer, or what the trusted proxy says it is.
pub fn address(req: &HttpRequest) -> Option<String> {
    forwarded(req, "x-forwarded-for")
        .and_then(|v| ip_of(&v))
        .or_else(|| req.peer_addr().map(|a| a.ip()))
        .map(|ip| ip.to_string())
}

/// The host the browser addressed: `Host`, or the trusted proxy's
/// `X-Forwarded-Host` (a proxy may pass its upstream's name as `Host`).
pub fn requested_host(req: &HttpRequest) -> Option<String> {
    forwarded(req, "x-forwarded-host").or_else(|| {
        req.headers()
            .get("host")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_ascii_lowercase())
    })
}

/// Whether the browser reached us over HTTPS: the connection's own scheme,
/// or the trusted proxy's `X-Forwarded-Proto`.
pub fn is_https(req: &HttpRequest) -> bool {
    match forwarded(req, "x-forwarded-proto") {
        Some(proto) => proto == "https",
        None => req.app_config().secure(),
    }
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

impl FromRequest for Principal {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let db = req.app_data::<web::Data<Db>>().cloned();
        let cache = req
            .app_data::<web::Data<token_cache::TokenCache>>()
            .cloned();
        let token = bearer(req);
        let address = address(req);
        Box::pin(async move {
            let db = db.ok_or_else(|| AppError::Internal("no database configured".into()))?;
            let Some(token) = token else {
                return Err(AppError::Unauthorized(
                    "sign in required: send Authorization: Bearer <token> (create a token at /api/v1/tokens)".into(),
                ));
            };
            let hash = secrets::token_hash(&token);
            let cached = cache.as_ref().and_then(|c| c.get(&hash));
            let account = match cached {
                Some(account) => Some(account),
                None => {
                    let ticket = cache.as_ref().map(|c| c.ticket());
                    let key = hash.clone();
                    let found = db.run(move |c| access::account_by_token(c, &key)).await?;
                    if let (Some(cache), Some(ticket), Some(account)) = (&cache, ticket, &found) {
                        cache.store(ticket, hash, account.clone());
                    }
                    found
                }
            };
            match account {
                Some(account) => Ok(Principal { account, address }),
                None => Err(AppError::Unauthorized(
                    "the token is unknown or revoked".into(),
                )),
            }
        })
    }
}

/// The first administrator, from `ADMIN_EMAIL` and `ADMIN_PASSWORD` at start-up.
/// Does nothing once an administrator who can sign in exists.
pub fn bootstrap_admin(db: &Db, email: &str, name: &str, password: &str) -> Result<bool, String> {
    use crate::db::people::{self, PersonData};
    use crate::domain::text;
    let email = text::email("ADMIN_EMAIL", email).map_err(|e| e.to_string())?;
    let name = text::required_name("ADMIN_NAME", name, 200).map_err(|e| e.to_string())?;
    crate::domain::access::password("ADMIN_PASSWORD", password).map_err(|e| e.to_string())?;
    let hash = secrets::hash_password(password)?;
    db.run_blocking(|c| {
        crate::db::write_transaction(c, |c| {
            if access::count_administrators(c)? > 0 {
                return Ok(false);
            }
            let person = match access::credentials(c, &email)? {
                Some((account, _)) => account.person_id,
                None => {
                    people::create(
                        c,
                        &PersonData {
                            name: name.clone(),
                            email: email.clone(),
                            department_id: None,
                        },
                    )?
                    .id
                }
            };
            access::set_role(c, person, Role::Administrator)?;
            access::set_password_hash(c, person, &hash)?;
            let actor = Actor {
                person_id: None,
                label: "ADMIN_EMAIL at start-up".into(),
                address: None,
            };
            crate::db::audit::record(
                c,
                &actor,
                "role change",
                "person",
                person,
                None,
                crate::db::audit::json(&serde_json::json!({"role": "administrator"})),
            )?;
            Ok(true)
        })
    })
    .map_err(|e| format!("cannot create the first administrator: {e}"))
}

//! Every request body arrives whole, within a size limit and a deadline,
//! before any handler or extractor sees it: a client that trickles a body a
//! byte at a time gets 408 instead of holding a connection and a buffer open.

use crate::error::AppError;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{AUTHORIZATION, CONTENT_LENGTH, COOKIE};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use actix_web::HttpMessage;
use actix_web::ResponseError;
use futures_util::StreamExt;
use std::time::Duration;

/// How much a request may send and how long it may take to send it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyRule {
    pub limit: usize,
    pub deadline: Duration,
}

/// An import file (the README's figures), read by its handler once the
/// caller is known to be allowed to import: 20 MiB in two minutes is
/// 1.4 Mbit/s, slower than any municipal line.
pub const IMPORT: BodyRule = BodyRule {
    limit: 20 * 1024 * 1024,
    deadline: Duration::from_secs(120),
};
/// A JSON body or a form of someone who is signed in.
pub const SIGNED_IN: BodyRule = BodyRule {
    limit: crate::JSON_LIMIT,
    deadline: Duration::from_secs(10),
};
/// Anyone else, the sign-in form included: a sign-in is a few hundred bytes.
pub const ANONYMOUS: BodyRule = BodyRule {
    limit: 16 * 1024,
    deadline: Duration::from_secs(5),
};

/// Where the handler reads the body itself, after authentication, under `IMPORT`.
pub fn read_by_handler(path: &str) -> bool {
    path.starts_with("/api/v1/import/") || path == "/import"
}

/// The rule for a request, from what it claims to be before it is read.
/// A request that carries no credentials cannot be let to send much.
pub fn rule_for(path: &str, has_credentials: bool) -> BodyRule {
    if !has_credentials || path == "/log-ind" {
        ANONYMOUS
    } else {
        SIGNED_IN
    }
}

fn carries_body(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Middleware: read the body under its rule, then hand it on in memory.
pub async fn whole_body(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if !carries_body(req.method()) || read_by_handler(req.path()) {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let headers = req.headers();
    let has_credentials = headers.contains_key(AUTHORIZATION)
        || headers
            .get(COOKIE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains(crate::auth::SESSION_COOKIE));
    let rule = rule_for(req.path(), has_credentials);
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok());
    let read = read_within(req.take_payload(), rule, declared).await;
    match read {
        Ok(bytes) => {
            req.set_payload(Payload::from(bytes));
            Ok(next.call(req).await?.map_into_left_body())
        }
        Err(e) => {
            if let AppError::RequestTimeout(_) = e {
                log::warn!(
                    "{} {}: body not sent within {:?}",
                    req.method(),
                    req.path(),
                    rule.deadline
                );
            }
            let response = e.error_response();
            Ok(req.into_response(response).map_into_right_body())
        }
    }
}

fn too_large(rule: BodyRule) -> AppError {
    AppError::PayloadTooLarge(format!(
        "the request body is larger than {} KiB",
        rule.limit / 1024
    ))
}

/// Read a whole body under a rule: 413 as soon as the declared or the
/// received size passes the limit, 408 when it has not all come in time.
/// Memory grows with what arrives, never with what a header claims.
/// An import's body, read by its handler once the caller may import: up to
/// `IMPORT`'s limit (413, at once when `Content-Length` says more) and
/// within its deadline (408).
pub async fn read_import(
    req: &actix_web::HttpRequest,
    payload: actix_web::web::Payload,
) -> Result<Bytes, AppError> {
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok());
    read_within(payload.into_inner(), IMPORT, declared).await
}

pub async fn read_within(
    mut payload: Payload,
    rule: BodyRule,
    declared: Option<usize>,
) -> Result<Bytes, AppError> {
    if declared.is_some_and(|n| n > rule.limit) {
        return Err(too_large(rule));
    }
    let mut body = BytesMut::with_capacity(declared.unwrap_or(0).min(64 * 1024));
    let whole = async {
        while let Some(chunk) = payload.next().await {
            let chunk =
                chunk.map_err(|e| AppError::bad_request(format!("cannot read the body: {e}")))?;
            if body.len() + chunk.len() > rule.limit {
                return Err(too_large(rule));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(())
    };
    actix_web::rt::time::timeout(rule.deadline, whole)
        .await
        .map_err(|_| {
            AppError::RequestTimeout(format!(
                "the request body did not arrive within {} seconds",
                rule.deadline.as_secs()
            ))
        })??;
    Ok(body.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert_eq!(rule_for("/log-ind", false), ANONYMOUS);
        assert_eq!(rule_for("/log-ind", true), ANONYMOUS);
        assert_eq!(rule_for("/api/v1/projects", false), ANONYMOUS);
        assert_eq!(rule_for("/api/v1/projects", true), SIGNED_IN);
        assert!(read_by_handler("/api/v1/import/status"));
        assert!(!read_by_handler("/api/v1/projects"));
    }
}

//! What answers when no route matched: 405 with `Allow` when the path exists
//! under another method, else 404 — both as JSON errors.

use crate::error::{AppError, ErrorBody};
use actix_web::dev::ResourceDef;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use utoipa::openapi::OpenApi;

pub struct KnownPaths(Vec<(ResourceDef, String)>);

impl KnownPaths {
    /// Every documented path and its methods, read from the OpenAPI spec so
    /// the two cannot disagree.
    pub fn from_spec(spec: &OpenApi) -> Self {
        let paths = spec
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let json = serde_json::to_value(item).unwrap_or_default();
                let mut methods: Vec<String> = json
                    .as_object()
                    .map(|o| {
                        o.keys()
                            .filter(|k| {
                                ["get", "put", "post", "delete", "patch"].contains(&k.as_str())
                            })
                            .map(|k| k.to_uppercase())
                            .collect()
                    })
                    .unwrap_or_default();
                if methods.iter().any(|m| m == "GET") {
                    methods.push("HEAD".into());
                }
                (ResourceDef::new(path.as_str()), methods.join(", "))
            })
            .collect();
        Self(paths)
    }

    fn allowed(&self, path: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(def, _)| def.is_match(path))
            .map(|(_, methods)| methods.as_str())
    }
}

pub async fn fallback(req: HttpRequest, known: web::Data<KnownPaths>) -> HttpResponse {
    match known.allowed(req.path()) {
        Some(methods) => HttpResponse::MethodNotAllowed()
            .insert_header(("Allow", methods))
            .json(ErrorBody {
                error: format!("{} is not allowed here; use {methods}", req.method()),
                field: None,
                code: None,
                lines: vec![],
            }),
        // Pages get a Danish page, the API a JSON error.
        None if !req.path().starts_with("/api/") => crate::web::not_found_page(),
        None => AppError::NotFound(format!("no such resource: {}", req.path())).error_response(),
    }
}

/// The print stylesheet of the report page, served by the service itself.
pub async fn report_css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(include_str!("../static/rapport.css"))
}

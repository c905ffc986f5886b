use crate::harness::TestApp;
use crate::helpers::*;
use actix_web::http::{Method, StatusCode};
use actix_web::test;

#[actix_web::test]
async fn health_names_the_backend_and_schema_version() {
    let newest = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .split("_")
                .next()
                .unwrap()
                .replace("-", "")
        })
        .max()
        .unwrap();
    let app = TestApp::empty().await;
    let admin = app.as_admin();
    let (status, body) = admin.get("/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["backend"], app.test_db().backend().name());
    assert_eq!(body["schema_version"], newest);
}

#[actix_web::test]
async fn unknown_paths_are_404_and_wrong_methods_405_as_json() {
    let app = TestApp::empty().await;
    let admin = app.as_admin();
    let (status, body) = admin.get("/api/v1/nothing-here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"]
        .as_str()
        .unwrap()
        .contains("/api/v1/nothing-here"));

    let req = admin
        .request(Method::DELETE, "/api/v1/quarters")
        .to_request();
    let resp = app.call(req).await;
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
    let allow = resp
        .headers()
        .get("allow")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");

    let (status, _) = admin.send(Method::PATCH, "/api/v1/projects/1", None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}

#[actix_web::test]
async fn api_docs_are_served_by_the_service_itself() {
    let app = TestApp::empty().await;
    let admin = app.as_admin();
    let resp = admin.get_raw("/api/docs/").await;
    assert_eq!(resp.status(), StatusCode::OK);
    let page = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(page.contains("swagger-ui"), "{page}");
    assert!(!page.contains("https://"), "no CDN assets: {page}");
    let resp = admin.get_raw("/api/docs/swagger-ui-bundle.js").await;
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = admin.get_raw("/api/docs/swagger-initializer.js").await;
    let init = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(init.contains("/api/openapi.json"), "{init}");
}

#[actix_web::test]
async fn health_is_503_when_the_database_is_gone() {
    // Only PostgreSQL can lose its database under a running service.
    let Some(server) = postgres_server() else {
        eprintln!("needs TEST_DATABASE_URL=postgres://...");
        return;
    };
    let app = TestApp::empty().await;
    let admin = app.as_admin();
    let (status, _) = admin.get("/health").await;
    assert_eq!(status, StatusCode::OK);
    let name = app.test_db().url.target.rsplit('/').next().unwrap();
    on_server(&server, &format!("DROP DATABASE {name} WITH (FORCE)"));
    let (status, body) = admin.get("/health").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("unavailable"),
        "{body}"
    );
    let (status, _) = admin.get("/api/v1/projects").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
}

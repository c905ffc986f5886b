use crate::harness::TestApp;
use actix_web::http::StatusCode;

const COMMITTED: &str = include_str!("../../openapi/openapi.json");

#[actix_web::test]
async fn committed_spec_matches_the_code() {
    let generated = portefolje::openapi().to_pretty_json().unwrap();
    assert!(
        generated.trim() == COMMITTED.trim(),
        "openapi/openapi.json is out of date: run `cargo run --bin openapi > openapi/openapi.json`"
    );
}

#[actix_web::test]
async fn served_spec_is_the_committed_one() {
    let app = TestApp::empty().await;
    let admin = app.as_admin();
    let (status, served) = admin.get("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let committed: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
    assert_eq!(served, committed);
}

#[actix_web::test]
async fn every_operation_documents_its_errors() {
    let spec: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
    let paths = spec["paths"].as_object().unwrap();
    assert!(paths.len() >= 20, "{}", paths.len());
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            let has_error = responses
                .keys()
                .any(|code| code.starts_with('4') || code.starts_with('5'));
            assert!(has_error, "{method} {path} documents no error response");
            let json_body = op["requestBody"]["content"]
                .get("application/json")
                .is_some();
            if json_body {
                for code in ["400", "413", "415", "422"] {
                    assert!(responses.contains_key(code), "{method} {path} lacks {code}");
                }
            }
        }
    }
}

use crate::harness::TestApp;
use crate::helpers::*;
use actix_web::http::StatusCode;
use serde_json::json;

#[actix_web::test]
async fn reporting_again_adds_a_version_and_the_latest_counts() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let id = admin.project_id("Indeklima på skoler").await;
    let path = format!("/api/v1/projects/{id}/status/2022Q3");
    let (status, _) = admin.get(&path).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no report yet");

    let red = json!({"colour": "red", "comment": "Sensorerne er ikke leveret"});
    let (status, first) = admin.put_status(id, "2022Q3", status_body(red)).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(
        (first["version"].as_i64(), first["tid"]["colour"].as_str()),
        (Some(1), Some("red"))
    );
    let (_, page) = admin.get("/api/v1/projects?red=tid&quarter=2022Q3").await;
    assert_eq!(names(&page), ["Indeklima på skoler"]);

    let (status, second) = admin.put_status(id, "2022Q3", json!({
        "ressourcer": green(), "leverancer": green(), "tid": {"colour": "yellow", "comment": "Leveres i oktober"},
        "okonomi": green(), "comment": "Rettet efter samtale med leverandøren"
    })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(second["version"], 2);

    let (_, latest) = admin.get(&path).await;
    assert_eq!(
        (latest["version"].as_i64(), latest["tid"]["colour"].as_str()),
        (Some(2), Some("yellow"))
    );
    assert_eq!(latest["comment"], "Rettet efter samtale med leverandøren");
    let (_, page) = admin.get("/api/v1/projects?red=tid&quarter=2022Q3").await;
    assert_eq!(page["total"], 0, "only the latest version counts");

    let (_, history) = admin.get(&format!("/api/v1/projects/{id}/status")).await;
    let q3: Vec<_> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["quarter"] == "2022Q3")
        .collect();
    assert_eq!(q3.len(), 2);
    assert_eq!(
        (q3[0]["version"].as_i64(), q3[0]["is_latest"].as_bool()),
        (Some(2), Some(true))
    );
    assert_eq!(
        (q3[1]["version"].as_i64(), q3[1]["is_latest"].as_bool()),
        (Some(1), Some(false))
    );
    assert_eq!(q3[1]["tid"]["comment"], "Sensorerne er ikke leveret");
}

#[actix_web::test]
async fn a_red_parameter_needs_a_comment() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let id = admin.project_id("Citizen Lab").await;
    for body in [
        json!({"ressourcer": {"colour": "red"}, "leverancer": green(), "tid": green(), "okonomi": green()}),
        json!({"ressourcer": green(), "leverancer": green(), "tid": green(), "okonomi": {"colour": "red", "comment": "   "}}),
    ] {
        let (status, err) = admin.put_status(id, "2022Q3", body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            err["field"].as_str().unwrap().ends_with(".comment"),
            "{err}"
        );
        assert!(
            err["error"].as_str().unwrap().contains("needs a comment"),
            "{err}"
        );
    }
    let (status, _) = admin.status(id, "2022Q3").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing stored");
}

#[actix_web::test]
async fn status_errors() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let id = admin.project_id("Citizen Lab").await;
    let ok = status_body(green());
    let cases = [
        (
            format!("/api/v1/projects/{id}/status/2022Q1"),
            ok.clone(),
            StatusCode::CONFLICT,
            None,
        ),
        (
            format!("/api/v1/projects/{id}/status/2030Q1"),
            ok.clone(),
            StatusCode::NOT_FOUND,
            None,
        ),
        (
            format!("/api/v1/projects/{id}/status/2022Q5"),
            ok.clone(),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("quarter"),
        ),
        (
            "/api/v1/projects/99999/status/2022Q3".to_string(),
            ok.clone(),
            StatusCode::NOT_FOUND,
            None,
        ),
        (
            format!("/api/v1/projects/{id}/status/2022Q3"),
            json!({"ressourcer": {"colour": "lilla"}, "leverancer": green(), "tid": green(), "okonomi": green()}),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("ressourcer.colour"),
        ),
        (
            format!("/api/v1/projects/{id}/status/2022Q3"),
            json!({"ressourcer": green(), "leverancer": green(), "tid": green()}),
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
        ),
        (
            format!("/api/v1/projects/{id}/status/2022Q3"),
            json!({"ressourcer": green(), "leverancer": green(), "tid": green(), "okonomi": green(), "reported_by": 99999}),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("reported_by"),
        ),
    ];
    for (path, body, expected, field) in cases {
        let (status, err) = admin.put(&path, body).await;
        assert_eq!(status, expected, "{path}: {err}");
        if let Some(field) = field {
            assert_eq!(err["field"], field, "{path}: {err}");
        }
    }
    let (status, err) = admin.status(id, "2022Q5").await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("quarter"))
    );
    // The closed quarter's report is unchanged.
    let (_, latest) = admin.status(id, "2022Q1").await;
    assert_eq!(
        (latest["version"].as_i64(), latest["tid"]["colour"].as_str()),
        (Some(1), Some("red"))
    );
}

#[actix_web::test]
async fn concurrent_reports_get_distinct_versions() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let id = admin.project_id("Nøgleskab").await;
    let requests = (0..12).map(|i| {
        let body =
            status_body(json!({"colour": "red", "comment": format!("Forsinket, version {i}")}));
        admin.put_status(id, "2022Q3", body)
    });
    let answers = futures::future::join_all(requests).await;
    let mut versions: Vec<i64> = answers
        .iter()
        .map(|(status, body)| {
            assert_eq!(*status, StatusCode::OK, "{body}");
            body["version"].as_i64().unwrap()
        })
        .collect();
    versions.sort();
    assert_eq!(versions, (1..=12).collect::<Vec<_>>());
    let (_, history) = admin.get(&format!("/api/v1/projects/{id}/status")).await;
    let latest: Vec<_> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["quarter"] == "2022Q3" && s["is_latest"] == true)
        .collect();
    assert_eq!(latest.len(), 1);
    assert_eq!(latest[0]["version"], 12);
}

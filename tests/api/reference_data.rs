use crate::helpers::*;
use actix_web::http::{Method, StatusCode};
use actix_web::test;
use serde_json::json;

#[actix_web::test]
async fn departments_and_people() {
    let t = TestDb::empty();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let (status, d) = send(
        &app,
        Method::POST,
        "/api/v1/departments",
        Some(json!({"name": "Økonomi & Stab", "code": "ØS", "directorate": "Økonomi & Stab"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    let id = d["id"].as_i64().unwrap();
    let (status, err) = send(
        &app,
        Method::POST,
        "/api/v1/departments",
        Some(json!({"name": "Andet", "code": "ØS"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    let (status, d) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/departments/{id}"),
        Some(json!({"name": "Økonomi og Stab", "code": "ØS"})),
    )
    .await;
    assert_eq!(
        (status, d["name"].as_str()),
        (StatusCode::OK, Some("Økonomi og Stab"))
    );
    let (status, read) = get(&app, &format!("/api/v1/departments/{id}")).await;
    assert_eq!(
        (status, read["code"].as_str()),
        (StatusCode::OK, Some("ØS"))
    );
    let (status, _) = get(&app, "/api/v1/departments/9999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let person =
        json!({"name": "Lars Bech", "email": "Lars.Bech@Albertslund.dk", "department_id": id});
    let (status, p) = send(&app, Method::POST, "/api/v1/people", Some(person)).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    assert_eq!(p["email"], "lars.bech@albertslund.dk");
    let (status, err) = send(
        &app,
        Method::POST,
        "/api/v1/people",
        Some(json!({"name": "Lars B", "email": "LARS.BECH@albertslund.dk"})),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::CONFLICT, Some("email"))
    );
    let (status, err) = send(
        &app,
        Method::POST,
        "/api/v1/people",
        Some(json!({"name": "X", "email": "not-an-email"})),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("email"))
    );
    let (status, err) = send(
        &app,
        Method::POST,
        "/api/v1/people",
        Some(json!({"name": "X", "email": "x@albertslund.dk", "department_id": 9999})),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("department_id"))
    );
    let pid = p["id"].as_i64().unwrap();
    let (status, p) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/people/{pid}"),
        Some(json!({"name": "Lars Bech", "email": "lb@albertslund.dk"})),
    )
    .await;
    assert_eq!(
        (status, p["department_id"].clone()),
        (StatusCode::OK, serde_json::Value::Null)
    );
    let (status, read) = get(&app, &format!("/api/v1/people/{pid}")).await;
    assert_eq!(
        (status, read["email"].as_str()),
        (StatusCode::OK, Some("lb@albertslund.dk"))
    );
    let (_, people) = get(&app, "/api/v1/people").await;
    let names: Vec<&str> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Lars Bech", "Test Administrator"]);
    assert_eq!(
        people[0]["role"], "reader",
        "new people read only until given a role"
    );
}

#[actix_web::test]
async fn strategies_and_focus_areas() {
    let t = TestDb::empty();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let (_, d) = send(
        &app,
        Method::POST,
        "/api/v1/departments",
        Some(json!({"name": "Miljø & Teknik", "code": "M&T"})),
    )
    .await;
    let (status, err) = send(
        &app,
        Method::POST,
        "/api/v1/strategies",
        Some(json!({"name": "S", "start_year": 2025, "end_year": 2021})),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("end_year"))
    );
    let (status, s) = send(
        &app,
        Method::POST,
        "/api/v1/strategies",
        Some(json!({"name": "Mere velfærd i Albertslund", "start_year": 2021, "end_year": 2025})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let sid = s["id"].as_i64().unwrap();
    let (status, read) = get(&app, &format!("/api/v1/strategies/{sid}")).await;
    assert_eq!(
        (status, read["start_year"].as_i64()),
        (StatusCode::OK, Some(2021))
    );
    let (status, s) = send(&app, Method::PUT, &format!("/api/v1/strategies/{sid}"), Some(json!({"name": "Mere velfærd i Albertslund", "description": "Digitaliseringsstrategi", "start_year": 2021, "end_year": 2026}))).await;
    assert_eq!(
        (status, s["end_year"].as_i64()),
        (StatusCode::OK, Some(2026))
    );

    let area = json!({"strategy_id": sid, "name": "Mere grøn velfærd", "department_id": d["id"]});
    let (status, f) = send(
        &app,
        Method::POST,
        "/api/v1/focus-areas",
        Some(area.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{f}");
    let (status, _) = send(&app, Method::POST, "/api/v1/focus-areas", Some(area)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, err) = send(
        &app,
        Method::POST,
        "/api/v1/focus-areas",
        Some(json!({"strategy_id": 9999, "name": "X", "department_id": d["id"]})),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("strategy_id"))
    );
    let fid = f["id"].as_i64().unwrap();
    let (status, f) = send(&app, Method::PUT, &format!("/api/v1/focus-areas/{fid}"), Some(json!({"strategy_id": sid, "name": "Mere grøn velfærd (IoT)", "department_id": d["id"]}))).await;
    assert_eq!(
        (status, f["name"].as_str()),
        (StatusCode::OK, Some("Mere grøn velfærd (IoT)"))
    );
    let (status, f) = get(&app, &format!("/api/v1/focus-areas/{fid}")).await;
    assert_eq!(
        (status, f["strategy_id"].as_i64()),
        (StatusCode::OK, Some(sid))
    );
}

#[actix_web::test]
async fn phases_are_data_in_order() {
    let t = TestDb::empty();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let (_, phases) = get(&app, "/api/v1/phases").await;
    let names: Vec<&str> = phases
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "idé",
            "analyse",
            "anskaffelse/udbud",
            "implementering",
            "drift/afslutning",
            "gevinstrealisering"
        ]
    );
    let (status, p) = send(
        &app,
        Method::POST,
        "/api/v1/phases",
        Some(json!({"name": "forundersøgelse", "position": 0})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, phases) = get(&app, "/api/v1/phases").await;
    assert_eq!(phases[0]["name"], "forundersøgelse");
    let (status, read) = get(&app, &format!("/api/v1/phases/{}", p["id"])).await;
    assert_eq!(
        (status, read["position"].as_i64()),
        (StatusCode::OK, Some(0))
    );
    let (status, _) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/phases/{}", p["id"]),
        Some(json!({"name": "analyse", "position": 9})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, err) = send(
        &app,
        Method::POST,
        "/api/v1/phases",
        Some(json!({"name": "x", "position": -4})),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("position"))
    );
}

#[actix_web::test]
async fn quarters_open_and_close() {
    let t = TestDb::seeded();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let (status, q) = send(
        &app,
        Method::POST,
        "/api/v1/quarters",
        Some(json!({"code": "2023Q1", "deadline": "2023-03-17"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{q}");
    assert_eq!(
        (
            q["state"].as_str(),
            q["first_day"].as_str(),
            q["last_day"].as_str()
        ),
        (Some("open"), Some("2023-01-01"), Some("2023-03-31"))
    );
    let (status, _) = send(
        &app,
        Method::POST,
        "/api/v1/quarters",
        Some(json!({"code": "2023Q1", "deadline": "2023-03-17"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, err) = send(
        &app,
        Method::POST,
        "/api/v1/quarters",
        Some(json!({"code": "2023Q5", "deadline": "2023-03-17"})),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("code"))
    );
    let (status, err) = send(
        &app,
        Method::POST,
        "/api/v1/quarters",
        Some(json!({"code": "2023Q2", "deadline": "2023-06-16", "state": "ajar"})),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("state"))
    );

    let id = project_id(&app, "Citizen Lab").await;
    let (status, _) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/projects/{id}/status/2023Q1"),
        Some(status_body(green())),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, q) = send(
        &app,
        Method::PUT,
        "/api/v1/quarters/2023Q1",
        Some(json!({"deadline": "2023-03-17", "state": "closed"})),
    )
    .await;
    assert_eq!(
        (status, q["state"].as_str()),
        (StatusCode::OK, Some("closed"))
    );
    let (status, err) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/projects/{id}/status/2023Q1"),
        Some(status_body(green())),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(err["error"].as_str().unwrap().contains("closed"));

    let (status, read) = get(&app, "/api/v1/quarters/2023Q1").await;
    assert_eq!(
        (status, read["deadline"].as_str()),
        (StatusCode::OK, Some("2023-03-17"))
    );
    let (_, list) = get(&app, "/api/v1/quarters").await;
    assert_eq!(list[0]["code"], "2023Q1", "newest first");
    let (status, _) = get(&app, "/api/v1/quarters/2031Q2").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = get(&app, "/api/v1/quarters/nonsense").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

use crate::harness::TestApp;
use crate::helpers::*;
use actix_web::http::StatusCode;
use serde_json::json;

#[actix_web::test]
async fn departments_and_people() {
    let app = TestApp::empty().await;
    let admin = app.as_admin();
    let (status, d) = admin
        .post(
            "/api/v1/departments",
            json!({"name": "Økonomi & Stab", "code": "ØS", "directorate": "Økonomi & Stab"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    let id = d["id"].as_i64().unwrap();
    let (status, err) = admin
        .post(
            "/api/v1/departments",
            json!({"name": "Andet", "code": "ØS"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    let (status, d) = admin
        .put(
            &format!("/api/v1/departments/{id}"),
            json!({"name": "Økonomi og Stab", "code": "ØS"}),
        )
        .await;
    assert_eq!(
        (status, d["name"].as_str()),
        (StatusCode::OK, Some("Økonomi og Stab"))
    );
    let (status, read) = admin.get(&format!("/api/v1/departments/{id}")).await;
    assert_eq!(
        (status, read["code"].as_str()),
        (StatusCode::OK, Some("ØS"))
    );
    let (status, _) = admin.get("/api/v1/departments/9999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let person =
        json!({"name": "Lars Bech", "email": "Lars.Bech@Albertslund.dk", "department_id": id});
    let (status, p) = admin.post("/api/v1/people", person).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    assert_eq!(p["email"], "lars.bech@albertslund.dk");
    let (status, err) = admin
        .post(
            "/api/v1/people",
            json!({"name": "Lars B", "email": "LARS.BECH@albertslund.dk"}),
        )
        .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::CONFLICT, Some("email"))
    );
    let (status, err) = admin
        .post(
            "/api/v1/people",
            json!({"name": "X", "email": "not-an-email"}),
        )
        .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("email"))
    );
    let (status, err) = admin
        .post(
            "/api/v1/people",
            json!({"name": "X", "email": "x@albertslund.dk", "department_id": 9999}),
        )
        .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("department_id"))
    );
    let pid = p["id"].as_i64().unwrap();
    let (status, p) = admin
        .put(
            &format!("/api/v1/people/{pid}"),
            json!({"name": "Lars Bech", "email": "lb@albertslund.dk"}),
        )
        .await;
    assert_eq!(
        (status, p["department_id"].clone()),
        (StatusCode::OK, serde_json::Value::Null)
    );
    let (status, read) = admin.get(&format!("/api/v1/people/{pid}")).await;
    assert_eq!(
        (status, read["email"].as_str()),
        (StatusCode::OK, Some("lb@albertslund.dk"))
    );
    let (_, people) = admin.get("/api/v1/people").await;
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
    let app = TestApp::empty().await;
    let admin = app.as_admin();
    let (_, d) = admin
        .post(
            "/api/v1/departments",
            json!({"name": "Miljø & Teknik", "code": "M&T"}),
        )
        .await;
    let (status, err) = admin
        .post(
            "/api/v1/strategies",
            json!({"name": "S", "start_year": 2025, "end_year": 2021}),
        )
        .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("end_year"))
    );
    let (status, s) = admin
        .post(
            "/api/v1/strategies",
            json!({"name": "Mere velfærd i Albertslund", "start_year": 2021, "end_year": 2025}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let sid = s["id"].as_i64().unwrap();
    let (status, read) = admin.get(&format!("/api/v1/strategies/{sid}")).await;
    assert_eq!(
        (status, read["start_year"].as_i64()),
        (StatusCode::OK, Some(2021))
    );
    let (status, s) = admin.put(&format!("/api/v1/strategies/{sid}"), json!({"name": "Mere velfærd i Albertslund", "description": "Digitaliseringsstrategi", "start_year": 2021, "end_year": 2026})).await;
    assert_eq!(
        (status, s["end_year"].as_i64()),
        (StatusCode::OK, Some(2026))
    );

    let area = json!({"strategy_id": sid, "name": "Mere grøn velfærd", "department_id": d["id"]});
    let (status, f) = admin.post("/api/v1/focus-areas", area.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{f}");
    let (status, _) = admin.post("/api/v1/focus-areas", area).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, err) = admin
        .post(
            "/api/v1/focus-areas",
            json!({"strategy_id": 9999, "name": "X", "department_id": d["id"]}),
        )
        .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("strategy_id"))
    );
    let fid = f["id"].as_i64().unwrap();
    let (status, f) = admin.put(&format!("/api/v1/focus-areas/{fid}"), json!({"strategy_id": sid, "name": "Mere grøn velfærd (IoT)", "department_id": d["id"]})).await;
    assert_eq!(
        (status, f["name"].as_str()),
        (StatusCode::OK, Some("Mere grøn velfærd (IoT)"))
    );
    let (status, f) = admin.get(&format!("/api/v1/focus-areas/{fid}")).await;
    assert_eq!(
        (status, f["strategy_id"].as_i64()),
        (StatusCode::OK, Some(sid))
    );
}

#[actix_web::test]
async fn phases_are_data_in_order() {
    let app = TestApp::empty().await;
    let admin = app.as_admin();
    let (_, phases) = admin.get("/api/v1/phases").await;
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
    let (status, p) = admin
        .post(
            "/api/v1/phases",
            json!({"name": "forundersøgelse", "position": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, phases) = admin.get("/api/v1/phases").await;
    assert_eq!(phases[0]["name"], "forundersøgelse");
    let (status, read) = admin.get(&format!("/api/v1/phases/{}", p["id"])).await;
    assert_eq!(
        (status, read["position"].as_i64()),
        (StatusCode::OK, Some(0))
    );
    let (status, _) = admin
        .put(
            &format!("/api/v1/phases/{}", p["id"]),
            json!({"name": "analyse", "position": 9}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, err) = admin
        .post("/api/v1/phases", json!({"name": "x", "position": -4}))
        .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("position"))
    );
}

#[actix_web::test]
async fn quarters_open_and_close() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (status, q) = admin
        .post(
            "/api/v1/quarters",
            json!({"code": "2023Q1", "deadline": "2023-03-17"}),
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
    let (status, _) = admin
        .post(
            "/api/v1/quarters",
            json!({"code": "2023Q1", "deadline": "2023-03-17"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, err) = admin
        .post(
            "/api/v1/quarters",
            json!({"code": "2023Q5", "deadline": "2023-03-17"}),
        )
        .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("code"))
    );
    let (status, err) = admin
        .post(
            "/api/v1/quarters",
            json!({"code": "2023Q2", "deadline": "2023-06-16", "state": "ajar"}),
        )
        .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("state"))
    );

    let id = admin.project_id("Citizen Lab").await;
    let (status, _) = admin.put_status(id, "2023Q1", status_body(green())).await;
    assert_eq!(status, StatusCode::OK);
    let (status, q) = admin
        .put(
            "/api/v1/quarters/2023Q1",
            json!({"deadline": "2023-03-17", "state": "closed"}),
        )
        .await;
    assert_eq!(
        (status, q["state"].as_str()),
        (StatusCode::OK, Some("closed"))
    );
    let (status, err) = admin.put_status(id, "2023Q1", status_body(green())).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(err["error"].as_str().unwrap().contains("closed"));

    let (status, read) = admin.get("/api/v1/quarters/2023Q1").await;
    assert_eq!(
        (status, read["deadline"].as_str()),
        (StatusCode::OK, Some("2023-03-17"))
    );
    let (_, list) = admin.get("/api/v1/quarters").await;
    assert_eq!(list[0]["code"], "2023Q1", "newest first");
    let (status, _) = admin.get("/api/v1/quarters/2031Q2").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = admin.get("/api/v1/quarters/nonsense").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

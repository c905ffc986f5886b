use crate::harness::{Client, TestApp};
use crate::helpers::*;
use actix_web::http::{Method, StatusCode};
use actix_web::test;
use serde_json::{json, Value};

async fn ids(admin: &Client<'_>) -> (i64, i64, i64) {
    let (_, departments) = admin.get("/api/v1/departments").await;
    let (_, phases) = admin.get("/api/v1/phases").await;
    let (_, people) = admin.get("/api/v1/people").await;
    (
        departments[0]["id"].as_i64().unwrap(),
        phases[0]["id"].as_i64().unwrap(),
        people[0]["id"].as_i64().unwrap(),
    )
}

fn project(name: &str, department: i64, phase: i64) -> Value {
    json!({
        "name": name,
        "description": "Digital selvbetjening",
        "case_number": "85.13.00-P20-7-22",
        "department_id": department,
        "phase_id": phase,
        "kind": "operational",
        "must_do": true,
        "start_date": "2022-05-01",
        "planned_end": "2023-06-30",
        "budget": 250000,
        "spent": 0,
        "operating_cost": 40000,
        "expected_benefits": "Færre henvendelser",
        "state": "approved"
    })
}

#[actix_web::test]
async fn create_read_update_a_project() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (department, phase, person) = ids(&admin).await;
    let mut body = project("Åbne data", department, phase);
    body["manager_id"] = json!(person);
    let (status, created) = admin.create_project(body.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["name"], "Åbne data");
    assert_eq!(created["kind"], "operational");
    assert_eq!(created["must_do"], true);
    assert_eq!(created["manager"]["id"], person);
    assert_eq!(created["department"]["id"], department);
    assert_eq!(created["version"], 1);
    let id = created["id"].as_i64().unwrap();

    let (status, read) = admin.project(id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read["case_number"], "85.13.00-P20-7-22");
    assert_eq!(read["budget"], 250000);
    assert_eq!(read["start_date"], "2022-05-01");

    body["budget"] = json!(300000);
    body["state"] = json!("active");
    body["version"] = json!(1);
    let (status, updated) = admin.update_project(id, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["budget"], 300000);
    assert_eq!(updated["state"], "active");
    assert_eq!(updated["version"], 2);

    // Someone who read version 1 cannot overwrite version 2.
    body["budget"] = json!(1);
    let (status, err) = admin.update_project(id, body).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert!(
        err["error"]
            .as_str()
            .unwrap()
            .contains("changed by someone else"),
        "{err}"
    );
    let (_, read) = admin.project(id).await;
    assert_eq!(read["budget"], 300000);
}

#[actix_web::test]
async fn list_sorts_in_danish_order_and_paginates() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (_, all) = admin.get("/api/v1/projects?limit=500").await;
    let all_names = names(&all);
    assert_eq!(all["total"], 24);
    assert_eq!(all_names.len(), 24);
    assert_eq!(
        all_names.last().unwrap(),
        "ØIR - Økonomien i Rammearkitekturen (Monopolbrud Classic)"
    );
    let position = |n: &str| all_names.iter().position(|x| x == n).unwrap();
    assert!(
        position("Velfærdsteknologisk Strategi")
            < position("ØIR - Økonomien i Rammearkitekturen (Monopolbrud Classic)")
    );
    assert!(position("Nøgleskab") > position("NemRefusion"));

    let (_, first) = admin.get("/api/v1/projects?limit=10&offset=0").await;
    let (_, third) = admin.get("/api/v1/projects?limit=10&offset=20").await;
    assert_eq!(first["total"], 24);
    assert_eq!(names(&first), all_names[..10]);
    assert_eq!(names(&third), all_names[20..]);
    assert_eq!(third["offset"], 20);

    for bad in ["limit=0", "limit=501", "offset=-1"] {
        let (status, err) = admin.get(&format!("/api/v1/projects?{bad}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {err}");
    }
    let (status, err) = admin.get("/api/v1/projects?limit=many").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err["error"].is_string());
}

#[actix_web::test]
async fn list_filters() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let total = |path: String| {
        let admin = &admin;
        async move {
            let (status, page) = admin.get(&path).await;
            assert_eq!(status, StatusCode::OK, "{path}: {page}");
            page["total"].as_i64().unwrap()
        }
    };
    assert_eq!(total("/api/v1/projects?must_do=true".into()).await, 11);
    assert_eq!(total("/api/v1/projects?must_do=false".into()).await, 13);
    assert_eq!(total("/api/v1/projects?kind=operational".into()).await, 8);
    assert_eq!(total("/api/v1/projects?state=cancelled".into()).await, 1);
    assert_eq!(total("/api/v1/projects?state=completed".into()).await, 2);

    let (_, departments) = admin.get("/api/v1/departments").await;
    let spo = departments
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "SPO")
        .unwrap()["id"]
        .clone();
    assert_eq!(
        total(format!("/api/v1/projects?department_id={spo}")).await,
        6
    );
    let (_, phases) = admin.get("/api/v1/phases").await;
    let analyse = phases
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "analyse")
        .unwrap()["id"]
        .clone();
    assert_eq!(
        total(format!("/api/v1/projects?phase_id={analyse}")).await,
        4
    );
    assert_eq!(
        total(format!(
            "/api/v1/projects?phase_id={analyse}&department_id={spo}"
        ))
        .await,
        2
    );

    // Free text: case-insensitive, Danish letters included, in name or description.
    let (_, page) = admin.get("/api/v1/projects?q=%C3%98KONOMIEN").await;
    assert_eq!(
        names(&page),
        ["ØIR - Økonomien i Rammearkitekturen (Monopolbrud Classic)"]
    );
    let (_, page) = admin.get("/api/v1/projects?q=rigsarkivet").await;
    assert_eq!(page["total"], 3, "{page}");
    // LIKE wildcards in the text are literal.
    assert_eq!(total("/api/v1/projects?q=%25".into()).await, 0);
    assert_eq!(total("/api/v1/projects?q=_".into()).await, 0);

    for (query, field) in [
        ("red=tid", "quarter"),
        ("red=tid&quarter=2022Q5", "quarter"),
        ("red=kvalitet&quarter=2022Q1", ""),
        ("kind=secret", ""),
        ("state=paused", ""),
    ] {
        let (status, err) = admin.get(&format!("/api/v1/projects?{query}")).await;
        assert!(status.is_client_error(), "{query}: {status}");
        if !field.is_empty() {
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
            assert_eq!(err["field"], field, "{query}");
        }
    }
}

#[actix_web::test]
async fn bad_input_gets_the_right_status_and_names_the_field() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (department, phase, _) = ids(&admin).await;
    let base = project("Nyt projekt", department, phase);
    let cases: Vec<(&str, Value, StatusCode, &str)> = vec![
        (
            "case_number",
            json!("85.13-P20-1-22"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "case_number",
        ),
        (
            "planned_end",
            json!("2021-01-01"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "planned_end",
        ),
        (
            "budget",
            json!(-1),
            StatusCode::UNPROCESSABLE_ENTITY,
            "budget",
        ),
        (
            "operating_cost",
            json!(-100),
            StatusCode::UNPROCESSABLE_ENTITY,
            "operating_cost",
        ),
        (
            "kind",
            json!("secret"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "kind",
        ),
        (
            "state",
            json!("paused"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "state",
        ),
        (
            "department_id",
            json!(99999),
            StatusCode::UNPROCESSABLE_ENTITY,
            "department_id",
        ),
        (
            "phase_id",
            json!(99999),
            StatusCode::UNPROCESSABLE_ENTITY,
            "phase_id",
        ),
        (
            "manager_id",
            json!(99999),
            StatusCode::UNPROCESSABLE_ENTITY,
            "manager_id",
        ),
        (
            "focus_area_id",
            json!(99999),
            StatusCode::UNPROCESSABLE_ENTITY,
            "focus_area_id",
        ),
        (
            "parent_id",
            json!(99999),
            StatusCode::UNPROCESSABLE_ENTITY,
            "parent_id",
        ),
        (
            "start_date",
            json!("31-03-2022"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "start_date",
        ),
        (
            "name",
            json!("  "),
            StatusCode::UNPROCESSABLE_ENTITY,
            "name",
        ),
        ("name", json!("Citizen Lab"), StatusCode::CONFLICT, "name"),
        ("nonsense", json!(1), StatusCode::UNPROCESSABLE_ENTITY, ""),
    ];
    for (key, value, expected, field) in cases {
        let mut body = base.clone();
        body[key] = value.clone();
        let (status, err) = admin.create_project(body).await;
        assert_eq!(status, expected, "{key}={value}: {err}");
        assert!(
            err["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{err}"
        );
        if !field.is_empty() {
            assert_eq!(err["field"], field, "{key}={value}: {err}");
        }
    }
    let mut cancelled = base.clone();
    cancelled["state"] = json!("cancelled");
    let (status, err) = admin.create_project(cancelled).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("cancel_reason"))
    );

    // Malformed JSON, wrong content type, too large.
    let raw = |body: &'static [u8], content_type: &'static str| {
        admin
            .request(Method::POST, "/api/v1/projects")
            .insert_header(("content-type", content_type))
            .set_payload(body)
            .to_request()
    };
    let resp = app.call(raw(b"{\"name\": ", "application/json")).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let body: Value = test::read_body_json(resp).await;
    assert!(body["error"]
        .as_str()
        .unwrap()
        .starts_with("malformed JSON"));
    let resp = app
        .call(raw(b"name=x", "application/x-www-form-urlencoded"))
        .await;
    assert_eq!(resp.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = format!(
        "{{\"name\": \"{}\"}}",
        "x".repeat(portefolje::JSON_LIMIT + 10)
    );
    let resp = app
        .call(
            admin
                .request(Method::POST, "/api/v1/projects")
                .insert_header(("content-type", "application/json"))
                .set_payload(huge)
                .to_request(),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = test::read_body_json(resp).await;
    assert!(body["error"].is_string());

    // Nothing of the above was stored.
    let (_, page) = admin.get("/api/v1/projects?limit=1").await;
    assert_eq!(page["total"], 24);
}

#[actix_web::test]
async fn unknown_projects_are_404() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    for path in [
        "/api/v1/projects/99999",
        "/api/v1/projects/abc",
        "/api/v1/projects/99999/status",
        "/api/v1/projects/99999/status/2022Q1",
    ] {
        let (status, err) = admin.get(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(err["error"].is_string());
    }
    let (department, phase, _) = ids(&admin).await;
    let mut body = project("X", department, phase);
    body["version"] = json!(1);
    let (status, _) = admin.put("/api/v1/projects/99999", body).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn a_project_with_reports_is_never_deleted() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let reported = admin.project_id("Citizen Lab").await;
    let (status, err) = admin.delete(&format!("/api/v1/projects/{reported}")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(err["error"].as_str().unwrap().contains("status report"));
    let (status, _) = admin.project(reported).await;
    assert_eq!(status, StatusCode::OK);

    let programme = admin.project_id("Aflevering af digitale arkivalier").await;
    let (department, phase, _) = ids(&admin).await;
    let mut body = project("Midlertidigt projekt", department, phase);
    body["parent_id"] = json!(programme);
    let (_, created) = admin.create_project(body).await;
    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        created["parent"]["name"],
        "Aflevering af digitale arkivalier"
    );
    let (status, _) = admin.delete(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = admin.project(id).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn cancel_and_complete() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let id = admin.project_id("Nøgleskab").await;
    let (status, err) = admin
        .post(
            &format!("/api/v1/projects/{id}/cancel"),
            json!({"reason": " "}),
        )
        .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("cancel_reason"))
    );
    let (status, p) = admin
        .post(
            &format!("/api/v1/projects/{id}/cancel"),
            json!({"reason": "Erstattet af fælles løsning", "date": "2022-06-30"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(
        (p["state"].as_str(), p["ended_on"].as_str()),
        (Some("cancelled"), Some("2022-06-30"))
    );
    let (status, _) = admin
        .post(&format!("/api/v1/projects/{id}/complete"), json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    let id = admin.project_id("Aflevering af SBSYS").await;
    // A list is not an object with its fields left out (schemathesis found `[]` accepted).
    let (status, err) = admin
        .post(&format!("/api/v1/projects/{id}/complete"), json!([]))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    let (status, p) = admin
        .post(
            &format!("/api/v1/projects/{id}/complete"),
            json!({"date": "2022-12-31"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["state"], "completed");
}

#[actix_web::test]
async fn a_programme_cannot_contain_itself() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let programme = admin.project_id("Monopolbrudsprogrammet").await;
    let child = admin.project_id("Monopolbrud Bølge 2").await;
    let (_, current) = admin.project(programme).await;
    let body = json!({
        "name": current["name"], "department_id": current["department"]["id"], "phase_id": current["phase"]["id"],
        "kind": current["kind"], "state": current["state"], "parent_id": child, "version": current["version"]
    });
    let (status, err) = admin.update_project(programme, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["field"], "parent_id");
}

fn etag<B>(resp: &actix_web::dev::ServiceResponse<B>) -> Option<String> {
    resp.headers()
        .get("etag")
        .map(|v| v.to_str().unwrap().to_string())
}

#[actix_web::test]
async fn reads_show_every_change_at_once() {
    // Project reads are remembered between writes; no write may leave them stale.
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (department, phase, _) = ids(&admin).await;
    let (_, created) = admin
        .create_project(project("Læringsplatform", department, phase))
        .await;
    let id = created["id"].as_i64().unwrap();
    let path = format!("/api/v1/projects/{id}");
    let read = || admin.request(Method::GET, &path).to_request();
    let first = app.call(read()).await;
    let again = app.call(read()).await;
    assert_eq!(etag(&first).as_deref(), Some("\"1\""));
    assert_eq!(etag(&again), etag(&first));
    let (_, list) = admin.get("/api/v1/projects?q=l%C3%A6ringsplatform").await;
    assert_eq!(list["items"][0]["budget"], 250000);

    let mut body = project("Læringsplatform", department, phase);
    body["budget"] = json!(999000);
    body["version"] = json!(1);
    let (status, _) = admin.put(&path, body).await;
    assert_eq!(status, StatusCode::OK);
    let after = app.call(read()).await;
    assert_eq!(etag(&after).as_deref(), Some("\"2\""));
    let after: Value = test::read_body_json(after).await;
    assert_eq!(after["budget"], 999000);
    let (_, list) = admin.get("/api/v1/projects?q=l%C3%A6ringsplatform").await;
    assert_eq!(list["items"][0]["budget"], 999000);

    // A change elsewhere that the project shows: its department's name.
    let (_, dep) = admin
        .get(&format!("/api/v1/departments/{department}"))
        .await;
    let renamed = json!({
        "name": "Omdøbt afdeling",
        "code": dep["code"],
        "directorate": dep["directorate"],
    });
    let (status, answer) = admin
        .put(&format!("/api/v1/departments/{department}"), renamed)
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (_, after) = admin.get(&path).await;
    assert_eq!(after["department"]["name"], "Omdøbt afdeling");
}

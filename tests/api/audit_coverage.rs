//! Every operation of the API that changes something leaves a row in the
//! audit trail: the spec is walked, each mutating operation is performed,
//! and the trail must have grown. A new operation without a row (or without
//! a recipe here) fails this test.

use crate::harness::{Client, TestApp};
use crate::helpers::*;
use actix_web::http::Method;
use actix_web::test;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The mutating operations the spec documents, as "METHOD /path/{template}".
fn mutating_operations() -> BTreeSet<String> {
    let spec = serde_json::to_value(portefolje::openapi()).unwrap();
    let mut ops = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["put", "post", "delete", "patch"].contains(&method.as_str()) {
                ops.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    ops
}

struct Walk<'a> {
    app: &'a TestApp,
    admin: Client<'a>,
    performed: BTreeSet<String>,
}

impl Walk<'_> {
    async fn trail_length(&self) -> i64 {
        let (_, page) = self.admin.get("/api/v1/audit?limit=1").await;
        page["total"].as_i64().unwrap()
    }

    /// Perform one operation (`template` as the spec names it) and require
    /// a success and at least one new audit row.
    async fn perform(&mut self, method: Method, template: &str, path: &str, body: Body) -> Value {
        let before = self.trail_length().await;
        let mut req = self.admin.request(method.clone(), path);
        req = match body {
            Body::None => req,
            Body::Json(v) => req.set_json(v),
            Body::Csv(text) => req
                .insert_header(("content-type", "text/csv"))
                .set_payload(text.as_bytes().to_vec()),
        };
        let resp = self.app.call(req.to_request()).await;
        let status = resp.status();
        let bytes = test::read_body(resp).await;
        let answer = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        assert!(status.is_success(), "{method} {path}: {status} {answer}");
        assert!(
            self.trail_length().await > before,
            "{method} {template} changed something without an audit row"
        );
        self.performed.insert(format!("{method} {template}"));
        answer
    }
}

enum Body {
    None,
    Json(Value),
    Csv(&'static str),
}

#[actix_web::test]
async fn every_mutating_operation_writes_an_audit_row() {
    use Body::*;
    let app = TestApp::seeded().await;
    let mut w = Walk {
        app: &app,
        admin: app.as_admin(),
        performed: BTreeSet::new(),
    };
    let id = |v: &Value| v["id"].as_i64().unwrap();

    let d = id(&w
        .perform(
            Method::POST,
            "/api/v1/departments",
            "/api/v1/departments",
            Json(json!({"name": "Revision", "code": "REV"})),
        )
        .await);
    w.perform(
        Method::PUT,
        "/api/v1/departments/{id}",
        &format!("/api/v1/departments/{d}"),
        Json(json!({"name": "Intern revision", "code": "REV"})),
    )
    .await;
    let s = id(&w.perform(Method::POST, "/api/v1/strategies", "/api/v1/strategies",
        Json(json!({"name": "Digitaliseringsstrategi 2030", "start_year": 2026, "end_year": 2030}))).await);
    w.perform(
        Method::PUT,
        "/api/v1/strategies/{id}",
        &format!("/api/v1/strategies/{s}"),
        Json(json!({"name": "Digitaliseringsstrategi 2031", "start_year": 2026, "end_year": 2031})),
    )
    .await;
    let f = id(&w
        .perform(
            Method::POST,
            "/api/v1/focus-areas",
            "/api/v1/focus-areas",
            Json(json!({"strategy_id": s, "name": "Data", "department_id": d})),
        )
        .await);
    w.perform(
        Method::PUT,
        "/api/v1/focus-areas/{id}",
        &format!("/api/v1/focus-areas/{f}"),
        Json(json!({"strategy_id": s, "name": "Data og AI", "department_id": d})),
    )
    .await;
    let ph = id(&w
        .perform(
            Method::POST,
            "/api/v1/phases",
            "/api/v1/phases",
            Json(json!({"name": "afprøvning", "position": 9})),
        )
        .await);
    w.perform(
        Method::PUT,
        "/api/v1/phases/{id}",
        &format!("/api/v1/phases/{ph}"),
        Json(json!({"name": "pilot", "position": 9})),
    )
    .await;
    let p = id(&w
        .perform(
            Method::POST,
            "/api/v1/people",
            "/api/v1/people",
            Json(json!({"name": "Ny Medarbejder", "email": "ny@albertslund.dk"})),
        )
        .await);
    w.perform(Method::PUT, "/api/v1/people/{id}", &format!("/api/v1/people/{p}"),
        Json(json!({"name": "Ny Medarbejder", "email": "ny.medarbejder@albertslund.dk", "department_id": d}))).await;
    w.perform(
        Method::PUT,
        "/api/v1/people/{id}/role",
        &format!("/api/v1/people/{p}/role"),
        Json(json!({"role": "council"})),
    )
    .await;
    w.perform(
        Method::PUT,
        "/api/v1/people/{id}/password",
        &format!("/api/v1/people/{p}/password"),
        Json(json!({"password": "en lang første adgangskode"})),
    )
    .await;
    w.perform(
        Method::POST,
        "/api/v1/people/{id}/password-link",
        &format!("/api/v1/people/{p}/password-link"),
        None,
    )
    .await;
    w.perform(
        Method::PUT,
        "/api/v1/people/{id}/active",
        &format!("/api/v1/people/{p}/active"),
        Json(json!({"active": false})),
    )
    .await;

    let project = |name: &str| json!({"name": name, "department_id": d, "phase_id": ph, "kind": "operational", "state": "active", "start_date": "2022-01-01"});
    let mut made = vec![];
    for name in ["Revisionsportal", "Datavarehus", "Robotter", "Skitse"] {
        made.push(id(&w
            .perform(
                Method::POST,
                "/api/v1/projects",
                "/api/v1/projects",
                Json(project(name)),
            )
            .await));
    }
    let mut changed = project("Revisionsportal");
    changed["budget"] = json!(250_000);
    changed["version"] = json!(1);
    w.perform(
        Method::PUT,
        "/api/v1/projects/{id}",
        &format!("/api/v1/projects/{}", made[0]),
        Json(changed),
    )
    .await;
    w.perform(
        Method::POST,
        "/api/v1/projects/{id}/baselines",
        &format!("/api/v1/projects/{}/baselines", made[0]),
        Json(json!({"planned_end": "2023-06-30", "budget": 300_000, "reason": "Udvidet af Chefforum"})),
    )
    .await;
    let milestone = w
        .perform(
            Method::POST,
            "/api/v1/projects/{id}/milestones",
            &format!("/api/v1/projects/{}/milestones", made[0]),
            Json(json!({"name": "Go-live", "planned": "2023-03-01", "tender": true})),
        )
        .await;
    let milestone = id(&milestone);
    w.perform(
        Method::PUT,
        "/api/v1/milestones/{id}",
        &format!("/api/v1/milestones/{milestone}"),
        Json(json!({"name": "Go-live", "planned": "2023-03-01", "moved_to": "2023-05-01"})),
    )
    .await;
    w.perform(
        Method::DELETE,
        "/api/v1/milestones/{id}",
        &format!("/api/v1/milestones/{milestone}"),
        None,
    )
    .await;
    w.perform(
        Method::PUT,
        "/api/v1/projects/{id}/assessment/{quarter}",
        &format!("/api/v1/projects/{}/assessment/2022Q3", made[0]),
        Json(json!({"okonomi": {"colour": "yellow", "comment": "Prognosen stiger"}})),
    )
    .await;
    let benefit = w
        .perform(
            Method::POST,
            "/api/v1/projects/{id}/benefits",
            &format!("/api/v1/projects/{}/benefits", made[0]),
            Json(json!({"what": "Kortere sagsbehandling", "measure": "Dage pr. sag", "baseline_value": 30.0, "target_value": 10.0})),
        )
        .await;
    let benefit = id(&benefit);
    w.perform(
        Method::PUT,
        "/api/v1/benefits/{id}",
        &format!("/api/v1/benefits/{benefit}"),
        Json(json!({"what": "Kortere sagsbehandling", "target_value": 12.0})),
    )
    .await;
    w.perform(
        Method::POST,
        "/api/v1/benefits/{id}/readings",
        &format!("/api/v1/benefits/{benefit}/readings"),
        Json(json!({"measured_on": "2022-06-30", "value": 21.5})),
    )
    .await;
    w.perform(
        Method::DELETE,
        "/api/v1/benefits/{id}",
        &format!("/api/v1/benefits/{benefit}"),
        None,
    )
    .await;
    w.perform(
        Method::PUT,
        "/api/v1/projects/{id}/benefit-follow-up",
        &format!("/api/v1/projects/{}/benefit-follow-up", made[0]),
        Json(json!({"followed_up": "2023-01-31"})),
    )
    .await;
    w.perform(
        Method::PUT,
        "/api/v1/tolerances",
        "/api/v1/tolerances",
        Json(json!({"time_yellow_months": 1, "time_red_months": 4, "cost_yellow_percent": 0, "cost_red_percent": 15})),
    )
    .await;
    w.perform(
        Method::PUT,
        "/api/v1/projects/{id}/description",
        &format!("/api/v1/projects/{}/description", made[0]),
        Json(json!({"description": "Portal til revisionen", "version": 2})),
    )
    .await;
    w.perform(
        Method::PUT,
        "/api/v1/projects/{id}/status/{quarter}",
        &format!("/api/v1/projects/{}/status/2022Q3", made[0]),
        Json(status_body(green())),
    )
    .await;
    w.perform(
        Method::POST,
        "/api/v1/projects/{id}/cancel",
        &format!("/api/v1/projects/{}/cancel", made[1]),
        Json(json!({"reason": "Leverandøren kan ikke levere"})),
    )
    .await;
    w.perform(
        Method::POST,
        "/api/v1/projects/{id}/complete",
        &format!("/api/v1/projects/{}/complete", made[2]),
        Json(json!({})),
    )
    .await;
    w.perform(
        Method::DELETE,
        "/api/v1/projects/{id}",
        &format!("/api/v1/projects/{}", made[3]),
        None,
    )
    .await;

    w.perform(
        Method::POST,
        "/api/v1/quarters",
        "/api/v1/quarters",
        Json(json!({"code": "2031Q1", "deadline": "2031-04-15"})),
    )
    .await;
    w.perform(
        Method::PUT,
        "/api/v1/quarters/{quarter}",
        "/api/v1/quarters/2031Q1",
        Json(json!({"deadline": "2031-04-20", "state": "closed"})),
    )
    .await;
    w.perform(
        Method::PUT,
        "/api/v1/quarters/{quarter}/reminder-plan",
        "/api/v1/quarters/2022Q3/reminder-plan",
        Json(json!({"days_before": 10, "every_days": 7, "active": true})),
    )
    .await;
    w.perform(
        Method::POST,
        "/api/v1/quarters/{quarter}/reminders",
        "/api/v1/quarters/2022Q3/reminders",
        None,
    )
    .await;
    w.perform(
        Method::POST,
        "/api/v1/reports/{quarter}/decision",
        "/api/v1/reports/2022Q3/decision",
        Json(json!({"meeting_date": "2022-10-13", "text": "Godkendte indstillingen."})),
    )
    .await;
    let token = id(&w
        .perform(
            Method::POST,
            "/api/v1/tokens",
            "/api/v1/tokens",
            Json(json!({"name": "Excel"})),
        )
        .await);
    w.perform(
        Method::DELETE,
        "/api/v1/tokens/{id}",
        &format!("/api/v1/tokens/{token}"),
        None,
    )
    .await;
    w.perform(
        Method::POST,
        "/api/v1/import/projects",
        "/api/v1/import/projects",
        Csv("Projektnavn;Afdeling;Fase\nImporteret projekt;IT&D;idé\n"),
    )
    .await;
    w.perform(
        Method::POST,
        "/api/v1/import/status",
        "/api/v1/import/status?quarter=2022Q4",
        Csv("Projektnavn;Ressourcer;Leverancer;Tid;Økonomi\nNøgleskab;grøn;grøn;grøn;grøn\n"),
    )
    .await;

    council_process(&mut w).await;

    let unwalked: Vec<String> = mutating_operations()
        .difference(&w.performed)
        .cloned()
        .collect();
    assert!(
        unwalked.is_empty(),
        "operations without a recipe here, so without a proven audit row: {unwalked:?}"
    );
}

/// The council's process: a strategic proposal from proposal to Chefforum's
/// decision and start, a closure, the systems register and the priorities.
async fn council_process(w: &mut Walk<'_>) {
    use Body::*;
    let admin = w.app.as_admin();
    let (_, departments) = admin.get("/api/v1/departments").await;
    let body = json!({"name": "Vagtplan på bostederne", "purpose": "Digitale vagtplaner",
        "department_id": departments[0]["id"], "kind": "strategic",
        "systems": [{"name": "Vagtplansystem", "functions": ["vagtplanlægning"]}]});
    let made = w
        .perform(
            Method::POST,
            "/api/v1/proposals",
            "/api/v1/proposals",
            Json(body.clone()),
        )
        .await;
    let id = made["project"]["id"].as_i64().unwrap();
    let mut edited = body;
    edited["version"] = made["project"]["version"].clone();
    edited["purpose"] = json!("Digitale vagtplaner på alle bosteder");
    w.perform(
        Method::PUT,
        "/api/v1/proposals/{id}",
        &format!("/api/v1/proposals/{id}"),
        Json(edited),
    )
    .await;
    for area in [
        "it_security",
        "it_architecture",
        "contract",
        "gdpr",
        "economy",
    ] {
        w.perform(
            Method::PUT,
            "/api/v1/proposals/{id}/review/{area}",
            &format!("/api/v1/proposals/{id}/review/{area}"),
            Json(json!({"verdict": "approved"})),
        )
        .await;
    }
    w.perform(
        Method::PUT,
        "/api/v1/proposals/{id}/overlap",
        &format!("/api/v1/proposals/{id}/overlap"),
        Json(json!({"verdict": "accepted", "reason": "Bostederne har egne vagttyper"})),
    )
    .await;
    let (_, priorities) = admin.get("/api/v1/priorities").await;
    let criterion = priorities["criteria"][0]["id"].clone();
    w.perform(
        Method::PUT,
        "/api/v1/proposals/{id}/priority",
        &format!("/api/v1/proposals/{id}/priority"),
        Json(json!({"scores": [{"criterion_id": criterion, "score": 4}], "dilemma": ""})),
    )
    .await;
    let kept: Vec<Value> = priorities["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| json!({"id": k["id"], "name": k["name"], "weight": k["weight"]}))
        .collect();
    w.perform(
        Method::PUT,
        "/api/v1/criteria",
        "/api/v1/criteria",
        Json(json!({"criteria": kept})),
    )
    .await;
    w.perform(
        Method::POST,
        "/api/v1/proposals/{id}/decision",
        &format!("/api/v1/proposals/{id}/decision"),
        Json(json!({"outcome": "approve", "date": "2022-11-01", "text": "Godkendt fagligt"})),
    )
    .await;
    let (_, list) = admin.get("/api/v1/chefforum").await;
    let matter = list["matters"][0]["id"].as_i64().unwrap();
    w.perform(
        Method::POST,
        "/api/v1/chefforum/{id}/decision",
        &format!("/api/v1/chefforum/{matter}/decision"),
        Json(
            json!({"outcome": "approve", "date": "2022-11-10", "text": "Godkendte indstillingen.",
            "case_number": "85.13.00-P20-1-22"}),
        ),
    )
    .await;
    w.perform(
        Method::POST,
        "/api/v1/projects/{id}/start",
        &format!("/api/v1/projects/{id}/start"),
        Json(json!({"date": "2022-12-01"})),
    )
    .await;
    let sbsys = admin.project_id("Aflevering af SBSYS").await;
    w.perform(
        Method::POST,
        "/api/v1/projects/{id}/closure",
        &format!("/api/v1/projects/{sbsys}/closure"),
        Json(json!({"date": "2022-12-31", "text": "Afleveret til Rigsarkivet"})),
    )
    .await;
    let system = w
        .perform(
            Method::POST,
            "/api/v1/systems",
            "/api/v1/systems",
            Json(json!({"name": "Aula", "supplier": "KOMBIT", "functions": ["kommunikation med forældre"]})),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    w.perform(
        Method::PUT,
        "/api/v1/systems/{id}",
        &format!("/api/v1/systems/{system}"),
        Json(json!({"name": "Aula", "supplier": "KOMBIT", "functions": ["forældreintra"]})),
    )
    .await;
    w.perform(
        Method::DELETE,
        "/api/v1/systems/{id}",
        &format!("/api/v1/systems/{system}"),
        None,
    )
    .await;
}

//! Who may do what: sign-in, roles on every write endpoint, object-level
//! authorisation, the audit trail, lost updates and the security baseline.

use crate::helpers::*;
use actix_web::http::{Method, StatusCode};
use actix_web::test;
use portefolje::domain::access::Role;
use serde_json::{json, Value};
use std::collections::BTreeSet;

const PM: &str = "peter.holm@albertslund.dk";

#[actix_web::test]
async fn nothing_is_served_without_sign_in_but_health_and_docs() {
    let t = TestDb::seeded();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let spec: Value = serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap();
    for (path, item) in spec["paths"].as_object().unwrap() {
        let concrete = path.replace("{id}", "1").replace("{quarter}", "2022Q1");
        for method in item.as_object().unwrap().keys() {
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let body = matches!(method.as_str(), "post" | "put").then(|| json!({}));
            let (status, err) = send_as(&app, None, m, &concrete, body).await;
            if path == "/health" {
                assert_eq!(status, StatusCode::OK);
            } else {
                assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path}: {err}");
                assert!(err["error"].is_string());
            }
        }
    }
    let (status, _) = send_as(
        &app,
        Some("pf_not_a_real_token"),
        Method::GET,
        "/api/v1/projects",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for open in [
        "/api/openapi.json",
        "/api/docs/",
        "/log-ind",
        "/static/site.css",
    ] {
        let resp = test::call_service(&app, test::TestRequest::get().uri(open).to_request()).await;
        assert_eq!(resp.status(), StatusCode::OK, "{open}");
    }
}

/// One write endpoint, how to call it, and which roles may.
struct Write {
    method: Method,
    path: String,
    body: Option<Value>,
    allowed: &'static [Role],
    /// The spec's path template, to prove every write operation is covered.
    template: &'static str,
}

use Role::{Administrator as A, Chefforum as F, Council as C, ProjectManager as P, Reader as R};

async fn write_endpoints<S, B>(t: &TestDb, app: &S) -> Vec<Write>
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let own = project_id(app, "Vandstandsmåling").await;
    let other = project_id(app, "Indeklima på skoler").await; // also Peter Holm's
    let free = {
        let (_, d) = get(app, "/api/v1/departments").await;
        let (_, ph) = get(app, "/api/v1/phases").await;
        let body = json!({"name": "Uden rapporter", "department_id": d[0]["id"], "phase_id": ph[0]["id"], "kind": "operational"});
        send(app, Method::POST, "/api/v1/projects", Some(body))
            .await
            .1["id"]
            .as_i64()
            .unwrap()
    };
    let (_, p) = get(app, &format!("/api/v1/projects/{other}")).await;
    assert!(p["name"].is_string(), "{p}");
    let full = json!({"name": p["name"], "department_id": p["department"]["id"], "phase_id": p["phase"]["id"],
        "kind": p["kind"], "state": p["state"], "start_date": p["start_date"], "version": p["version"]});
    let someone = t.person_id("marie.guldborg@albertslund.dk");
    let first_department = get(app, "/api/v1/departments").await.1[0].clone();
    let department = first_department["id"].as_i64().unwrap();
    let strategy = get(app, "/api/v1/strategies").await.1[0]["id"]
        .as_i64()
        .unwrap();
    let area = get(app, "/api/v1/focus-areas").await.1[0]["id"]
        .as_i64()
        .unwrap();
    let phase = get(app, "/api/v1/phases").await.1[0]["id"]
        .as_i64()
        .unwrap();
    let w = |method: Method,
             template: &'static str,
             path: String,
             body: Option<Value>,
             allowed: &'static [Role]| Write {
        method,
        path,
        body,
        allowed,
        template,
    };
    vec![
        w(
            Method::POST,
            "/api/v1/departments",
            "/api/v1/departments".into(),
            Some(json!({"name": "Ny afdeling", "code": "NY"})),
            &[A],
        ),
        w(
            Method::PUT,
            "/api/v1/departments/{id}",
            format!("/api/v1/departments/{department}"),
            Some(
                json!({"name": first_department["name"], "code": first_department["code"], "directorate": "Ny direktion"}),
            ),
            &[A],
        ),
        w(
            Method::POST,
            "/api/v1/people",
            "/api/v1/people".into(),
            Some(json!({"name": "Ny", "email": "ny@albertslund.dk"})),
            &[A],
        ),
        w(
            Method::PUT,
            "/api/v1/people/{id}",
            format!("/api/v1/people/{someone}"),
            Some(json!({"name": "Marie Guldborg", "email": "marie.guldborg@albertslund.dk"})),
            &[A],
        ),
        w(
            Method::PUT,
            "/api/v1/people/{id}/role",
            format!("/api/v1/people/{someone}/role"),
            Some(json!({"role": "council"})),
            &[A],
        ),
        w(
            Method::PUT,
            "/api/v1/people/{id}/password",
            format!("/api/v1/people/{someone}/password"),
            Some(json!({"password": "en lang ny adgangskode"})),
            &[A],
        ),
        w(
            Method::POST,
            "/api/v1/strategies",
            "/api/v1/strategies".into(),
            Some(json!({"name": "Ny strategi", "start_year": 2026, "end_year": 2030})),
            &[A],
        ),
        w(
            Method::PUT,
            "/api/v1/strategies/{id}",
            format!("/api/v1/strategies/{strategy}"),
            Some(
                json!({"name": "Mere velfærd i Albertslund", "start_year": 2021, "end_year": 2025}),
            ),
            &[A],
        ),
        w(
            Method::POST,
            "/api/v1/focus-areas",
            "/api/v1/focus-areas".into(),
            Some(
                json!({"strategy_id": strategy, "name": "Nyt område", "department_id": department}),
            ),
            &[A, C],
        ),
        w(
            Method::PUT,
            "/api/v1/focus-areas/{id}",
            format!("/api/v1/focus-areas/{area}"),
            Some(json!({"strategy_id": strategy, "name": "Omdøbt", "department_id": department})),
            &[A, C],
        ),
        w(
            Method::POST,
            "/api/v1/phases",
            "/api/v1/phases".into(),
            Some(json!({"name": "ny fase", "position": 9})),
            &[A, C],
        ),
        w(
            Method::PUT,
            "/api/v1/phases/{id}",
            format!("/api/v1/phases/{phase}"),
            Some(json!({"name": "idé", "position": 1})),
            &[A, C],
        ),
        w(
            Method::POST,
            "/api/v1/quarters",
            "/api/v1/quarters".into(),
            Some(json!({"code": "2023Q1", "deadline": "2023-03-17"})),
            &[A, C],
        ),
        w(
            Method::PUT,
            "/api/v1/quarters/{quarter}",
            "/api/v1/quarters/2022Q4".into(),
            Some(json!({"deadline": "2022-12-16", "state": "closed"})),
            &[A, C],
        ),
        w(
            Method::POST,
            "/api/v1/projects",
            "/api/v1/projects".into(),
            Some(
                json!({"name": "Nyt", "department_id": department, "phase_id": phase, "kind": "strategic"}),
            ),
            &[A, C],
        ),
        w(
            Method::PUT,
            "/api/v1/projects/{id}",
            format!("/api/v1/projects/{other}"),
            Some(full),
            &[A, C],
        ),
        w(
            Method::PUT,
            "/api/v1/projects/{id}/description",
            format!("/api/v1/projects/{own}/description"),
            Some(json!({"description": "Ny beskrivelse", "version": 1})),
            &[A, C, P],
        ),
        w(
            Method::DELETE,
            "/api/v1/projects/{id}",
            format!("/api/v1/projects/{free}"),
            None,
            &[A, C],
        ),
        w(
            Method::POST,
            "/api/v1/projects/{id}/cancel",
            format!("/api/v1/projects/{other}/cancel"),
            Some(json!({"reason": "Stoppet"})),
            &[A, C],
        ),
        w(
            Method::POST,
            "/api/v1/projects/{id}/complete",
            format!("/api/v1/projects/{own}/complete"),
            Some(json!({})),
            &[A, C],
        ),
        w(
            Method::PUT,
            "/api/v1/projects/{id}/status/{quarter}",
            format!("/api/v1/projects/{own}/status/2022Q3"),
            Some(status_body(green())),
            &[A, C, P],
        ),
        w(
            Method::POST,
            "/api/v1/reports/{quarter}/decision",
            "/api/v1/reports/2022Q3/decision".into(),
            Some(json!({"meeting_date": "2022-10-13", "text": "Godkendte indstillingen."})),
            &[A, F],
        ),
        w(
            Method::POST,
            "/api/v1/import/projects",
            "/api/v1/import/projects?dry_run=true".into(),
            None,
            &[A, C],
        ),
        w(
            Method::POST,
            "/api/v1/import/status",
            "/api/v1/import/status?dry_run=true".into(),
            None,
            &[A, C],
        ),
        w(
            Method::POST,
            "/api/v1/tokens",
            "/api/v1/tokens".into(),
            Some(json!({"name": "Excel"})),
            &[A, C, F, P, R],
        ),
    ]
}

#[actix_web::test]
async fn every_role_against_every_write_endpoint() {
    let mut covered = BTreeSet::new();
    for role in Role::ALL {
        let t = TestDb::seeded();
        let app = test::init_service(portefolje::app(t.db().clone())).await;
        let token = t.token_for(PM, role);
        for w in write_endpoints(&t, &app).await {
            covered.insert((w.method.to_string(), w.template));
            let (status, body) = if w.template.starts_with("/api/v1/import/") {
                let file: &[u8] = if w.template.ends_with("status") {
                    b"Projektnavn;Kvartal;Ressourcer;Leverancer;Tid;\xc3\x98konomi\nVandstandsm\xc3\xa5ling;2022Q3;gr\xc3\xb8n;gr\xc3\xb8n;gr\xc3\xb8n;gr\xc3\xb8n\n"
                } else {
                    b"Projektnavn;Afdeling;Fase\nImporteret;\xc3\x98S;analyse\n"
                };
                let req = test::TestRequest::post()
                    .uri(&w.path)
                    .insert_header(("authorization", format!("Bearer {token}")))
                    .insert_header(("content-type", "text/csv"))
                    .set_payload(file.to_vec())
                    .to_request();
                let resp = test::call_service(&app, req).await;
                let status = resp.status();
                (status, test::read_body_json::<Value, _>(resp).await)
            } else {
                send_as(
                    &app,
                    Some(&token),
                    w.method.clone(),
                    &w.path,
                    w.body.clone(),
                )
                .await
            };
            if w.allowed.contains(&role) {
                assert!(
                    status.is_success(),
                    "{role:?} {} {}: {status} {body}",
                    w.method,
                    w.path
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{role:?} {} {}: {body}",
                    w.method,
                    w.path
                );
                assert!(body["error"].is_string());
            }
        }
    }
    // Every write operation in the spec is in the matrix (tokens' DELETE is tested below).
    let spec: Value = serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys().filter(|m| *m != "get") {
            let key = (method.to_uppercase(), path.as_str());
            if key == ("DELETE".to_string(), "/api/v1/tokens/{id}") {
                continue;
            }
            assert!(
                covered.iter().any(|(m, p)| *m == key.0 && *p == key.1),
                "{method} {path} is not in the role matrix"
            );
        }
    }
}

#[actix_web::test]
async fn a_project_manager_cannot_touch_other_managers_projects() {
    let t = TestDb::seeded();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let token = t.token_for(PM, Role::ProjectManager);
    let me = t.person_id(PM);
    let mine = project_id(&app, "Vandstandsmåling").await;
    let theirs = project_id(&app, "Citizen Lab").await;
    let as_pm = |method: Method, path: String, body: Option<Value>| {
        let (app, token) = (&app, token.clone());
        async move { send_as(app, Some(&token), method, &path, body).await }
    };

    // The id in the URL is checked against the project, not trusted.
    let (status, _) = as_pm(
        Method::PUT,
        format!("/api/v1/projects/{theirs}/status/2022Q3"),
        Some(status_body(green())),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = as_pm(
        Method::PUT,
        format!("/api/v1/projects/{theirs}/description"),
        Some(json!({"description": "x", "version": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, p) = get(&app, &format!("/api/v1/projects/{theirs}")).await;
    assert_ne!(p["description"], "x");
    let (status, _) = get(&app, &format!("/api/v1/projects/{theirs}/status/2022Q3")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing was stored");

    // Nor through the body: reporting in someone else's name, or editing everything.
    let mut body = status_body(green());
    body["reported_by"] = json!(t.person_id("camilla.juhl@albertslund.dk"));
    let (status, _) = as_pm(
        Method::PUT,
        format!("/api/v1/projects/{mine}/status/2022Q3"),
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, p) = get(&app, &format!("/api/v1/projects/{mine}")).await;
    let take_over = json!({"name": p["name"], "department_id": p["department"]["id"], "phase_id": p["phase"]["id"],
        "kind": p["kind"], "state": p["state"], "manager_id": me, "version": p["version"]});
    let (status, _) = as_pm(
        Method::PUT,
        format!("/api/v1/projects/{theirs}"),
        Some(take_over),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Nor raise their own role, nor revoke someone else's token.
    let (status, _) = as_pm(
        Method::PUT,
        format!("/api/v1/people/{me}/role"),
        Some(json!({"role": "administrator"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, me_now) = get(&app, &format!("/api/v1/people/{me}")).await;
    assert_eq!(me_now["role"], "project_manager");
    let (_, admin_tokens) = get(&app, "/api/v1/tokens").await;
    let admin_token = admin_tokens[0]["id"].as_i64().unwrap();
    let (status, _) = as_pm(
        Method::DELETE,
        format!("/api/v1/tokens/{admin_token}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = as_pm(Method::GET, "/api/v1/audit".into(), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Their own project works, and the report is in their name.
    let (status, s) = as_pm(
        Method::PUT,
        format!("/api/v1/projects/{mine}/status/2022Q3"),
        Some(status_body(green())),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(s["reported_by"], me);
}

#[actix_web::test]
async fn tokens_are_shown_once_and_can_be_revoked() {
    let t = TestDb::seeded();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let reader = t.token_for("marie.guldborg@albertslund.dk", Role::Reader);
    let (status, created) = send_as(
        &app,
        Some(&reader),
        Method::POST,
        "/api/v1/tokens",
        Some(json!({"name": "Power BI"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let secret = created["token"].as_str().unwrap().to_string();
    assert!(secret.starts_with("pf_") && secret.len() > 40);
    let (status, _) = send_as(
        &app,
        Some(&secret),
        Method::GET,
        "/api/v1/projects?limit=1",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, mine) = send_as(&app, Some(&secret), Method::GET, "/api/v1/tokens", None).await;
    assert_eq!(mine.as_array().unwrap().len(), 2);
    assert!(
        !mine.to_string().contains(&secret),
        "the secret is never listed"
    );
    let (status, _) = send_as(
        &app,
        Some(&reader),
        Method::GET,
        "/api/v1/tokens?all=true",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let id = created["id"].as_i64().unwrap();
    let (status, revoked) = send_as(
        &app,
        Some(&reader),
        Method::DELETE,
        &format!("/api/v1/tokens/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(revoked["revoked_at"].is_string());
    let (status, _) = send_as(
        &app,
        Some(&secret),
        Method::GET,
        "/api/v1/projects?limit=1",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, all) = get(&app, "/api/v1/tokens?all=true").await;
    assert!(all.as_array().unwrap().len() >= 3);
    // The database keeps only hashes.
    let stored: Vec<String> = t
        .db()
        .run_blocking(|c| {
            Ok(portefolje::db::access::tokens(c, None)?
                .into_iter()
                .map(|t| t.name)
                .collect())
        })
        .unwrap();
    assert!(stored.contains(&"Power BI".to_string()));
}

#[actix_web::test]
async fn every_change_is_in_the_audit_trail_with_before_and_after() {
    let t = TestDb::seeded();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let id = project_id(&app, "Citizen Lab").await;
    let resp = test::call_service(
        &app,
        test::TestRequest::get()
            .insert_header(auth())
            .uri(&format!("/api/v1/projects/{id}"))
            .to_request(),
    )
    .await;
    assert_eq!(resp.headers().get("etag").unwrap(), "\"1\"");
    let p: Value = test::read_body_json(resp).await;
    let mut body = json!({"name": p["name"], "department_id": p["department"]["id"], "phase_id": p["phase"]["id"],
        "kind": p["kind"], "state": p["state"], "start_date": p["start_date"], "budget": 999_000});

    // No version: refused, so nobody overwrites blindly.
    let (status, _) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/projects/{id}"),
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
    let req = test::TestRequest::put()
        .uri(&format!("/api/v1/projects/{id}"))
        .insert_header(auth())
        .insert_header(("if-match", "\"1\""))
        .set_json(body.clone())
        .to_request();
    let resp = test::call_service(&app, req).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers().get("etag").unwrap(), "\"2\"");
    body["budget"] = json!(1);
    let req = test::TestRequest::put()
        .uri(&format!("/api/v1/projects/{id}"))
        .insert_header(auth())
        .insert_header(("if-match", "\"1\""))
        .set_json(body)
        .to_request();
    assert_eq!(
        test::call_service(&app, req).await.status(),
        StatusCode::PRECONDITION_FAILED
    );

    send(
        &app,
        Method::PUT,
        &format!("/api/v1/projects/{id}/status/2022Q3"),
        Some(status_body(green())),
    )
    .await;
    send(
        &app,
        Method::POST,
        "/api/v1/reports/2022Q3/decision",
        Some(json!({"meeting_date": "2022-10-13", "text": "Godkendte indstillingen."})),
    )
    .await;
    let someone = t.person_id("marie.guldborg@albertslund.dk");
    send(
        &app,
        Method::PUT,
        &format!("/api/v1/people/{someone}/role"),
        Some(json!({"role": "council"})),
    )
    .await;

    let (status, trail) = get(
        &app,
        &format!("/api/v1/audit?entity=project&entity_id={id}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(trail["total"], 1, "{trail}");
    let entry = &trail["items"][0];
    assert_eq!(
        (entry["action"].as_str(), entry["actor"].as_str()),
        (Some("update"), Some("test-admin@albertslund.dk"))
    );
    assert_eq!(
        (
            entry["before"]["budget"].as_i64(),
            entry["after"]["budget"].as_i64()
        ),
        (Some(p["budget"].as_i64().unwrap()), Some(999_000))
    );

    let (_, status_trail) = get(
        &app,
        &format!("/api/v1/audit?entity=status&entity_id={id}/2022Q3"),
    )
    .await;
    assert_eq!(status_trail["items"][0]["after"]["tid"]["colour"], "green");
    let (_, decisions) = get(&app, "/api/v1/audit?entity=decision").await;
    assert_eq!(
        decisions["items"][0]["after"]["text"],
        "Godkendte indstillingen."
    );
    let (_, roles) = get(
        &app,
        &format!("/api/v1/audit?entity=person&entity_id={someone}"),
    )
    .await;
    let role_change = &roles["items"][0];
    assert_eq!(
        (
            role_change["action"].as_str(),
            role_change["before"]["role"].as_str(),
            role_change["after"]["role"].as_str()
        ),
        (Some("role change"), Some("reader"), Some("council"))
    );
    let admin = t.person_id("test-admin@albertslund.dk");
    let (_, by_admin) = get(
        &app,
        &format!("/api/v1/audit?person_id={admin}&from=2000-01-01&to=2999-12-31"),
    )
    .await;
    assert!(by_admin["total"].as_i64().unwrap() >= 4);
    let council = t.token_for("mette.kjaer@albertslund.dk", Role::Council);
    let (status, _) = send_as(&app, Some(&council), Method::GET, "/api/v1/audit", None).await;
    assert_eq!(status, StatusCode::OK);

    // Append-only: no route changes it, and the database refuses too.
    let (status, _) = send(&app, Method::DELETE, "/api/v1/audit", None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let refused = t.db().run_blocking(|c| {
        use diesel::RunQueryDsl;
        Ok(diesel::sql_query("DELETE FROM audit_log")
            .execute(c)
            .is_err()
            && diesel::sql_query("UPDATE audit_log SET actor = 'x'")
                .execute(c)
                .is_err())
    });
    assert!(refused.unwrap());
}

#[actix_web::test]
async fn errors_never_show_sql() {
    let t = TestDb::seeded();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let (status, err) = send(
        &app,
        Method::POST,
        "/api/v1/departments",
        Some(json!({"name": "Ny", "code": "ØS"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let text = err.to_string().to_lowercase();
    for leak in ["unique", "constraint", "sql", "insert", "departments."] {
        assert!(!text.contains(leak), "{leak} in {err}");
    }
}

#[actix_web::test]
async fn security_headers_on_every_response() {
    let t = TestDb::seeded();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    for (path, signed_in) in [
        ("/health", false),
        ("/api/v1/projects", true),
        ("/log-ind", false),
        ("/nowhere", false),
        ("/api/v1/reports/2022Q1?format=html", true),
        ("/api/docs/", false),
    ] {
        let mut req = test::TestRequest::get().uri(path);
        if signed_in {
            req = req.insert_header(auth());
        }
        let resp = test::call_service(&app, req.to_request()).await;
        let h = |name: &str| {
            resp.headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default()
        };
        let csp = h("content-security-policy");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline'; img")
                || csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert!(
            !csp.split(';')
                .any(|d| d.trim().starts_with("script-src") && d.contains("unsafe-inline")),
            "{path}: inline script allowed"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(h("x-content-type-options"), "nosniff", "{path}");
        assert!(!h("referrer-policy").is_empty(), "{path}");
    }
}

#[actix_web::test]
async fn sign_in_session_and_sign_out() {
    let t = TestDb::seeded();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let mut jar = Jar::default();
    let (status, _, form) = page(&app, &mut jar, Method::GET, "/log-ind", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("<html lang=\"da\">") && form.contains("<label for=\"email\">E-mail</label>")
    );
    let csrf = hidden_csrf(&form);

    // Wrong password and unknown e-mail: the same answer.
    let (status, _, wrong) = page(
        &app,
        &mut jar,
        Method::POST,
        "/log-ind",
        Some(&[("email", PM), ("password", "forkert"), ("csrf", &csrf)]),
    )
    .await;
    let (status2, _, unknown) = page(
        &app,
        &mut jar,
        Method::POST,
        "/log-ind",
        Some(&[
            ("email", "ingen@albertslund.dk"),
            ("password", "forkert"),
            ("csrf", &csrf),
        ]),
    )
    .await;
    assert_eq!(
        (status, status2),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    assert!(
        wrong.contains("E-mail eller adgangskode er forkert.")
            && unknown.contains("E-mail eller adgangskode er forkert.")
    );

    // Without the form's CSRF token nothing happens.
    let (status, _, _) = page(
        &app,
        &mut jar,
        Method::POST,
        "/log-ind",
        Some(&[
            ("email", PM),
            ("password", DEMO_PASSWORD),
            ("csrf", "forged"),
        ]),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!jar.0.contains_key("portefolje_session"));

    let req = test::TestRequest::post()
        .uri("/log-ind")
        .insert_header(("cookie", jar.header()))
        .set_form([("email", PM), ("password", DEMO_PASSWORD), ("csrf", &csrf)])
        .to_request();
    let resp = test::call_service(&app, req).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let set_cookie = resp
        .headers()
        .get_all("set-cookie")
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("portefolje_session="))
        .unwrap();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    jar.absorb(&resp);

    let (status, _, home) = page(&app, &mut jar, Method::GET, "/", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        home.contains("Peter Holm") && home.contains("projektleder"),
        "{home}"
    );
    let old_session = jar.0["portefolje_session"].clone();

    let csrf = hidden_csrf(&home);
    let (status, location, _) = page(
        &app,
        &mut jar,
        Method::POST,
        "/log-ud",
        Some(&[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/log-ind")
    );
    // The old cookie is dead on the server, not just forgotten by the browser.
    jar.0.insert("portefolje_session".into(), old_session);
    let (status, location, _) = page(&app, &mut jar, Method::GET, "/", None).await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/log-ind")
    );

    let (_, trail) = get(&app, "/api/v1/audit?entity=session").await;
    let actions: Vec<&str> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["sign in", "failed sign-in", "failed sign-in"]);
}

#[actix_web::test]
async fn idle_sessions_end() {
    let t = TestDb::seeded();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let mut jar = Jar::default();
    let (_, _, form) = page(&app, &mut jar, Method::GET, "/log-ind", None).await;
    let csrf = hidden_csrf(&form);
    page(
        &app,
        &mut jar,
        Method::POST,
        "/log-ind",
        Some(&[("email", PM), ("password", DEMO_PASSWORD), ("csrf", &csrf)]),
    )
    .await;
    let (status, _, _) = page(&app, &mut jar, Method::GET, "/", None).await;
    assert_eq!(status, StatusCode::OK);
    t.db()
        .run_blocking(|c| {
            use diesel::prelude::*;
            use portefolje::db::schema::sessions;
            let long_ago = portefolje::db::now() - chrono::TimeDelta::minutes(31);
            diesel::update(sessions::table)
                .set(sessions::last_seen_at.eq(long_ago))
                .execute(c)?;
            Ok(())
        })
        .unwrap();
    let (status, location, _) = page(&app, &mut jar, Method::GET, "/", None).await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/log-ind")
    );
}

#[actix_web::test]
async fn repeated_failures_are_throttled() {
    let t = TestDb::seeded();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let mut jar = Jar::default();
    let (_, _, form) = page(&app, &mut jar, Method::GET, "/log-ind", None).await;
    let csrf = hidden_csrf(&form);
    for _ in 0..portefolje::auth::throttle::LIMIT {
        let (status, _, _) = page(
            &app,
            &mut jar,
            Method::POST,
            "/log-ind",
            Some(&[("email", PM), ("password", "gæt"), ("csrf", &csrf)]),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // Now even the right password waits.
    let (status, _, body) = page(
        &app,
        &mut jar,
        Method::POST,
        "/log-ind",
        Some(&[("email", PM), ("password", DEMO_PASSWORD), ("csrf", &csrf)]),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(body.contains("For mange forkerte forsøg"));
    assert!(!jar.0.contains_key("portefolje_session"));
}

#[actix_web::test]
async fn the_first_administrator_comes_from_the_environment_once() {
    let t = TestDb::empty();
    let db = t.db();
    assert!(
        portefolje::auth::bootstrap_admin(db, "it-chef@albertslund.dk", "IT-chef", "kort").is_err(),
        "short password refused"
    );
    assert!(portefolje::auth::bootstrap_admin(
        db,
        "it-chef@albertslund.dk",
        "IT-chef",
        "en meget lang adgangskode"
    )
    .unwrap());
    assert!(!portefolje::auth::bootstrap_admin(
        db,
        "en.anden@albertslund.dk",
        "Anden",
        "en meget lang adgangskode"
    )
    .unwrap());
    let app = test::init_service(portefolje::app(db.clone())).await;
    let mut jar = Jar::default();
    let (_, _, form) = page(&app, &mut jar, Method::GET, "/log-ind", None).await;
    let csrf = hidden_csrf(&form);
    let (status, _, _) = page(
        &app,
        &mut jar,
        Method::POST,
        "/log-ind",
        Some(&[
            ("email", "IT-Chef@albertslund.dk"),
            ("password", "en meget lang adgangskode"),
            ("csrf", &csrf),
        ]),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn script_in_every_text_field_is_escaped_everywhere() {
    let t = TestDb::seeded();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let evil = "<script>alert('x')</script>";
    let id = project_id(&app, "Vandstandsmåling").await;
    let (_, p) = get(&app, &format!("/api/v1/projects/{id}")).await;
    let body = json!({"name": format!("{evil} projekt"), "description": evil, "expected_benefits": evil,
        "department_id": p["department"]["id"], "phase_id": p["phase"]["id"], "kind": p["kind"], "state": p["state"],
        "start_date": p["start_date"], "focus_area_id": p["focus_area"]["id"], "version": p["version"]});
    assert_eq!(
        send(
            &app,
            Method::PUT,
            &format!("/api/v1/projects/{id}"),
            Some(body)
        )
        .await
        .0,
        StatusCode::OK
    );
    let comment = json!({"colour": "red", "comment": "@SUM(A1) <script>alert(1)</script>"});
    let body = json!({"ressourcer": comment, "leverancer": {"colour": "red", "comment": "+45 <b>"}, "tid": {"colour": "red", "comment": "-1 <i>"}, "okonomi": {"colour": "red", "comment": "=1+1"}, "comment": evil});
    assert_eq!(
        send(
            &app,
            Method::PUT,
            &format!("/api/v1/projects/{id}/status/2022Q3"),
            Some(body)
        )
        .await
        .0,
        StatusCode::OK
    );
    let (_, d) = get(
        &app,
        &format!("/api/v1/departments/{}", p["department"]["id"]),
    )
    .await;
    send(
        &app,
        Method::PUT,
        &format!("/api/v1/departments/{}", d["id"]),
        Some(json!({"name": format!("{evil} afdeling"), "code": d["code"]})),
    )
    .await;
    let manager = t.person_id(PM);
    send(
        &app,
        Method::PUT,
        &format!("/api/v1/people/{manager}"),
        Some(json!({"name": format!("{evil} Holm"), "email": PM})),
    )
    .await;

    let mut pages = vec![];
    for path in ["/api/v1/reports/2022Q3?format=html"] {
        let resp = test::call_service(
            &app,
            test::TestRequest::get()
                .uri(path)
                .insert_header(auth())
                .to_request(),
        )
        .await;
        pages.push((
            path.to_string(),
            String::from_utf8(test::read_body(resp).await.to_vec()).unwrap(),
        ));
    }
    let mut jar = Jar::default();
    let (_, _, form) = page(&app, &mut jar, Method::GET, "/log-ind", None).await;
    let csrf = hidden_csrf(&form);
    let (_, _, echoed) = page(
        &app,
        &mut jar,
        Method::POST,
        "/log-ind",
        Some(&[("email", evil), ("password", "x"), ("csrf", &csrf)]),
    )
    .await;
    pages.push(("/log-ind".into(), echoed));
    page(
        &app,
        &mut jar,
        Method::POST,
        "/log-ind",
        Some(&[("email", PM), ("password", DEMO_PASSWORD), ("csrf", &csrf)]),
    )
    .await;
    let (status, _, home) = page(&app, &mut jar, Method::GET, "/", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        home.contains("alert"),
        "the manager's name is on the front page"
    );
    pages.push(("/".into(), home));
    for (path, html) in &pages {
        assert!(!html.contains("<script"), "{path} has an unescaped script");
        assert!(
            !html.contains("<b>") && !html.contains("<i>"),
            "{path} has unescaped markup"
        );
    }
    assert!(pages[0].1.contains("alert"), "the text is there, escaped");

    for table in ["ressourcer", "leverancer", "tid", "okonomi", "portfolio"] {
        let resp = test::call_service(
            &app,
            test::TestRequest::get()
                .uri(&format!("/api/v1/reports/2022Q3?format=csv&table={table}"))
                .insert_header(auth())
                .to_request(),
        )
        .await;
        let bytes = test::read_body(resp).await;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .flexible(true)
            .has_headers(false)
            .from_reader(&bytes[3..]);
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@']),
                    "{table}: formula cell {cell}"
                );
            }
        }
    }
}

#[actix_web::test]
async fn a_role_change_applies_to_the_next_request() {
    // Tokens are remembered between requests; a demotion must not wait for that.
    let t = TestDb::seeded();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let member = "mette.kjaer@albertslund.dk";
    let token = t.token_for(member, Role::Administrator);
    let create = |code: &'static str| {
        let (app, token) = (&app, token.clone());
        async move {
            let body =
                json!({"name": format!("Afdeling {code}"), "code": code, "directorate": "By"});
            send_as(
                app,
                Some(&token),
                Method::POST,
                "/api/v1/departments",
                Some(body),
            )
            .await
            .0
        }
    };
    assert_eq!(create("RC1").await, StatusCode::CREATED);
    let (status, answer) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/people/{}/role", t.person_id(member)),
        Some(json!({"role": "reader"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(create("RC2").await, StatusCode::FORBIDDEN);
}

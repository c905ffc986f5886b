//! The council's process (issue 15) through the API: a proposal and its
//! foundation, the five-area review, the duplicate check against the
//! register of systems and other departments' projects, routing to the
//! council or Chefforum, the decision register, closing by the same line,
//! and the priorities with law first; raced on both backends.

use crate::harness::{within_bound, Client, TestApp};
use actix_web::http::StatusCode;
use portefolje::domain::access::Role;
use serde_json::{json, Value};

const AREAS: [&str; 5] = [
    "it_security",
    "it_architecture",
    "contract",
    "gdpr",
    "economy",
];
/// Rikke Terslev, Voksen & Social.
const RIKKE: &str = "rikke.terslev@albertslund.dk";

async fn department(c: &Client<'_>, code: &str) -> Value {
    let (_, all) = c.get("/api/v1/departments").await;
    all.as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("{code}"))["id"]
        .clone()
}

async fn propose(c: &Client<'_>, body: Value) -> (i64, Value) {
    let (status, made) = c.post("/api/v1/proposals", body).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    (made["project"]["id"].as_i64().unwrap(), made)
}

async fn review_all(c: &Client<'_>, id: i64) {
    for area in AREAS {
        let path = format!("/api/v1/proposals/{id}/review/{area}");
        let (status, body) = c.put(&path, json!({"verdict": "approved"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}

/// Review, record no overlap and approve an operational proposal (the council).
pub async fn approve_operational(council: &Client<'_>, id: i64) {
    review_all(council, id).await;
    let path = format!("/api/v1/proposals/{id}/overlap");
    council.put(&path, json!({"verdict": "none"})).await;
    let decision = json!({"outcome": "approve", "date": "2022-11-01", "text": "Godkendt"});
    let path = format!("/api/v1/proposals/{id}/decision");
    let (status, body) = council.post(&path, decision).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// The id of a project's open matter on Chefforum's list.
async fn matter_of(c: &Client<'_>, project: i64) -> Value {
    let (_, list) = c.get("/api/v1/chefforum").await;
    list["matters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["project_id"] == project)
        .unwrap_or_else(|| panic!("project {project} is not on the list: {list}"))["id"]
        .clone()
}

/// Propose a strategic project, review it, record no overlap and approve it
/// professionally (the council): its matter on Chefforum's list.
async fn referred(council: &Client<'_>, body: Value) -> (i64, Value) {
    let (id, _) = propose(council, body).await;
    review_all(council, id).await;
    let path = format!("/api/v1/proposals/{id}/overlap");
    council.put(&path, json!({"verdict": "none"})).await;
    let approve = json!({"outcome": "approve", "date": "2022-11-01", "text": "Fagligt godkendt"});
    let path = format!("/api/v1/proposals/{id}/decision");
    let (status, body) = council.post(&path, approve).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (id, matter_of(council, id).await)
}

fn names(findings: &Value) -> Vec<String> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect()
}

fn code(answer: &(StatusCode, Value)) -> (StatusCode, Option<&str>) {
    (answer.0, answer.1["code"].as_str())
}

#[actix_web::test]
async fn a_strategic_proposal_goes_through_review_and_chefforum_to_an_active_project() {
    let app = TestApp::seeded().await;
    let (council, chefforum) = (app.as_council(), app.as_chefforum());
    let rikke = app.as_role(RIKKE, Role::Reader);
    let vs = department(&council, "V&S").await;
    let body = json!({"name": "Digital vagtplan på bostederne", "purpose": "Færre huller i vagtplanen",
        "department_id": vs, "kind": "strategic", "budget": 350_000, "operating_cost": 60_000,
        "systems": [{"name": "Vagtplansystem", "functions": ["vagtplanlægning", "tidsregistrering"]}]});
    // For one's own department only.
    let mut elsewhere = body.clone();
    elsewhere["department_id"] = department(&council, "ØS").await;
    let refused = rikke.post("/api/v1/proposals", elsewhere).await;
    assert_eq!(
        code(&refused),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("own_department_only")
        )
    );
    let (id, made) = propose(&rikke, body.clone()).await;
    assert_eq!(
        (made["stage"].as_str(), made["deciding_body"].as_str()),
        (Some("submitted"), Some("chefforum"))
    );
    assert_eq!(made["project"]["state"], "proposed");
    // The duplicate check finds the register's KMD OPUS and SPO's project.
    let found = names(&made["findings"]);
    assert!(found.contains(&"KMD OPUS".to_string()), "{found:?}");
    assert!(
        found.contains(&"KMD OPUS Vagtplan".to_string()),
        "{found:?}"
    );
    // The proposer edits until the review starts.
    let mut edited = body.clone();
    edited["version"] = made["project"]["version"].clone();
    edited["budget"] = json!(400_000);
    let (status, after) = rikke
        .put(&format!("/api/v1/proposals/{id}"), edited.clone())
        .await;
    assert_eq!(
        (status, after["project"]["budget"].as_i64()),
        (StatusCode::OK, Some(400_000))
    );
    let reader = app.as_reader();
    let not_theirs = reader
        .put(&format!("/api/v1/proposals/{id}"), edited.clone())
        .await;
    assert_eq!(not_theirs.0, StatusCode::FORBIDDEN);
    // Approval needs the review first.
    let decide = format!("/api/v1/proposals/{id}/decision");
    let approve = json!({"outcome": "approve", "date": "2022-11-01", "text": "Godkendt fagligt"});
    let early = council.post(&decide, approve.clone()).await;
    assert_eq!(
        code(&early),
        (StatusCode::CONFLICT, Some("review_incomplete"))
    );
    let review = |area: &str| format!("/api/v1/proposals/{id}/review/{area}");
    let bare = council
        .put(&review("gdpr"), json!({"verdict": "approved_with_remarks"}))
        .await;
    assert_eq!(
        (bare.0, bare.1["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("remark"))
    );
    let by_reader = reader
        .put(&review("gdpr"), json!({"verdict": "approved"}))
        .await;
    assert_eq!(by_reader.0, StatusCode::FORBIDDEN);
    let (status, started) = council
        .put(
            &review("gdpr"),
            json!({"verdict": "approved_with_remarks", "remark": "Databehandleraftale"}),
        )
        .await;
    assert_eq!(
        (status, started["stage"].as_str()),
        (StatusCode::OK, Some("in_review"))
    );
    assert_eq!(started["review"][0]["reviewed_by"], "Mette Kjær");
    // The review has started: the proposer's edits end.
    edited["version"] = started["project"]["version"].clone();
    let late = rikke.put(&format!("/api/v1/proposals/{id}"), edited).await;
    assert_eq!(code(&late), (StatusCode::CONFLICT, Some("wrong_stage")));
    for area in ["it_security", "it_architecture", "contract", "economy"] {
        let (status, _) = council
            .put(&review(area), json!({"verdict": "approved"}))
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let no_verdict = council.post(&decide, approve.clone()).await;
    assert_eq!(
        code(&no_verdict),
        (StatusCode::CONFLICT, Some("overlap_not_recorded"))
    );
    let overlap = format!("/api/v1/proposals/{id}/overlap");
    let why_not = council.put(&overlap, json!({"verdict": "accepted"})).await;
    assert_eq!(
        (why_not.0, why_not.1["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason"))
    );
    let reason = "KMD OPUS dækker ikke bostedernes døgnvagter";
    let (status, _) = council
        .put(&overlap, json!({"verdict": "accepted", "reason": reason}))
        .await;
    assert_eq!(status, StatusCode::OK);
    // The council's professional approval puts it on Chefforum's list.
    let (status, referred) = council.post(&decide, approve).await;
    assert_eq!(status, StatusCode::OK, "{referred}");
    assert_eq!(referred["stage"], "to_chefforum");
    assert_eq!(referred["project"]["state"], "proposed");
    let (_, list) = reader.get("/api/v1/chefforum").await;
    let matter = &list["matters"][0];
    assert_eq!(
        (matter["project_id"].as_i64(), matter["matter"].as_str()),
        (Some(id), Some("start"))
    );
    let (_, report) = reader.get("/api/v1/reports/2022Q4").await;
    assert_eq!(
        report["to_chefforum"][0]["name"],
        "Digital vagtplan på bostederne"
    );
    assert_eq!(report["to_chefforum"][0]["reason"], "Godkendt fagligt");
    // Not active before Chefforum has approved it.
    let start = format!("/api/v1/projects/{id}/start");
    let early = council.post(&start, json!({})).await;
    assert_eq!(code(&early), (StatusCode::CONFLICT, Some("needs_approval")));
    // Chefforum decides; only Chefforum (or an administrator).
    let item = matter["id"].as_i64().unwrap();
    let path = format!("/api/v1/chefforum/{item}/decision");
    let decision = json!({"outcome": "approve", "date": "2022-11-10", "text": "Godkendte indstillingen.",
        "case_number": "85.13.00-P20-3-22"});
    assert_eq!(
        council.post(&path, decision.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, decided) = chefforum.post(&path, decision.clone()).await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert!(decided["decision_id"].is_i64());
    let again = chefforum.post(&path, decision).await;
    assert_eq!(
        code(&again),
        (StatusCode::CONFLICT, Some("already_decided"))
    );
    let (_, proposal) = reader.get(&format!("/api/v1/proposals/{id}")).await;
    assert_eq!(
        (
            proposal["stage"].as_str(),
            proposal["project"]["state"].as_str()
        ),
        (Some("approved"), Some("approved"))
    );
    let (_, baselines) = reader
        .get(&format!("/api/v1/projects/{id}/baselines"))
        .await;
    assert_eq!(baselines[0]["budget"], 400_000);
    // The register holds both decisions, newest first, and filters.
    let (_, register) = reader
        .get(&format!("/api/v1/project-decisions?project_id={id}"))
        .await;
    let kinds: Vec<(&str, &str)> = register
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["body"].as_str().unwrap(), d["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [("chefforum", "approved"), ("council", "recommended")]
    );
    assert_eq!(register[0]["case_number"], "85.13.00-P20-3-22");
    assert_eq!(register[0]["recorded_by"], "René Dalsgaard");
    let (_, by_chefforum) = reader
        .get("/api/v1/project-decisions?body=chefforum&from=2022-11-10&to=2022-11-10")
        .await;
    assert_eq!(by_chefforum.as_array().unwrap().len(), 1);
    let (status, _) = reader.get("/api/v1/project-decisions?body=nobody").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Started by the council; in the audit trail step by step.
    let (status, active) = council.post(&start, json!({"date": "2022-12-01"})).await;
    assert_eq!(
        (status, active["state"].as_str()),
        (StatusCode::OK, Some("active"))
    );
    let admin = app.as_admin();
    let (_, trail) = admin
        .get(&format!("/api/v1/audit?entity=proposal&entity_id={id}"))
        .await;
    let actions: Vec<&str> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions.first(), Some(&"decide"));
    assert_eq!(actions.last(), Some(&"create"));
    assert_eq!(actions.iter().filter(|a| **a == "review").count(), 5);
    let (_, matters) = admin
        .get(&format!(
            "/api/v1/audit?entity=chefforum_matter&entity_id={item}"
        ))
        .await;
    assert_eq!(
        matters["items"][0]["after"]["matter"]["decision_id"],
        decided["decision_id"]
    );
    assert_eq!(
        matters["items"][0]["before"]["project"]["state"],
        "proposed"
    );
    assert_eq!(matters["items"][0]["after"]["project"]["state"], "approved");
}

#[actix_web::test]
async fn an_operational_proposal_is_approved_by_the_council_alone() {
    let app = TestApp::seeded().await;
    let council = app.as_council();
    let mt = department(&council, "M&T").await;
    let body = json!({"name": "Droner til vejinspektion", "purpose": "Hurtigere vejsyn",
        "department_id": mt, "kind": "operational", "planned_end": "2023-12-31", "budget": 90_000});
    let (id, made) = propose(&council, body).await;
    assert_eq!(made["deciding_body"], "council");
    assert_eq!(made["findings"], json!([]), "nothing like it elsewhere");
    approve_operational(&council, id).await;
    let (_, p) = council.get(&format!("/api/v1/proposals/{id}")).await;
    assert_eq!(
        (p["stage"].as_str(), p["project"]["state"].as_str()),
        (Some("approved"), Some("approved"))
    );
    assert_eq!(p["decisions"][0]["body"], "council");
    assert_eq!(p["decisions"][0]["kind"], "approved");
    let (_, list) = council.get("/api/v1/chefforum").await;
    assert_eq!(list["matters"], json!([]));
    // A proposal is decided through the process, not by setting its state.
    let (_, other) = propose(
        &council,
        json!({"name": "Genvej", "purpose": "x", "department_id": mt,
        "kind": "operational"}),
    )
    .await;
    let pid = other["project"]["id"].as_i64().unwrap();
    let (_, phases) = council.get("/api/v1/phases").await;
    let shortcut = json!({"name": "Genvej", "department_id": mt, "phase_id": phases[0]["id"],
        "kind": "operational", "state": "approved", "version": other["project"]["version"]});
    let refused = council.update_project(pid, shortcut).await;
    assert_eq!(
        code(&refused),
        (StatusCode::CONFLICT, Some("needs_approval"))
    );
}

#[actix_web::test]
async fn a_rejected_proposal_is_cancelled_with_the_reason() {
    let app = TestApp::seeded().await;
    let council = app.as_council();
    let mt = department(&council, "M&T").await;
    let (id, _) = propose(
        &council,
        json!({"name": "Egen videoplatform", "purpose": "Videomøder",
        "department_id": mt, "kind": "operational",
        "systems": [{"name": "Videoløsning", "functions": ["videomøder"]}]}),
    )
    .await;
    let (_, p) = council.get(&format!("/api/v1/proposals/{id}")).await;
    assert!(
        names(&p["findings"]).contains(&"Teams".to_string()),
        "{}",
        p["findings"]
    );
    let text = "Teams dækker behovet";
    let path = format!("/api/v1/proposals/{id}/decision");
    let (status, rejected) = council
        .post(
            &path,
            json!({"outcome": "reject", "date": "2022-11-01", "text": text}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{rejected}");
    assert_eq!(rejected["stage"], "rejected");
    assert_eq!(
        (
            rejected["project"]["state"].as_str(),
            rejected["project"]["cancel_reason"].as_str()
        ),
        (Some("cancelled"), Some(text))
    );
    let again = council
        .post(
            &path,
            json!({"outcome": "approve", "date": "2022-11-02", "text": "x"}),
        )
        .await;
    assert_eq!(code(&again), (StatusCode::CONFLICT, Some("wrong_stage")));
    let empty = council
        .post(
            &path,
            json!({"outcome": "reject", "date": "2022-11-01", "text": " "}),
        )
        .await;
    assert_eq!(
        (empty.0, empty.1["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("text"))
    );
}

#[actix_web::test]
async fn closing_follows_the_same_line() {
    let app = TestApp::seeded().await;
    let (council, chefforum, admin) = (app.as_council(), app.as_chefforum(), app.as_admin());
    // Operational: the council closes it itself.
    let park = admin.project_id("PARK Manager").await;
    let (status, closed) = council
        .post(
            &format!("/api/v1/projects/{park}/closure"),
            json!({"cancel_reason": "Leverandøren lukker",
            "date": "2022-11-30", "text": "Projektet udgår", "case_number": "85.13.00-P20-4-22"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    assert_eq!(
        (
            closed["referred"].as_bool(),
            closed["project"]["state"].as_str()
        ),
        (Some(false), Some("cancelled"))
    );
    // Strategic: the council proposes, Chefforum decides.
    let teams = admin
        .project_id("Den Moderne Samarbejdsplatform - Teams & Telefoni")
        .await;
    let direct = council
        .post(&format!("/api/v1/projects/{teams}/complete"), json!({}))
        .await;
    assert_eq!(
        code(&direct),
        (StatusCode::CONFLICT, Some("chefforum_decides"))
    );
    let (status, referred) = council
        .post(
            &format!("/api/v1/projects/{teams}/closure"),
            json!({"date": "2022-11-30",
            "text": "Udrulningen er gennemført"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{referred}");
    assert_eq!(
        (
            referred["referred"].as_bool(),
            referred["project"]["state"].as_str()
        ),
        (Some(true), Some("active"))
    );
    let twice = council
        .post(
            &format!("/api/v1/projects/{teams}/closure"),
            json!({"date": "2022-11-30", "text": "Igen"}),
        )
        .await;
    assert_eq!(code(&twice), (StatusCode::CONFLICT, Some("wrong_stage")));
    let (_, list) = chefforum.get("/api/v1/chefforum").await;
    let matter = list["matters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["project_id"] == teams)
        .expect("on the list");
    assert_eq!(
        (matter["matter"].as_str(), matter["ending"].as_str()),
        (Some("close"), Some("completed"))
    );
    let path = format!("/api/v1/chefforum/{}/decision", matter["id"]);
    let (status, _) = chefforum
        .post(
            &path,
            json!({"outcome": "approve", "date": "2022-12-08", "text": "Godkendte lukningen.",
                "case_number": "85.13.00-P20-5-22"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, p) = admin.project(teams).await;
    assert_eq!(
        (p["state"].as_str(), p["ended_on"].as_str()),
        (Some("completed"), Some("2022-12-08"))
    );
    let (_, register) = admin
        .get("/api/v1/project-decisions?kind=closure_proposed")
        .await;
    assert_eq!(register.as_array().unwrap().len(), 1);
    let (_, closes) = admin
        .get(&format!("/api/v1/project-decisions?project_id={park}"))
        .await;
    assert_eq!(
        (closes[0]["kind"].as_str(), closes[0]["body"].as_str()),
        (Some("cancelled"), Some("council"))
    );
    // A project with decisions is kept.
    let (_, departments) = admin.get("/api/v1/departments").await;
    let (id, _) = propose(&admin, json!({"name": "Afvist idé", "purpose": "x", "department_id": departments[0]["id"], "kind": "operational"})).await;
    admin
        .post(
            &format!("/api/v1/proposals/{id}/decision"),
            json!({"outcome": "reject", "date": "2022-11-01", "text": "Nej"}),
        )
        .await;
    let kept = admin.delete(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(
        code(&kept),
        (StatusCode::CONFLICT, Some("project_has_decisions"))
    );
}

#[actix_web::test]
async fn the_register_of_systems_is_kept_by_the_council_and_matched_against() {
    let app = TestApp::seeded().await;
    let (council, reader) = (app.as_council(), app.as_reader());
    let (_, seeded) = reader.get("/api/v1/systems").await;
    let seeded = names(&seeded);
    for name in [
        "KMD Sag",
        "SBSYS",
        "SAPA",
        "KY",
        "KSD",
        "KMD OPUS",
        "CSC Omsorg",
        "Teams",
        "ESDH",
    ] {
        assert!(seeded.contains(&name.to_string()), "{name}");
    }
    let su = department(&council, "S&U").await;
    let aula = json!({"name": "Aula", "supplier": "KOMBIT", "department_id": su,
        "functions": ["kommunikation med forældre, skema"], "contract_end": "2026-07-31"});
    assert_eq!(
        reader.post("/api/v1/systems", aula.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, made) = council.post("/api/v1/systems", aula.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(
        made["functions"],
        json!(["kommunikation med forældre", "skema"])
    );
    let twice = council.post("/api/v1/systems", aula).await;
    assert_eq!(code(&twice), (StatusCode::CONFLICT, Some("duplicate_name")));
    let blank = council.post("/api/v1/systems", json!({"name": " "})).await;
    assert_eq!(
        (blank.0, blank.1["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("name"))
    );
    // Another department's proposal finds it, Danish words folded.
    let bf = department(&council, "B&F").await;
    let (id, found) = propose(
        &council,
        json!({"name": "Forældreapp til dagtilbud", "purpose": "Dialog",
        "department_id": bf, "kind": "operational",
        "systems": [{"name": "Dagtilbudsapp", "functions": ["forældrekommunikation"]}]}),
    )
    .await;
    let finding = found["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "Aula")
        .expect("Aula found");
    assert_eq!(
        (finding["source"].as_str(), finding["department"].as_str()),
        (Some("system"), Some("Skole & Uddannelse"))
    );
    // The owning department's own proposal is not an overlap across departments.
    let (_, own) = propose(&council, json!({"name": "Skoleapp", "purpose": "x", "department_id": su,
        "kind": "operational", "systems": [{"name": "App", "functions": ["forældrekommunikation"]}]})).await;
    assert!(!names(&own["findings"]).contains(&"Aula".to_string()));
    let aula_id = made["id"].as_i64().unwrap();
    let (status, _) = council.delete(&format!("/api/v1/systems/{aula_id}")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, after) = council.get(&format!("/api/v1/proposals/{id}")).await;
    assert!(!names(&after["findings"]).contains(&"Aula".to_string()));
}

#[actix_web::test]
async fn law_ranks_first_and_every_place_is_explained() {
    let app = TestApp::seeded().await;
    let council = app.as_council();
    let mt = department(&council, "M&T").await;
    let (high, _) = propose(
        &council,
        json!({"name": "Sensorer i regnvandsbassiner", "purpose": "x",
        "department_id": mt, "kind": "operational"}),
    )
    .await;
    let (law, _) = propose(
        &council,
        json!({"name": "Affaldsregulativ digitalt", "purpose": "Lovkrav",
        "department_id": mt, "kind": "operational", "required_by": "law"}),
    )
    .await;
    let (_, p) = council.get("/api/v1/priorities").await;
    let criteria: Vec<i64> = p["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_i64().unwrap())
        .collect();
    assert_eq!(criteria.len(), 6);
    assert_eq!(p["criteria"][0]["name"], "Lovkrav");
    let all = |score: i64| {
        json!(criteria
            .iter()
            .map(|k| json!({"criterion_id": k, "score": score}))
            .collect::<Vec<_>>())
    };
    let (status, _) = council
        .put(
            &format!("/api/v1/proposals/{high}/priority"),
            json!({"scores": all(5)}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let dilemma = "Sensorerne giver mest, men affaldsregulativet er lovpligtigt";
    let (status, ranked) = council
        .put(
            &format!("/api/v1/proposals/{law}/priority"),
            json!({"scores": all(1), "dilemma": dilemma}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let place = |id: i64| {
        ranked["ranking"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["project_id"] == id)
            .unwrap()
            .clone()
    };
    let (l, h) = (place(law), place(high));
    assert!(
        l["rank"].as_i64() < h["rank"].as_i64(),
        "law first: {ranked}"
    );
    assert_eq!(h["total"].as_f64(), Some(5.0));
    assert_eq!(l["total"].as_f64(), Some(1.0));
    assert!(
        h["why"]
            .as_str()
            .unwrap()
            .starts_with("Uden lovkrav: står under alle forslag med lovkrav"),
        "{h}"
    );
    assert!(
        l["why"].as_str().unwrap().starts_with("Øverst: lovkrav"),
        "{l}"
    );
    assert_eq!(l["scores"].as_array().unwrap().len(), 6);
    let (_, list) = council.get("/api/v1/chefforum").await;
    assert_eq!(list["dilemmas"][0]["dilemma"], dilemma);
    // Bad scores and criteria are refused; changed weights reorder.
    let bad = council
        .put(
            &format!("/api/v1/proposals/{high}/priority"),
            json!({"scores": [{"criterion_id": criteria[0], "score": 6}]}),
        )
        .await;
    assert_eq!(
        code(&bad),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("out_of_range"))
    );
    let unknown = council
        .put(
            &format!("/api/v1/proposals/{high}/priority"),
            json!({"scores": [{"criterion_id": 9999, "score": 1}]}),
        )
        .await;
    assert_eq!(
        code(&unknown),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_reference"))
    );
    let only_risk = json!({"criteria": [{"id": criteria[4], "name": "Risiko", "weight": 100}, {"name": "Klima", "weight": 0}]});
    let (status, changed) = council.put("/api/v1/criteria", only_risk).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["criteria"].as_array().unwrap().len(), 2);
    let none = council
        .put(
            "/api/v1/criteria",
            json!({"criteria": [{"name": "A", "weight": 0}]}),
        )
        .await;
    assert_eq!(
        (none.0, none.1["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("weight"))
    );
    assert_eq!(
        app.as_reader()
            .put("/api/v1/criteria", json!({"criteria": []}))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
}

/// Two instances record Chefforum's decision on one matter at once: one
/// decision stands, the other is told it is decided, on either backend.
#[actix_web::test]
async fn racing_decisions_on_one_matter_record_one() {
    let app = TestApp::seeded().await;
    let other = app
        .sibling(portefolje::db::Db::connect(&app.test_db().url, 8).unwrap())
        .await;
    let admin = app.as_admin();
    let (_, departments) = admin.get("/api/v1/departments").await;
    for round in 0..6 {
        let body = json!({"name": format!("Kapløb {round}"), "purpose": "x",
            "department_id": departments[0]["id"], "kind": "strategic"});
        let (id, item) = referred(&admin, body).await;
        let path = format!("/api/v1/chefforum/{item}/decision");
        let (yes, no) = (
            json!({"outcome": "approve", "date": "2022-11-10", "text": "Godkendt", "case_number": "85.13.00-P20-6-22"}),
            json!({"outcome": "reject", "date": "2022-11-10", "text": "Afvist", "case_number": "85.13.00-P20-6-22"}),
        );
        let (one, two) = (app.as_chefforum(), other.as_chefforum());
        let (a, b) = futures::join!(one.post(&path, yes), two.post(&path, no));
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CONFLICT],
            "{} {}",
            a.1,
            b.1
        );
        let (_, register) = admin
            .get(&format!(
                "/api/v1/project-decisions?project_id={id}&body=chefforum"
            ))
            .await;
        assert_eq!(register.as_array().unwrap().len(), 1, "round {round}");
        let expected = if a.0 == StatusCode::OK {
            "approved"
        } else {
            "cancelled"
        };
        // The instance that lost hears of the decision a moment later.
        within_bound(|| admin.project(id), |(_, p)| p["state"] == expected).await;
    }
}

/// The proposer's edit against the council's first review entry: the edit
/// lands before the review starts or is refused, never after.
#[actix_web::test]
async fn a_proposers_edit_races_the_start_of_the_review() {
    let app = TestApp::seeded().await;
    let other = app
        .sibling(portefolje::db::Db::connect(&app.test_db().url, 8).unwrap())
        .await;
    let rikke = app.as_role(RIKKE, Role::Reader);
    let council = other.as_council();
    let vs = department(&council, "V&S").await;
    for round in 0..6 {
        let name = format!("Kapløb om redigering {round}");
        let body =
            json!({"name": name, "purpose": "Først", "department_id": vs, "kind": "operational"});
        let (id, made) = propose(&rikke, body.clone()).await;
        let mut edit = body;
        edit["purpose"] = json!("Rettet");
        edit["version"] = made["project"]["version"].clone();
        let (edit_path, review_path) = (
            format!("/api/v1/proposals/{id}"),
            format!("/api/v1/proposals/{id}/review/gdpr"),
        );
        let (e, r) = futures::join!(
            rikke.put(&edit_path, edit),
            council.put(&review_path, json!({"verdict": "approved"}))
        );
        assert_eq!(r.0, StatusCode::OK, "{}", r.1);
        let (_, trail) = app
            .as_admin()
            .get(&format!("/api/v1/audit?entity=proposal&entity_id={id}"))
            .await;
        let order: Vec<&str> = trail["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["action"].as_str().unwrap())
            .collect();
        match e.0 {
            StatusCode::OK => assert_eq!(order, ["review", "update", "create"], "round {round}"),
            StatusCode::CONFLICT => {
                assert_eq!(e.1["code"], "wrong_stage");
                assert_eq!(order, ["review", "create"], "round {round}");
            }
            other => panic!("round {round}: {other} {}", e.1),
        }
        let (_, p) = rikke.get(&format!("/api/v1/proposals/{id}")).await;
        let purpose = if e.0 == StatusCode::OK {
            "Rettet"
        } else {
            "Først"
        };
        assert_eq!(p["purpose"], purpose, "round {round}");
    }
}

/// The review's own refusals through the API, a rejection before the planned
/// start, an edit that keeps what the council set, Chefforum turning down a
/// start and a closure, and the state and kind changes the process forbids.
#[actix_web::test]
async fn the_process_holds_at_its_edges() {
    let app = TestApp::seeded().await;
    let (council, chefforum, admin) = (app.as_council(), app.as_chefforum(), app.as_admin());
    let mt = department(&council, "M&T").await;
    // A person without a department proposes for none.
    let homeless = "uden.afdeling@albertslund.dk";
    admin
        .post(
            "/api/v1/people",
            json!({"name": "Uden Afdeling", "email": homeless}),
        )
        .await;
    let refused = app
        .as_role(homeless, Role::Reader)
        .post(
            "/api/v1/proposals",
            json!({"name": "Hjemløst forslag", "purpose": "x",
            "department_id": mt, "kind": "operational"}),
        )
        .await;
    assert_eq!(
        code(&refused),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("own_department_only")
        )
    );
    // An area not approved blocks the approval; a rejection before the planned start ends nothing.
    let (id, made) = propose(
        &council,
        json!({"name": "Ny hjemmeside", "purpose": "x",
        "department_id": mt, "kind": "operational", "start_date": "2030-01-01"}),
    )
    .await;
    // The council's own fields survive the proposer's form.
    let (_, phases) = council.get("/api/v1/phases").await;
    let full = json!({"name": "Ny hjemmeside", "department_id": mt, "phase_id": phases[1]["id"],
        "kind": "operational", "start_date": "2030-01-01", "case_number": "85.13.00-P20-9-22",
        "forecast": 777, "version": made["project"]["version"]});
    let (status, updated) = council.update_project(id, full).await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    let edit = json!({"name": "Ny hjemmeside", "purpose": "Bedre", "department_id": mt,
        "kind": "operational", "start_date": "2030-01-01", "version": updated["version"]});
    let (status, edited) = council.put(&format!("/api/v1/proposals/{id}"), edit).await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    let kept = &edited["project"];
    assert_eq!(
        (
            kept["case_number"].as_str(),
            kept["phase"]["id"].clone(),
            kept["forecast"].as_i64()
        ),
        (
            Some("85.13.00-P20-9-22"),
            phases[1]["id"].clone(),
            Some(777)
        )
    );
    for area in AREAS {
        let verdict = if area == "contract" {
            "not_approved"
        } else {
            "approved"
        };
        council
            .put(
                &format!("/api/v1/proposals/{id}/review/{area}"),
                json!({"verdict": verdict, "remark": "Nej"}),
            )
            .await;
    }
    council
        .put(
            &format!("/api/v1/proposals/{id}/overlap"),
            json!({"verdict": "none"}),
        )
        .await;
    let decide = format!("/api/v1/proposals/{id}/decision");
    let blocked = council
        .post(
            &decide,
            json!({"outcome": "approve", "date": "2022-11-01", "text": "Godkendt"}),
        )
        .await;
    assert_eq!(
        code(&blocked),
        (StatusCode::CONFLICT, Some("review_not_approved"))
    );
    let (status, rejected) = council
        .post(
            &decide,
            json!({"outcome": "reject", "date": "2022-11-01", "text": "Kontrakten holder ikke"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{rejected}");
    assert_eq!(
        (
            rejected["project"]["state"].as_str(),
            rejected["project"]["ended_on"].clone()
        ),
        (Some("cancelled"), Value::Null)
    );
    // A closed project stays closed.
    let mut reopen = json!({"name": "Ny hjemmeside", "department_id": mt, "phase_id": phases[0]["id"],
        "kind": "operational", "state": "approved", "version": rejected["project"]["version"]});
    let refused = council.update_project(id, reopen.clone()).await;
    assert_eq!(code(&refused), (StatusCode::CONFLICT, Some("wrong_stage")));
    reopen["state"] = json!("active");
    assert_eq!(
        code(&admin.update_project(id, reopen).await),
        (StatusCode::CONFLICT, Some("wrong_stage"))
    );
    // Chefforum turns down a start: the proposal is rejected; it needs a journal number.
    let body = json!({"name": "Robotter i plejen", "purpose": "x", "department_id": mt,
        "kind": "strategic"});
    let (sid, item) = referred(&council, body).await;
    let path = format!("/api/v1/chefforum/{item}/decision");
    let unnumbered = chefforum
        .post(
            &path,
            json!({"outcome": "reject", "date": "2022-11-10", "text": "Ikke nu"}),
        )
        .await;
    assert_eq!(
        (unnumbered.0, unnumbered.1["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("case_number"))
    );
    let (status, _) = chefforum
        .post(&path, json!({"outcome": "reject", "date": "2022-11-10", "text": "Ikke nu", "case_number": "85.13.00-P20-7-22"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, p) = admin.get(&format!("/api/v1/proposals/{sid}")).await;
    assert_eq!(
        (p["stage"].as_str(), p["project"]["state"].as_str()),
        (Some("rejected"), Some("cancelled"))
    );
    // Chefforum turns down a closure: the project goes on, the matter is settled.
    let teams = admin
        .project_id("Den Moderne Samarbejdsplatform - Teams & Telefoni")
        .await;
    let blank = council
        .post(
            &format!("/api/v1/projects/{teams}/closure"),
            json!({"cancel_reason": " ", "date": "2022-11-30", "text": "Stop"}),
        )
        .await;
    assert_eq!(
        (blank.0, blank.1["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("cancel_reason"))
    );
    council
        .post(
            &format!("/api/v1/projects/{teams}/closure"),
            json!({"cancel_reason": "For dyrt", "date": "2022-11-30", "text": "Stop"}),
        )
        .await;
    let path = format!(
        "/api/v1/chefforum/{}/decision",
        matter_of(&chefforum, teams).await
    );
    let (status, settled) = chefforum
        .post(&path, json!({"outcome": "reject", "date": "2022-12-08", "text": "Fortsætter", "case_number": "85.13.00-P20-8-22"}))
        .await;
    assert_eq!(
        (status, settled["decision_id"].is_i64()),
        (StatusCode::OK, true)
    );
    assert_eq!(admin.project(teams).await.1["state"], "active");
    let (_, list) = chefforum.get("/api/v1/chefforum").await;
    assert!(list["matters"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["project_id"] != teams));
    // A strategic project is made operational only by Chefforum's side.
    let (_, t) = admin.project(teams).await;
    let body = json!({"name": t["name"], "department_id": t["department"]["id"], "phase_id": t["phase"]["id"],
        "kind": "operational", "state": "active", "start_date": t["start_date"], "version": t["version"]});
    let refused = council.update_project(teams, body.clone()).await;
    assert_eq!(
        (code(&refused), refused.1["field"].as_str()),
        (
            (StatusCode::CONFLICT, Some("chefforum_decides")),
            Some("kind")
        )
    );
    assert_eq!(admin.update_project(teams, body).await.0, StatusCode::OK);
    // The register filters by department.
    let (_, departments) = admin.get("/api/v1/departments").await;
    let itd = departments
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "IT&D")
        .unwrap()["id"]
        .clone();
    let (_, of_itd) = admin
        .get(&format!("/api/v1/project-decisions?department_id={itd}"))
        .await;
    assert!(!of_itd.as_array().unwrap().is_empty());
    assert!(
        of_itd
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["project_id"] == teams),
        "{of_itd}"
    );
    let (_, of_mt) = admin
        .get(&format!("/api/v1/project-decisions?department_id={mt}"))
        .await;
    assert!(of_mt
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["project_id"] != teams));
    assert_eq!(of_mt.as_array().unwrap().len(), 3, "{of_mt}");
}

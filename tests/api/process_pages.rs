//! The council's process in the browser: the proposal form with every
//! problem in Danish, the review page's forms, Chefforum's list with its
//! decision form, the registers and the priorities, each through the same
//! use cases as the API.

use crate::harness::{TestApp, CHEFFORUM, COUNCIL, READER};
use crate::helpers::*;
use actix_web::http::StatusCode;

/// The id at the end of a redirect such as `/forslag/42#…`.
fn id_in(location: &str) -> i64 {
    location
        .trim_start_matches("/forslag/")
        .split('#')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[actix_web::test]
async fn a_reader_proposes_and_the_council_reviews_and_decides_in_the_browser() {
    let app = TestApp::seeded().await;
    let mut reader = app.browser_as(READER).await;
    let (status, _, form) = reader.get_page("/forslag/nyt").await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("Nyt forslag") && form.contains("Send forslaget"));
    let csrf = hidden_csrf(&form);
    let (status, _, html) = reader
        .post_form(
            "/forslag/nyt",
            &[
                ("csrf", &csrf),
                ("name", " "),
                ("purpose", ""),
                ("budget", "mange"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Skriv projektets navn.",
        "Skriv formålet med projektet.",
        "Skriv et beløb i hele kroner",
        "Forslaget blev ikke gemt",
    ] {
        assert!(html.contains(message), "{message}");
    }
    let (_, departments) = app.as_admin().get("/api/v1/departments").await;
    let mt = departments
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "M&T")
        .unwrap()["id"]
        .to_string();
    let fields = [
        ("csrf", csrf.as_str()),
        ("name", "Vagtplan for driftsafdelingen"),
        ("department_id", mt.as_str()),
        ("kind", "operational"),
        ("required_by", "none"),
        ("purpose", "Vagtplaner for vintertjenesten"),
        ("budget", "120.000"),
        ("operating_cost", "15.000"),
        ("benefit_yearly", "0"),
        (
            "systems",
            "Vagtplanmodul: vagtplanlægning, tidsregistrering",
        ),
    ];
    let (status, location, _) = reader.post_form("/forslag/nyt", &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let id = id_in(&location);
    let (_, _, page) = reader.get_page(&location).await;
    assert!(page.contains("Vagtplan for driftsafdelingen") && page.contains("120.000 kr."));
    assert!(page.contains("KMD OPUS"), "the overlap shows");
    assert!(
        page.contains(&format!("/forslag/{id}/ret")),
        "the proposer may edit"
    );
    assert!(
        !page.contains("Registrér rådets beslutning"),
        "not the council"
    );

    let mut council = app.browser_as(COUNCIL).await;
    let page = format!("/forslag/{id}");
    let csrf = council.csrf_of(&page).await;
    let area = format!("/forslag/{id}/vurdering/gdpr");
    let (status, _, html) = council
        .post_form(
            &area,
            &[("csrf", &csrf), ("verdict", "not_relevant"), ("remark", "")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Skriv en bemærkning") && html.contains("href=\"#omraade-gdpr-remark\""));
    for code in [
        "it_security",
        "it_architecture",
        "contract",
        "gdpr",
        "economy",
    ] {
        let (status, _, _) = council
            .post_form(
                &format!("/forslag/{id}/vurdering/{code}"),
                &[("csrf", &csrf), ("verdict", "approved"), ("remark", "")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{code}");
    }
    let decide = format!("/forslag/{id}/beslutning");
    let decision = [
        ("csrf", csrf.as_str()),
        ("outcome", "approve"),
        ("date", "01-11-2022"),
        ("text", "Godkendt"),
    ];
    let (status, _, html) = council.post_form(&decide, &decision).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("Registrér først rådets vurdering af overlap"));
    let (status, _, html) = council
        .post_form(
            &format!("/forslag/{id}/overlap"),
            &[("csrf", &csrf), ("verdict", "accepted"), ("reason", " ")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("href=\"#overlap-reason\""));
    let (status, _, _) = council
        .post_form(
            &format!("/forslag/{id}/overlap"),
            &[
                ("csrf", &csrf),
                ("verdict", "accepted"),
                ("reason", "Vintertjenesten har egne regler"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let bad_date = [
        ("csrf", csrf.as_str()),
        ("outcome", "approve"),
        ("date", "31-02-2022"),
        ("text", "Godkendt"),
    ];
    let (status, _, html) = council.post_form(&decide, &bad_date).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Skriv datoen som dd-mm-åååå."));
    let (status, _, _) = council.post_form(&decide, &decision).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, p) = app.as_admin().project(id).await;
    assert_eq!(p["state"], "approved");
    // The proposer's edit ended with the review.
    let (_, _, page) = reader.get_page(&page).await;
    assert!(!page.contains(&format!("/forslag/{id}/ret")));
    // The project page shows the decision and offers to start it to the council.
    let (_, _, project) = council.get_page(&format!("/projekter/{id}")).await;
    assert!(
        project.contains("IT-projektrådet, godkendt") && project.contains("Sæt projektet i gang"),
        "{}",
        &project[project.find("<main").unwrap_or(0)..]
    );
    let (status, _, _) = council
        .post_form(&format!("/projekter/{id}/start"), &[("csrf", &csrf)])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(app.as_admin().project(id).await.1["state"], "active");
    let (_, _, register) = reader
        .get_page("/beslutninger?organ=council&slags=approved")
        .await;
    assert!(register.contains("Vagtplan for driftsafdelingen"));
    let (_, _, none) = reader.get_page("/beslutninger?organ=chefforum").await;
    assert!(!none.contains("Vagtplan for driftsafdelingen"));
    let (_, _, dated) = reader
        .get_page("/beslutninger?fra=01-11-2022&til=01-11-2022")
        .await;
    assert!(dated.contains("Vagtplan for driftsafdelingen"));
    let (_, _, later) = reader.get_page("/beslutninger?fra=02-11-2022").await;
    assert!(!later.contains("Vagtplan for driftsafdelingen"));
    let (status, _, bad) = reader.get_page("/beslutninger?fra=31-02-2022").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.contains("Skriv datoen som dd-mm-åååå.") && bad.contains("href=\"#fra\""));
    let (_, _, own) = reader
        .get_page(&format!("/beslutninger?afdeling={mt}"))
        .await;
    assert!(own.contains("Vagtplan for driftsafdelingen"));
    let (_, _, other) = reader
        .get_page(&format!("/beslutninger?afdeling={}", departments[0]["id"]))
        .await;
    assert!(!other.contains("Vagtplan for driftsafdelingen"));
}

#[actix_web::test]
async fn chefforum_decides_a_referred_closure_on_its_list() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let teams = admin
        .project_id("Den Moderne Samarbejdsplatform - Teams & Telefoni")
        .await;
    let mut council = app.browser_as(COUNCIL).await;
    let (_, _, project) = council.get_page(&format!("/projekter/{teams}")).await;
    assert!(project.contains("Indstil lukning til Chefforum"));
    assert!(!project.contains(&format!("/projekter/{teams}/afslut")));
    let path = format!("/projekter/{teams}/luk");
    let csrf = council.csrf_of(&path).await;
    let (status, _, html) = council
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("ending", "cancelled"),
                ("date", "30-11-2022"),
                ("text", "Stop"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Et udgået projekt skal have en begrundelse."));
    let (status, location, _) = council
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("ending", "completed"),
                ("date", "30-11-2022"),
                ("text", "Udrulningen er gennemført"),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/chefforum")
    );
    let (_, _, list) = council.get_page("/chefforum").await;
    assert!(
        list.contains("lukning (afsluttes)") && !list.contains("Registrér Chefforums beslutning")
    );
    let (_, _, report) = council.get_page("/kvartalsrapport/2022Q4/udskrift").await;
    assert!(report.contains("Til Chefforum") && report.contains("Udrulningen er gennemført"));

    let mut chefforum = app.browser_as(CHEFFORUM).await;
    let (_, _, list) = chefforum.get_page("/chefforum").await;
    let matter = admin.get("/api/v1/chefforum").await.1["matters"][0]["id"].clone();
    assert!(list.contains(&format!("/chefforum/{matter}/beslutning")));
    let csrf = hidden_csrf(&list);
    let action = format!("/chefforum/{matter}/beslutning");
    let (status, _, html) = chefforum
        .post_form(
            &action,
            &[
                ("csrf", &csrf),
                ("date", "08-12-2022"),
                ("text", "Godkendt"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(&format!("href=\"#sag-{matter}-outcome\"")));
    let (status, _, _) = chefforum
        .post_form(
            &action,
            &[
                ("csrf", &csrf),
                ("outcome", "approve"),
                ("date", "08-12-2022"),
                ("text", "Godkendte lukningen."),
                ("case_number", "85.13.00-P20-5-22"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(admin.project(teams).await.1["state"], "completed");
    let (_, _, register) = chefforum.get_page("/beslutninger?organ=chefforum").await;
    assert!(register.contains("Godkendte lukningen.") && register.contains("René Dalsgaard"));
}

#[actix_web::test]
async fn the_council_keeps_systems_and_priorities_in_the_browser() {
    let app = TestApp::seeded().await;
    let mut reader = app.browser_as(READER).await;
    let (_, _, systems) = reader.get_page("/systemer").await;
    assert!(systems.contains("CSC Omsorg") && !systems.contains("Tilføj systemet"));
    let mut council = app.browser_as(COUNCIL).await;
    let csrf = council.csrf_of("/systemer").await;
    let (status, _, html) = council
        .post_form(
            "/systemer",
            &[("csrf", &csrf), ("name", "Teams"), ("functions", "chat")],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        html.contains("Registret har allerede et system med det navn.")
            && html.contains("href=\"#system-ny-name\"")
    );
    let (status, _, _) = council
        .post_form(
            "/systemer",
            &[
                ("csrf", &csrf),
                ("name", "Aula"),
                ("supplier", "KOMBIT"),
                ("functions", "kommunikation med forældre"),
                ("contract_end", "31-07-2026"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, systems) = council.get_page("/systemer").await;
    assert!(systems.contains("31-07-2026") && systems.contains("kommunikation med forældre"));

    let admin = app.as_admin();
    let (_, departments) = admin.get("/api/v1/departments").await;
    let body = serde_json::json!({"name": "Lovpligtig indberetning", "purpose": "Lovkrav",
        "department_id": departments[0]["id"], "kind": "operational", "required_by": "law"});
    let (_, made) = admin.post("/api/v1/proposals", body).await;
    let id = made["project"]["id"].as_i64().unwrap();
    let (_, priorities) = admin.get("/api/v1/priorities").await;
    let first = priorities["criteria"][0]["id"].as_i64().unwrap();
    let (_, _, page) = council.get_page("/prioritering").await;
    assert!(page.contains("Lovgivningen overtrumfer alle øvrige kriterier"));
    let csrf = hidden_csrf(&page);
    let point = format!("point-{first}");
    let (status, _, _) = council
        .post_form(
            &format!("/prioritering/{id}"),
            &[
                ("csrf", &csrf),
                (point.as_str(), "4"),
                ("dilemma", "Skal før vagtplanen"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, page) = council.get_page("/prioritering").await;
    assert!(page.contains("Lovgivningen overtrumfer") && page.contains("Øverst: lovkrav"));
    assert!(page.contains("Dilemma til Chefforum:</strong> Skal før vagtplanen"));
    let (status, _, html) = council
        .post_form(
            "/prioritering/kriterier",
            &[
                ("csrf", &csrf),
                ("id-0", &first.to_string()),
                ("navn-0", "Lovkrav"),
                ("vaegt-0", "mange"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Værdien ligger uden for det tilladte."),
        "{html}"
    );
    assert!(
        html.contains("href=\"#kriterier-vaegt-0\"") && html.contains("id=\"kriterier-vaegt-0\"")
    );
    let reader_csrf = reader.csrf_of("/prioritering").await;
    let (status, _, _) = reader
        .post_form(
            &format!("/prioritering/{id}"),
            &[("csrf", &reader_csrf), (point.as_str(), "1")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

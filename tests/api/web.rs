//! The web pages in-process: roles, forms, errors, escaping.

use crate::harness::{TestApp, CHEFFORUM, COUNCIL, PM};
use crate::helpers::*;
use actix_web::http::{Method, StatusCode};

fn before(html: &str, first: &str, second: &str) -> bool {
    match (html.find(first), html.find(second)) {
        (Some(a), Some(b)) => a < b,
        _ => false,
    }
}

#[actix_web::test]
async fn pages_need_sign_in_and_unknown_pages_are_danish() {
    let app = TestApp::seeded().await;
    let mut anonymous = app.browser();
    for path in [
        "/",
        "/portefoelje",
        "/projekter/1",
        "/projekter/1/status/2022Q3",
        "/kvartalsrapport/2022Q1",
        "/manglende/2022Q1",
        "/projekter/ny",
        "/kvartalsrapport/2022Q1.xlsx",
    ] {
        let (status, location, _) = anonymous.get_page(path).await;
        assert_eq!(
            (status, location.as_str()),
            (StatusCode::SEE_OTHER, "/log-ind"),
            "{path}"
        );
    }
    let mut browser = app.browser_as(PM).await;
    let (status, _, html) = browser.get_page("/findes-ikke").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("lang=\"da\"") && html.contains("Siden findes ikke"));
    let (status, _, html) = browser.get_page("/projekter/99999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Siden findes ikke"));
    let (status, _, html) = browser.get_page("/portefoelje?kvartal=2022Q9").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Ugyldig adresse eller værdi"));
}

#[actix_web::test]
async fn a_project_managers_front_page_starts_with_their_projects() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let mut browser = app.browser_as(PM).await;
    let (status, _, html) = browser.get_page("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        before(&html, "Mine projekter", "Røde parametre"),
        "Mine projekter comes first"
    );
    assert!(
        html.contains("Du mangler at indrapportere for 2 projekter i 3. kvartal 2022"),
        "{html}"
    );
    let vand = admin.project_id("Vandstandsmåling").await;
    assert!(html.contains(&format!("href=\"/projekter/{vand}/status/2022Q3\"")));

    let mut chef = app.browser_as(CHEFFORUM).await;
    let (_, _, html) = chef.get_page("/?kvartal=2022Q1").await;
    // A head of department in Chefforum owns projects, and reports on them.
    assert!(html.contains("Mine projekter"));
    // One click from the front page to each red table.
    for (parameter, count) in [
        ("tid", 3),
        ("leverancer", 5),
        ("ressourcer", 1),
        ("okonomi", 2),
    ] {
        assert!(html.contains(&format!("<a href=\"/kvartalsrapport/2022Q1#roede-{parameter}\"><span class=\"count\">{count}</span>")), "{parameter}");
    }
    assert!(html.contains("<svg") && html.contains("role=\"img\""));
    assert!(
        html.contains(
            "<th scope=\"row\">1. kvartal 2022</th><td>1</td><td>5</td><td>3</td><td>2</td><td>2</td>"
        ),
        "chart table"
    );
    assert!(
        html.contains("<th scope=\"row\">4. kvartal 2021</th>")
            && !html.contains("<th scope=\"row\">3. kvartal 2021</th>"),
        "only quarters the portfolio has"
    );
    let (_, _, report) = chef.get_page("/kvartalsrapport/2022Q1").await;
    assert!(report.contains("id=\"roede-tid\""));
}

#[actix_web::test]
async fn the_portfolio_filters_and_shows_words_with_colours() {
    let app = TestApp::seeded().await;
    let mut browser = app.browser_as(CHEFFORUM).await;
    let (status, _, html) = browser
        .get_page("/portefoelje?kvartal=2022Q1&roed=tid")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("3 projekter"), "{html}");
    assert!(before(
        &html,
        "Citizen Lab</a>",
        "Telemedicin til borgere med KOL (TeleKOL)</a>"
    ));
    assert!(html.contains("<span class=\"marker m-red\">rød</span>"));
    let (_, _, html) = browser
        .get_page("/portefoelje?kvartal=2022Q1&tekst=arkiv&sortering=navn-omvendt")
        .await;
    assert!(
        before(&html, "Papirarkivet</a>", "Aflevering af CSC Omsorg</a>"),
        "Å–A order"
    );
    assert!(html.contains("ikke rapporteret") || html.contains("m-green"));
    let (status, _, _) = browser.get_page("/portefoelje?type=hemmelig").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[actix_web::test]
async fn the_project_page_shows_everything_and_history_for_the_council() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let park = admin.project_id("PARK Manager").await;
    let programme = admin.project_id("Monopolbrudsprogrammet").await;
    let mut council = app.browser_as(COUNCIL).await;
    let (_, _, html) = council.get_page(&format!("/projekter/{park}")).await;
    for text in [
        "Thomas Nørgaard",
        "Marie Guldborg",
        "650.000 kr.",
        "01-03-2021",
        "Statushistorik",
        "1 (gældende)".replace("1 ", "2 ").as_str(),
        "Ret projekt",
        "Historik",
    ] {
        assert!(html.contains(text), "{text}");
    }
    let (_, _, html) = council.get_page(&format!("/projekter/{programme}")).await;
    assert!(html.contains("Delprojekter") && html.contains("Monopolbrud Bølge 2"));
    let mut pm = app.browser_as(PM).await;
    let (_, _, html) = pm.get_page(&format!("/projekter/{park}")).await;
    assert!(
        !html.contains("Historik")
            && !html.contains("Ret projekt")
            && !html.contains("Indrapportér status")
    );
}

#[actix_web::test]
async fn reporting_status_through_the_form() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let vand = admin.project_id("Vandstandsmåling").await;
    let mut browser = app.browser_as(PM).await;
    let path = format!("/projekter/{vand}/status/2022Q3");
    let (status, _, form) = browser.get_page(&path).await;
    assert_eq!(status, StatusCode::OK);
    // Pre-filled from the most recent report before the quarter (2022Q2 has none).
    assert!(form.contains("<legend>Tid</legend>"));
    assert!(
        form.contains("udfyldt med status fra 1. kvartal 2022"),
        "{form}"
    );
    assert!(
        form.contains("name=\"ressourcer\" value=\"red\" checked"),
        "pre-filled from 2022Q1"
    );
    assert!(form.contains("Der mangler ressourcer til at opsætte sensorerne"));
    let csrf = hidden_csrf(&form);

    let fields = [
        ("csrf", csrf.as_str()),
        ("ressourcer", "green"),
        ("leverancer", "green"),
        ("tid", "red"),
        ("tid_kommentar", " "),
        ("okonomi_kommentar", "Holder budgettet"),
        ("kommentar", "Samlet status"),
    ];
    let (status, _, again) = browser.post_form(&path, &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.contains("Der er 2 fejl i formularen"), "{again}");
    assert!(
        again.contains("<a href=\"#tid_kommentar\">Tid er rød: skriv i kommentaren, hvorfor.</a>")
    );
    assert!(again.contains("<a href=\"#okonomi\">Vælg grøn, gul eller rød for økonomi.</a>"));
    assert!(
        again.contains("Holder budgettet") && again.contains("Samlet status"),
        "input kept"
    );
    assert!(again.contains("name=\"tid\" value=\"red\" checked"));

    let fields = [
        ("csrf", csrf.as_str()),
        ("ressourcer", "green"),
        ("leverancer", "green"),
        ("tid", "red"),
        ("tid_kommentar", "Sensorerne er forsinket"),
        ("okonomi", "green"),
        ("kommentar", ""),
    ];
    let (status, location, _) = browser.post_form(&path, &fields).await;
    assert_eq!(
        (status, location.clone()),
        (StatusCode::SEE_OTHER, format!("{path}/kvittering"))
    );
    let (_, _, receipt) = browser.get_page(&location).await;
    assert!(
        receipt.contains("status for Vandstandsmåling er modtaget")
            && receipt.contains("Sensorerne er forsinket")
    );
    let (_, report) = admin.get("/api/v1/reports/2022Q3").await;
    assert!(report["red"]["tid"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["name"] == "Vandstandsmåling"));

    // Without the CSRF token nothing is stored.
    let forged = [
        ("csrf", "x"),
        ("ressourcer", "green"),
        ("leverancer", "green"),
        ("tid", "green"),
        ("okonomi", "green"),
    ];
    let (status, _, _) = browser.post_form(&path, &forged).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A closed quarter says why, and offers no form.
    let (status, _, closed) = browser
        .get_page(&format!("/projekter/{vand}/status/2022Q1"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(closed.contains("er lukket for indrapportering") && !closed.contains("Indsend status"));
    // Someone else's project is refused.
    let citizen = admin.project_id("Citizen Lab").await;
    let (status, _, html) = browser
        .get_page(&format!("/projekter/{citizen}/status/2022Q3"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("Ingen adgang"));
}

#[actix_web::test]
async fn council_creates_and_edits_projects_with_the_apis_rules() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let mut browser = app.browser_as(COUNCIL).await;
    let (status, _, form) = browser.get_page("/projekter/ny").await;
    assert_eq!(status, StatusCode::OK);
    let csrf = hidden_csrf(&form);
    let (_, departments) = admin.get("/api/v1/departments").await;
    let (_, phases) = admin.get("/api/v1/phases").await;
    let (d, p) = (
        departments[0]["id"].to_string(),
        phases[0]["id"].to_string(),
    );
    let bad = [
        ("csrf", csrf.as_str()),
        ("name", "Digital affaldsplan"),
        ("department_id", d.as_str()),
        ("phase_id", p.as_str()),
        ("kind", "strategic"),
        ("state", "approved"),
        ("case_number", "12-34"),
        ("start_date", "01-06-2023"),
        ("planned_end", "01-01-2023"),
        ("budget", "-5"),
        ("spent", "0"),
        ("operating_cost", "0"),
    ];
    let (status, _, html) = browser.post_form("/projekter/ny", &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Projektet blev ikke gemt"));
    assert!(html.contains("Skriv et beløb i hele kroner"), "{html}");
    assert!(html.contains("value=\"Digital affaldsplan\""), "input kept");
    let good = [
        ("csrf", csrf.as_str()),
        ("name", "Digital affaldsplan"),
        ("department_id", d.as_str()),
        ("phase_id", p.as_str()),
        ("kind", "strategic"),
        ("state", "approved"),
        ("case_number", "85.13.00-P20-3-23"),
        ("start_date", "01-06-2023"),
        ("planned_end", "31-12-2024"),
        ("budget", "1.250.000"),
        ("spent", "0"),
        ("operating_cost", "0"),
        ("must_do", "ja"),
    ];
    let (status, location, _) = browser.post_form("/projekter/ny", &good).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let (_, p) = admin.project(id).await;
    assert_eq!(
        (
            p["budget"].as_i64(),
            p["must_do"].as_bool(),
            p["planned_end"].as_str()
        ),
        (Some(1_250_000), Some(true), Some("2024-12-31"))
    );

    // A stale version is refused with a message, nothing overwritten.
    let (_, _, edit) = browser.get_page(&format!("/projekter/{id}/ret")).await;
    assert!(edit.contains("name=\"version\" value=\"1\""));
    let mut stale: Vec<(&str, &str)> = good.to_vec();
    stale.push(("version", "0"));
    stale.retain(|(k, _)| *k != "budget");
    stale.push(("budget", "1"));
    let (status, _, html) = browser
        .post_form(&format!("/projekter/{id}/ret"), &stale)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("ændret af en anden"));
    assert_eq!(admin.project(id).await.1["budget"], 1_250_000);

    // A project manager edits only the description of their own project.
    let vand = admin.project_id("Vandstandsmåling").await;
    let mut pm = app.browser_as(PM).await;
    let (status, _, form) = pm.get_page(&format!("/projekter/{vand}/ret")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("id=\"description\"") && !form.contains("id=\"budget\""));
    let csrf = hidden_csrf(&form);
    let (status, _, _) = pm
        .post_form(
            &format!("/projekter/{vand}/ret"),
            &[
                ("csrf", csrf.as_str()),
                ("version", "1"),
                ("description", "Ny beskrivelse"),
                ("budget", "1"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, p) = admin.project(vand).await;
    assert_eq!(
        (p["description"].as_str(), p["budget"].as_i64()),
        (Some("Ny beskrivelse"), Some(200_000))
    );
    let (status, _, _) = pm.get_page("/projekter/ny").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn report_downloads_and_missing_reports() {
    let app = TestApp::seeded().await;
    let mut browser = app.browser_as(COUNCIL).await;
    let req = browser
        .request(Method::GET, "/kvartalsrapport/2022Q1.xlsx")
        .to_request();
    let resp = app.call(req).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp
        .headers()
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("projektportefoelje-2022Q1.xlsx"));
    let (status, _, csv) = browser.get_page("/kvartalsrapport/2022Q1/tid.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.contains("Citizen Lab"));
    let (_, _, html) = browser.get_page("/kvartalsrapport/2022Q1").await;
    assert!(
        html.contains("Røde projekter ift. økonomi")
            && html.contains("/kvartalsrapport/2022Q1.xlsx")
    );

    let (_, _, html) = browser.get_page("/manglende/2022Q1").await;
    assert!(
        html.contains("<h2 id=\"afd-1\">Miljø &#38; Teknik</h2>")
            || html.contains("Miljø &amp; Teknik"),
        "{html}"
    );
    assert!(
        html.contains("Bæredygtighedshjul (Digital overblik)") && html.contains("Process Suite")
    );
    assert!(
        html.contains("<td>thomas.norgaard@albertslund.dk</td>"),
        "{html}"
    );
    assert!(html.contains("<td>sofie.dam@albertslund.dk</td>"));
    // 2022Q1 is closed: no reminders for it, so no button.
    assert!(!html.contains("Send påmindelse nu"));
}

#[actix_web::test]
async fn script_in_names_is_escaped_on_the_pages() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let id = admin.project_id("Citizen Lab").await;
    let (_, p) = admin.project(id).await;
    let body = serde_json::json!({"name": "<script>alert(1)</script>", "description": "<img src=x onerror=alert(1)>", "department_id": p["department"]["id"], "phase_id": p["phase"]["id"],
        "kind": p["kind"], "state": p["state"], "start_date": p["start_date"], "version": p["version"]});
    assert_eq!(admin.update_project(id, body).await.0, StatusCode::OK);
    let mut browser = app.browser_as(COUNCIL).await;
    for path in [
        "/portefoelje?kvartal=2022Q1".to_string(),
        format!("/projekter/{id}"),
        format!("/projekter/{id}/ret"),
        "/kvartalsrapport/2022Q1".into(),
        "/?kvartal=2022Q1".into(),
    ] {
        let (status, _, html) = browser.get_page(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(
            !html.contains("<script>") && !html.contains("<img src=x"),
            "{path}"
        );
    }
}

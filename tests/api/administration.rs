//! The administration pages in-process: who may use them, the forms with the
//! API's rules and Danish messages, post/redirect/get, and the audit records.

use crate::harness::{Browser, Client, TestApp, ADMIN, CHEFFORUM, COUNCIL, PM, READER};
use actix_web::http::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// Post a form from the page at `path` (with its CSRF token) to `path`.
async fn submit(
    browser: &mut Browser<'_>,
    path: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let csrf = browser.csrf_of(path).await;
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    browser.post_form(path, &form).await
}

/// Post a form to `to` with the CSRF token of the page at `from`.
async fn submit_to(
    browser: &mut Browser<'_>,
    from: &str,
    to: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let csrf = browser.csrf_of(from).await;
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    browser.post_form(to, &form).await
}

/// The id a redirect to a list names: `…?person=12&handling=oprettet`.
fn saved_id(location: &str) -> i64 {
    let query = location.split_once('?').expect("a query").1;
    query
        .split('&')
        .find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key != "handling").then(|| value.parse().ok())?
        })
        .unwrap_or_else(|| panic!("no id in {location}"))
}

async fn id_of(client: &Client<'_>, list: &str, name: &str) -> i64 {
    let (_, all) = client.get(list).await;
    all.as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {list}"))["id"]
        .as_i64()
        .unwrap()
}

async fn newest(admin: &Client<'_>, entity: &str, id: i64) -> Value {
    let (_, page) = admin
        .get(&format!(
            "/api/v1/audit?entity={entity}&entity_id={id}&limit=1"
        ))
        .await;
    page["items"][0].clone()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

#[actix_web::test]
async fn administration_is_for_administrators_and_the_council() {
    let app = TestApp::seeded().await;
    let mut anonymous = app.browser();
    for path in ["/administration", "/administration/personer/ny"] {
        let (status, location, _) = anonymous.get_page(path).await;
        assert_eq!(
            (status, location.as_str()),
            (StatusCode::SEE_OTHER, "/log-ind")
        );
    }

    for email in [READER, PM, CHEFFORUM] {
        let mut browser = app.browser_as(email).await;
        let (_, _, front) = browser.get_page("/").await;
        assert!(!front.contains("href=\"/administration\""), "{email}");
        for path in [
            "/administration",
            "/administration/personer",
            "/administration/faser",
            "/administration/strategier",
            "/administration/indsatsomraader/ny",
        ] {
            let (status, _, html) = browser.get_page(path).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{email} {path}");
            assert!(html.contains("Ingen adgang"));
        }
        let (status, _, _) = submit_to(
            &mut browser,
            "/",
            "/administration/afdelinger/ny",
            &[("name", "Hemmelig"), ("code", "H")],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
    }
    let (_, departments) = app.as_admin().get("/api/v1/departments").await;
    assert!(!departments.to_string().contains("Hemmelig"));

    // The council keeps the portfolio's lists, not the organisation.
    let mut council = app.browser_as(COUNCIL).await;
    let (_, _, front) = council.get_page("/").await;
    assert!(front.contains("<a href=\"/administration\">Administration</a>"));
    let (status, _, index) = council.get_page("/administration").await;
    assert_eq!(status, StatusCode::OK);
    assert!(index.contains("aria-current=\"page\">Administration</a>"));
    assert!(
        index.contains("href=\"/administration/faser\"")
            && index.contains("href=\"/administration/strategier\"")
    );
    assert!(
        !index.contains("href=\"/administration/personer\"")
            && !index.contains("href=\"/administration/afdelinger\"")
    );
    for path in [
        "/administration/personer",
        "/administration/afdelinger/ny",
        "/administration/strategier/ny",
    ] {
        let (status, _, _) = council.get_page(path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    let (status, _, strategies) = council.get_page("/administration/strategier").await;
    assert_eq!(status, StatusCode::OK);
    assert!(strategies.contains("Mere velfærd i Albertslund"));
    assert!(
        !strategies.contains("Ny strategi") && strategies.contains("Nyt indsatsområde"),
        "the council sees the strategies and keeps the focus areas"
    );
    assert!(!strategies.contains("href=\"/administration/strategier/1\""));

    let mut admin = app.browser_as(ADMIN).await;
    let (_, _, index) = admin.get_page("/administration").await;
    for list in ["personer", "afdelinger", "faser", "strategier"] {
        assert!(
            index.contains(&format!("href=\"/administration/{list}\"")),
            "{list}"
        );
    }
}

#[actix_web::test]
async fn an_administrator_creates_finds_and_edits_people() {
    let app = TestApp::seeded().await;
    let api = app.as_admin();
    let os = id_of(&api, "/api/v1/departments", "Økonomi & Stab").await;
    let mut admin = app.browser_as(ADMIN).await;
    let (status, _, list) = admin.get_page("/administration/personer").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("<caption>Personer, med e-mail, afdeling, rolle og adgang</caption>"));
    assert!(list.contains("<td>peter.holm@albertslund.dk</td>"));
    assert!(list.contains("<td>Projektleder</td>") && list.contains("<td>IT-projektrådet</td>"));

    let new = "/administration/personer/ny";
    let d = os.to_string();
    let (status, _, html) = submit(
        &mut admin,
        new,
        &[
            ("name", "Sara Lund"),
            ("email", "sara.lund"),
            ("department_id", &d),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Personen blev ikke gemt"));
    assert!(html.contains(
        "<span class=\"field-error\" id=\"email-fejl\">Skriv en e-mailadresse, fx navn@albertslund.dk.</span>"
    ));
    assert!(html.contains("value=\"Sara Lund\""), "input kept");
    assert!(html.contains(&format!("<option value=\"{os}\" selected>")));
    let (status, _, html) = submit(
        &mut admin,
        new,
        &[("name", " "), ("email", "sara.lund@albertslund.dk")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("<a href=\"#name\">Skriv personens navn.</a>"),
        "{html}"
    );
    let (status, _, html) = submit(
        &mut admin,
        new,
        &[("name", "Peter H"), ("email", "PETER.HOLM@albertslund.dk")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Der findes allerede en person med den e-mailadresse."));

    let (status, location, _) = submit(
        &mut admin,
        new,
        &[
            ("name", "Sara Lund"),
            ("email", "Sara.Lund@Albertslund.dk"),
            ("department_id", &d),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let id = saved_id(&location);
    assert_eq!(
        location,
        format!("/administration/personer?person={id}&handling=oprettet")
    );
    let (_, _, list) = admin.get_page(&location).await;
    assert!(
        list.contains("<p class=\"notice\" role=\"status\">Personen Sara Lund er oprettet.</p>"),
        "{list}"
    );
    let (_, person) = api.get(&format!("/api/v1/people/{id}")).await;
    assert_eq!(
        (&person["email"], &person["department_id"], &person["role"]),
        (
            &json!("sara.lund@albertslund.dk"),
            &json!(os),
            &json!("reader")
        )
    );

    // Found by a part of the name or the e-mail, in any case.
    let (_, _, found) = admin.get_page("/administration/personer?soeg=SARA").await;
    assert!(found.contains(&format!(
        "href=\"/administration/personer/{id}\">Sara Lund</a>"
    )));
    assert!(!found.contains("Peter Holm"), "{found}");
    assert!(found.contains("1 person har «SARA» i navn eller e-mail."));
    let (_, _, found) = admin
        .get_page("/administration/personer?soeg=peter.holm%40")
        .await;
    assert!(found.contains("Peter Holm") && !found.contains("Sara Lund"));
    let (_, _, none) = admin.get_page("/administration/personer?soeg=zzz").await;
    assert!(none.contains("Ingen personer passer på søgningen."));
    let long = "x".repeat(201);
    let (status, _, html) = admin
        .get_page(&format!("/administration/personer?soeg={long}"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"soeg-fejl\">Teksten må højst være 200 tegn.</span>"));

    // Edited on its own page, back to the list with a confirmation.
    let page = format!("/administration/personer/{id}");
    let (status, _, form) = admin.get_page(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("<h1>Ret person: Sara Lund</h1>"));
    assert!(form.contains("value=\"sara.lund@albertslund.dk\""));
    let (status, location, _) = submit(
        &mut admin,
        &page,
        &[
            ("name", "Sara Lund Hansen"),
            ("email", "sara.hansen@albertslund.dk"),
            ("department_id", ""),
        ],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (
            StatusCode::SEE_OTHER,
            format!("/administration/personer?person={id}&handling=gemt").as_str()
        )
    );
    let (_, _, list) = admin.get_page(&location).await;
    assert!(list.contains("Personen Sara Lund Hansen er gemt."));
    let (_, person) = api.get(&format!("/api/v1/people/{id}")).await;
    assert_eq!(
        (&person["name"], &person["department_id"]),
        (&json!("Sara Lund Hansen"), &Value::Null)
    );
    let entry = newest(&api, "person", id).await;
    assert_eq!(
        (&entry["action"], &entry["actor"], &entry["after"]["email"]),
        (
            &json!("update"),
            &json!(ADMIN),
            &json!("sara.hansen@albertslund.dk")
        )
    );

    let (status, _, html) = admin.get_page("/administration/personer/99999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Siden findes ikke"));
    let (status, _, _) = submit_to(
        &mut admin,
        &page,
        "/administration/personer/99999",
        &[("name", "X"), ("email", "x@albertslund.dk")],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn roles_change_in_danish_and_the_last_administrator_keeps_theirs() {
    let app = TestApp::seeded().await;
    let api = app.as_admin();
    let pm = app.person_id(PM);
    let mut admin = app.browser_as(ADMIN).await;
    let page = format!("/administration/personer/{pm}");
    let (_, _, form) = admin.get_page(&page).await;
    assert!(form.contains(&format!(
        "<form method=\"post\" action=\"/administration/personer/{pm}/rolle\" novalidate>"
    )));
    for (value, label) in [
        ("administrator", "Administrator"),
        ("council", "IT-projektrådet"),
        ("chefforum", "Chefforum"),
        ("reader", "Læser"),
    ] {
        assert!(
            form.contains(&format!("<option value=\"{value}\">{label}</option>")),
            "{label}"
        );
    }
    assert!(form.contains("<option value=\"project_manager\" selected>Projektleder</option>"));

    let mut peter = app.browser_as(PM).await;
    let (status, _, _) = peter.get_page("/administration/faser").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let role_of = |who: i64| format!("/administration/personer/{who}/rolle");
    let (status, location, _) =
        submit_to(&mut admin, &page, &role_of(pm), &[("role", "council")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, list) = admin.get_page(&location).await;
    assert!(
        list.contains("Peter Holm har nu rollen: IT-projektrådet."),
        "{list}"
    );
    let (_, person) = api.get(&format!("/api/v1/people/{pm}")).await;
    assert_eq!(person["role"], "council");
    let entry = newest(&api, "person", pm as i64).await;
    assert_eq!(
        (
            &entry["action"],
            &entry["before"]["role"],
            &entry["after"]["role"]
        ),
        (
            &json!("role change"),
            &json!("project_manager"),
            &json!("council")
        )
    );
    // The new role counts at once, also in a browser signed in before.
    let (status, _, _) = peter.get_page("/administration/faser").await;
    assert_eq!(status, StatusCode::OK);

    let (status, _, html) =
        submit_to(&mut admin, &page, &role_of(pm), &[("role", "superuser")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Rollen blev ikke ændret"));
    assert!(html
        .contains("<span class=\"field-error\" id=\"role-fejl\">Vælg en af de fem roller.</span>"));

    // The seed's administrator makes the test administrator a reader, and
    // is then the last one: their own role stays.
    let test_admin = app.person_id("test-admin@albertslund.dk");
    let (status, _, _) = submit_to(
        &mut admin,
        &page,
        &role_of(test_admin),
        &[("role", "reader")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let me = app.person_id(ADMIN);
    let (status, _, html) = submit_to(&mut admin, &page, &role_of(me), &[("role", "reader")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("<a href=\"#role\">Den sidste administrator kan ikke miste rollen.</a>"));
    assert!(html.contains("<option value=\"administrator\" selected>Administrator</option>"));
    let (_, person) = api.get(&format!("/api/v1/people/{me}")).await;
    assert_eq!(person["role"], "administrator");
    // The API refuses it the same way (its caller is an administrator
    // again, without a password).
    let (status, _) = api
        .put(
            &format!("/api/v1/people/{test_admin}/role"),
            json!({"role": "administrator"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the test administrator is a reader now"
    );
    let sure = app.as_role(
        "test-admin@albertslund.dk",
        portefolje::domain::access::Role::Administrator,
    );
    let (status, err) = sure
        .put(
            &format!("/api/v1/people/{me}/role"),
            json!({"role": "reader"}),
        )
        .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::CONFLICT, Some("role"))
    );
}

#[actix_web::test]
async fn departments_phases_strategies_and_focus_areas_through_the_forms() {
    let app = TestApp::seeded().await;
    let api = app.as_admin();
    let mut admin = app.browser_as(ADMIN).await;

    // Departments (administrators).
    let new = "/administration/afdelinger/ny";
    let (status, _, html) = submit(
        &mut admin,
        new,
        &[
            ("name", "Økonomi & Stab"),
            ("code", "ØS2"),
            ("directorate", ""),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Der findes allerede en afdeling med det navn eller den forkortelse."));
    let (_, _, html) = submit(
        &mut admin,
        new,
        &[("name", "Kultur & Fritid"), ("code", "")],
    )
    .await;
    assert!(html.contains("Skriv afdelingens forkortelse, fx ØS."));
    let (status, location, _) = submit(
        &mut admin,
        new,
        &[
            ("name", "Kultur & Fritid"),
            ("code", "K&F"),
            ("directorate", "By, Kultur, Miljø & Beskæftigelse"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let department = saved_id(&location);
    let (_, _, list) = admin.get_page(&location).await;
    assert!(
        list.contains("Afdelingen Kultur &#38; Fritid er oprettet.")
            || list.contains("Afdelingen Kultur &amp; Fritid er oprettet."),
        "{list}"
    );
    assert!(list.contains("<td>K&#38;F</td>") || list.contains("<td>K&amp;F</td>"));
    let page = format!("/administration/afdelinger/{department}");
    let (status, _, _) = submit(
        &mut admin,
        &page,
        &[
            ("name", "Kultur og Fritid"),
            ("code", "K&F"),
            ("directorate", ""),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, d) = api.get(&format!("/api/v1/departments/{department}")).await;
    assert_eq!(
        (&d["name"], &d["directorate"]),
        (&json!("Kultur og Fritid"), &json!(""))
    );

    // Phases (the council), in order.
    let mut council = app.browser_as(COUNCIL).await;
    let new = "/administration/faser/ny";
    let (_, phases) = api.get("/api/v1/phases").await;
    let last = phases
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["position"].as_i64().unwrap())
        .max()
        .unwrap();
    let (_, _, form) = council.get_page(new).await;
    assert!(
        form.contains(&format!(
            "name=\"position\" type=\"text\" inputmode=\"numeric\" value=\"{}\"",
            last + 1
        )),
        "a new phase goes last"
    );
    let (status, _, html) = submit(
        &mut council,
        new,
        &[("name", "Gevinstopfølgning"), ("position", "fem")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"position-fejl\">Skriv et helt tal.</span>"));
    let (_, _, html) = submit(
        &mut council,
        new,
        &[("name", "Gevinstopfølgning"), ("position", "5000")],
    )
    .await;
    assert!(html.contains("Skriv et helt tal fra 0 til 1000."));
    let (_, _, html) = submit(&mut council, new, &[("name", "analyse"), ("position", "3")]).await;
    assert!(
        html.contains("Der findes allerede en fase med det navn."),
        "{html}"
    );
    let position = (last + 1).to_string();
    let (status, location, _) = submit(
        &mut council,
        new,
        &[("name", "Gevinstopfølgning"), ("position", &position)],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let phase = saved_id(&location);
    let (_, _, list) = council.get_page(&location).await;
    assert!(list.contains("Fasen Gevinstopfølgning er oprettet."));
    let rows: Vec<&str> = list.split("<tr><th scope=\"row\">").skip(1).collect();
    assert!(
        rows.last().unwrap().contains("Gevinstopfølgning"),
        "listed last"
    );
    let (status, _, _) = submit(
        &mut council,
        &format!("/administration/faser/{phase}"),
        &[("name", "Gevinstopfølgning"), ("position", "0")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, phases) = api.get("/api/v1/phases").await;
    assert_eq!(phases[0]["name"], "Gevinstopfølgning", "moved first");

    // Strategies (administrators).
    let new = "/administration/strategier/ny";
    let (_, _, html) = submit(
        &mut admin,
        new,
        &[
            ("name", "Klimaplan"),
            ("start_year", "2025"),
            ("end_year", "2023"),
        ],
    )
    .await;
    assert!(html.contains("Slutåret ligger før startåret."));
    let (_, _, html) = submit(
        &mut admin,
        new,
        &[
            ("name", "Klimaplan"),
            ("start_year", "20x5"),
            ("end_year", "2030"),
        ],
    )
    .await;
    assert!(html.contains("id=\"start_year-fejl\">Skriv årstallet med fire cifre, fx 2021.</span>"));
    let (_, _, html) = submit(
        &mut admin,
        new,
        &[
            ("name", "Klimaplan"),
            ("start_year", "1800"),
            ("end_year", "2030"),
        ],
    )
    .await;
    assert!(html.contains("Skriv et årstal fra 1900 til 2999."));
    let (status, location, _) = submit(
        &mut admin,
        new,
        &[
            ("name", "Klimaplan"),
            ("description", "Albertslunds klimaplan\nmed to linjer"),
            ("start_year", "2025"),
            ("end_year", "2030"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let strategy = saved_id(&location);
    let (_, _, list) = admin.get_page(&location).await;
    assert!(list.contains("Strategien Klimaplan er oprettet."));
    assert!(list.contains("<td>2025–2030</td><td>0</td>"));
    let (_, s) = api.get(&format!("/api/v1/strategies/{strategy}")).await;
    assert_eq!(s["description"], "Albertslunds klimaplan\nmed to linjer");
    let (status, _, _) = submit_to(
        &mut council,
        "/administration/strategier",
        new,
        &[
            ("name", "Rådets egen"),
            ("start_year", "2025"),
            ("end_year", "2030"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Focus areas (the council).
    let new = "/administration/indsatsomraader/ny";
    let velfaerd = id_of(&api, "/api/v1/strategies", "Mere velfærd i Albertslund")
        .await
        .to_string();
    let d = department.to_string();
    let (_, _, html) = submit(
        &mut council,
        new,
        &[("name", "Grøn omstilling"), ("department_id", &d)],
    )
    .await;
    assert!(html.contains("<a href=\"#strategy_id\">Vælg en strategi.</a>"));
    let (_, _, html) = submit(
        &mut council,
        new,
        &[
            ("name", "Mere grøn velfærd"),
            ("strategy_id", &velfaerd),
            ("department_id", &d),
        ],
    )
    .await;
    assert!(html.contains("Strategien har allerede et indsatsområde med det navn."));
    let (status, location, _) = submit(
        &mut council,
        new,
        &[
            ("name", "Grøn omstilling"),
            ("description", "CO2"),
            ("strategy_id", &velfaerd),
            ("department_id", &d),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let area = saved_id(&location);
    let (_, _, list) = council.get_page(&location).await;
    assert!(list.contains("Indsatsområdet Grøn omstilling er oprettet."));
    assert!(list.contains(&format!("href=\"/administration/indsatsomraader/{area}\">Grøn omstilling</a></th><td>Mere velfærd i Albertslund</td><td>Kultur og Fritid</td>")), "{list}");
    let klima = strategy.to_string();
    let (status, location, _) = submit(
        &mut council,
        &format!("/administration/indsatsomraader/{area}"),
        &[
            ("name", "Grøn omstilling"),
            ("description", "CO2"),
            ("strategy_id", &klima),
            ("department_id", &d),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location,
        format!("/administration/strategier?indsatsomraade={area}&handling=gemt")
    );
    let (_, f) = api.get(&format!("/api/v1/focus-areas/{area}")).await;
    assert_eq!(f["strategy_id"].as_i64(), Some(strategy));
}

/// A form's fields, as posted.
type Fields<'a> = Vec<(&'a str, &'a str)>;

#[actix_web::test]
async fn the_forms_leave_the_same_audit_records_as_the_api() {
    let app = TestApp::seeded().await;
    let api = app.as_admin();
    let mut admin = app.browser_as(ADMIN).await;
    let department = id_of(&api, "/api/v1/departments", "Økonomi & Stab").await;
    let strategy = id_of(&api, "/api/v1/strategies", "Mere velfærd i Albertslund").await;
    let (d, s) = (department.to_string(), strategy.to_string());
    // (entity, API list, API body, form page, form fields)
    let cases: Vec<(&str, &str, Value, &str, Fields)> = vec![
        (
            "person",
            "/api/v1/people",
            json!({"name": "Via API", "email": "via.api@albertslund.dk", "department_id": department}),
            "/administration/personer/ny",
            vec![
                ("name", "Via formular"),
                ("email", "via.formular@albertslund.dk"),
                ("department_id", &d),
            ],
        ),
        (
            "department",
            "/api/v1/departments",
            json!({"name": "Via API", "code": "API", "directorate": "D"}),
            "/administration/afdelinger/ny",
            vec![
                ("name", "Via formular"),
                ("code", "WEB"),
                ("directorate", "D"),
            ],
        ),
        (
            "phase",
            "/api/v1/phases",
            json!({"name": "Via API", "position": 90}),
            "/administration/faser/ny",
            vec![("name", "Via formular"), ("position", "91")],
        ),
        (
            "strategy",
            "/api/v1/strategies",
            json!({"name": "Via API", "description": "", "start_year": 2024, "end_year": 2027}),
            "/administration/strategier/ny",
            vec![
                ("name", "Via formular"),
                ("start_year", "2024"),
                ("end_year", "2027"),
            ],
        ),
        (
            "focus_area",
            "/api/v1/focus-areas",
            json!({"name": "Via API", "strategy_id": strategy, "department_id": department}),
            "/administration/indsatsomraader/ny",
            vec![
                ("name", "Via formular"),
                ("strategy_id", &s),
                ("department_id", &d),
            ],
        ),
    ];
    for (entity, list, body, form, fields) in cases {
        let (status, by_api) = api.post(list, body).await;
        assert_eq!(status, StatusCode::CREATED, "{entity}: {by_api}");
        let (status, location, html) = submit(&mut admin, form, &fields).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{entity}: {html}");
        let by_form = saved_id(&location);
        let api_entry = newest(&api, entity, by_api["id"].as_i64().unwrap()).await;
        let form_entry = newest(&api, entity, by_form).await;
        assert_eq!(
            (&form_entry["action"], &api_entry["action"]),
            (&json!("create"), &json!("create")),
            "{entity}"
        );
        assert_eq!(
            keys(&form_entry["after"]),
            keys(&api_entry["after"]),
            "{entity}"
        );
        assert_eq!(form_entry["after"]["name"], "Via formular", "{entity}");

        // And a change of each, the same way.
        let edit = form.replace("/ny", &format!("/{by_form}"));
        let mut changed = fields.clone();
        changed[0] = ("name", "Via formular, rettet");
        let (status, _, _) = submit(&mut admin, &edit, &changed).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{entity}");
        let mut body = api_entry["after"].clone();
        body.as_object_mut().unwrap().remove("id");
        if entity == "person" {
            body.as_object_mut().unwrap().remove("role");
            body.as_object_mut().unwrap().remove("active");
        }
        body["name"] = json!("Via API, rettet");
        let (status, answer) = api.put(&format!("{list}/{}", by_api["id"]), body).await;
        assert_eq!(status, StatusCode::OK, "{entity}: {answer}");
        let api_entry = newest(&api, entity, by_api["id"].as_i64().unwrap()).await;
        let form_entry = newest(&api, entity, by_form).await;
        assert_eq!(form_entry["action"], "update", "{entity}");
        for side in ["before", "after"] {
            assert_eq!(
                keys(&form_entry[side]),
                keys(&api_entry[side]),
                "{entity} {side}"
            );
        }
        assert_eq!(form_entry["after"]["name"], "Via formular, rettet");
    }
}

#[actix_web::test]
async fn the_pages_escape_names_and_the_forms_need_their_token() {
    let app = TestApp::seeded().await;
    let api = app.as_admin();
    let (status, _) = api
        .post(
            "/api/v1/departments",
            json!({"name": "<script>alert(1)</script>", "code": "<b>", "directorate": "<img src=x onerror=alert(1)>"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let mut admin = app.browser_as(ADMIN).await;
    for path in [
        "/administration/afdelinger",
        "/administration/personer/ny",
        "/administration/indsatsomraader/ny",
    ] {
        let (status, _, html) = admin.get_page(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(
            !html.contains("<script>") && !html.contains("<img src=x") && !html.contains("<b>"),
            "{path}"
        );
    }
    let (status, _, _) = admin
        .post_form(
            "/administration/afdelinger/ny",
            &[("csrf", "forfalsket"), ("name", "Falsk"), ("code", "F")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, departments) = api.get("/api/v1/departments").await;
    assert!(!departments.to_string().contains("Falsk"));
}

/// A municipality starts from an empty database: the administration works
/// before any quarter exists.
#[actix_web::test]
async fn administration_works_before_the_first_quarter() {
    let app = TestApp::empty().await;
    let api = app.as_admin();
    let (_, person) = api
        .post(
            "/api/v1/people",
            json!({"name": "IT-chef", "email": "it-chef@albertslund.dk"}),
        )
        .await;
    let id = person["id"].as_i64().unwrap();
    let (status, _) = api
        .put(
            &format!("/api/v1/people/{id}/role"),
            json!({"role": "administrator"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = api
        .put(
            &format!("/api/v1/people/{id}/password"),
            json!({"password": "en lang adgangskode"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let mut browser = app.browser();
    let (status, _, _) = browser
        .sign_in("it-chef@albertslund.dk", "en lang adgangskode")
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, index) = browser.get_page("/administration").await;
    assert_eq!(status, StatusCode::OK, "{index}");
    let (_, _, empty) = browser.get_page("/administration/afdelinger").await;
    assert!(empty.contains("Der er ingen afdelinger endnu."));
    let (status, location, _) = submit(
        &mut browser,
        "/administration/afdelinger/ny",
        &[("name", "Økonomi & Stab"), ("code", "ØS")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, list) = browser.get_page(&location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("<td>ØS</td>"));
}

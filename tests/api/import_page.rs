//! Import in the browser: choose the file, see the dry run, confirm.

use crate::harness::{Browser, TestApp, COUNCIL, READER};
use actix_web::http::{Method, StatusCode};
use actix_web::test;

/// A multipart form as a browser sends it.
fn multipart(fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "----portefolje-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        let filename = if *name == "fil" {
            "; filename=\"projekter.csv\""
        } else {
            ""
        };
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{filename}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(value.as_bytes());
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post(
    app: &TestApp,
    browser: &Browser<'_>,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let (content_type, body) = multipart(fields);
    let req = browser
        .request(Method::POST, "/import")
        .insert_header(("content-type", content_type))
        .set_payload(body)
        .to_request();
    let resp = app.call(req).await;
    let status = resp.status();
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    (status, html)
}

fn hidden_text(html: &str) -> String {
    let at = html
        .find("name=\"indhold\" hidden>")
        .expect("the file in the confirmation")
        + "name=\"indhold\" hidden>".len();
    let escaped = html[at..].split("</textarea>").next().unwrap();
    escaped
        .replace("&#38;", "&")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
}

#[actix_web::test]
async fn the_council_checks_then_imports_a_project_sheet() {
    let app = TestApp::seeded().await;
    let mut browser = app.browser_as(COUNCIL).await;
    let csrf = browser.csrf_of("/import").await;
    let file = "Projektnavn;Afdeling;Fase;Type\nDigital post til erhverv;ØS;analyse;operationel\n";
    let (status, html) = post(
        &app,
        &browser,
        &[
            ("csrf", &csrf),
            ("slags", "projekter"),
            ("kvartal", ""),
            ("fil", file),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("Filen er i orden: 1 række kan importeres."),
        "{html}"
    );
    let admin = app.as_admin();
    let (_, page) = admin.get("/api/v1/projects?q=Digital%20post").await;
    assert_eq!(page["total"], 0, "a dry run stores nothing");

    let text = hidden_text(&html);
    let (status, html) = post(
        &app,
        &browser,
        &[
            ("csrf", &csrf),
            ("slags", "projekter"),
            ("kvartal", ""),
            ("bekraeft", "ja"),
            ("indhold", &text),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("1 række er importeret."), "{html}");
    let (_, page) = admin.get("/api/v1/projects?q=Digital%20post").await;
    assert_eq!(page["total"], 1, "imported on confirmation");
    let (_, trail) = admin.get("/api/v1/audit?entity=import").await;
    assert_eq!(trail["items"][0]["after"]["imported"], 1);
}

#[actix_web::test]
async fn a_sheet_with_bad_lines_lists_them_and_imports_nothing() {
    let app = TestApp::seeded().await;
    let mut browser = app.browser_as(COUNCIL).await;
    let csrf = browser.csrf_of("/import").await;
    let file =
        "Projektnavn;Afdeling;Fase\nGodt projekt;ØS;analyse\n<b>Skidt</b>;Findes ikke;analyse\n";
    let (status, html) = post(
        &app,
        &browser,
        &[("csrf", &csrf), ("slags", "projekter"), ("fil", file)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("Filen har 1 linje med fejl. Intet er importeret."),
        "{html}"
    );
    assert!(
        html.contains("<th scope=\"row\">3</th>"),
        "the line number: {html}"
    );
    assert!(!html.contains("<b>Skidt</b>"), "escaped");
    assert!(!html.contains("name=\"bekraeft\""), "nothing to confirm");

    let (status, _) = post(
        &app,
        &browser,
        &[("csrf", "forkert"), ("slags", "projekter"), ("fil", file)],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no CSRF token, no import");
    let mut reader = app.browser_as(READER).await;
    let (status, _, _) = reader.get_page("/import").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_new_municipality_imports_its_departments_then_its_people() {
    let app = TestApp::seeded().await;
    let mut browser = app.browser_as(crate::harness::ADMIN).await;
    let csrf = browser.csrf_of("/import").await;
    let departments =
        "Navn;Kode;Direktørområde\nBørn og Unge;BU;Børn og Kultur\nTeknik og Miljø;TM;By\n";
    let (status, html) = post(
        &app,
        &browser,
        &[
            ("csrf", &csrf),
            ("slags", "afdelinger"),
            ("bekraeft", "ja"),
            ("fil", departments),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("2 rækker er importeret."), "{html}");
    let people = "Navn;E-mail;Afdeling\nAnna Berg;anna.berg@hedeby.dk;Børn og Unge\nBo Dahl;ikke-en-adresse;Teknik og Miljø\n";
    let (status, html) = post(
        &app,
        &browser,
        &[("csrf", &csrf), ("slags", "personer"), ("fil", people)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("<th scope=\"row\">3</th>"),
        "the bad e-mail's line: {html}"
    );
    let admin = app.as_admin();
    let (_, all) = admin.get("/api/v1/people").await;
    assert!(
        !all.to_string().contains("anna.berg@hedeby.dk"),
        "all or nothing"
    );
    let fixed = people.replace("ikke-en-adresse", "bo.dahl@hedeby.dk");
    let (status, html) = post(
        &app,
        &browser,
        &[
            ("csrf", &csrf),
            ("slags", "personer"),
            ("bekraeft", "ja"),
            ("fil", &fixed),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let (_, trail) = admin.get("/api/v1/audit?entity=person&limit=2").await;
    assert!(
        trail.to_string().contains("anna.berg@hedeby.dk"),
        "each person has its create record: {trail}"
    );

    // The council imports the portfolio, not the organisation.
    let mut council = app.browser_as(COUNCIL).await;
    let (_, _, page) = council.get_page("/import").await;
    assert!(!page.contains("value=\"personer\""));
}

#[actix_web::test]
async fn the_dry_run_lists_the_people_it_will_create_and_history_is_a_choice() {
    let app = TestApp::seeded().await;
    let mut browser = app.browser_as(COUNCIL).await;
    let csrf = browser.csrf_of("/import").await;
    let (_, _, form) = browser.get_page("/import").await;
    assert!(
        form.contains("<option value=\"2021Q4\">4. kvartal 2021 (lukket)</option>"),
        "{form}"
    );
    assert!(form.contains("name=\"historik\" value=\"ja\""));
    let file =
        "Projektnavn;Afdeling;Fase;Projektleder\nNy portal;ØS;analyse;pia.hansen@albertslund.dk\n";
    let (status, html) = post(
        &app,
        &browser,
        &[("csrf", &csrf), ("slags", "projekter"), ("fil", file)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Nye personer, som oprettes ud fra e-mailadressen i filen"));
    assert!(
        html.contains("<td>Pia Hansen</td><td>pia.hansen@albertslund.dk</td>"),
        "{html}"
    );

    // A closed quarter's reports: refused unless chosen, then carried to the confirmation.
    let status_file =
        "Projektnavn;Ressourcer;Leverancer;Tid;Økonomi\nNøgleskab;grøn;grøn;grøn;grøn\n";
    let fields = [
        ("csrf", csrf.as_str()),
        ("slags", "status"),
        ("kvartal", "2021Q4"),
        ("fil", status_file),
    ];
    let (status, html) = post(&app, &browser, &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    let mut chosen = fields.to_vec();
    chosen.push(("historik", "ja"));
    let (status, html) = post(&app, &browser, &chosen).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("1 række kan importeres i et lukket kvartal (historik)."),
        "{html}"
    );
    assert!(html.contains("<input type=\"hidden\" name=\"historik\" value=\"ja\">"));
    let text = hidden_text(&html);
    let (status, html) = post(
        &app,
        &browser,
        &[
            ("csrf", &csrf),
            ("slags", "status"),
            ("kvartal", "2021Q4"),
            ("historik", "ja"),
            ("bekraeft", "ja"),
            ("indhold", &text),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("1 række er importeret i et lukket kvartal (historik)."));
    let (_, trail) = app
        .as_admin()
        .get("/api/v1/audit?entity=import&limit=1")
        .await;
    assert_eq!(trail["items"][0]["after"]["history"], true);
}

/// The checked page's bad lines: (line, column, Danish text).
fn bad_lines(html: &str) -> Vec<(String, String, String)> {
    let body = html
        .split("<tbody>")
        .nth(1)
        .unwrap()
        .split("</tbody>")
        .next()
        .unwrap();
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let cells: Vec<String> = row
                .split(['<', '>'])
                .enumerate()
                .filter(|(i, _)| i % 2 == 0)
                .map(|(_, t)| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            (cells[0].clone(), cells[1].clone(), cells[2].clone())
        })
        .collect()
}

#[actix_web::test]
async fn every_bad_line_is_said_in_danish_with_its_column() {
    let app = TestApp::seeded().await;
    let mut browser = app.browser_as(COUNCIL).await;
    let csrf = browser.csrf_of("/import").await;
    let projects = "Projektnavn;Afdeling;Fase;Projektleder;Startdato;Budget;Type\n\
        A;Findes ikke;analyse;;;;\n\
        B;ØS;analyse;Hvem Som Helst;;;\n\
        C;ØS;analyse;;31-02-2022;;\n\
        D;ØS;analyse;;;mange penge;\n\
        E;ØS;analyse;;;;hemmelig\n\
        F;ØS\n\
        ;ØS;analyse;;;;\n";
    let (status, html) = post(
        &app,
        &browser,
        &[("csrf", &csrf), ("slags", "projekter"), ("fil", projects)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    let lines = bad_lines(&html);
    let expected = [
        ("2", "Afdeling", "«Findes ikke» findes ikke."),
        (
            "3",
            "Projektleder",
            "«Hvem Som Helst» findes ikke. Skriv personens e-mailadresse, så oprettes personen.",
        ),
        (
            "4",
            "Startdato",
            "«31-02-2022» er ikke en dato. Skriv dd-mm-åååå.",
        ),
        (
            "5",
            "Budget",
            "«mange penge» er ikke et beløb i hele kroner. Skriv fx 1.250.000.",
        ),
        (
            "6",
            "Type",
            "«hemmelig» kan ikke bruges her. Skriv operationel eller strategisk.",
        ),
        (
            "7",
            "–",
            "Linjen har 2 felter, men overskriften har 7. Tjek semikolonerne i linjen.",
        ),
        ("8", "Projektnavn", "Feltet er tomt, men skal udfyldes."),
    ];
    let got: Vec<(&str, &str, &str)> = lines
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    assert_eq!(got, expected.map(|(a, b, c)| (a, b, c)).to_vec(), "{html}");

    let status_file = "Projektnavn;Kvartal;Ressourcer;Leverancer;Tid;Økonomi\n\
        Nøgleskab;2022Q3;lilla;grøn;grøn;grøn\n\
        Nøgleskab;2022Q3;grøn;rød;grøn;grøn\n\
        Nøgleskab;2021Q4;grøn;grøn;grøn;grøn\n\
        Nøgleskab;2030Q1;grøn;grøn;grøn;grøn\n";
    let (_, html) = post(
        &app,
        &browser,
        &[("csrf", &csrf), ("slags", "status"), ("fil", status_file)],
    )
    .await;
    let texts: Vec<String> = bad_lines(&html)
        .into_iter()
        .map(|(_, c, t)| format!("{c}: {t}"))
        .collect();
    assert_eq!(
        texts,
        [
            "Ressourcer: «lilla» kan ikke bruges her. Skriv grøn, gul eller rød.",
            "–: Leverancer er rød: skriv i kommentaren, hvorfor.",
            "Kvartal: Kvartalet «2021Q4» er lukket. Sæt hak ved «historik» for at indlæse status for et lukket kvartal.",
            "Kvartal: Kvartalet «2030Q1» findes ikke. Opret det under Kvartaler først.",
        ],
        "{html}"
    );
    let (_, html) = post(
        &app,
        &browser,
        &[
            ("csrf", &csrf),
            ("slags", "status"),
            ("fil", "Projektnavn;Tid\nX;grøn\n"),
        ],
    )
    .await;
    assert!(
        html.contains("Filen mangler kolonnerne Ressourcer, Leverancer, Økonomi, Kvartal."),
        "{html}"
    );
    for english in ["unknown", "is not", "missing", "expected", "closed"] {
        assert!(!html.contains(english), "{english} on the page: {html}");
    }
}

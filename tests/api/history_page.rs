//! Historik: the audit trail in the browser for the council, with names.

use crate::harness::{TestApp, COUNCIL, PM, READER};
use crate::helpers::*;
use actix_web::http::StatusCode;
use serde_json::json;

#[actix_web::test]
async fn the_council_reads_the_trail_filtered_with_names_not_e_mails() {
    let app = TestApp::seeded().await;
    let pm = app.as_manager(PM);
    let id = pm.project_id("Vandstandsmåling").await;
    let red = json!({"colour": "red", "comment": "Målerne <er> forsinket"});
    assert_eq!(
        pm.put_status(id, "2022Q3", status_body(red)).await.0,
        StatusCode::OK
    );

    let mut council = app.browser_as(COUNCIL).await;
    let (status, _, html) = council
        .get_page("/administration/historik?type=status")
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("<td>Peter Holm</td>"),
        "a name, not an e-mail: {html}"
    );
    assert!(
        html.contains("status indrapporteret (3. kvartal 2022)"),
        "{html}"
    );
    assert!(!html.contains("<td>peter.holm@albertslund.dk</td>"));
    assert!(html.contains("<option value=\"status\" selected>Statusrapporter</option>"));

    let (status, _, html) = council
        .get_page("/administration/historik?fra=31-02-2022")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Skriv datoen som dd-mm-åååå."), "{html}");

    let mut reader = app.browser_as(READER).await;
    let (status, _, _) = reader.get_page("/administration/historik").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

//! `TestApp`: the whole service in-process on its own test database, with
//! typed clients per role for the API (`app.as_council().put_status(..)`)
//! and signed-in browsers for the web pages (`app.browser_as(email)`).

use crate::helpers::{hidden_csrf, Jar, TestDb, ADMIN_TOKEN, DEMO_PASSWORD};
use actix_service::boxed::BoxService;
use actix_service::ServiceExt;
use actix_web::dev::ServiceResponse;
use actix_web::http::{Method, StatusCode};
use actix_web::test;
use portefolje::domain::access::Role;
use serde_json::Value;
use std::rc::Rc;

/// Demo accounts of the seed (`seed-data/konti.csv`) by role; they sign in
/// with `DEMO_PASSWORD`. API clients use the test administrator instead of
/// the seed's own (`as_admin`); browsers sign in as the seed's.
pub const ADMIN: &str = "kent.bruun@albertslund.dk";
pub const COUNCIL: &str = "mette.kjaer@albertslund.dk";
pub const CHEFFORUM: &str = "rene.dalsgaard@albertslund.dk";
pub const PM: &str = "peter.holm@albertslund.dk";
pub const READER: &str = "marie.guldborg@albertslund.dk";

/// The initialised service with its response body boxed, so it has a name.
type Service = BoxService<actix_http::Request, ServiceResponse, actix_web::Error>;

/// One running service and the database it owns.
pub struct TestApp {
    service: Service,
    db: Rc<TestDb>,
}

impl TestApp {
    /// The service on a fresh database with the seed portfolio.
    pub async fn seeded() -> Self {
        Self::on(TestDb::seeded()).await
    }

    /// The service on a fresh database with only the test administrator.
    pub async fn empty() -> Self {
        Self::on(TestDb::empty()).await
    }

    /// The service on a database prepared by the test.
    pub async fn on(db: TestDb) -> Self {
        let shared = portefolje::Shared::from(db.db().clone());
        Self::build(Rc::new(db), shared).await
    }

    /// Another instance of the service on the same database, built from
    /// `shared` (a pool of its own, or other settings), with its own caches.
    pub async fn sibling(&self, shared: impl Into<portefolje::Shared>) -> Self {
        Self::build(self.db.clone(), shared.into()).await
    }

    async fn build(db: Rc<TestDb>, shared: portefolje::Shared) -> Self {
        let service = test::init_service(portefolje::app(shared)).await;
        let service = actix_service::boxed::service(
            service.map(|resp: ServiceResponse<_>| resp.map_into_boxed_body()),
        );
        Self { service, db }
    }

    /// The test database underneath.
    pub fn test_db(&self) -> &TestDb {
        &self.db
    }

    pub fn db(&self) -> &portefolje::db::Db {
        self.db.db()
    }

    pub fn person_id(&self, email: &str) -> i64 {
        self.db.person_id(email)
    }

    /// Send a request as it is; the raw response.
    pub async fn call(&self, req: actix_http::Request) -> ServiceResponse {
        test::call_service(&self.service, req).await
    }

    /// The test administrator (`ADMIN_TOKEN`), who exists in every test database.
    pub fn as_admin(&self) -> Client<'_> {
        self.with_token(ADMIN_TOKEN)
    }

    /// The seed's council member.
    pub fn as_council(&self) -> Client<'_> {
        self.as_role(COUNCIL, Role::Council)
    }

    /// The seed's Chefforum member. (No test calls the API as Chefforum
    /// yet; the client is here so that every role has one.)
    #[allow(dead_code)]
    pub fn as_chefforum(&self) -> Client<'_> {
        self.as_role(CHEFFORUM, Role::Chefforum)
    }

    /// The seed's reader.
    pub fn as_reader(&self) -> Client<'_> {
        self.as_role(READER, Role::Reader)
    }

    /// A person of the seed as project manager (of the projects they manage).
    pub fn as_manager(&self, email: &str) -> Client<'_> {
        self.as_role(email, Role::ProjectManager)
    }

    /// The person with this e-mail, given `role` and a new token. Each call
    /// makes another token: bind the client once.
    pub fn as_role(&self, email: &str, role: Role) -> Client<'_> {
        let token = self.db.token_for(email, role);
        self.with_token(&token)
    }

    /// Whoever holds this token (real or not).
    pub fn with_token(&self, token: &str) -> Client<'_> {
        Client {
            app: self,
            token: Some(token.to_string()),
        }
    }

    /// No Authorization header at all.
    pub fn anonymous(&self) -> Client<'_> {
        Client {
            app: self,
            token: None,
        }
    }

    /// A browser with no cookies yet.
    pub fn browser(&self) -> Browser<'_> {
        Browser {
            app: self,
            jar: Jar::default(),
        }
    }

    /// A browser signed in with the demo password.
    pub async fn browser_as(&self, email: &str) -> Browser<'_> {
        let mut browser = self.browser();
        let (status, _, _) = browser.sign_in(email, DEMO_PASSWORD).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "sign-in as {email}");
        browser
    }
}

/// The API as one caller sees it.
pub struct Client<'a> {
    app: &'a TestApp,
    token: Option<String>,
}

impl Client<'_> {
    /// A request with this caller's Authorization header.
    pub fn request(&self, method: Method, path: &str) -> test::TestRequest {
        let req = test::TestRequest::default().method(method).uri(path);
        match &self.token {
            Some(token) => req.insert_header(("authorization", format!("Bearer {token}"))),
            None => req,
        }
    }

    /// A GET as this caller; the raw response, for its headers or bytes.
    pub async fn get_raw(&self, path: &str) -> ServiceResponse {
        self.app
            .call(self.request(Method::GET, path).to_request())
            .await
    }

    /// Send a request and read the answer as JSON (Null when empty, a string
    /// when not JSON).
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self.request(method, path);
        if let Some(body) = body {
            req = req.set_json(body);
        }
        json_answer(self.app.call(req.to_request()).await).await
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::GET, path, None).await
    }

    pub async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::PUT, path, Some(body)).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::DELETE, path, None).await
    }

    /// POST a CSV file (an import); the status and the JSON answer.
    pub async fn upload(&self, path: &str, file: impl Into<Vec<u8>>) -> (StatusCode, Value) {
        let req = self
            .request(Method::POST, path)
            .insert_header(("content-type", "text/csv"))
            .set_payload(file.into());
        let resp = self.app.call(req.to_request()).await;
        let status = resp.status();
        (status, test::read_body_json(resp).await)
    }

    /// The id of the project with this name.
    pub async fn project_id(&self, name: &str) -> i64 {
        let (_, page) = self.get("/api/v1/projects?limit=500").await;
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("no project {name}"))["id"]
            .as_i64()
            .unwrap()
    }

    /// The code of the quarter that takes reports.
    pub async fn open_quarter(&self) -> String {
        let (_, quarters) = self.get("/api/v1/quarters").await;
        quarters
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["state"] == "open")
            .expect("an open quarter")["code"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// A project as the API shows it.
    pub async fn project(&self, id: i64) -> (StatusCode, Value) {
        self.get(&format!("/api/v1/projects/{id}")).await
    }

    pub async fn create_project(&self, body: Value) -> (StatusCode, Value) {
        self.post("/api/v1/projects", body).await
    }

    pub async fn update_project(&self, id: i64, body: Value) -> (StatusCode, Value) {
        self.put(&format!("/api/v1/projects/{id}"), body).await
    }

    /// A project's latest status report for a quarter.
    pub async fn status(&self, project: i64, quarter: &str) -> (StatusCode, Value) {
        self.get(&format!("/api/v1/projects/{project}/status/{quarter}"))
            .await
    }

    /// Report a project's status for a quarter.
    pub async fn put_status(
        &self,
        project: i64,
        quarter: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        self.put(
            &format!("/api/v1/projects/{project}/status/{quarter}"),
            body,
        )
        .await
    }

    /// Chefforum's decision on a quarter's report.
    pub async fn decide(&self, quarter: &str, body: Value) -> (StatusCode, Value) {
        self.post(&format!("/api/v1/reports/{quarter}/decision"), body)
            .await
    }
}

/// A browser: a cookie jar kept across the requests of the web pages.
pub struct Browser<'a> {
    app: &'a TestApp,
    pub jar: Jar,
}

impl Browser<'_> {
    /// A request carrying this browser's cookies.
    pub fn request(&self, method: Method, path: &str) -> test::TestRequest {
        test::TestRequest::default()
            .method(method)
            .uri(path)
            .insert_header(("cookie", self.jar.header()))
    }

    /// Send a request (with a form, if any) and keep the cookies it sets;
    /// the status, the Location header (empty if none) and the body.
    pub async fn send(
        &mut self,
        method: Method,
        path: &str,
        form: Option<&[(&str, &str)]>,
    ) -> (StatusCode, String, String) {
        let mut req = self.request(method, path);
        if let Some(form) = form {
            req = req.set_form(form);
        }
        let resp = self.app.call(req.to_request()).await;
        self.jar.absorb(&resp);
        let status = resp.status();
        let location = resp
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let body = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
        (status, location, body)
    }

    pub async fn get_page(&mut self, path: &str) -> (StatusCode, String, String) {
        self.send(Method::GET, path, None).await
    }

    pub async fn post_form(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, String, String) {
        self.send(Method::POST, path, Some(form)).await
    }

    /// The CSRF token of the form on the page at `path`.
    pub async fn csrf_of(&mut self, path: &str) -> String {
        let (_, _, html) = self.get_page(path).await;
        hidden_csrf(&html)
    }

    /// Fill in the sign-in form; the answer.
    pub async fn sign_in(&mut self, email: &str, password: &str) -> (StatusCode, String, String) {
        let csrf = self.csrf_of("/log-ind").await;
        self.post_form(
            "/log-ind",
            &[("email", email), ("password", password), ("csrf", &csrf)],
        )
        .await
    }
}

/// The status and the body as JSON (Null when empty, a string when not JSON).
pub async fn json_answer(resp: ServiceResponse) -> (StatusCode, Value) {
    let status = resp.status();
    let bytes = test::read_body(resp).await;
    let value = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
    };
    (status, value)
}

/// No answer may be older than this after the write that changed it.
pub const BOUND: std::time::Duration = std::time::Duration::from_secs(1);

/// Ask until `shows` holds (an answer from another instance, which hears
/// of a write a few milliseconds after it commits), at most `BOUND`; how long it took.
pub async fn within_bound<F, Fut>(
    mut ask: F,
    shows: impl Fn(&(StatusCode, Value)) -> bool,
) -> std::time::Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = (StatusCode, Value)>,
{
    let start = std::time::Instant::now();
    loop {
        let answer = ask().await;
        if shows(&answer) {
            return start.elapsed();
        }
        assert!(start.elapsed() < BOUND, "still {answer:?} after {BOUND:?}");
        actix_web::rt::time::sleep(std::time::Duration::from_millis(2)).await;
    }
}

//! Request bodies and parameters, read so that every failure is a JSON error
//! that names the field: 400 unreadable, 413 too large, 415 not JSON, 422 wrong shape.

use crate::domain::Problem;
use crate::error::AppError;
use actix_web::dev::Payload;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

/// A JSON body whose type errors name the offending field (`ressourcer.colour`).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                let mime = v
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            })
            .unwrap_or(false);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(AppError::UnsupportedMediaType(
                    "send the body as JSON with Content-Type: application/json".into(),
                ));
            }
            let bytes = body.await.map_err(|e| {
                if e.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::PayloadTooLarge("the request body is too large".into())
                } else {
                    AppError::bad_request(format!("cannot read the request body: {e}"))
                }
            })?;
            parse_json(&bytes).map(ApiJson)
        })
    }
}

/// serde_json puts " at line 1 column 7" on every message; the field says more.
fn without_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut value = serde_json::from_slice::<Unambiguous>(bytes)
        .map_err(|e| {
            let message = e.to_string();
            let message = without_position(&message);
            match message.strip_prefix(DUPLICATE_KEY) {
                Some(key) => AppError::Validation {
                    message: format!("\"{key}\" is given more than once"),
                    field: Some(key.to_string()),
                    problem: Problem::Malformed,
                },
                None => AppError::bad_request(format!("malformed JSON: {message}")),
            }
        })?
        .0;
    whole_numbers(&mut value);
    if let Some(path) = first_list(&value, "") {
        return Err(AppError::Validation {
            message: "expected an object or a single value, not a list".into(),
            field: (!path.is_empty()).then_some(path),
            problem: Problem::Malformed,
        });
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let message = without_position(&e.into_inner().to_string()).to_string();
        AppError::Validation {
            message,
            field: (path != ".").then_some(path),
            problem: Problem::Malformed,
        }
    })
}

const DUPLICATE_KEY: &str = "duplicate key: ";

/// A JSON value in which no object names a key twice. serde_json keeps the
/// last of two equal keys, while a proxy or another parser may keep the
/// first: one body must not mean two things.
struct Unambiguous(serde_json::Value);

impl<'de> serde::Deserialize<'de> for Unambiguous {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(UnambiguousVisitor).map(Unambiguous)
    }
}

struct UnambiguousVisitor;

impl<'de> serde::de::Visitor<'de> for UnambiguousVisitor {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Unambiguous(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(items.into())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(serde::de::Error::custom(format!("{DUPLICATE_KEY}{key}")));
            }
            let Unambiguous(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(object.into())
    }
}

/// The fields that hold a list (a proposal's systems and their functions, a
/// system's functions, a proposal's scores, the criteria).
const LIST_FIELDS: [&str; 4] = ["systems", "functions", "scores", "criteria"];

/// Serde would read a list as a struct's fields in order (`[]` as `{}`), so
/// a list stands only where a field holds one: where is the first elsewhere?
fn first_list(value: &serde_json::Value, path: &str) -> Option<String> {
    match value {
        serde_json::Value::Array(_) => Some(path.to_string()),
        serde_json::Value::Object(map) => map.iter().find_map(|(key, v)| {
            let inner = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            match v {
                serde_json::Value::Array(items) if LIST_FIELDS.contains(&key.as_str()) => {
                    items.iter().enumerate().find_map(|(i, item)| match item {
                        serde_json::Value::Array(_) => Some(format!("{inner}[{i}]")),
                        _ => first_list(item, &format!("{inner}[{i}]")),
                    })
                }
                _ => first_list(v, &inner),
            }
        }),
        _ => None,
    }
}

/// JSON has one number type: `592.0` is the integer 592 to JSON Schema, so
/// it is to us too. Fractions stay fractions and fail where an integer is due.
fn whole_numbers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64() {
                if f.fract() == 0.0 && f.abs() < 9.0e15 {
                    *value = Value::from(f as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// actix's own answers for bad paths and query strings are plain text;
/// these make them the same JSON error as everything else.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default()
        .error_handler(|err, _req| AppError::NotFound(format!("no such resource: {err}")).into())
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _req| {
        AppError::bad_request(format!("invalid query string: {err}")).into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Inner {
        colour: u8,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Outer {
        tid: Inner,
    }

    #[test]
    fn lists_stand_only_where_a_field_holds_one() {
        let list = |body: &str| first_list(&serde_json::from_str(body).unwrap(), "");
        assert_eq!(list(r#"[]"#), Some(String::new()));
        assert_eq!(list(r#"{"tid": [1]}"#), Some("tid".into()));
        assert_eq!(
            list(r#"{"systems": [{"name": "A", "functions": ["x"]}]}"#),
            None
        );
        assert_eq!(
            list(r#"{"systems": [{"name": ["A"]}]}"#),
            Some("systems[0].name".into())
        );
        assert_eq!(list(r#"{"scores": [[1, 2]]}"#), Some("scores[0]".into()));
    }

    #[test]
    fn whole_floats_are_integers() {
        let v: Inner = parse_json(br#"{"colour": 7.0}"#).unwrap();
        assert_eq!(v.colour, 7);
        assert!(parse_json::<Inner>(br#"{"colour": 7.5}"#).is_err());
    }

    #[test]
    fn syntax_errors_are_400_and_shape_errors_name_the_field() {
        match parse_json::<Outer>(b"{\"tid\": ") {
            Err(AppError::BadRequest { .. }) => {}
            other => panic!("{other:?}"),
        }
        match parse_json::<Outer>(br#"{"tid": {"colour": "x"}}"#) {
            Err(AppError::Validation { field, .. }) => {
                assert_eq!(field.as_deref(), Some("tid.colour"))
            }
            other => panic!("{other:?}"),
        }
        match parse_json::<Outer>(br#"{"tid": {"colour": 1}} x"#) {
            Err(AppError::BadRequest { .. }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Optional {
        #[serde(default)]
        date: Option<String>,
    }

    #[test]
    fn a_key_given_twice_is_refused_by_name() {
        match parse_json::<Optional>(br#"{"date": "a", "date": "b"}"#) {
            Err(AppError::Validation { field, .. }) => assert_eq!(field.as_deref(), Some("date")),
            other => panic!("{other:?}"),
        }
        match parse_json::<Outer>(br#"{"tid": {"colour": 1, "colour": 2}}"#) {
            Err(AppError::Validation { field, .. }) => {
                assert_eq!(field.as_deref(), Some("colour"))
            }
            other => panic!("{other:?}"),
        }
        assert!(parse_json::<Outer>(br#"{"tid": {"colour": 1}}"#).is_ok());
    }

    #[test]
    fn lists_are_never_read_as_objects() {
        assert!(parse_json::<Optional>(b"{}").is_ok());
        match parse_json::<Optional>(b"[]") {
            Err(AppError::Validation { field: None, .. }) => {}
            other => panic!("{other:?}"),
        }
        match parse_json::<Outer>(br#"{"tid": [7]}"#) {
            Err(AppError::Validation { field, .. }) => assert_eq!(field.as_deref(), Some("tid")),
            other => panic!("{other:?}"),
        }
    }
}

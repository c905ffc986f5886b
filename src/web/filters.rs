//! Askama filters for the pages: templates get dates, amounts and timestamps
//! as typed values and format them the Danish way here, once.
//!
//! Each page module brings them into scope with `use super::filters;`, which
//! is where askama looks for `{{ value|name }}`.

use crate::domain::danish::{format_date, format_kroner};
use crate::domain::quarter::Quarter;
use askama::Values;
use chrono::{NaiveDate, NaiveDateTime};

/// What an empty value shows as.
const DASH: &str = "–";

/// A value that has a calendar day, or none (shown as a dash).
pub trait Day {
    fn day(&self) -> Option<NaiveDate>;
}

impl Day for NaiveDate {
    fn day(&self) -> Option<NaiveDate> {
        Some(*self)
    }
}

impl Day for NaiveDateTime {
    fn day(&self) -> Option<NaiveDate> {
        Some(self.date())
    }
}

impl<T: Day> Day for Option<T> {
    fn day(&self) -> Option<NaiveDate> {
        self.as_ref().and_then(Day::day)
    }
}

impl<T: Day + ?Sized> Day for &T {
    fn day(&self) -> Option<NaiveDate> {
        (**self).day()
    }
}

/// Text that may be missing or empty (shown as a dash).
pub trait Text {
    fn text(&self) -> Option<&str>;
}

impl Text for str {
    fn text(&self) -> Option<&str> {
        Some(self).filter(|s| !s.is_empty())
    }
}

impl Text for String {
    fn text(&self) -> Option<&str> {
        self.as_str().text()
    }
}

impl<T: Text> Text for Option<T> {
    fn text(&self) -> Option<&str> {
        self.as_ref().and_then(Text::text)
    }
}

impl<T: Text + ?Sized> Text for &T {
    fn text(&self) -> Option<&str> {
        (**self).text()
    }
}

/// `31-03-2022` (dd-mm-åååå); a dash when there is no date.
#[askama::filter_fn]
pub fn date<T: Day>(value: T, _: &dyn Values) -> askama::Result<String> {
    Ok(value.day().map(format_date).unwrap_or_else(|| DASH.into()))
}

/// The time of day of a timestamp: `14:05`.
#[askama::filter_fn]
pub fn clock(value: &NaiveDateTime, _: &dyn Values) -> askama::Result<String> {
    Ok(value.format("%H:%M").to_string())
}

/// Whole kroner: `1.250.000 kr.`
#[askama::filter_fn]
pub fn kroner(value: &i64, _: &dyn Values) -> askama::Result<String> {
    Ok(format_kroner(*value))
}

/// The text, or a dash when it is missing or empty.
#[askama::filter_fn]
pub fn or_dash<T: Text>(value: T, _: &dyn Values) -> askama::Result<String> {
    Ok(value.text().unwrap_or(DASH).to_string())
}

/// A quarter as Danes write it: `1. kvartal 2022`.
#[askama::filter_fn]
pub fn kvartal(value: &Quarter, _: &dyn Values) -> askama::Result<String> {
    Ok(value.danish())
}

/// A count with its noun in the right number: `{{ n|antal("projekt", "projekter") }}`.
#[askama::filter_fn]
pub fn antal<T: std::borrow::Borrow<usize>>(
    value: T,
    _: &dyn Values,
    one: &str,
    many: &str,
) -> askama::Result<String> {
    Ok(crate::domain::danish::count(*value.borrow(), one, many))
}

/// `ja` or `nej`.
#[askama::filter_fn]
pub fn yes_no(value: &bool, _: &dyn Values) -> askama::Result<&'static str> {
    Ok(if *value { "ja" } else { "nej" })
}

#[cfg(test)]
mod tests {
    use askama::Template;
    use chrono::{NaiveDate, NaiveDateTime};

    #[derive(Template)]
    #[template(
        source = "{{ day|date }} {{ none|date }} {{ at|date }} kl. {{ at|clock }} {{ amount|kroner }} {{ empty|or_dash }} {{ name|or_dash }} {{ missing|or_dash }} {{ yes|yes_no }} {{ quarter|kvartal }}",
        ext = "html"
    )]
    struct Sample {
        day: NaiveDate,
        none: Option<NaiveDate>,
        at: NaiveDateTime,
        amount: i64,
        empty: String,
        name: Option<String>,
        missing: Option<String>,
        yes: bool,
        quarter: crate::domain::quarter::Quarter,
    }

    use crate::web::filters;

    #[test]
    fn danish_values() {
        let day = NaiveDate::from_ymd_opt(2022, 3, 31).unwrap();
        let page = Sample {
            day,
            none: None,
            at: day.and_hms_opt(14, 5, 0).unwrap(),
            amount: 1_250_000,
            empty: String::new(),
            name: Some("Æble & Co".into()),
            missing: None,
            yes: true,
            quarter: "2022Q1".parse().unwrap(),
        };
        assert_eq!(
            page.render().unwrap(),
            "31-03-2022 – 31-03-2022 kl. 14:05 1.250.000 kr. – Æble &#38; Co – ja 1. kvartal 2022"
        );
    }
}

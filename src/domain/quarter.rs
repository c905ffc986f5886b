//! Reporting quarters such as `2022Q1`.

use super::{Problem, ValidationError};
use chrono::{Datelike, NaiveDate};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i32,
    number: u8,
}

impl Quarter {
    pub fn new(year: i32, number: u8) -> Option<Self> {
        ((1..=4).contains(&number) && (1900..=9999).contains(&year))
            .then_some(Self { year, number })
    }

    /// Parse `2022Q1` (case-insensitive `q`), naming `field` in the error.
    pub fn parse(field: &str, value: &str) -> Result<Self, ValidationError> {
        value.parse().map_err(|_| {
            ValidationError::new(
                field,
                Problem::InvalidQuarter,
                format!("'{value}' is not a quarter such as 2022Q1 (year, Q, 1-4)"),
            )
        })
    }

    pub fn containing(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            number: (date.month0() / 3 + 1) as u8,
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// As Danes write it: "1. kvartal 2022" (the code `2022Q1` is for URLs and the API).
    pub fn danish(self) -> String {
        format!("{}. kvartal {}", self.number, self.year)
    }

    pub fn number(self) -> u8 {
        self.number
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, u32::from(self.number) * 3 - 2, 1)
            .expect("quarter start is a valid date")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next()
            .first_day()
            .pred_opt()
            .expect("day before a quarter start exists")
    }

    pub fn previous(self) -> Self {
        if self.number == 1 {
            Self {
                year: self.year - 1,
                number: 4,
            }
        } else {
            Self {
                year: self.year,
                number: self.number - 1,
            }
        }
    }

    pub fn next(self) -> Self {
        if self.number == 4 {
            Self {
                year: self.year + 1,
                number: 1,
            }
        } else {
            Self {
                year: self.year,
                number: self.number + 1,
            }
        }
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Q{}", self.year, self.number)
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct QuarterParseError;

impl serde::Serialize for Quarter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Quarter {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(|_| {
            serde::de::Error::custom(format!("'{text}' is not a quarter such as 2022Q1"))
        })
    }
}

impl FromStr for Quarter {
    type Err = QuarterParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (year, number) = s.trim().split_once(['Q', 'q']).ok_or(QuarterParseError)?;
        if year.len() != 4 || number.len() != 1 {
            return Err(QuarterParseError);
        }
        let year: i32 = year.parse().map_err(|_| QuarterParseError)?;
        let number: u8 = number.parse().map_err(|_| QuarterParseError)?;
        Self::new(year, number).ok_or(QuarterParseError)
    }
}

/// Whether a quarter takes reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuarterState {
    Open,
    Closed,
}

impl QuarterState {
    pub const ALL: [&'static str; 2] = ["open", "closed"];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, ValidationError> {
        match value.trim().to_lowercase().as_str() {
            "open" | "åben" | "aaben" | "åbent" => Ok(Self::Open),
            "closed" | "lukket" => Ok(Self::Closed),
            _ => Err(ValidationError::new(
                field,
                Problem::UnknownValue,
                format!("'{value}' is not a quarter state (open, closed)"),
            )),
        }
    }
}

/// A quarter as the portfolio holds it: its deadline and whether it still
/// takes reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    pub quarter: Quarter,
    pub deadline: NaiveDate,
    pub open: bool,
}

/// The quarter reports are being collected for: the earliest open quarter
/// whose deadline has not passed, else the earliest open one, else the newest.
pub fn current(held: &[Held], today: NaiveDate) -> Option<Quarter> {
    let mut open: Vec<&Held> = held.iter().filter(|h| h.open).collect();
    open.sort_by_key(|h| h.quarter);
    open.iter()
        .find(|h| h.deadline >= today)
        .or(open.first())
        .map(|h| h.quarter)
        .or_else(|| held.iter().map(|h| h.quarter).max())
}

/// The quarters from `count - 1` before `last` up to `last`.
pub fn up_to(last: Quarter, count: usize) -> Vec<Quarter> {
    let mut range: Vec<Quarter> = std::iter::successors(Some(last), |q| Some(q.previous()))
        .take(count)
        .collect();
    range.reverse();
    range
}

/// Whether a quarter takes status reports: while it is open and Chefforum
/// has not approved it. `history` (the council loading earlier quarters'
/// reports) admits a closed quarter too, never an approved one.
pub fn takes_reports(open: bool, approved: bool, history: bool) -> Result<(), Problem> {
    if !open && !history {
        Err(Problem::QuarterClosed)
    } else if approved {
        Err(Problem::QuarterApproved)
    } else {
        Ok(())
    }
}

/// The quarter to create next: the one after the newest the portfolio holds,
/// or the quarter of `today` when it holds none.
pub fn next_to_create(held: &[Quarter], today: NaiveDate) -> Quarter {
    held.iter()
        .max()
        .map(|q| q.next())
        .unwrap_or_else(|| Quarter::containing(today))
}

/// The deadline proposed for a new quarter: the third Friday of the
/// quarter's last month (17-06-2022 for 2. kvartal 2022), so managers
/// report while the quarter's facts are fresh and the council has the last
/// two weeks to prepare Chefforum's meeting. The council may change it.
pub fn proposed_deadline(quarter: Quarter) -> NaiveDate {
    let last_month = u32::from(quarter.number) * 3;
    NaiveDate::from_weekday_of_month_opt(quarter.year, last_month, chrono::Weekday::Fri, 3)
        .expect("every month has a third Friday")
}

/// At most fifty years of quarters in one trend.
pub const TREND_MAX: usize = 200;

/// The quarters a trend shows, oldest first: those the portfolio holds from
/// `from` up to `to`, where `from` is seven quarters before `to` unless
/// given. Quarters before the portfolio existed have nothing to show.
pub fn trend_window(
    held: &[Quarter],
    from: Option<Quarter>,
    to: Quarter,
) -> Result<Vec<Quarter>, ValidationError> {
    let from = from.unwrap_or_else(|| up_to(to, 8)[0]);
    if from > to {
        return Err(ValidationError::new(
            "from",
            Problem::EndBeforeStart,
            "from is after to",
        ));
    }
    let span = std::iter::successors(Some(from), |q| Some(q.next()))
        .take_while(|q| *q <= to)
        .take(TREND_MAX + 1);
    let calendar: Vec<Quarter> = span.collect();
    if calendar.len() > TREND_MAX {
        return Err(ValidationError::new(
            "from",
            Problem::OutOfRange,
            format!("at most {TREND_MAX} quarters at a time"),
        ));
    }
    Ok(calendar.into_iter().filter(|q| held.contains(q)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_danes_write_it() {
        assert_eq!(q("2022Q1").danish(), "1. kvartal 2022");
        assert_eq!(q("2021Q4").danish(), "4. kvartal 2021");
    }

    #[test]
    fn an_approved_quarter_never_takes_reports() {
        assert_eq!(takes_reports(true, false, false), Ok(()));
        assert_eq!(
            takes_reports(false, false, false),
            Err(Problem::QuarterClosed)
        );
        assert_eq!(takes_reports(false, false, true), Ok(()), "history");
        assert_eq!(
            takes_reports(true, true, false),
            Err(Problem::QuarterApproved)
        );
        assert_eq!(
            takes_reports(false, true, true),
            Err(Problem::QuarterApproved)
        );
    }

    #[test]
    fn a_trend_shows_the_quarters_the_portfolio_holds() {
        let held = [q("2021Q4"), q("2022Q1"), q("2022Q2"), q("2022Q4")];
        assert_eq!(
            trend_window(&held, None, q("2022Q4")).unwrap(),
            held,
            "eight quarters back, but only those held"
        );
        assert_eq!(
            trend_window(&held, Some(q("2022Q1")), q("2022Q2")).unwrap(),
            [q("2022Q1"), q("2022Q2")]
        );
        let far = trend_window(&held, None, q("2025Q1")).unwrap();
        assert!(
            far.is_empty(),
            "none held in the eight quarters up to 2025Q1"
        );
        let backwards = trend_window(&held, Some(q("2022Q2")), q("2022Q1")).unwrap_err();
        assert_eq!(backwards.problem, Problem::EndBeforeStart);
        let long = trend_window(&held, Some(q("1900Q1")), q("2022Q1")).unwrap_err();
        assert_eq!(long.problem, Problem::OutOfRange);
    }

    fn q(s: &str) -> Quarter {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_prints() {
        assert_eq!(q("2022Q1").to_string(), "2022Q1");
        assert_eq!(q("2022q4").to_string(), "2022Q4");
        for bad in [
            "2022Q5", "2022Q0", "22Q1", "2022", "Q1", "2022Q", "2022Q12", "abcdQ1", "",
        ] {
            assert!(bad.parse::<Quarter>().is_err(), "{bad}");
        }
        assert_eq!(
            Quarter::parse("quarter", "2022Q5").unwrap_err().field,
            "quarter"
        );
    }

    #[test]
    fn arithmetic_crosses_years() {
        assert_eq!(q("2022Q1").previous(), q("2021Q4"));
        assert_eq!(q("2021Q4").next(), q("2022Q1"));
        assert_eq!(q("2022Q2").previous(), q("2022Q1"));
    }

    #[test]
    fn days() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(q("2022Q1").first_day(), d("2022-01-01"));
        assert_eq!(q("2022Q1").last_day(), d("2022-03-31"));
        assert_eq!(q("2022Q4").last_day(), d("2022-12-31"));
        assert_eq!(Quarter::containing(d("2022-03-31")), q("2022Q1"));
        assert_eq!(Quarter::containing(d("2022-10-01")), q("2022Q4"));
    }

    #[test]
    fn order_is_chronological() {
        assert!(q("2021Q4") < q("2022Q1"));
        assert!(q("2022Q1") < q("2022Q2"));
    }

    #[test]
    fn states() {
        assert_eq!(
            QuarterState::parse("state", "Lukket").unwrap(),
            QuarterState::Closed
        );
        assert_eq!(
            QuarterState::parse("state", "open").unwrap(),
            QuarterState::Open
        );
        assert!(QuarterState::parse("state", "ajar").is_err());
    }

    #[test]
    fn the_current_quarter_is_the_earliest_open_one_still_before_its_deadline() {
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let held = |q: &str, deadline: &str, open: bool| Held {
            quarter: q.parse().unwrap(),
            deadline: day(deadline),
            open,
        };
        let all = [
            held("2022Q1", "2022-04-15", false),
            held("2022Q2", "2022-07-15", true),
            held("2022Q3", "2022-10-15", true),
        ];
        let q = |s: &str| Some(s.parse::<Quarter>().unwrap());
        assert_eq!(current(&all, day("2022-07-01")), q("2022Q2"));
        assert_eq!(current(&all, day("2022-08-01")), q("2022Q3"));
        assert_eq!(
            current(&all, day("2023-01-01")),
            q("2022Q2"),
            "all passed: the earliest open"
        );
        assert_eq!(
            current(&all[..1], day("2023-01-01")),
            q("2022Q1"),
            "none open: the newest"
        );
        assert_eq!(current(&[], day("2023-01-01")), None);
        assert_eq!(
            up_to("2022Q2".parse().unwrap(), 3),
            ["2021Q4", "2022Q1", "2022Q2"].map(|s| s.parse::<Quarter>().unwrap())
        );
    }

    #[test]
    fn the_proposed_deadline_is_the_third_friday_of_the_last_month() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(proposed_deadline(q("2022Q1")), d("2022-03-18"));
        assert_eq!(proposed_deadline(q("2022Q2")), d("2022-06-17"));
        assert_eq!(proposed_deadline(q("2022Q4")), d("2022-12-16"));
        assert_eq!(proposed_deadline(q("2023Q1")), d("2023-03-17"));
        assert_eq!(
            proposed_deadline(q("2026Q3")),
            d("2026-09-18"),
            "a month starting on a Tuesday"
        );
        for code in ["2023Q2", "2024Q3", "2025Q4"] {
            let day = proposed_deadline(q(code));
            assert_eq!(day.weekday(), chrono::Weekday::Fri);
            assert_eq!(Quarter::containing(day), q(code));
        }
    }

    #[test]
    fn the_next_quarter_follows_the_newest() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let held = [q("2022Q3"), q("2022Q4"), q("2021Q4")];
        assert_eq!(next_to_create(&held, today), q("2023Q1"));
        assert_eq!(next_to_create(&[], today), q("2026Q4"), "none yet: today's");
    }
}

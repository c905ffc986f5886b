//! A project's economy and the portfolio's: what it was budgeted, has spent
//! and is expected to cost in all, what it will cost to run each year after
//! (afledte driftsudgifter), what it should bring in (the business case), and
//! the same summed across the portfolio for Chefforum.

use super::{Problem, ValidationError};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A trillion kroner: far above any municipal budget, far below i64 overflow.
pub const MONEY_MAX: i64 = 1_000_000_000_000;
/// Years a plan may name: a municipality's horizon, not a typo's.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;
/// How many years of derived operating costs the portfolio shows.
pub const OPERATING_YEARS: i32 = 5;

/// Whole kroner, not negative and not absurd.
pub fn kroner(field: &str, value: i64) -> Result<i64, ValidationError> {
    if value < 0 {
        Err(ValidationError::new(
            field,
            Problem::NegativeAmount,
            "must not be negative (whole kroner)",
        ))
    } else if value > MONEY_MAX {
        Err(ValidationError::new(
            field,
            Problem::AmountTooLarge,
            "is larger than any budget this service accepts",
        ))
    } else {
        Ok(value)
    }
}

fn year(field: &str, value: Option<i32>) -> Result<Option<i32>, ValidationError> {
    match value {
        Some(y) if !YEARS.contains(&y) => Err(ValidationError::new(
            field,
            Problem::OutOfRange,
            format!("must be a year from {} to {}", YEARS.start(), YEARS.end()),
        )),
        _ => Ok(value),
    }
}

/// The economy the council registers with a project, beside its budget:
/// the expected total, the running costs after, who pays, the business case
/// and when the contract runs out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EconomyPlan {
    /// Expected total one-off cost; none means the budget is still the forecast.
    pub forecast: Option<i64>,
    /// The first year the derived operating costs are paid; none means the
    /// year after the planned end.
    pub operating_from: Option<i32>,
    /// The department that pays, when another than the owning one.
    pub financing_department_id: Option<i32>,
    /// Expected yearly gross benefit in kroner (the business case).
    pub benefit_yearly: i64,
    /// The first year of benefit; none means the first year of operation.
    pub benefit_from: Option<i32>,
    /// When the contract of the system the project delivers expires.
    pub contract_end: Option<NaiveDate>,
}

impl EconomyPlan {
    /// Every problem at its field.
    pub fn check(self) -> Result<Self, Vec<ValidationError>> {
        let problems: Vec<ValidationError> = [
            self.forecast
                .map(|f| kroner("forecast", f))
                .transpose()
                .err(),
            kroner("benefit_yearly", self.benefit_yearly).err(),
            year("operating_from", self.operating_from).err(),
            year("benefit_from", self.benefit_from).err(),
        ]
        .into_iter()
        .flatten()
        .collect();
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(problems)
        }
    }
}

/// What a project manager reports on the economy with each quarter's status:
/// spent to date, the expected total and the expected end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forecast {
    pub spent: i64,
    pub forecast: i64,
    pub expected_end: Option<NaiveDate>,
}

impl Forecast {
    pub fn check(self) -> Result<Self, Vec<ValidationError>> {
        let problems: Vec<ValidationError> = [
            kroner("spent", self.spent).err(),
            kroner("forecast", self.forecast).err(),
        ]
        .into_iter()
        .flatten()
        .collect();
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(problems)
        }
    }
}

/// The economy part of a status as it arrives: any of it may be left out,
/// and what is left out stays as last known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ForecastInput {
    pub spent: Option<i64>,
    pub forecast: Option<i64>,
    pub expected_end: Option<NaiveDate>,
}

impl ForecastInput {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The reported figures, the rest taken from what was known before;
    /// nothing when nothing was reported.
    pub fn complete(self, known: Forecast) -> Result<Option<Forecast>, Vec<ValidationError>> {
        if self.is_empty() {
            return Ok(None);
        }
        Forecast {
            spent: self.spent.unwrap_or(known.spent),
            forecast: self.forecast.unwrap_or(known.forecast),
            expected_end: self.expected_end.or(known.expected_end),
        }
        .check()
        .map(Some)
    }
}

/// One project's figures as the portfolio sums them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub budget: i64,
    pub spent: i64,
    /// Expected total cost (the budget when nothing else is known).
    pub forecast: i64,
    /// Derived yearly operating cost.
    pub operating_cost: i64,
    /// The first year it is paid.
    pub operating_from: Option<i32>,
    pub benefit_yearly: i64,
    pub benefit_from: Option<i32>,
}

impl Figures {
    /// How far the expected total exceeds the budget (0 when within it).
    pub fn overrun(&self) -> i64 {
        (self.forecast - self.budget).max(0)
    }

    /// The derived operating cost paid in `year`.
    pub fn operating_in(&self, year: i32) -> i64 {
        match self.operating_from {
            Some(from) if from <= year => self.operating_cost,
            _ => 0,
        }
    }

    /// The first year by whose end the benefits, less the operating costs,
    /// have paid back the expected total; none when they never do within
    /// fifty years (or there is no business case).
    pub fn payback_year(&self) -> Option<i32> {
        let first = self.benefit_from.or(self.operating_from)?;
        if self.benefit_yearly == 0 {
            return None;
        }
        let mut left = self.forecast;
        for year in first..first + 50 {
            left -= self.benefit_yearly - self.operating_in(year);
            if left <= 0 {
                return Some(year);
            }
        }
        None
    }
}

/// The year operating costs start when the plan does not say: the year after
/// the project is expected to end.
pub fn default_operating_from(planned: Option<i32>, end: Option<NaiveDate>) -> Option<i32> {
    planned.or_else(|| end.map(|d| d.year() + 1))
}

/// Sums over a group of projects.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub projects: usize,
    pub budget: i64,
    pub forecast: i64,
    pub spent: i64,
    pub overrun: i64,
    pub operating_cost: i64,
}

impl Totals {
    pub fn add(&mut self, f: &Figures) {
        self.projects += 1;
        self.budget += f.budget;
        self.forecast += f.forecast;
        self.spent += f.spent;
        self.overrun += f.overrun();
        self.operating_cost += f.operating_cost;
    }

    pub fn of<'a>(figures: impl IntoIterator<Item = &'a Figures>) -> Self {
        let mut t = Self::default();
        for f in figures {
            t.add(f);
        }
        t
    }
}

/// Derived operating costs per year for `OPERATING_YEARS` years from `first`.
pub fn operating_by_year<'a>(
    figures: impl IntoIterator<Item = &'a Figures> + Clone,
    first: i32,
) -> Vec<(i32, i64)> {
    (first..first + OPERATING_YEARS)
        .map(|y| {
            (
                y,
                figures.clone().into_iter().map(|f| f.operating_in(y)).sum(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(budget: i64, forecast: i64) -> Figures {
        Figures {
            budget,
            forecast,
            spent: budget / 2,
            ..Figures::default()
        }
    }

    #[test]
    fn overrun_counts_only_what_exceeds_the_budget() {
        assert_eq!(figures(1_000_000, 1_250_000).overrun(), 250_000);
        assert_eq!(figures(1_000_000, 900_000).overrun(), 0);
    }

    #[test]
    fn totals_are_the_sum_of_the_projects() {
        let all = [figures(1_000_000, 1_250_000), figures(500_000, 400_000)];
        let t = Totals::of(&all);
        assert_eq!(t.projects, 2);
        assert_eq!(t.budget, 1_500_000);
        assert_eq!(t.forecast, 1_650_000);
        assert_eq!(t.spent, 750_000);
        // The underrun of one project does not hide the overrun of another.
        assert_eq!(t.overrun, 250_000);
    }

    #[test]
    fn operating_costs_start_in_their_year() {
        let a = Figures {
            operating_cost: 100,
            operating_from: Some(2023),
            ..Figures::default()
        };
        let b = Figures {
            operating_cost: 10,
            operating_from: Some(2025),
            ..Figures::default()
        };
        let none = Figures {
            operating_cost: 1000,
            ..Figures::default()
        };
        assert_eq!(
            operating_by_year(&[a, b, none], 2022),
            [
                (2022, 0),
                (2023, 100),
                (2024, 100),
                (2025, 110),
                (2026, 110)
            ]
        );
        let end = NaiveDate::from_ymd_opt(2023, 6, 30);
        assert_eq!(default_operating_from(None, end), Some(2024));
        assert_eq!(default_operating_from(Some(2023), end), Some(2023));
    }

    #[test]
    fn payback_is_the_year_net_benefits_cover_the_cost() {
        let case = Figures {
            forecast: 1_000_000,
            operating_cost: 100_000,
            operating_from: Some(2023),
            benefit_yearly: 400_000,
            benefit_from: Some(2023),
            ..Figures::default()
        };
        // 300.000 kr. a year net: 300, 600, 900, 1.200 thousand by 2026.
        assert_eq!(case.payback_year(), Some(2026));
        let exact = Figures {
            forecast: 900_000,
            ..case
        };
        assert_eq!(exact.payback_year(), Some(2025));
        let never = Figures {
            benefit_yearly: 100_000,
            ..case
        };
        assert_eq!(never.payback_year(), None);
        let no_case = Figures {
            benefit_yearly: 0,
            ..case
        };
        assert_eq!(no_case.payback_year(), None);
    }

    #[test]
    fn plans_are_checked_at_their_fields() {
        let bad = EconomyPlan {
            forecast: Some(-1),
            operating_from: Some(1200),
            benefit_yearly: MONEY_MAX + 1,
            ..EconomyPlan::default()
        };
        let fields: Vec<String> = bad
            .check()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["forecast", "benefit_yearly", "operating_from"]);
        assert!(EconomyPlan::default().check().is_ok());
        let reported = Forecast {
            spent: -5,
            forecast: 10,
            expected_end: None,
        };
        assert_eq!(reported.check().unwrap_err()[0].field, "spent");
    }

    #[test]
    fn a_partial_forecast_keeps_what_was_known() {
        let known = Forecast {
            spent: 100,
            forecast: 1000,
            expected_end: NaiveDate::from_ymd_opt(2025, 11, 30),
        };
        assert_eq!(ForecastInput::default().complete(known), Ok(None));
        let spent_only = ForecastInput {
            spent: Some(400),
            ..ForecastInput::default()
        };
        assert_eq!(
            spent_only.complete(known),
            Ok(Some(Forecast {
                spent: 400,
                ..known
            }))
        );
        let bad = ForecastInput {
            forecast: Some(-1),
            ..ForecastInput::default()
        };
        assert_eq!(bad.complete(known).unwrap_err()[0].field, "forecast");
    }
}

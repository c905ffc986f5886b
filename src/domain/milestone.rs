//! Milestones: a project's planned dates ("udbudsmaterialet uploades til
//! EU-Supply 28. oktober"), moved with the history of each move, and done.

use super::text::{free_text, required_name};
use super::{Problem, ValidationError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const NAME_MAX: usize = 200;

/// A milestone as someone enters it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneInput {
    pub name: String,
    /// A step of a tender (udbud): it puts the project on "Kommende udbud".
    pub tender: bool,
    pub planned: Option<NaiveDate>,
    /// The new date, when it has moved.
    pub moved_to: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub note: String,
}

/// A milestone that keeps the rules: a name and a planned date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    pub name: String,
    pub tender: bool,
    pub planned: NaiveDate,
    pub moved_to: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub note: String,
}

impl Milestone {
    /// Every problem at its field.
    pub fn check(input: MilestoneInput) -> Result<Self, Vec<ValidationError>> {
        let mut problems = vec![];
        let name = required_name("name", &input.name, NAME_MAX).map_err(|e| problems.push(e));
        let note =
            free_text("note", &input.note, super::project::TEXT_MAX).map_err(|e| problems.push(e));
        if input.planned.is_none() {
            problems.push(ValidationError::new(
                "planned",
                Problem::Required,
                "a milestone needs its planned date",
            ));
        }
        match (name, note, input.planned) {
            (Ok(name), Ok(note), Some(planned)) if problems.is_empty() => Ok(Self {
                name,
                tender: input.tender,
                planned,
                // Moved back to the planned date is not moved.
                moved_to: input.moved_to.filter(|d| *d != planned),
                done_on: input.done_on,
                note,
            }),
            _ => Err(problems),
        }
    }

    /// The date that holds now: the new one if it moved.
    pub fn date(&self) -> NaiveDate {
        self.moved_to.unwrap_or(self.planned)
    }
}

/// One move of a milestone, as the history keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    pub on: NaiveDate,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The move a change makes, if it changes the date that holds.
pub fn move_between(before: NaiveDate, after: NaiveDate, on: NaiveDate) -> Option<Move> {
    (before != after).then_some(Move {
        on,
        from: before,
        to: after,
    })
}

/// The moves made within a period taken together: from the date before the
/// first to the date after the last, and how many days that is (negative:
/// earlier). None when nothing moved, or it moved back where it was.
pub fn net_move(
    moves: &[Move],
    from: NaiveDate,
    to: NaiveDate,
) -> Option<(NaiveDate, NaiveDate, i64)> {
    let mut within = moves.iter().filter(|m| m.on >= from && m.on <= to);
    let first = within.next()?;
    let last = within.next_back().unwrap_or(first);
    let days = (last.to - first.from).num_days();
    (days != 0).then_some((first.from, last.to, days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_milestone_needs_a_name_and_a_date() {
        let input = MilestoneInput {
            name: " ".into(),
            tender: true,
            planned: None,
            moved_to: None,
            done_on: None,
            note: String::new(),
        };
        let fields: Vec<String> = Milestone::check(input.clone())
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["name", "planned"]);
        let ok = Milestone::check(MilestoneInput {
            name: "Udbudsmaterialet uploades til EU-Supply".into(),
            planned: Some(d(2022, 10, 28)),
            moved_to: Some(d(2022, 10, 28)),
            ..input
        })
        .unwrap();
        assert_eq!(ok.moved_to, None, "moved to its own date is not moved");
        assert_eq!(ok.date(), d(2022, 10, 28));
    }

    #[test]
    fn moves_within_a_period_add_up() {
        let moves = [
            Move {
                on: d(2022, 8, 1),
                from: d(2022, 9, 30),
                to: d(2022, 10, 14),
            },
            Move {
                on: d(2022, 9, 1),
                from: d(2022, 10, 14),
                to: d(2022, 10, 28),
            },
            Move {
                on: d(2022, 11, 1),
                from: d(2022, 10, 28),
                to: d(2022, 12, 1),
            },
        ];
        let q3 = (d(2022, 7, 1), d(2022, 9, 30));
        assert_eq!(
            net_move(&moves, q3.0, q3.1),
            Some((d(2022, 9, 30), d(2022, 10, 28), 28))
        );
        assert_eq!(net_move(&moves, d(2022, 1, 1), d(2022, 6, 30)), None);
        let back = [
            Move {
                on: d(2022, 8, 1),
                from: d(2022, 9, 30),
                to: d(2022, 10, 14),
            },
            Move {
                on: d(2022, 8, 2),
                from: d(2022, 10, 14),
                to: d(2022, 9, 30),
            },
        ];
        assert_eq!(net_move(&back, q3.0, q3.1), None, "moved back where it was");
        assert_eq!(
            move_between(d(2022, 1, 1), d(2022, 1, 1), d(2022, 1, 1)),
            None
        );
    }
}

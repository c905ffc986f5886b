//! IT-projektrådet's own assessment (ITP-vurdering) of a project's quarter:
//! per parameter, a colour of its own and why, beside the project manager's.
//! The report's red tables can be built on either.

use super::status::{Colour, Parameter, COMMENT_MAX};
use super::text::free_text;
use super::{Problem, ValidationError};
use serde::{Deserialize, Serialize};

/// The council's colours (none: no own view on that parameter) and comments,
/// in `Parameter::ALL` order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub colours: [Option<Colour>; 4],
    pub comments: [String; 4],
    pub comment: String,
}

impl Assessment {
    /// A colour of the council's own says why; texts are clean. Every problem
    /// at its field (`tid.comment`).
    pub fn check(
        colours: [Option<Colour>; 4],
        comments: [String; 4],
        comment: &str,
    ) -> Result<Self, Vec<ValidationError>> {
        let mut problems = vec![];
        let mut checked: [String; 4] = Default::default();
        for (i, parameter) in Parameter::ALL.into_iter().enumerate() {
            let field = format!("{}.comment", parameter.as_str());
            match free_text(&field, &comments[i], COMMENT_MAX) {
                Ok(text) if colours[i].is_some() && text.trim().is_empty() => {
                    problems.push(ValidationError::new(
                        field,
                        Problem::Required,
                        format!("say why the council assesses {} so", parameter.danish()),
                    ))
                }
                Ok(text) => checked[i] = text,
                Err(e) => problems.push(e),
            }
        }
        let comment = free_text("comment", comment, COMMENT_MAX).map_err(|e| problems.push(e));
        match comment {
            Ok(comment) if problems.is_empty() => Ok(Self {
                colours,
                comments: checked,
                comment,
            }),
            _ => Err(problems),
        }
    }

    pub fn colour(&self, p: Parameter) -> Option<Colour> {
        self.colours[p as usize]
    }
}

/// Whose colours the report's red tables follow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Basis {
    /// The project managers' own, as in the minutes.
    #[default]
    ProjectManagers,
    /// The council's where it assessed a parameter, the project manager's elsewhere.
    Council,
}

/// The colour that counts on the basis chosen.
pub fn effective(
    reported: Option<Colour>,
    council: Option<Colour>,
    basis: Basis,
) -> Option<Colour> {
    match basis {
        Basis::ProjectManagers => reported,
        Basis::Council => council.or(reported),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Colour::{Green, Red};

    #[test]
    fn an_own_colour_says_why() {
        let comments = || Default::default();
        let problems =
            Assessment::check([None, None, Some(Red), None], comments(), "").unwrap_err();
        assert_eq!(problems[0].field, "tid.comment");
        let ok = Assessment::check(
            [None, None, Some(Red), None],
            [
                String::new(),
                String::new(),
                "Baseline overskredet med 10 måneder".into(),
                String::new(),
            ],
            "",
        )
        .unwrap();
        assert_eq!(ok.colour(Parameter::Tid), Some(Red));
        assert_eq!(ok.colour(Parameter::Okonomi), None);
    }

    #[test]
    fn the_basis_decides_which_colour_counts() {
        assert_eq!(
            effective(Some(Green), Some(Red), Basis::ProjectManagers),
            Some(Green)
        );
        assert_eq!(effective(Some(Green), Some(Red), Basis::Council), Some(Red));
        assert_eq!(effective(Some(Green), None, Basis::Council), Some(Green));
        assert_eq!(effective(None, Some(Red), Basis::Council), Some(Red));
    }
}

//! A quarterly status report: four parameters, each green, yellow or red.

use super::economy::Forecast;
use super::text::free_text;
use super::{Problem, ValidationError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Colour {
    Green,
    Yellow,
    Red,
}

impl Colour {
    pub const ALL: [&'static str; 3] = ["green", "yellow", "red"];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Green => "green",
            Self::Yellow => "yellow",
            Self::Red => "red",
        }
    }

    /// The Danish word shown next to the colour, so colour is never the only signal.
    pub fn danish(self) -> &'static str {
        match self {
            Self::Green => "grøn",
            Self::Yellow => "gul",
            Self::Red => "rød",
        }
    }

    /// Accepts the English API words and the Danish words of the spreadsheet.
    pub fn parse(field: &str, value: &str) -> Result<Self, ValidationError> {
        match value.trim().to_lowercase().as_str() {
            "green" | "grøn" | "groen" | "grön" => Ok(Self::Green),
            "yellow" | "gul" => Ok(Self::Yellow),
            "red" | "rød" | "roed" | "röd" => Ok(Self::Red),
            _ => Err(ValidationError::new(
                field,
                Problem::UnknownValue,
                format!("'{value}' is not a colour (green, yellow, red)"),
            )),
        }
    }
}

/// The four reported parameters, in the order the minutes' tables list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Parameter {
    Ressourcer,
    Leverancer,
    Tid,
    Okonomi,
}

impl Parameter {
    pub const ALL: [Parameter; 4] = [Self::Ressourcer, Self::Leverancer, Self::Tid, Self::Okonomi];
    pub const NAMES: [&'static str; 4] = ["ressourcer", "leverancer", "tid", "okonomi"];

    /// The API name (ASCII, as in the JSON field names).
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The Danish heading word.
    pub fn danish(self) -> &'static str {
        match self {
            Self::Ressourcer => "ressourcer",
            Self::Leverancer => "leverancer",
            Self::Tid => "tid",
            Self::Okonomi => "økonomi",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, ValidationError> {
        match value.trim().to_lowercase().as_str() {
            "ressourcer" | "resources" => Ok(Self::Ressourcer),
            "leverancer" | "deliverables" => Ok(Self::Leverancer),
            "tid" | "time" => Ok(Self::Tid),
            "okonomi" | "økonomi" | "oekonomi" | "economy" => Ok(Self::Okonomi),
            _ => Err(ValidationError::new(
                field,
                Problem::UnknownValue,
                format!("'{value}' is not a parameter (ressourcer, leverancer, tid, okonomi)"),
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterStatus {
    pub colour: Colour,
    pub comment: String,
}

/// A validated report: every red parameter says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusReport {
    parameters: [ParameterStatus; 4],
    pub comment: String,
    /// Spent, forecast and expected end, when reported with the status.
    pub economy: Option<Forecast>,
}

pub const COMMENT_MAX: usize = 4000;

/// One parameter: a colour is chosen, the comment is clean text, and red says why.
fn check_parameter(
    parameter: Parameter,
    colour: Option<Colour>,
    text: &str,
) -> Result<ParameterStatus, ValidationError> {
    let name = parameter.as_str();
    let colour = colour.ok_or_else(|| {
        ValidationError::new(
            format!("{name}.colour"),
            Problem::Required,
            "choose green, yellow or red",
        )
    })?;
    let field = format!("{name}.comment");
    let comment = free_text(&field, text, COMMENT_MAX)?;
    if colour == Colour::Red && comment.is_empty() {
        return Err(ValidationError::new(
            field,
            Problem::RedNeedsComment,
            format!("a red {} needs a comment that says why", parameter.danish()),
        ));
    }
    Ok(ParameterStatus { colour, comment })
}

impl StatusReport {
    /// `parameters` in `Parameter::ALL` order; the first problem found.
    pub fn new(parameters: [(Colour, String); 4], comment: &str) -> Result<Self, ValidationError> {
        Self::check(
            parameters.map(|(colour, text)| (Some(colour), text)),
            comment,
        )
        .map_err(|mut problems| problems.remove(0))
    }

    /// Every problem at once, each at its field (`tid.colour`, `tid.comment`,
    /// `comment`), for a form that shows them all; `None` is a colour not chosen.
    pub fn check(
        parameters: [(Option<Colour>, String); 4],
        comment: &str,
    ) -> Result<Self, Vec<ValidationError>> {
        let mut problems = vec![];
        let mut checked = Vec::with_capacity(4);
        for (parameter, (colour, text)) in Parameter::ALL.into_iter().zip(parameters) {
            match check_parameter(parameter, colour, &text) {
                Ok(status) => checked.push(status),
                Err(problem) => problems.push(problem),
            }
        }
        let comment = free_text("comment", comment, COMMENT_MAX).map_err(|e| problems.push(e));
        match (comment, <[ParameterStatus; 4]>::try_from(checked)) {
            (Ok(comment), Ok(parameters)) if problems.is_empty() => Ok(Self {
                parameters,
                comment,
                economy: None,
            }),
            _ => Err(problems),
        }
    }

    pub fn get(&self, parameter: Parameter) -> &ParameterStatus {
        &self.parameters[parameter as usize]
    }

    pub fn red_parameters(&self) -> impl Iterator<Item = Parameter> + '_ {
        Parameter::ALL
            .into_iter()
            .filter(|p| self.get(*p).colour == Colour::Red)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(colours: [Colour; 4], comments: [&str; 4]) -> [(Colour, String); 4] {
        let mut it = colours
            .into_iter()
            .zip(comments)
            .map(|(c, t)| (c, t.to_string()));
        [(); 4].map(|_| it.next().unwrap())
    }

    #[test]
    fn red_needs_a_comment() {
        use Colour::*;
        let err = StatusReport::new(params([Green, Green, Red, Green], ["", "", " ", ""]), "")
            .unwrap_err();
        assert_eq!(err.field, "tid.comment");
        assert!(err.message.contains("red tid"));

        let ok = StatusReport::new(
            params(
                [Green, Yellow, Red, Green],
                ["", "", "Leverandøren er forsinket", ""],
            ),
            "Samlet ok",
        )
        .unwrap();
        assert_eq!(ok.red_parameters().collect::<Vec<_>>(), [Parameter::Tid]);
        assert_eq!(ok.get(Parameter::Tid).comment, "Leverandøren er forsinket");
    }

    #[test]
    fn a_form_sees_every_problem_at_its_field() {
        use Colour::*;
        let long = "x".repeat(COMMENT_MAX + 1);
        let problems = StatusReport::check(
            [
                (Some(Red), " ".into()),
                (None, String::new()),
                (Some(Green), long.clone()),
                (Some(Yellow), "ok\u{202E}".into()),
            ],
            &long,
        )
        .unwrap_err();
        let found: Vec<(&str, Problem)> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.problem))
            .collect();
        assert_eq!(
            found,
            [
                ("ressourcer.comment", Problem::RedNeedsComment),
                ("leverancer.colour", Problem::Required),
                ("tid.comment", Problem::TooLong(COMMENT_MAX)),
                ("okonomi.comment", Problem::InvisibleCharacters),
                ("comment", Problem::TooLong(COMMENT_MAX)),
            ]
        );
    }

    #[test]
    fn colours_in_both_languages() {
        assert_eq!(Colour::parse("c", "Rød").unwrap(), Colour::Red);
        assert_eq!(Colour::parse("c", "grøn").unwrap(), Colour::Green);
        assert_eq!(Colour::parse("c", "yellow").unwrap(), Colour::Yellow);
        assert!(Colour::parse("c", "blue").is_err());
    }

    #[test]
    fn parameters_in_both_spellings() {
        assert_eq!(
            Parameter::parse("p", "Økonomi").unwrap(),
            Parameter::Okonomi
        );
        assert_eq!(
            Parameter::parse("p", "okonomi").unwrap(),
            Parameter::Okonomi
        );
        assert!(Parameter::parse("p", "kvalitet").is_err());
        assert_eq!(Parameter::Okonomi.as_str(), "okonomi");
    }
}

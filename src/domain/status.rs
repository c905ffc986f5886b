//! A quarterly status report: four parameters, each green, yellow or red.

use super::text::free_text;
use super::ValidationError;

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
}

pub const COMMENT_MAX: usize = 4000;

impl StatusReport {
    /// `parameters` in `Parameter::ALL` order.
    pub fn new(parameters: [(Colour, String); 4], comment: &str) -> Result<Self, ValidationError> {
        let mut checked = Vec::with_capacity(4);
        for (parameter, (colour, text)) in Parameter::ALL.into_iter().zip(parameters) {
            let field = format!("{}.comment", parameter.as_str());
            let text = free_text(&field, &text, COMMENT_MAX)?;
            if colour == Colour::Red && text.is_empty() {
                return Err(ValidationError::new(
                    field,
                    format!("a red {} needs a comment that says why", parameter.danish()),
                ));
            }
            checked.push(ParameterStatus {
                colour,
                comment: text,
            });
        }
        let comment = free_text("comment", comment, COMMENT_MAX)?;
        let parameters: [ParameterStatus; 4] = checked
            .try_into()
            .expect("exactly four parameters were checked");
        Ok(Self {
            parameters,
            comment,
        })
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

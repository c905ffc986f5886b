//! The Q-report in the formats the council hands on: CSV for Danish Excel,
//! an XLSX workbook, and a printable HTML page for Chefforum's agenda.

pub mod ahead;
pub mod csv;
pub mod html;
pub mod xlsx;

use crate::domain::economy::{Figures, Totals};
use crate::domain::report::ProjectLine;
use crate::domain::status::{Colour, Parameter};
use crate::domain::tolerance::greener;

/// The word shown beside or instead of a colour, so colour is never the only signal.
pub fn colour_word(colour: Option<Colour>) -> &'static str {
    colour.map(Colour::danish).unwrap_or("ikke rapporteret")
}

/// The heading of a red table, as in the minutes.
pub fn red_heading(parameter: Parameter) -> String {
    format!("Røde projekter ift. {}", parameter.danish())
}

/// Column headings for the four parameters, as in the minutes.
pub const PARAMETER_HEADINGS: [&str; 4] = ["Ressourcer", "Leverancer", "Tid", "Økonomi"];

/// The economy table's columns: the texts, then the amounts (whole kroner).
pub const ECONOMY_TEXT_HEADINGS: [&str; 3] = ["Projektnavn", "Afdeling", "Finansierende afdeling"];
pub const ECONOMY_AMOUNT_HEADINGS: [&str; 6] = [
    "Budget",
    "Forbrug",
    "Prognose",
    "Overskridelse",
    "Afledte driftsudgifter pr. år",
    "Årlig gevinst",
];
pub const ECONOMY_YEAR_HEADINGS: [&str; 2] = ["Drift fra", "Tilbagebetalt år"];

/// A project's amounts in `ECONOMY_AMOUNT_HEADINGS` order.
pub fn economy_amounts(f: &Figures) -> [i64; 6] {
    [
        f.budget,
        f.spent,
        f.forecast,
        f.overrun(),
        f.operating_cost,
        f.benefit_yearly,
    ]
}

/// The totals in `ECONOMY_AMOUNT_HEADINGS` order (no benefit total: a
/// business case is the project's own).
pub fn total_amounts(t: &Totals) -> [Option<i64>; 6] {
    [
        Some(t.budget),
        Some(t.spent),
        Some(t.forecast),
        Some(t.overrun),
        Some(t.operating_cost),
        None,
    ]
}

/// The columns beside the reported colours: what the tolerances suggest.
pub const SUGGESTION_HEADINGS: [&str; 3] = [
    "Tid ifølge prognosen",
    "Økonomi ifølge prognosen",
    "Rapporteret grønnere end reglen",
];

/// "tid, økonomi": the parameters reported greener than the rule suggests.
pub fn greener_than_rule(line: &ProjectLine) -> String {
    let Some(status) = &line.status else {
        return String::new();
    };
    [
        (Parameter::Tid, line.suggestion.tid),
        (Parameter::Okonomi, line.suggestion.okonomi),
    ]
    .into_iter()
    .filter(|(p, suggested)| greener(status.colour(*p), *suggested))
    .map(|(p, _)| p.danish())
    .collect::<Vec<_>>()
    .join(", ")
}

pub fn colours(line: &ProjectLine) -> [Option<Colour>; 4] {
    Parameter::ALL.map(|p| line.colour(p))
}

/// A file name such as `projektportefoelje-2022Q1.xlsx` (ASCII, so every browser keeps it).
pub fn file_name(
    quarter: crate::domain::quarter::Quarter,
    part: Option<&str>,
    extension: &str,
) -> String {
    match part {
        Some(part) => format!("projektportefoelje-{quarter}-{part}.{extension}"),
        None => format!("projektportefoelje-{quarter}.{extension}"),
    }
}

//! Reading a CSV as Danish Excel writes it: `;` (or `,`), UTF-8 with or
//! without BOM, Danish headers. Every problem is reported with its line number.

use crate::domain::{Problem, ValidationError};
use std::collections::HashMap;

/// What is wrong in a line: the column at fault as the sheet names it, the
/// rule broken and the value quoted, which the pages say in Danish; and an
/// English message for the API and the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub column: Option<String>,
    /// The field a use case's rule named (`tid.comment`, `email`), when the
    /// fault came from one rather than from reading the sheet.
    pub field: Option<String>,
    pub problem: Problem,
    pub value: Option<String>,
    pub message: String,
}

impl Fault {
    /// The value in `column` breaks `problem`.
    pub fn at(column: &str, problem: Problem, value: &str, message: impl Into<String>) -> Self {
        Self {
            column: Some(column.to_string()),
            field: None,
            problem,
            value: Some(value.to_string()),
            message: message.into(),
        }
    }

    /// A fault of the file or the line as a whole.
    pub fn whole(problem: Problem, value: Option<String>, message: impl Into<String>) -> Self {
        Self {
            column: None,
            field: None,
            problem,
            value,
            message: message.into(),
        }
    }

    /// A rule of the domain broken by the value in `column`.
    pub fn rule<'a>(column: &'a str, value: &'a str) -> impl FnOnce(ValidationError) -> Self + 'a {
        move |e| Self {
            column: Some(column.to_string()),
            field: Some(e.field),
            problem: e.problem,
            value: Some(value.to_string()),
            message: e.message,
        }
    }
}

impl From<ValidationError> for Fault {
    fn from(e: ValidationError) -> Self {
        Self {
            column: None,
            field: Some(e.field),
            problem: e.problem,
            value: None,
            message: e.message,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub fault: Fault,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.fault.message)
    }
}

/// One data row, its cells keyed by normalised header.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    cells: HashMap<String, String>,
}

/// Headers compare without case, surrounding space or a leading BOM.
pub fn normalise(header: &str) -> String {
    header.trim_start_matches('\u{feff}').trim().to_lowercase()
}

impl Row {
    /// The first non-empty cell among the header aliases.
    pub fn get(&self, headers: &[&str]) -> Option<&str> {
        headers
            .iter()
            .filter_map(|h| self.cells.get(&normalise(h)))
            .map(|v| v.trim())
            .find(|v| !v.is_empty())
    }

    pub fn required(&self, headers: &[&str]) -> Result<&str, Fault> {
        self.get(headers).ok_or_else(|| Fault {
            column: Some(headers[0].to_string()),
            field: None,
            problem: Problem::Required,
            value: None,
            message: format!("{} is missing", headers[0]),
        })
    }
}

/// One problem at the header line, as the whole answer.
fn at_header(fault: Fault) -> Vec<LineError> {
    vec![LineError { line: 1, fault }]
}

/// The file as text: UTF-8 (Excel's "CSV UTF-8"), without its byte-order mark.
fn text_of(bytes: &[u8]) -> Result<&str, Vec<LineError>> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.trim_start_matches('\u{feff}')),
        Err(e) => {
            let newlines = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n');
            Err(vec![LineError {
                line: newlines.count() + 1,
                fault: Fault::whole(
                    Problem::NotUtf8,
                    None,
                    "the file is not UTF-8; save it from Excel as \"CSV UTF-8\"",
                ),
            }])
        }
    }
}

/// Danish Excel separates with semicolons, others with commas: whichever
/// the header line has more of.
fn delimiter_of(text: &str) -> u8 {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.matches(';').count() >= first_line.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// The normalised header names, with every required column present.
fn headers_of(
    reader: &mut csv::Reader<&[u8]>,
    required_headers: &[&[&str]],
) -> Result<Vec<String>, Vec<LineError>> {
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(normalise).collect(),
        Err(e) => {
            let message = format!("cannot read the header line: {e}");
            return Err(at_header(Fault::whole(Problem::Malformed, None, message)));
        }
    };
    let names = |columns: Vec<&str>| Some(columns.join(", "));
    if headers.iter().all(|h| h.is_empty()) {
        let all = names(required_headers.iter().map(|a| a[0]).collect());
        let message = "the file has no header line";
        return Err(at_header(Fault::whole(
            Problem::MissingColumns,
            all,
            message,
        )));
    }
    let missing: Vec<&str> = required_headers
        .iter()
        .filter(|aliases| !aliases.iter().any(|a| headers.contains(&normalise(a))))
        .map(|aliases| aliases[0])
        .collect();
    if !missing.is_empty() {
        let message = format!("missing column(s): {}", missing.join(", "));
        return Err(at_header(Fault::whole(
            Problem::MissingColumns,
            names(missing),
            message,
        )));
    }
    Ok(headers)
}

/// The file's rows, and every line that could not be read (kept to be
/// reported with the rows' own faults); the file's own fault as the error.
pub fn read(
    bytes: &[u8],
    required_headers: &[&[&str]],
) -> Result<(Vec<Row>, Vec<LineError>), Vec<LineError>> {
    let text = text_of(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter_of(text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = headers_of(&mut reader, required_headers)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    // The csv crate's own line count skips blank lines; count from byte offsets instead.
    let mut lines = LineCounter {
        text,
        byte: 0,
        line: 1,
    };
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map(|p| lines.at(p.byte())).unwrap_or(0);
                match row_of(&headers, &record, line) {
                    Ok(Some(row)) => rows.push(row),
                    Ok(None) => {}
                    Err(problem) => errors.push(LineError {
                        line,
                        fault: Fault::whole(problem, None, problem_text(problem)),
                    }),
                }
            }
            Err(e) => {
                let line = e.position().map(|p| lines.at(p.byte())).unwrap_or(0);
                let message = format!("cannot read the line: {e}");
                errors.push(LineError {
                    line,
                    fault: Fault::whole(Problem::Malformed, None, message),
                });
            }
        }
    }
    Ok((rows, errors))
}

/// The English message of a line with the wrong number of fields.
fn problem_text(problem: Problem) -> String {
    match problem {
        Problem::WrongFieldCount { expected, found } => {
            format!("expected {expected} fields, found {found}")
        }
        other => other.code().to_string(),
    }
}

/// A record as a row of named cells; `None` for a blank line.
fn row_of(
    headers: &[String],
    record: &csv::StringRecord,
    line: usize,
) -> Result<Option<Row>, Problem> {
    if record.iter().all(|c| c.trim().is_empty()) {
        return Ok(None);
    }
    if record.len() != headers.len() {
        let (expected, found) = (headers.len(), record.len());
        return Err(Problem::WrongFieldCount { expected, found });
    }
    let cells = headers
        .iter()
        .cloned()
        .zip(record.iter().map(str::to_string))
        .collect();
    Ok(Some(Row { line, cells }))
}

/// Line numbers of byte offsets that only move forward, in one pass over the text.
struct LineCounter<'a> {
    text: &'a str,
    byte: usize,
    line: usize,
}

impl LineCounter<'_> {
    fn at(&mut self, byte: u64) -> usize {
        let mut byte = (byte as usize).min(self.text.len());
        // A record's position may point at blank lines skipped before it.
        while matches!(self.text.as_bytes().get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        if byte > self.byte {
            self.line += self.text.as_bytes()[self.byte..byte]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.byte = byte;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_bom_and_danish_headers() {
        let (rows, _) = read(
            "\u{feff}Projektnavn;Økonomi\nCitizen Lab;rød\n\nPARK Manager;grøn\n".as_bytes(),
            &[&["Projektnavn"]],
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].get(&["projektnavn"]), Some("Citizen Lab"));
        assert_eq!(rows[0].get(&["ØKONOMI"]), Some("rød"));
        assert_eq!(rows[1].line, 4);
    }

    #[test]
    fn commas_and_quotes() {
        let (rows, _) = read(
            b"Navn,Kode\n\"Milj\xc3\xb8 & Teknik, M&T\",M&T\n",
            &[&["Navn"]],
        )
        .unwrap();
        assert_eq!(rows[0].get(&["Navn"]), Some("Miljø & Teknik, M&T"));
    }

    #[test]
    fn errors_carry_line_numbers() {
        let (rows, errors) = read(b"Navn;Kode\na;b\nc\nd;e;f\n", &[&["Navn"]]).unwrap();
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [3, 4]);
        assert_eq!(rows.len(), 1, "the readable row is kept for its own checks");
        let errors = read(b"Navn;Kode\na;b\n\xff\n", &[&["Navn"]]).unwrap_err();
        assert_eq!(errors[0].line, 3);
        let errors = read(b"Kode\nx\n", &[&["Navn", "Afdeling"]]).unwrap_err();
        assert!(errors[0].fault.message.contains("Navn"));
        assert_eq!(errors[0].fault.problem, Problem::MissingColumns);
        assert_eq!(errors[0].fault.value.as_deref(), Some("Navn"));
    }
}

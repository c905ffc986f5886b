//! CSV as Danish Excel opens it: UTF-8 with BOM, `;`, dates `dd-mm-åååå`.

use super::{
    colour_word, colours, economy_amounts, red_heading, total_amounts, ECONOMY_AMOUNT_HEADINGS,
    ECONOMY_TEXT_HEADINGS, ECONOMY_YEAR_HEADINGS, PARAMETER_HEADINGS,
};
use crate::domain::danish::format_date;
use crate::domain::report::{QReport, RedTable};

/// Excel runs a cell that starts with these as a formula; a leading
/// apostrophe makes it text (OWASP "CSV injection").
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

fn write(rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = ::csv::WriterBuilder::new()
            .delimiter(b';')
            .flexible(true)
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        for row in rows {
            let row: Vec<String> = row.iter().map(|c| neutralise(c)).collect();
            // Writing to a Vec cannot fail.
            let _ = writer.write_record(&row);
        }
        let _ = writer.flush();
    }
    out
}

/// One red table: Projektnavn, Antal and the four parameters, closed by "Hovedtotal".
pub fn red_table(report: &QReport, table: &RedTable) -> Vec<u8> {
    let mut rows = vec![
        vec![format!(
            "{} ({})",
            red_heading(table.parameter),
            report.quarter
        )],
        [
            "Projektnavn",
            "Program",
            "Afdeling",
            "Projektleder",
            "Antal",
        ]
        .into_iter()
        .chain(PARAMETER_HEADINGS)
        .chain(["Kommentar"])
        .map(str::to_string)
        .collect(),
    ];
    for line in &table.rows {
        let mut row = vec![
            line.name.clone(),
            line.programme.clone().unwrap_or_default(),
            line.department.clone(),
            line.manager.clone().unwrap_or_default(),
            "1".into(),
        ];
        row.extend(colours(line).map(|c| colour_word(c).to_string()));
        row.push(table.comment(line));
        rows.push(row);
    }
    rows.push(vec![
        "Hovedtotal".into(),
        String::new(),
        String::new(),
        String::new(),
        table.total().to_string(),
    ]);
    write(rows)
}

/// Every project in progress with its status for the quarter.
pub fn portfolio(report: &QReport) -> Vec<u8> {
    let mut rows = vec![[
        "Projektnavn",
        "Program",
        "Afdeling",
        "Projektleder",
        "Projektejer",
        "Fase",
        "Type",
        "Skal-projekt",
        "Startdato",
        "Slutdato",
        "Kvartal",
    ]
    .into_iter()
    .chain(PARAMETER_HEADINGS)
    .chain(["Kommentar"])
    .map(str::to_string)
    .collect::<Vec<_>>()];
    for line in &report.portfolio {
        let mut row = vec![
            line.name.clone(),
            line.programme.clone().unwrap_or_default(),
            line.department.clone(),
            line.manager.clone().unwrap_or_default(),
            line.owner.clone().unwrap_or_default(),
            line.phase.clone(),
            line.kind.danish().to_string(),
            if line.must_do { "ja" } else { "nej" }.to_string(),
            line.start_date.map(format_date).unwrap_or_default(),
            line.planned_end.map(format_date).unwrap_or_default(),
            report.quarter.to_string(),
        ];
        row.extend(colours(line).map(|c| colour_word(c).to_string()));
        row.push(
            line.status
                .as_ref()
                .map(|s| s.comment.clone())
                .unwrap_or_default(),
        );
        rows.push(row);
    }
    write(rows)
}

/// The portfolio's economy: a line per project in progress, the totals, and
/// the derived operating costs of the next five years.
pub fn economy(report: &QReport) -> Vec<u8> {
    let e = &report.economy;
    let headings = ECONOMY_TEXT_HEADINGS
        .into_iter()
        .chain(ECONOMY_AMOUNT_HEADINGS)
        .chain(ECONOMY_YEAR_HEADINGS)
        .chain(["Kontraktudløb"]);
    let mut rows = vec![
        vec![format!("Porteføljens økonomi ({})", report.quarter)],
        headings.map(str::to_string).collect(),
    ];
    let year = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_default();
    for line in &e.lines {
        let mut row = vec![
            line.name.clone(),
            line.department.clone(),
            line.financing.clone().unwrap_or_default(),
        ];
        row.extend(economy_amounts(&line.figures).map(|a| a.to_string()));
        row.push(year(line.figures.operating_from));
        row.push(year(line.payback_year));
        row.push(line.contract_end.map(format_date).unwrap_or_default());
        rows.push(row);
    }
    let mut total = vec!["Hovedtotal".to_string(), String::new(), String::new()];
    total.extend(total_amounts(&e.totals).map(|a| a.map(|a| a.to_string()).unwrap_or_default()));
    rows.push(total);
    rows.push(vec![]);
    rows.push(vec!["Afledte driftsudgifter pr. år".into(), "Beløb".into()]);
    for (year, amount) in &e.operating {
        rows.push(vec![year.to_string(), amount.to_string()]);
    }
    write(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+45 1234"), "'+45 1234");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("Citizen Lab"), "Citizen Lab");
    }

    #[test]
    fn bom_and_semicolons() {
        let bytes = write(vec![vec!["a;b".into(), "Økonomi".into()]]);
        assert!(bytes.starts_with("\u{feff}".as_bytes()));
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\u{feff}\"a;b\";Økonomi\r\n"
        );
    }
}

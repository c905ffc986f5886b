//! The Q-report as an Excel workbook: a summary sheet, one sheet per red
//! table with the minutes' headings, and the whole portfolio.

use super::{
    colour_word, colours, economy_amounts, greener_than_rule, red_heading, total_amounts,
    ECONOMY_AMOUNT_HEADINGS, ECONOMY_TEXT_HEADINGS, ECONOMY_YEAR_HEADINGS, PARAMETER_HEADINGS,
    SUGGESTION_HEADINGS,
};
use crate::domain::danish::format_date;
use crate::domain::report::{Count, ProjectLine, QReport, RedTable};
use crate::domain::status::Colour;
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};

struct Formats {
    title: Format,
    header: Format,
    bold: Format,
    colour: [Format; 3],
    missing: Format,
    /// Whole kroner as Danish Excel shows them: 1.250.000.
    kroner: Format,
    kroner_bold: Format,
}

impl Formats {
    fn new() -> Self {
        // Excel's own "good / neutral / bad" cell styles: readable in print and
        // for colour-blind readers, since the word is always in the cell too.
        let fill = |background: u32, font: u32| {
            Format::new()
                .set_background_color(Color::RGB(background))
                .set_font_color(Color::RGB(font))
                .set_border(FormatBorder::Thin)
        };
        Self {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border(FormatBorder::Thin),
            bold: Format::new().set_bold(),
            colour: [
                fill(0xC6EFCE, 0x006100),
                fill(0xFFEB9C, 0x7F6000),
                fill(0xFFC7CE, 0x9C0006),
            ],
            missing: Format::new().set_italic().set_border(FormatBorder::Thin),
            kroner: Format::new().set_num_format("#,##0"),
            kroner_bold: Format::new().set_num_format("#,##0").set_bold(),
        }
    }

    fn for_colour(&self, colour: Option<Colour>) -> &Format {
        match colour {
            Some(Colour::Green) => &self.colour[0],
            Some(Colour::Yellow) => &self.colour[1],
            Some(Colour::Red) => &self.colour[2],
            None => &self.missing,
        }
    }
}

fn header(sheet: &mut Worksheet, row: u32, titles: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (col, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *title, &f.header)?;
    }
    Ok(())
}

fn parameter_cells(
    sheet: &mut Worksheet,
    row: u32,
    first_col: u16,
    line: &ProjectLine,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (i, colour) in colours(line).into_iter().enumerate() {
        sheet.write_string_with_format(
            row,
            first_col + i as u16,
            colour_word(colour),
            f.for_colour(colour),
        )?;
    }
    Ok(())
}

fn red_sheet(
    workbook: &mut Workbook,
    report: &QReport,
    table: &RedTable,
    f: &Formats,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    // The minutes' heading fits Excel's 31-character sheet name limit.
    sheet.set_name(red_heading(table.parameter))?;
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "{} – {}",
            red_heading(table.parameter),
            report.quarter.danish()
        ),
        &f.title,
    )?;
    let titles: Vec<&str> = ["Projektnavn", "Antal"]
        .into_iter()
        .chain(PARAMETER_HEADINGS)
        .chain(["Kommentar"])
        .collect();
    header(sheet, 2, &titles, f)?;
    let mut row = 3;
    for line in &table.rows {
        sheet.write_string(row, 0, &line.name)?;
        sheet.write_number(row, 1, 1)?;
        parameter_cells(sheet, row, 2, line, f)?;
        sheet.write_string(row, 6, table.comment(line))?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, "Hovedtotal", &f.bold)?;
    sheet.write_number_with_format(row, 1, table.total() as f64, &f.bold)?;
    sheet.set_freeze_panes(3, 0)?;
    sheet.autofilter(2, 0, row.saturating_sub(1).max(2), titles.len() as u16 - 1)?;
    printable(sheet, 2)?;
    sheet.set_column_width(0, 55)?;
    sheet.set_column_width(6, 60)?;
    Ok(())
}

fn counts(
    sheet: &mut Worksheet,
    row: &mut u32,
    title: &str,
    items: &[Count],
    f: &Formats,
) -> Result<(), XlsxError> {
    header(sheet, *row, &[title, "Antal"], f)?;
    *row += 1;
    for c in items {
        sheet.write_string(*row, 0, &c.name)?;
        sheet.write_number(*row, 1, c.count as f64)?;
        *row += 1;
    }
    *row += 1;
    Ok(())
}

fn summary_sheet(workbook: &mut Workbook, report: &QReport, f: &Formats) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name("Oversigt")?;
    let s = &report.summary;
    sheet.write_string_with_format(
        0,
        0,
        format!("IT-projektporteføljen {}", report.quarter.danish()),
        &f.title,
    )?;
    sheet.write_string(1, 0, crate::organisation())?;
    let mut row = 2;
    for (label, value) in [
        ("Igangværende projekter", s.in_progress),
        ("Heraf skal-projekter", s.must_do),
        ("Projekter med røde parametre", s.with_red),
        ("Indrapporteret", s.reported),
        ("Mangler indrapportering", report.missing.len()),
    ] {
        sheet.write_string(row, 0, label)?;
        sheet.write_number(row, 1, value as f64)?;
        row += 1;
    }
    for table in &report.red {
        sheet.write_string(row, 0, red_heading(table.parameter))?;
        sheet.write_number(row, 1, table.total() as f64)?;
        row += 1;
    }
    if let Some(d) = &report.decision {
        sheet.write_string(
            row,
            0,
            format!("Chefforums beslutning {}", format_date(d.meeting_date)),
        )?;
        sheet.write_string(row, 1, &d.text)?;
        row += 1;
    }
    row += 1;
    counts(sheet, &mut row, "Fase", &s.by_phase, f)?;
    counts(sheet, &mut row, "Afdeling", &s.by_department, f)?;
    counts(sheet, &mut row, "Type", &s.by_kind, f)?;
    counts(sheet, &mut row, "Indsatsområde", &s.by_focus_area, f)?;
    sheet.set_column_width(0, 40)?;
    Ok(())
}

fn portfolio_sheet(
    workbook: &mut Workbook,
    report: &QReport,
    f: &Formats,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name("Portefølje")?;
    let titles: Vec<&str> = [
        "Projektnavn",
        "Program",
        "Afdeling",
        "Projektleder",
        "Fase",
        "Skal-projekt",
    ]
    .into_iter()
    .chain(PARAMETER_HEADINGS)
    .chain(SUGGESTION_HEADINGS)
    .collect();
    header(sheet, 0, &titles, f)?;
    for (i, line) in report.portfolio.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &line.name)?;
        sheet.write_string(row, 1, line.programme.as_deref().unwrap_or(""))?;
        sheet.write_string(row, 2, &line.department)?;
        sheet.write_string(row, 3, line.manager.as_deref().unwrap_or(""))?;
        sheet.write_string(row, 4, &line.phase)?;
        sheet.write_string(row, 5, if line.must_do { "ja" } else { "nej" })?;
        parameter_cells(sheet, row, 6, line, f)?;
        let suggested = [line.suggestion.tid, line.suggestion.okonomi];
        for (j, colour) in suggested.into_iter().enumerate() {
            let col = 10 + j as u16;
            let word = colour.map(Colour::danish).unwrap_or("ingen baseline");
            sheet.write_string_with_format(row, col, word, f.for_colour(colour))?;
        }
        sheet.write_string(row, 12, greener_than_rule(line))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    printable(sheet, 0)?;
    sheet.autofilter(
        0,
        0,
        report.portfolio.len().max(1) as u32,
        titles.len() as u16 - 1,
    )?;
    sheet.set_column_width(0, 55)?;
    Ok(())
}

/// Printed as a council prints it: A4 landscape, one page wide, the header
/// row on every page, and the page number in the footer.
fn printable(sheet: &mut Worksheet, header_row: u32) -> Result<(), XlsxError> {
    sheet
        .set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_footer("&L&A&RSide &P af &N");
    sheet.set_repeat_rows(header_row, header_row)?;
    Ok(())
}

/// "Økonomi": a line per project in progress with its amounts, the totals,
/// and the derived operating costs of the next five years below.
fn economy_sheet(workbook: &mut Workbook, report: &QReport, f: &Formats) -> Result<(), XlsxError> {
    let e = &report.economy;
    let sheet = workbook.add_worksheet();
    sheet.set_name("Økonomi")?;
    sheet.write_string_with_format(
        0,
        0,
        format!("Porteføljens økonomi, {}", report.quarter.danish()),
        &f.title,
    )?;
    let titles: Vec<&str> = ECONOMY_TEXT_HEADINGS
        .into_iter()
        .chain(ECONOMY_AMOUNT_HEADINGS)
        .chain(ECONOMY_YEAR_HEADINGS)
        .chain(["Kontraktudløb"])
        .collect();
    header(sheet, 2, &titles, f)?;
    let first_amount = ECONOMY_TEXT_HEADINGS.len() as u16;
    let first_year = first_amount + ECONOMY_AMOUNT_HEADINGS.len() as u16;
    let mut row = 3;
    for line in &e.lines {
        sheet.write_string(row, 0, &line.name)?;
        sheet.write_string(row, 1, &line.department)?;
        sheet.write_string(row, 2, line.financing.as_deref().unwrap_or(""))?;
        for (i, amount) in economy_amounts(&line.figures).into_iter().enumerate() {
            sheet.write_number_with_format(
                row,
                first_amount + i as u16,
                amount as f64,
                &f.kroner,
            )?;
        }
        for (i, year) in [line.figures.operating_from, line.payback_year]
            .into_iter()
            .enumerate()
        {
            if let Some(year) = year {
                sheet.write_number(row, first_year + i as u16, year as f64)?;
            }
        }
        if let Some(end) = line.contract_end {
            sheet.write_string(row, first_year + 2, format_date(end))?;
        }
        row += 1;
    }
    sheet.write_string_with_format(row, 0, "Hovedtotal", &f.bold)?;
    for (i, amount) in total_amounts(&e.totals).into_iter().enumerate() {
        if let Some(amount) = amount {
            let col = first_amount + i as u16;
            sheet.write_number_with_format(row, col, amount as f64, &f.kroner_bold)?;
        }
    }
    row += 2;
    header(sheet, row, &["Afledte driftsudgifter pr. år", "Beløb"], f)?;
    for (year, amount) in &e.operating {
        row += 1;
        sheet.write_number(row, 0, *year as f64)?;
        sheet.write_number_with_format(row, 1, *amount as f64, &f.kroner)?;
    }
    sheet.set_freeze_panes(3, 1)?;
    printable(sheet, 2)?;
    sheet.set_column_width(0, 45)?;
    for col in 1..titles.len() as u16 {
        sheet.set_column_width(col, 16)?;
    }
    Ok(())
}

/// A sheet of several tables prints like the others, without one header row to repeat.
fn blocks_printable(sheet: &mut Worksheet) {
    sheet
        .set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_footer("&L&A&RSide &P af &N");
}

/// One titled table of text cells below the last, with a blank row after.
fn block(
    sheet: &mut Worksheet,
    row: &mut u32,
    (title, headings): (&str, &[&str]),
    rows: Vec<Vec<String>>,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(*row, 0, title, &f.bold)?;
    *row += 1;
    if rows.is_empty() {
        sheet.write_string(*row, 0, "Ingen")?;
        *row += 2;
        return Ok(());
    }
    header(sheet, *row, headings, f)?;
    for cells in rows {
        *row += 1;
        for (col, cell) in cells.iter().enumerate() {
            sheet.write_string(*row, col as u16, cell)?;
        }
    }
    *row += 2;
    Ok(())
}

fn day(d: chrono::NaiveDate) -> String {
    format_date(d)
}

/// "Opfølgning": red several quarters in a row, the council's own colours
/// and the benefits follow-ups due or overdue.
fn follow_up_sheet(
    workbook: &mut Workbook,
    report: &QReport,
    f: &Formats,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name("Opfølgning")?;
    let mut row = 0;
    let streaks = report
        .red_streaks
        .iter()
        .map(|s| {
            let n = s.quarters.to_string();
            vec![
                s.line.name.clone(),
                s.parameter.danish().into(),
                n,
                s.since.danish(),
            ]
        })
        .collect();
    let title = (
        "Røde i flere kvartaler i træk",
        &["Projekt", "Parameter", "Kvartaler", "Siden"][..],
    );
    block(sheet, &mut row, title, streaks, f)?;
    let assessed = report
        .assessed
        .iter()
        .map(|a| {
            let pm = colour_word(a.reported).to_string();
            let council = a.council.danish().to_string();
            vec![
                a.line.name.clone(),
                a.parameter.danish().into(),
                pm,
                council,
                a.comment.clone(),
            ]
        })
        .collect();
    let headings = [
        "Projekt",
        "Parameter",
        "Projektleder",
        "IT-projektrådet",
        "Begrundelse",
    ];
    block(
        sheet,
        &mut row,
        ("IT-projektrådets vurdering", &headings),
        assessed,
        f,
    )?;
    let follow_ups = report
        .follow_ups
        .iter()
        .map(|x| {
            let state = if x.overdue {
                "overskredet"
            } else {
                "falder snart"
            };
            vec![
                x.name.clone(),
                x.department.clone(),
                day(x.ended_on),
                day(x.due),
                state.into(),
            ]
        })
        .collect();
    let headings = [
        "Projekt",
        "Afdeling",
        "Afsluttet",
        "Opfølgning senest",
        "Status",
    ];
    block(
        sheet,
        &mut row,
        ("Gevinstopfølgning", &headings),
        follow_ups,
        f,
    )?;
    sheet.set_column_width(0, 50)?;
    sheet.set_column_width(4, 50)?;
    blocks_printable(sheet);
    Ok(())
}

/// "Fremadrettet": milestones next quarter and moved, coming tenders,
/// expiring contracts and future projects.
fn ahead_sheet(workbook: &mut Workbook, report: &QReport, f: &Formats) -> Result<(), XlsxError> {
    use crate::domain::report::TenderReason;
    let r = &report.road_ahead;
    let sheet = workbook.add_worksheet();
    sheet.set_name("Fremadrettet")?;
    let mut row = 0;
    let due = r
        .due_next_quarter
        .iter()
        .map(|m| {
            vec![
                day(m.date),
                m.project.clone(),
                m.name.clone(),
                if m.tender { "ja" } else { "nej" }.into(),
            ]
        })
        .collect();
    let title = format!("Milepæle i {}", report.quarter.next().danish());
    block(
        sheet,
        &mut row,
        (&title, &["Dato", "Projekt", "Milepæl", "Udbud"]),
        due,
        f,
    )?;
    let moved = r
        .moved
        .iter()
        .map(|m| {
            vec![
                m.project.clone(),
                m.name.clone(),
                day(m.from),
                day(m.to),
                m.days.to_string(),
            ]
        })
        .collect();
    let title = format!("Milepæle flyttet i {}", report.quarter.danish());
    block(
        sheet,
        &mut row,
        (&title, &["Projekt", "Milepæl", "Fra", "Til", "Dage"]),
        moved,
        f,
    )?;
    let tenders = r
        .tenders
        .iter()
        .map(|t| {
            let why = match &t.reason {
                TenderReason::Phase(phase) => format!("I fasen {phase}"),
                TenderReason::Milestone { name, date } => format!("{name}, {}", day(*date)),
            };
            vec![t.project.clone(), t.department.clone(), why]
        })
        .collect();
    block(
        sheet,
        &mut row,
        ("Kommende udbud", &["Projekt", "Afdeling", "Grundlag"]),
        tenders,
        f,
    )?;
    let contracts = r
        .expiring_contracts
        .iter()
        .map(|c| vec![day(c.contract_end), c.project.clone(), c.department.clone()])
        .collect();
    let headings = ["Kontraktudløb", "Projekt", "Afdeling"];
    block(
        sheet,
        &mut row,
        ("Kontrakter, der udløber", &headings),
        contracts,
        f,
    )?;
    let future = r
        .future_projects
        .iter()
        .map(|p| {
            let start = p.start_date.map(day).unwrap_or_default();
            vec![
                p.name.clone(),
                p.department.clone(),
                p.state.danish().into(),
                start,
                p.forecast.to_string(),
            ]
        })
        .collect();
    let headings = ["Projekt", "Afdeling", "Tilstand", "Start", "Prognose"];
    block(
        sheet,
        &mut row,
        ("Fremtidige projekter", &headings),
        future,
        f,
    )?;
    sheet.set_column_width(0, 45)?;
    sheet.set_column_width(1, 45)?;
    sheet.set_column_width(2, 45)?;
    blocks_printable(sheet);
    Ok(())
}

pub fn workbook(report: &QReport) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut workbook = Workbook::new();
    summary_sheet(&mut workbook, report, &f)?;
    for table in &report.red {
        red_sheet(&mut workbook, report, table, &f)?;
    }
    portfolio_sheet(&mut workbook, report, &f)?;
    economy_sheet(&mut workbook, report, &f)?;
    follow_up_sheet(&mut workbook, report, &f)?;
    ahead_sheet(&mut workbook, report, &f)?;
    workbook.save_to_buffer()
}

//! The Q-report's answer in each format: JSON (serialised and gzipped once
//! per built report), CSV, XLSX and a printable HTML page.

use super::view::{ReportResponse, ReportView};
use super::{ReportFormat, ReportTable, XLSX};
use crate::domain::report::QReport;
use crate::domain::status::Parameter;
use crate::error::AppError;
use crate::export;
use crate::reporting::QuarterReport;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{web, HttpRequest, HttpResponse};

fn download(
    content_type: &str,
    name: String,
    body: impl Into<web::Bytes>,
    inline: bool,
) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(ContentDisposition {
            disposition: if inline {
                DispositionType::Inline
            } else {
                DispositionType::Attachment
            },
            parameters: vec![DispositionParam::Filename(name)],
        })
        .body(body.into())
}

/// The report as JSON, serialised once per built report: a cached report is
/// read far more often than it changes.
pub fn json(r: &QuarterReport) -> Result<web::Bytes, AppError> {
    r.json
        .get_or_init(|| {
            serde_json::to_vec(&ReportResponse {
                report: ReportView::new(&r.report, r.decision.as_ref()),
                live: r.live.as_ref().map(|live| ReportView::new(live, None)),
            })
            .map(web::Bytes::from)
            .map_err(|e| format!("json: {e}"))
        })
        .clone()
        .map_err(AppError::Internal)
}

/// The JSON gzipped, once per built report.
fn json_gzip(r: &QuarterReport) -> Result<web::Bytes, AppError> {
    use std::io::Write;
    let plain = json(r)?;
    r.json_gzip
        .get_or_init(|| {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            encoder
                .write_all(&plain)
                .and_then(|()| encoder.finish())
                .map(web::Bytes::from)
                .map_err(|e| format!("gzip: {e}"))
        })
        .clone()
        .map_err(AppError::Internal)
}

/// Whether `Accept-Encoding` admits gzip (and does not refuse it with q=0).
pub(super) fn accepts_gzip(req: &HttpRequest) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|part| {
            let mut pieces = part.split(';').map(str::trim);
            pieces
                .next()
                .is_some_and(|c| c.eq_ignore_ascii_case("gzip"))
                && !pieces.any(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                        .is_some_and(|q| q == 0.0)
                })
        })
}

pub(super) fn render(
    format: ReportFormat,
    table: Option<ReportTable>,
    r: &QuarterReport,
    gzip: bool,
) -> Result<HttpResponse, AppError> {
    let report = &r.report;
    Ok(match format {
        ReportFormat::Json if gzip => HttpResponse::Ok()
            .content_type(header::ContentType::json())
            .insert_header((header::CONTENT_ENCODING, "gzip"))
            .insert_header((header::VARY, "Accept-Encoding"))
            .body(json_gzip(r)?),
        ReportFormat::Json => HttpResponse::Ok()
            .content_type(header::ContentType::json())
            .insert_header((header::VARY, "Accept-Encoding"))
            .body(json(r)?),
        ReportFormat::Csv => {
            let (part, body) = csv_file(report, table.unwrap_or(ReportTable::Portfolio));
            download(
                "text/csv; charset=utf-8",
                export::file_name(report.quarter, Some(part), "csv"),
                body,
                false,
            )
        }
        ReportFormat::Xlsx => download(
            XLSX,
            export::file_name(report.quarter, None, "xlsx"),
            r.xlsx
                .get()
                .cloned()
                .ok_or_else(|| AppError::Internal("the workbook was not built".into()))?,
            false,
        ),
        ReportFormat::Html => {
            let page =
                export::html::page(report).map_err(|e| AppError::Internal(format!("html: {e}")))?;
            download(
                "text/html; charset=utf-8",
                export::file_name(report.quarter, None, "html"),
                page.into_bytes(),
                true,
            )
        }
    })
}

/// The CSV file asked for: the whole portfolio, or one red table.
fn csv_file(report: &QReport, table: ReportTable) -> (&'static str, Vec<u8>) {
    let parameter = match table {
        ReportTable::Portfolio => return ("portefoelje", export::csv::portfolio(report)),
        ReportTable::Economy => return ("oekonomi", export::csv::economy(report)),
        ReportTable::Tid => Parameter::Tid,
        ReportTable::Leverancer => Parameter::Leverancer,
        ReportTable::Ressourcer => Parameter::Ressourcer,
        ReportTable::Okonomi => Parameter::Okonomi,
    };
    let red = report.red.iter().find(|x| x.parameter == parameter);
    let red = red.expect("a table per parameter");
    (parameter.as_str(), export::csv::red_table(report, red))
}

//! The red-projects-per-quarter chart as inline SVG, drawn on the server so it
//! needs no script. Each bar has a text title; the page puts a table beside it.

use crate::domain::danish::format_kroner;
#[cfg(test)]
use crate::domain::economy::Totals;
use crate::domain::report::{EconomyGroup, TrendPoint};
use crate::domain::status::Parameter;

/// Colour-blind-safe hues (Okabe–Ito) with a pattern-free legend that names each series.
const SERIES: [(Parameter, &str, &str); 4] = [
    (Parameter::Ressourcer, "Ressourcer", "#0072b2"),
    (Parameter::Leverancer, "Leverancer", "#e69f00"),
    (Parameter::Tid, "Tid", "#009e73"),
    (Parameter::Okonomi, "Økonomi", "#cc79a7"),
];

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 260.0;
/// Room for the scale on the left, the quarters below and the legend above.
const LEFT: f64 = 36.0;
const BOTTOM: f64 = 40.0;
const TOP: f64 = 30.0;
const PLOT_HEIGHT: f64 = HEIGHT - BOTTOM - TOP;

/// The scale: the highest count (at least 1) at the top of the plot.
struct Scale {
    max: f64,
}

impl Scale {
    /// Where a count sits on the y axis.
    fn y(&self, count: f64) -> f64 {
        TOP + PLOT_HEIGHT - self.height(count)
    }

    fn height(&self, count: f64) -> f64 {
        count / self.max * PLOT_HEIGHT
    }
}

pub fn red_bars(points: &[TrendPoint]) -> String {
    let max = points.iter().flat_map(|p| p.red).max().unwrap_or(0).max(1) as f64;
    let scale = Scale { max };
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"100%\" role=\"img\" aria-labelledby=\"graf-titel\" class=\"bars\">"
    );
    gridlines(&mut svg, &scale);
    let group = (WIDTH - LEFT - 10.0) / points.len().max(1) as f64;
    for (i, point) in points.iter().enumerate() {
        bars(
            &mut svg,
            &scale,
            point,
            LEFT + i as f64 * group + 6.0,
            group,
        );
    }
    legend(&mut svg);
    svg.push_str("</svg>");
    svg
}

/// Gridlines at whole numbers keep the scale readable.
fn gridlines(svg: &mut String, scale: &Scale) {
    let step = (scale.max / 4.0).ceil().max(1.0);
    let mut tick = 0.0;
    while tick <= scale.max {
        let y = scale.y(tick);
        svg.push_str(&format!(
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#c8c8c8\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\">{tick}</text>",
            WIDTH - 10.0,
            LEFT - 4.0,
            y + 4.0
        ));
        tick += step;
    }
}

/// One quarter's four bars, each with its count on it and a title, and the
/// quarter below them as Danes write it, on two lines ("1. kvartal", "2022").
fn bars(svg: &mut String, scale: &Scale, point: &TrendPoint, x0: f64, group: f64) {
    let bar = (group - 12.0) / 4.0;
    let quarter = point.quarter.danish();
    for (j, (parameter, label, colour)) in SERIES.iter().enumerate() {
        let n = point.red[*parameter as usize];
        let (h, x) = (scale.height(n as f64), x0 + j as f64 * bar);
        svg.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{colour}\"><title>{quarter}: {n} røde ift. {}</title></rect>",
            TOP + PLOT_HEIGHT - h,
            bar - 1.0,
            escape(&label.to_lowercase())
        ));
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" aria-hidden=\"true\">{n}</text>",
            x + bar / 2.0,
            TOP + PLOT_HEIGHT - h - 3.0,
        ));
    }
    let (number, year) = quarter.split_once(" kvartal ").unwrap_or((&quarter, ""));
    let middle = x0 + 2.0 * bar;
    svg.push_str(&format!(
        "<text data-kvartal=\"{}\" x=\"{middle:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\"><tspan x=\"{middle:.1}\">{number} kvartal</tspan><tspan x=\"{middle:.1}\" dy=\"14\">{year}</tspan></text>",
        point.quarter,
        HEIGHT - BOTTOM + 16.0,
    ));
}

/// The legend names each series beside its colour.
fn legend(svg: &mut String) {
    for (j, (_, label, colour)) in SERIES.iter().enumerate() {
        let x = LEFT + j as f64 * 120.0;
        svg.push_str(&format!(
            "<rect x=\"{x}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{}\" y=\"16\" font-size=\"12\">{label}</text>",
            x + 16.0
        ));
    }
}

/// Budget, prognose and forbrug per group as horizontal bars: long Danish
/// department names fit on a phone when they stand above their bars.
pub fn economy_bars(groups: &[EconomyGroup]) -> String {
    const SERIES: [(&str, &str); 3] = [
        ("Budget", "#0072b2"),
        ("Prognose", "#e69f00"),
        ("Forbrug", "#009e73"),
    ];
    const ROW: f64 = 16.0;
    const LABEL: f64 = 18.0;
    let group_height = LABEL + 3.0 * ROW + 10.0;
    let height = TOP + groups.len() as f64 * group_height + 4.0;
    let max = groups
        .iter()
        .flat_map(|g| [g.totals.budget, g.totals.forecast, g.totals.spent])
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let (left, right) = (4.0, 150.0);
    let plot = WIDTH - left - right;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"oekonomi-graf-titel\" class=\"bars\">"
    );
    for (j, (label, colour)) in SERIES.iter().enumerate() {
        let x = left + j as f64 * 120.0;
        svg.push_str(&format!(
            "<rect x=\"{x}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{}\" y=\"16\" font-size=\"12\">{label}</text>",
            x + 16.0
        ));
    }
    for (i, g) in groups.iter().enumerate() {
        let y0 = TOP + i as f64 * group_height;
        let name = escape(&g.name);
        svg.push_str(&format!(
            "<text x=\"{left}\" y=\"{:.1}\" font-size=\"13\" font-weight=\"bold\">{name}</text>",
            y0 + 13.0
        ));
        let amounts = [g.totals.budget, g.totals.forecast, g.totals.spent];
        for (j, ((label, colour), amount)) in SERIES.iter().zip(amounts).enumerate() {
            let y = y0 + LABEL + j as f64 * ROW;
            let w = amount as f64 / max * plot;
            let shown = format_kroner(amount);
            svg.push_str(&format!(
                "<rect x=\"{left}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{colour}\"><title>{name}: {} {shown}</title></rect><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" aria-hidden=\"true\">{shown}</text>",
                ROW - 3.0,
                label.to_lowercase(),
                left + w + 4.0,
                y + ROW - 5.0,
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_bars_per_group_named_in_kroner() {
        let group = |name: &str, budget, forecast, spent| EconomyGroup {
            name: name.into(),
            totals: Totals {
                projects: 1,
                budget,
                forecast,
                spent,
                ..Totals::default()
            },
        };
        let svg = economy_bars(&[
            group("Miljø & Teknik", 1_250_000, 1_500_000, 600_000),
            group("Økonomi & Stab", 400_000, 400_000, 0),
        ]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<title>").count(), 6);
        assert!(svg.contains("Miljø &amp; Teknik: prognose 1.500.000 kr."));
        assert!(!svg.contains("NaN"));
        assert!(economy_bars(&[]).ends_with("</svg>"));
    }

    #[test]
    fn one_bar_per_parameter_and_quarter_with_titles() {
        let points = vec![
            TrendPoint {
                quarter: "2021Q4".parse().unwrap(),
                in_progress: 5,
                red: [0, 2, 2, 1],
                with_red: 3,
                missing: 1,
            },
            TrendPoint {
                quarter: "2022Q1".parse().unwrap(),
                in_progress: 5,
                red: [1, 5, 3, 2],
                with_red: 4,
                missing: 0,
            },
        ];
        let svg = red_bars(&points);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<title>").count(), 8);
        assert!(svg.contains("1. kvartal 2022: 5 røde ift. leverancer"));
        assert!(svg.contains("<tspan x=\"") && svg.contains(">1. kvartal</tspan>"));
        assert!(!svg.contains("font-size=\"11\""), "labels at least 12 px");
        assert!(svg.contains("role=\"img\""));
    }
}

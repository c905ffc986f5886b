//! The red-projects-per-quarter chart as inline SVG, drawn on the server so it
//! needs no script. Each bar has a text title; the page puts a table beside it.

use crate::domain::report::TrendPoint;
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

pub fn red_bars(points: &[TrendPoint]) -> String {
    let (width, height, left, bottom, top) = (640.0, 260.0, 36.0, 40.0, 30.0);
    let max = points.iter().flat_map(|p| p.red).max().unwrap_or(0).max(1) as f64;
    let plot_h = height - bottom - top;
    let group = (width - left - 10.0) / points.len().max(1) as f64;
    let bar = (group - 12.0) / 4.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"graf-titel\" class=\"bars\">"
    );
    // Gridlines at whole numbers keep the scale readable.
    let step = (max / 4.0).ceil().max(1.0);
    let mut tick = 0.0;
    while tick <= max {
        let y = top + plot_h - tick / max * plot_h;
        svg.push_str(&format!(
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#c8c8c8\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\">{tick}</text>",
            width - 10.0,
            left - 4.0,
            y + 4.0
        ));
        tick += step;
    }
    for (i, point) in points.iter().enumerate() {
        let x0 = left + i as f64 * group + 6.0;
        for (j, (parameter, label, colour)) in SERIES.iter().enumerate() {
            let n = point.red[*parameter as usize];
            let h = n as f64 / max * plot_h;
            svg.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{colour}\"><title>{}: {n} røde ift. {}</title></rect>",
                x0 + j as f64 * bar,
                top + plot_h - h,
                bar - 1.0,
                escape(&point.quarter.to_string()),
                escape(&label.to_lowercase())
            ));
        }
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
            x0 + 2.0 * bar,
            height - bottom + 16.0,
            escape(&point.quarter.to_string())
        ));
    }
    for (j, (_, label, colour)) in SERIES.iter().enumerate() {
        let x = left + j as f64 * 120.0;
        svg.push_str(&format!(
            "<rect x=\"{x}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{}\" y=\"16\" font-size=\"12\">{label}</text>",
            x + 16.0
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(svg.contains("2022Q1: 5 røde ift. leverancer"));
        assert!(svg.contains("role=\"img\""));
    }
}

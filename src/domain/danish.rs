//! How Danish Excel writes values: `31-03-2022`, `ja`/`nej`, `1.250.000 kr.`.

use chrono::NaiveDate;

/// `dd-mm-yyyy`, `dd.mm.yyyy`, `dd/mm/yyyy` or ISO `yyyy-mm-dd`.
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    ["%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(value, f).ok())
}

pub fn format_date(date: NaiveDate) -> String {
    date.format("%d-%m-%Y").to_string()
}

/// A day as a Danish letter writes it: "fredag den 17. juni 2022".
pub fn long_date(date: NaiveDate) -> String {
    use chrono::Datelike;
    const DAYS: [&str; 7] = [
        "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
    ];
    const MONTHS: [&str; 12] = [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let weekday = DAYS[date.weekday().num_days_from_monday() as usize];
    let month = MONTHS[date.month0() as usize];
    format!("{weekday} den {}. {month} {}", date.day(), date.year())
}

/// A count with its noun in the right number: "1 projekt", "2 projekter".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `1.250.000 kr.`
pub fn format_kroner(amount: i64) -> String {
    format!("{} kr.", format_amount(amount))
}

/// `1.250.000`: thousands grouped with points, as a form shows an amount.
pub fn format_amount(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{}{grouped}", if amount < 0 { "-" } else { "" })
}

/// A number as Danes write it: `1.250.000`, `12,5`, `1.250,75` or `-3`.
pub fn parse_number(value: &str) -> Option<f64> {
    let v = value.trim().replace(['\u{a0}', ' '], "");
    let grouped = |s: &str| {
        let mut parts = s.trim_start_matches('-').split('.');
        parts.next().is_some_and(|h| (1..=3).contains(&h.len()))
            && parts.all(|p| p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    let plain = if v.contains(',') {
        v.replace('.', "").replace(',', ".")
    } else if v.matches('.').count() > 1 || (v.contains('.') && grouped(&v)) {
        v.replace('.', "")
    } else {
        v
    };
    plain.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// A number as Danes read it: `1.250.000`, `12,5`.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format_amount(value as i64)
    } else {
        format!("{value}").replace('.', ",")
    }
}

pub fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "ja" | "j" | "yes" | "y" | "true" | "x" | "1" | "sand" => Some(true),
        "nej" | "n" | "no" | "false" | "0" | "falsk" | "" => Some(false),
        _ => None,
    }
}

/// Whole kroner: `1.250.000`, `1250000`, `1.250.000,00`, `450 000 kr.`.
/// Øre other than `,00` are refused rather than rounded away.
pub fn parse_kroner(value: &str) -> Option<i64> {
    let mut s = value.trim().to_lowercase();
    for suffix in ["kr.", "kr", "dkk"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim().to_string();
        }
    }
    let s = match s.split_once(',') {
        Some((whole, "00" | "0" | "")) => whole.to_string(),
        Some(_) => return None,
        None => s,
    };
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}'))
        .collect();
    if digits.is_empty() {
        return Some(0);
    }
    if digits.starts_with('-') {
        return digits.parse().ok();
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod number_tests {
    use super::*;

    #[test]
    fn numbers_as_danes_write_them() {
        assert_eq!(parse_number("1.250.000"), Some(1_250_000.0));
        assert_eq!(parse_number("12,5"), Some(12.5));
        assert_eq!(parse_number("1.250,75"), Some(1250.75));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("2.400"), Some(2400.0));
        assert_eq!(parse_number("mange"), None);
        assert_eq!(format_number(1_250_000.0), "1.250.000");
        assert_eq!(format_number(12.5), "12,5");
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn one_projekt_two_projekter() {
        assert_eq!(count(1, "projekt", "projekter"), "1 projekt");
        assert_eq!(count(0, "projekt", "projekter"), "0 projekter");
        assert_eq!(count(2, "projekt", "projekter"), "2 projekter");
    }

    use super::*;

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2022, 3, 31).unwrap();
        for s in [
            "31-03-2022",
            "31.03.2022",
            "31/03/2022",
            "2022-03-31",
            " 31-03-2022 ",
        ] {
            assert_eq!(parse_date(s), Some(d), "{s}");
        }
        assert_eq!(parse_date("31-13-2022"), None);
        assert_eq!(format_date(d), "31-03-2022");
    }

    #[test]
    fn kroner_formatting() {
        assert_eq!(format_kroner(1_250_000), "1.250.000 kr.");
        assert_eq!(format_kroner(0), "0 kr.");
        assert_eq!(format_kroner(999), "999 kr.");
        assert_eq!(format_kroner(1000), "1.000 kr.");
    }

    #[test]
    fn booleans() {
        assert_eq!(parse_bool("Ja"), Some(true));
        assert_eq!(parse_bool("nej"), Some(false));
        assert_eq!(parse_bool(""), Some(false));
        assert_eq!(parse_bool("måske"), None);
    }

    #[test]
    fn kroner() {
        assert_eq!(parse_kroner("1.250.000"), Some(1_250_000));
        assert_eq!(parse_kroner("1.250.000,00 kr."), Some(1_250_000));
        assert_eq!(parse_kroner("450 000 kr"), Some(450_000));
        assert_eq!(parse_kroner(""), Some(0));
        assert_eq!(parse_kroner("12,50"), None);
        assert_eq!(parse_kroner("abc"), None);
        assert_eq!(parse_kroner("-5"), Some(-5));
    }
}

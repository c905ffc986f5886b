//! Small text types that are parsed once at the edge and trusted after.

use super::{Problem, ValidationError};

/// A trimmed, non-empty name of at most `max` characters, counted as sent:
/// the published schema's `maxLength` counts them so, and a name the schema
/// calls too long must not be taken because its spaces were trimmed.
pub fn required_name(field: &str, value: &str, max: usize) -> Result<String, ValidationError> {
    let sent = value.chars().count();
    let value = value.trim();
    if value.is_empty() {
        return Err(ValidationError::new(
            field,
            Problem::Required,
            "must not be empty",
        ));
    }
    if sent > max {
        return Err(ValidationError::new(
            field,
            Problem::TooLong(max),
            format!("must be at most {max} characters"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(ValidationError::new(
            field,
            Problem::ControlCharacters,
            "must not contain control characters",
        ));
    }
    refuse_invisible(field, value)?;
    Ok(value.to_string())
}

/// Characters that change how text around them is shown without being seen
/// themselves: bidirectional overrides and isolates make "gpj.exe" read as
/// "exe.jpg", zero-width ones make two equal-looking names differ.
pub fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{061C}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

fn refuse_invisible(field: &str, value: &str) -> Result<(), ValidationError> {
    if value.chars().any(is_invisible_format) {
        return Err(ValidationError::new(
            field,
            Problem::InvisibleCharacters,
            "must not contain invisible formatting characters (direction overrides, zero-width characters)",
        ));
    }
    Ok(())
}

/// Free text of at most `max` characters (line breaks allowed).
pub fn free_text(field: &str, value: &str, max: usize) -> Result<String, ValidationError> {
    if value.chars().count() > max {
        return Err(ValidationError::new(
            field,
            Problem::TooLong(max),
            format!("must be at most {max} characters"),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(ValidationError::new(
            field,
            Problem::ControlCharacters,
            "must not contain control characters",
        ));
    }
    refuse_invisible(field, value)?;
    Ok(value.trim().to_string())
}

/// A letter or digit an address may hold: ASCII or Latin letters with accents
/// (the OpenAPI pattern of e-mail fields lists the same ranges).
fn address_letter(c: char) -> bool {
    c.is_ascii_alphanumeric() || ('\u{00C0}'..='\u{024F}').contains(&c)
}

/// An e-mail address, lower-cased so uniqueness ignores case. Only the
/// characters real municipal addresses use: `?`, `&`, `<`, `"` and the like
/// would let an address carry headers into a `mailto:` link or a mail.
pub fn email(field: &str, value: &str) -> Result<String, ValidationError> {
    let value = value.trim();
    let local_ok = |local: &str| {
        !local.is_empty()
            && local
                .chars()
                .all(|c| address_letter(c) || matches!(c, '.' | '_' | '+' | '\'' | '-'))
    };
    let domain_ok = |domain: &str| {
        let labels: Vec<&str> = domain.split('.').collect();
        labels.len() >= 2
            && labels
                .iter()
                .all(|l| !l.is_empty() && l.chars().all(|c| address_letter(c) || c == '-'))
    };
    let valid = value.len() <= 254
        && match value.split_once('@') {
            Some((local, domain)) => local_ok(local) && domain_ok(domain),
            None => false,
        };
    if valid {
        Ok(value.to_lowercase())
    } else {
        Err(ValidationError::new(
            field,
            Problem::InvalidEmail,
            "must be an e-mail address such as navn@albertslund.dk",
        ))
    }
}

/// The longest search text the portfolio filters take.
pub const SEARCH_MAX: usize = 200;

/// What to search the portfolio for: trimmed, none when blank, and at most
/// `SEARCH_MAX` characters (longer is refused, never silently cut).
pub fn search_query(field: &str, value: Option<&str>) -> Result<Option<String>, ValidationError> {
    let text = value.map(str::trim).filter(|t| !t.is_empty());
    if text.is_some_and(|t| t.chars().count() > SEARCH_MAX) {
        return Err(ValidationError::new(
            field,
            Problem::TooLong(SEARCH_MAX),
            format!("search text must be at most {SEARCH_MAX} characters"),
        ));
    }
    Ok(text.map(str::to_string))
}

/// Lower-cased text for substring search, so both backends match case-insensitively,
/// Danish letters included.
pub fn search_text(parts: &[&str]) -> String {
    parts.join("\n").to_lowercase()
}

/// A name for someone known only by their e-mail, until an administrator
/// writes the real one: "pia.hansen@hedeby.dk" gives "Pia Hansen"; an
/// address without separators ("pnh@…") is its own name.
pub fn name_from_email(email: &str) -> String {
    let local = email.split('@').next().unwrap_or_default();
    let words: Vec<&str> = local
        .split(['.', '_', '-'])
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 {
        return email.to_string();
    }
    words
        .iter()
        .map(|w| {
            let mut letters = w.chars();
            letters
                .next()
                .map(|first| first.to_uppercase().chain(letters).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            required_name("name", "  Citizen Lab ", 14).unwrap(),
            "Citizen Lab"
        );
        // Counted as sent, as the OpenAPI schema counts (schemathesis found
        // a name of 201 characters with a leading no-break space taken).
        assert!(required_name("name", "\u{a0}Citizen Lab", 11).is_err());
        assert!(required_name("name", "   ", 10).is_err());
        assert!(required_name("name", "abcdefghijk", 10).is_err());
        assert!(required_name("name", "a\u{0}b", 10).is_err());
    }

    #[test]
    fn emails() {
        assert_eq!(
            email("email", " Lars.Bech@Albertslund.dk ").unwrap(),
            "lars.bech@albertslund.dk"
        );
        for bad in [
            "",
            "lars",
            "lars@",
            "@albertslund.dk",
            "a b@x.dk",
            "a@b@c.dk",
            "a@dk",
            "pl@x.dk?bcc=spy%40evil.dk",
            "a&b@x.dk",
            "<a@x.dk>",
            "\"a\"@x.dk",
            "a@x..dk",
            "a@x.dk.",
        ] {
            assert!(email("email", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn invisible_formatting_is_refused() {
        assert!(required_name("name", "Løn\u{202E}gpj.exe", 100).is_err());
        assert!(required_name("name", "Citizen\u{200B}Lab", 100).is_err());
        assert!(free_text("description", "a\u{2066}b", 100).is_err());
        assert_eq!(
            email("email", "søren.o'hara+it@Albertslund.dk").unwrap(),
            "søren.o'hara+it@albertslund.dk"
        );
    }

    #[test]
    fn search_queries_are_trimmed_and_bounded() {
        assert_eq!(
            search_query("q", Some("  nøgle ")).unwrap().as_deref(),
            Some("nøgle")
        );
        assert_eq!(search_query("q", Some("   ")).unwrap(), None);
        assert_eq!(search_query("q", None).unwrap(), None);
        assert!(search_query("q", Some(&"ø".repeat(SEARCH_MAX))).is_ok());
        assert!(search_query("q", Some(&"ø".repeat(SEARCH_MAX + 1))).is_err());
    }

    #[test]
    fn search_text_folds_danish_case() {
        assert_eq!(search_text(&["ØIR", "Økonomi"]), "øir\nøkonomi");
    }

    #[test]
    fn a_name_is_made_from_an_address_with_separators_only() {
        assert_eq!(name_from_email("pia.hansen@hedeby.dk"), "Pia Hansen");
        assert_eq!(
            name_from_email("søren_ask-lund@hedeby.dk"),
            "Søren Ask Lund"
        );
        assert_eq!(name_from_email("pnh@hedeby.dk"), "pnh@hedeby.dk");
    }
}

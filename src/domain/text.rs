//! Small text types that are parsed once at the edge and trusted after.

use super::ValidationError;

/// A trimmed, non-empty name of at most `max` characters.
pub fn required_name(field: &str, value: &str, max: usize) -> Result<String, ValidationError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ValidationError::new(field, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(ValidationError::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(ValidationError::new(
            field,
            "must not contain control characters",
        ));
    }
    Ok(value.to_string())
}

/// Free text of at most `max` characters (line breaks allowed).
pub fn free_text(field: &str, value: &str, max: usize) -> Result<String, ValidationError> {
    if value.chars().count() > max {
        return Err(ValidationError::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(ValidationError::new(
            field,
            "must not contain control characters",
        ));
    }
    Ok(value.trim().to_string())
}

/// An e-mail address, lower-cased so uniqueness ignores case.
pub fn email(field: &str, value: &str) -> Result<String, ValidationError> {
    let value = value.trim().to_lowercase();
    let valid = value.len() <= 254
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && match value.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if valid {
        Ok(value)
    } else {
        Err(ValidationError::new(
            field,
            "must be an e-mail address such as navn@albertslund.dk",
        ))
    }
}

/// Lower-cased text for substring search, so both backends match case-insensitively,
/// Danish letters included.
pub fn search_text(parts: &[&str]) -> String {
    parts.join("\n").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            required_name("name", "  Citizen Lab ", 11).unwrap(),
            "Citizen Lab"
        );
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
        ] {
            assert!(email("email", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn search_text_folds_danish_case() {
        assert_eq!(search_text(&["ØIR", "Økonomi"]), "øir\nøkonomi");
    }
}

//! Danish alphabetical order: æ, ø, å come after z, and "aa" is not folded
//! (project names such as "Aalborg-data" are rare; "Kontraktdata" is common).
//!
//! The key is stored next to the name so the database can sort and page
//! with a plain byte comparison on both backends.

/// A string whose byte order is the Danish order of `name`.
pub fn sort_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for ch in name.trim().chars().flat_map(char::to_lowercase) {
        match ch {
            // '{', '|', '}' follow 'z' in ASCII, so they sort after it.
            'æ' | 'ä' => key.push('{'),
            'ø' | 'ö' => key.push('|'),
            'å' => key.push('}'),
            'é' | 'è' | 'ê' | 'ë' => key.push('e'),
            'á' | 'à' | 'â' => key.push('a'),
            'ü' | 'ú' => key.push('y'),
            'ó' | 'ò' | 'ô' => key.push('o'),
            'í' | 'ì' | 'î' | 'ï' => key.push('i'),
            c if c.is_ascii() => key.push(c),
            // Anything else keeps its place after the Danish letters.
            c => key.push(c),
        }
    }
    key
}

/// Compare two names in Danish order, with the raw name as tie-breaker.
pub fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    sort_key(a).cmp(&sort_key(b)).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| compare(a, b));
        v
    }

    #[test]
    fn danish_letters_follow_z() {
        assert_eq!(
            sorted(&["Åben", "Ørsted", "Zebra", "Ærø", "Abe"]),
            ["Abe", "Zebra", "Ærø", "Ørsted", "Åben"]
        );
    }

    #[test]
    fn okonomi_after_tid() {
        assert_eq!(sorted(&["Økonomi", "Tid"]), ["Tid", "Økonomi"]);
    }

    #[test]
    fn case_does_not_matter() {
        assert_eq!(
            sorted(&["citizen", "PARK Manager", "Citizen Lab"]),
            ["citizen", "Citizen Lab", "PARK Manager"]
        );
    }

    #[test]
    fn minutes_table_order() {
        assert_eq!(
            sorted(&[
                "Telemedicin til borgere med KOL (TeleKOL)",
                "ØIR - Økonomien i Rammearkitekturen (Monopolbrud Classic)",
                "Citizen Lab",
            ]),
            [
                "Citizen Lab",
                "Telemedicin til borgere med KOL (TeleKOL)",
                "ØIR - Økonomien i Rammearkitekturen (Monopolbrud Classic)",
            ]
        );
    }
}

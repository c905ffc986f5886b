//! Overlap between a proposal and what other departments already run, so the
//! council can see that "der ikke anskaffes flere produkter med samme
//! funktionalitet på tværs af afdelingerne". Danish-aware: æ/ø/å are folded,
//! filler words dropped, inflections and generic compound heads stripped.

use std::sync::OnceLock;

/// Below this two words share letters by coincidence, not a function. A word
/// inside a compound scores 0.85–0.9 and one-letter typos 0.58–0.72, while
/// words sharing only a part or a root stay under it: "ruteplanlægning" and
/// "vagtplanlægning" 0.43, "journal" and "journalisering" 0.47.
pub const THRESHOLD: f64 = 0.5;

/// Words that say nothing about what a system does: Danish function words,
/// the vocabulary every proposal uses, and actors every system has.
const STOPWORDS: &str = "og i til af for med den det de en et paa om som at er ved fra hos \
    over under mellem samt eller alle der vores kan skal via fx mv tvaers sag samlet faelles \
    ny nyt nye system fagsystem loesning platform modul vaerktoej digital digitalt \
    digitalisering elektronisk it projekt kommune albertslund anskaffelse indkoeb \
    implementering udskiftning opgradering understoettelse borger medarbejder bruger \
    afdeling forvaltning";

/// Heads that make a product of a function without changing it:
/// "vagtplansystem" is a "vagtplan", "videomødeløsning" is "videomøder".
const GENERIC_HEADS: &str = "system loesning platform modul program vaerktoej portal app";

/// Inflection endings, longest first so "-erne" wins over "-e".
const SUFFIXES: &[&str] = &[
    "ingerne", "erens", "ingen", "inger", "ernes", "erne", "eren", "ing", "ere", "ene", "ers",
    "er", "en", "et", "e", "s",
];

/// What a department proposes: the systems it names and their functions.
pub struct Query<'a> {
    pub names: &'a [String],
    pub functions: &'a [String],
}

/// An existing system or project in another department.
pub struct Candidate<'a> {
    pub name: &'a str,
    pub functions: &'a [String],
    /// Words that say nothing about function, e.g. the supplier ("KMD"),
    /// dropped from the name: a shared supplier is not shared functionality.
    /// A name made only of noise ("SBSYS" by "SBSYS-fællesskabet") then
    /// matches on its functions alone.
    pub noise: &'a str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub score: f64,
    /// The best pair, the candidate side as written: «vagtplaner» ~ «KMD OPUS Vagtplan».
    pub reason: String,
    /// Whether that pair hit the candidate's name rather than a function.
    pub on_name: bool,
}

/// Lowercase ASCII-ish form: "Plejecenter Ærtebjerg" -> "plejecenter aertebjerg".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'æ' | 'ä' => out.push_str("ae"),
            'ø' | 'ö' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            'é' | 'è' => out.push('e'),
            'ü' => out.push('u'),
            c if c.is_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// The stems that carry meaning in `text`.
pub fn terms(text: &str) -> Vec<String> {
    tokens(text).into_iter().map(|(_, stem)| stem).collect()
}

/// Each meaningful word as written, beside its stem.
fn tokens(text: &str) -> Vec<(&str, String)> {
    let mut out = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        for folded in fold(word).split_whitespace() {
            let stemmed = stem(folded);
            if folded.chars().count() >= 2 && !is_stopword(folded, &stemmed) {
                out.push((word, stemmed));
            }
        }
    }
    out
}

/// Checked before and after stemming, so "systemerne" goes as "system" does.
fn is_stopword(folded: &str, stemmed: &str) -> bool {
    static STEMS: OnceLock<Vec<String>> = OnceLock::new();
    let stems = STEMS.get_or_init(|| STOPWORDS.split_whitespace().map(stem).collect());
    STOPWORDS.split_whitespace().any(|s| s == folded) || stems.iter().any(|s| s == stemmed)
}

/// Strip the inflection, then a generic head with its linking "s", then the
/// inflection the head hid: "sagsbehandlingssystemer" -> "sagsbehandl".
fn stem(word: &str) -> String {
    let word = strip_inflection(word);
    for head in GENERIC_HEADS.split_whitespace() {
        let head = strip_inflection(head);
        if let Some(rest) = word.strip_suffix(head) {
            if rest.chars().count() >= 4 {
                return strip_inflection(rest.strip_suffix('s').unwrap_or(rest)).to_string();
            }
        }
    }
    word.to_string()
}

/// Keep at least three letters: "løn" must not become "lø".
fn strip_inflection(word: &str) -> &str {
    SUFFIXES
        .iter()
        .filter_map(|s| word.strip_suffix(s))
        .find(|rest| rest.chars().count() >= 3)
        .unwrap_or(word)
}

/// How alike two stems are, 0..=1. Danish writes compounds as one word, so a
/// stem inside another is the same function ("vagtplan" in "vagtplanlaegn").
/// Both parts need five letters: four-letter stems are modifiers of too many
/// compounds ("plej" in "plejecentr", "plan" in "vagtplan"), and a shorter
/// rest is a derivation that changes the meaning ("journal", "journaliser").
fn term_similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let (short, long) = (a.chars().count(), b.chars().count());
    let (short, long, length, rest) = if short <= long {
        (a, b, short, long - short)
    } else {
        (b, a, long, short - long)
    };
    if length >= 5 && rest >= 5 && long.starts_with(short) {
        0.9
    } else if length >= 5 && rest >= 5 && long.contains(short) {
        0.85
    } else {
        trigram_jaccard(a, b)
    }
}

/// Shared letter triples over all, padded so that the ends count as much as
/// the middle: catches typos such as "vagplan" for "vagtplan" (0.58). The
/// padding gives every word triples, so the union is never empty.
fn trigram_jaccard(a: &str, b: &str) -> f64 {
    let (a, b) = (trigrams(a), trigrams(b));
    let shared = a.iter().filter(|t| b.contains(t)).count();
    shared as f64 / (a.len() + b.len() - shared) as f64
}

fn trigrams(word: &str) -> Vec<[char; 3]> {
    let padded: Vec<char> = format!("  {word}  ").chars().collect();
    let mut out: Vec<[char; 3]> = padded.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A stem with where it came from, for the reason shown to the council.
struct Term<'a> {
    stem: String,
    word: &'a str,
    phrase: &'a str,
    on_name: bool,
}

fn phrase_terms<'a>(phrase: &'a str, on_name: bool, noise: &[String]) -> Vec<Term<'a>> {
    tokens(phrase)
        .into_iter()
        .filter(|(_, stem)| !noise.contains(stem))
        .map(|(word, stem)| Term {
            stem,
            word,
            phrase,
            on_name,
        })
        .collect()
}

fn candidate_terms<'a>(candidate: &Candidate<'a>) -> Vec<Term<'a>> {
    let noise = terms(candidate.noise);
    let mut out = phrase_terms(candidate.name, true, &noise);
    for function in candidate.functions {
        out.extend(phrase_terms(function, false, &[]));
    }
    out
}

/// Each stem once, so a word in both name and functions is not a bonus.
fn query_terms<'a>(query: &Query<'a>) -> Vec<Term<'a>> {
    let mut out: Vec<Term> = Vec::new();
    for phrase in query.names.iter().chain(query.functions) {
        for term in phrase_terms(phrase, false, &[]) {
            if !out.iter().any(|t| t.stem == term.stem) {
                out.push(term);
            }
        }
    }
    out
}

/// The best word pair decides; each further query word that also matches
/// adds 0.05 (up to 1.0), so of two near matches the one sharing more words
/// ranks first. Exact matches tie at 1.0: all of them deserve a look.
pub fn score(query: &Query, candidate: &Candidate) -> Option<Match> {
    let offered = candidate_terms(candidate);
    let pairs: Vec<(f64, (Term, &Term))> = query_terms(query)
        .into_iter()
        .filter_map(|wanted| closest(&wanted, &offered).map(|(s, found)| (s, (wanted, found))))
        .filter(|(similarity, _)| *similarity >= THRESHOLD)
        .collect();
    let bonus = 0.05 * pairs.len().saturating_sub(1) as f64;
    let (similarity, (wanted, found)) = first_best(pairs)?;
    Some(Match {
        score: (similarity + bonus).min(1.0),
        reason: format!("«{}» ~ «{}»", wanted.word, found.phrase),
        on_name: found.on_name,
    })
}

/// The candidate word most like `wanted`, and how alike they are.
fn closest<'t, 'a>(wanted: &Term, offered: &'t [Term<'a>]) -> Option<(f64, &'t Term<'a>)> {
    first_best(
        offered
            .iter()
            .map(|c| (term_similarity(&wanted.stem, &c.stem), c)),
    )
}

/// The highest score, the earliest on a tie: names come before functions.
fn first_best<T>(items: impl IntoIterator<Item = (f64, T)>) -> Option<(f64, T)> {
    items
        .into_iter()
        .reduce(|best, next| if next.0 > best.0 { next } else { best })
}

/// The candidates that overlap the query, best first; ties keep their order.
pub fn find<'a>(
    query: &Query,
    candidates: impl IntoIterator<Item = (usize, Candidate<'a>)>,
) -> Vec<(usize, Match)> {
    let mut found: Vec<(usize, Match)> = candidates
        .into_iter()
        .filter_map(|(id, candidate)| score(query, &candidate).map(|m| (id, m)))
        .collect();
    found.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));
    found
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Systems from the Albertslund minutes and plausible neighbours:
    /// name, supplier, functions separated by ";".
    const REGISTER: &[&str] = &[
        "KMD Sag | KMD | sagsbehandling; journalisering",
        "SBSYS | SBSYS-fællesskabet | ESDH; journalisering; dokumenthåndtering; sagsbehandling",
        "SAPA | KOMBIT | overblik over borgerens sager på tværs; samlet borgeroverblik",
        "KY | KOMBIT | ydelsesudbetaling; kontanthjælp",
        "KSD | KOMBIT | sygedagpenge; sagsbehandling af sygedagpenge",
        "KMD OPUS Vagtplan | KMD | vagtplanlægning; tidsregistrering; fremmøde",
        "KMD OPUS Løn | KMD | lønudbetaling; lønindberetning",
        "CSC Omsorg | CSC | omsorgsjournal; hjemmepleje; dokumentation af pleje",
        "Cura | Systematic | omsorgsjournal; sundhedsfaglig dokumentation; hjemmesygepleje",
        "Teams | Microsoft | videomøder; chat; telefoni; samarbejde",
        "ESDH |  | elektronisk sags- og dokumenthåndtering; journalisering",
        "Aula | KOMBIT | forældreintra; kommunikation mellem skole og forældre",
        "Citizen Lab | CitizenLab | borgerinddragelse; høringer",
        "PARK Manager | ParkOne | parkeringskontrol; parkeringsafgifter; beboerlicenser",
        "Prisme | Fujitsu | økonomistyring; bogføring; kreditorer",
    ];

    /// Proposals as a department words them: name, functions, and labelled by
    /// hand the entries an IT architect would call the same functionality.
    const QUERIES: &[&str] = &[
        "Nyt vagtplansystem til plejecentre | vagtplaner; tidsregistrering | KMD OPUS Vagtplan",
        "Planlægning af vagtplanerne | fremmøderegistrering | KMD OPUS Vagtplan",
        "Vagplan-modul | vagtskifte; ferieplanlægning | KMD OPUS Vagtplan",
        "Arbejdstidsapp | tidsregistrering for hjemmeplejens medarbejdere | KMD OPUS Vagtplan",
        "Journal til hjemmeplejen | dokumentation af pleje; mobil adgang | CSC Omsorg; Cura",
        "Omsorgsjornal | hjemmesygeplejen | CSC Omsorg; Cura",
        "Videomødeløsning | videomøder; skærmdeling | Teams",
        "Chatløsning til medarbejdere | chat; intern kommunikation | Teams",
        "Telefoniløsning | telefoni; omstilling; kø-styring | Teams",
        "Ny ESDH-løsning | journalisering; dokumenthåndtering | SBSYS; ESDH; KMD Sag",
        "Journaliseringsværktøj | journalisering af e-mails | KMD Sag; SBSYS; ESDH",
        "Sagsbehandlingssystem | sagsbehandling af sygedagpenge | KSD; KMD Sag; SBSYS",
        "Sygedagspenge-opfølgning | opfølgning på sygemeldte | KSD",
        "Borgeroverblik | overblik over borgerens sager på tværs af forvaltninger | SAPA",
        "Udbetaling af kontanthjælp | ydelsesudbetalinger; beregning af ydelser | KY",
        "Borgerinddragelsesplatform | høring af lokalplaner; borgerinddragelse | Citizen Lab",
        "Parkeringsapp | betaling for parkering; parkeringskontrol | PARK Manager",
        "Forældreportal til dagtilbud | kommunikation med forældre; beskeder | Aula",
        "Kommunikation med forældre i SFO | forældreintra; opslag | Aula",
        "Nyt lønsystem | lønudbetalinger; indberetning til SKAT | KMD OPUS Løn",
        "Økonomisystem | bogføring; budgetlægning | Prisme",
        "Droner til vejinspektion | luftfoto af veje; skadesregistrering | ",
        "Affaldsplanlægning | ruteplanlægning for skraldebiler; tømningskalender | ",
        "Booking af tandlægetider | tidsbestilling; SMS-påmindelser | ",
    ];

    fn list(text: &str) -> Vec<String> {
        let items = text.split(';').map(str::trim).filter(|t| !t.is_empty());
        items.map(String::from).collect()
    }

    /// "a | b | c" as its three fields.
    fn fields(entry: &str) -> [&str; 3] {
        let mut parts = entry.split('|').map(str::trim);
        [(); 3].map(|_| parts.next().unwrap_or_default())
    }

    /// Register names that `find` returns for a proposal, best first.
    fn matched(name: &str, functions: &str) -> Vec<&'static str> {
        let (names, functions) = (list(name), list(functions));
        let query = Query {
            names: &names,
            functions: &functions,
        };
        let offered: Vec<Vec<String>> = REGISTER.iter().map(|e| list(fields(e)[2])).collect();
        let candidates = REGISTER.iter().zip(&offered).map(|(entry, functions)| {
            let [name, noise, _] = fields(entry);
            Candidate {
                name,
                noise,
                functions,
            }
        });
        let found = find(&query, candidates.enumerate());
        found
            .into_iter()
            .map(|(i, _)| fields(REGISTER[i])[0])
            .collect()
    }

    /// Precision and recall of `find` over the labelled set; misses printed.
    pub(crate) fn measure() -> (f64, f64) {
        let (mut right, mut found, mut expected) = (0, 0, 0);
        for [name, functions, labels] in QUERIES.iter().map(|q| fields(q)) {
            let labels = list(labels);
            let matched = matched(name, functions);
            for m in &matched {
                if labels.iter().any(|l| l == m) {
                    right += 1;
                } else {
                    println!("  «{name}»: also found {m}");
                }
            }
            for l in labels.iter().filter(|l| !matched.contains(&l.as_str())) {
                println!("  «{name}»: missed {l}");
            }
            found += matched.len();
            expected += labels.len();
        }
        (
            f64::from(right) / found as f64,
            f64::from(right) / expected as f64,
        )
    }

    #[test]
    fn labelled_set_meets_the_bar() {
        let (precision, recall) = measure();
        let n = QUERIES.len();
        println!("overlap matching: precision {precision:.2}, recall {recall:.2} over {n} queries");
        assert!(precision >= 0.8, "precision {precision:.2}");
        assert!(recall >= 0.9, "recall {recall:.2}");
    }

    #[test]
    fn folds_danish_letters_and_punctuation() {
        assert_eq!(fold("Vagtplanlægning"), "vagtplanlaegning");
        assert!(fold("Vagtplanlægning").contains("vagtplan"));
        assert_eq!(fold("Økonomi/Løn-Å"), "oekonomi loen aa");
        assert_eq!(fold("Café Müller Bär"), "cafe muller baer");
    }

    #[test]
    fn drops_stopwords_and_stems() {
        assert_eq!(
            terms("Nyt system til vagtplanerne i Albertslund Kommune"),
            ["vagtplan"]
        );
        assert_eq!(terms("Sagsbehandlingssystemer"), terms("sagsbehandling"));
        assert_eq!(terms("løn, KY"), ["loen", "ky"]);
        assert!(terms("IT-løsningerne og platformen").is_empty());
    }

    #[test]
    fn compounds_match_but_short_modifiers_do_not() {
        let sim = |a: &str, b: &str| term_similarity(&terms(a)[0], &terms(b)[0]);
        assert!(sim("Sagsbehandling", "sagsbehandlingssystem") >= THRESHOLD);
        assert!(sim("vagtplan", "vagtplanlægning") >= THRESHOLD);
        assert!(sim("vagplan", "vagtplan") >= THRESHOLD);
        assert!(sim("plan", "vagtplan") < THRESHOLD);
        assert!(sim("pleje", "plejecentre") < THRESHOLD);
        assert!(sim("journal", "journalisering") < THRESHOLD);
    }

    /// A proposal's name and functions scored against one register entry.
    fn score_entry(name: &str, functions: &str, entry: &str) -> Option<Match> {
        let [system, noise, offered] = fields(entry);
        let (names, functions, offered) = (list(name), list(functions), list(offered));
        let query = Query {
            names: &names,
            functions: &functions,
        };
        score(
            &query,
            &Candidate {
                name: system,
                functions: &offered,
                noise,
            },
        )
    }

    #[test]
    fn names_the_original_phrase_without_the_supplier() {
        let opus = "KMD OPUS Vagtplan | KMD | vagtplanlægning; tidsregistrering";
        let found = score_entry("vagtplan", "", opus).unwrap();
        assert_eq!(found.reason, "«vagtplan» ~ «KMD OPUS Vagtplan»");
        assert!(found.on_name && found.score >= THRESHOLD);
    }

    #[test]
    fn the_supplier_alone_never_matches() {
        let sag = "KMD Sag | KMD | sagsbehandling; journalisering";
        assert_eq!(score_entry("KMD OPUS", "lønudbetaling", sag), None);
    }

    #[test]
    fn more_shared_words_score_higher() {
        let opus = "KMD OPUS Vagtplan | KMD | vagtplanlægning; tidsregistrering";
        let one = |name| score_entry(name, "", opus).unwrap().score;
        let both = score_entry("Vagplan", "tidsregistering", opus)
            .unwrap()
            .score;
        assert!(both > one("Vagplan").max(one("tidsregistering")));
    }
}

//! The one table from a broken rule (its stable code and the field it
//! concerns) to the Danish message a page shows. No page reads English text.

use crate::domain::access::{PASSWORD_MAX, PASSWORD_MIN};
use crate::domain::reference::{POSITION_MAX, YEARS};
use crate::domain::status::Parameter;
use crate::domain::Problem;
use crate::error::{AppError, LineProblem};

/// A parameter as a heading or a label starts: "Økonomi".
pub fn parameter_label(p: Parameter) -> &'static str {
    match p {
        Parameter::Ressourcer => "Ressourcer",
        Parameter::Leverancer => "Leverancer",
        Parameter::Tid => "Tid",
        Parameter::Okonomi => "Økonomi",
    }
}

/// A wrong present password when changing it.
pub const WRONG_PASSWORD: &str = "Den nuværende adgangskode er forkert.";

/// Too many wrong passwords within the throttle's window.
pub const THROTTLED: &str = "For mange forkerte forsøg. Vent 15 minutter, og prøv igen.";

/// Shown when a save was based on a version someone else has since changed.
pub const CHANGED_BY_OTHERS: &str =
    "Projektet er blevet ændret af en anden, siden du åbnede det. Genindlæs siden, og ret igen.";

/// A status field (`tid.colour`, `okonomi.comment`) and its parameter.
fn status_field(field: &str) -> Option<(Parameter, &str)> {
    let (name, part) = field.split_once('.')?;
    Some((Parameter::parse("field", name).ok()?, part))
}

/// What the page says about a field that broke a rule.
pub fn danish(field: &str, problem: Problem) -> String {
    if let Some(text) = status_message(field, problem) {
        return text;
    }
    match problem {
        Problem::TooLong(max) => format!("Teksten må højst være {max} tegn."),
        Problem::PasswordLength => {
            format!("Adgangskoden skal være {PASSWORD_MIN} til {PASSWORD_MAX} tegn.")
        }
        _ => fixed(field, problem).to_string(),
    }
}

/// The messages of the status form, which name the parameter.
fn status_message(field: &str, problem: Problem) -> Option<String> {
    if field == "comment" {
        if let Problem::TooLong(max) = problem {
            return Some(format!("Den samlede kommentar må højst være {max} tegn."));
        }
    }
    let (parameter, part) = status_field(field)?;
    let (label, name) = (parameter_label(parameter), parameter.danish());
    Some(match (part, problem) {
        ("colour", _) => format!("Vælg grøn, gul eller rød for {name}."),
        (_, Problem::RedNeedsComment) => format!("{label} er rød: skriv i kommentaren, hvorfor."),
        (_, Problem::TooLong(max)) => format!("Kommentaren til {name} må højst være {max} tegn."),
        _ => return None,
    })
}

/// The messages that need no number.
fn fixed(field: &str, problem: Problem) -> &'static str {
    use Problem::*;
    match (problem, field) {
        (Required, "name") => "Skriv projektets navn.",
        (Required, "remark") => "Skriv en bemærkning: den kræves, medmindre området er godkendt uden bemærkninger.",
        (Required, "text") => "Skriv beslutningens tekst.",
        (Required, "purpose") => "Skriv formålet med projektet.",
        (Required, "department_id") | (UnknownReference, "department_id") => "Vælg en afdeling.",
        (Required, "phase_id") | (UnknownReference, "phase_id") => "Vælg en fase.",
        (Required, "reason") => "Skriv begrundelsen.",
        (Required, _) => "Udfyld feltet.",
        (ControlCharacters | InvisibleCharacters, _) => "Teksten indeholder tegn, der ikke kan gemmes (kontroltegn eller usynlige formateringstegn). Skriv den igen uden dem.",
        (InvalidEmail, _) => "Skriv en e-mailadresse, fx navn@albertslund.dk.",
        (UnknownValue, _) => "Vælg en af de mulige værdier.",
        (InvalidQuarter, _) => "Skriv kvartalet som år og kvartal, fx 2022Q1.",
        (InvalidCaseNumber, _) => "Journalnummeret skal have formen 85.13.00-P20-1-22.",
        (NegativeAmount | AmountTooLarge, _) | (InvalidNumber, "budget" | "spent" | "operating_cost" | "forecast" | "benefit_yearly") => {
            "Skriv et beløb i hele kroner, 0 eller mere (fx 1.250.000)."
        }
        (InvalidNumber | OutOfRange, "operating_from" | "benefit_from") => "Skriv et årstal, fx 2024.",
        (InvalidNumber, _) => "Skriv et helt tal.",
        (InvalidDate, _) => "Skriv datoen som dd-mm-åååå.",
        (EndBeforeStart, "planned_end") => "Planlagt slut ligger før startdatoen.",
        (EndBeforeStart, "ended_on") => "Afsluttet-datoen kan ikke ligge før startdatoen.",
        (EndBeforeStart, _) => "Slutningen ligger før starten.",
        (CancelReasonRequired, _) => "Et udgået projekt skal have en begrundelse.",
        (CancelReasonNotCancelled, _) => "Kun et udgået projekt har en begrundelse. Tøm feltet, eller vælg tilstanden udgået.",
        (EndDateNotClosed, _) => "Afsluttet-datoen gælder kun afsluttede og udgåede projekter.",
        (RedNeedsComment, _) => "Parameteren er rød: skriv i kommentaren, hvorfor.",
        (RedNeedsQuarter, _) => "Vælg det kvartal, de røde parametre gælder.",
        (CurrentPasswordRequired, _) => "Skriv din nuværende adgangskode.",
        (PasswordMismatch, _) => "De to nye adgangskoder er ikke ens. Skriv den samme to gange.",
        (OutOfRange, "days_before") => "Skriv et antal dage fra 0 til 60.",
        (OutOfRange, "every_days") => "Skriv et antal dage fra 1 til 30.",
        (OutOfRange, "time_yellow_months" | "time_red_months") => "Skriv et antal måneder fra 0 til 60; rød kan ikke komme før gul.",
        (OutOfRange, "cost_yellow_percent" | "cost_red_percent") => "Skriv en procent fra 0 til 500; rød kan ikke komme før gul.",
        (OutOfRange, _) => "Værdien ligger uden for det tilladte.",
        (UnknownReference, "manager_id" | "owner_id") => "Vælg en person fra listen.",
        (UnknownReference, _) => "Vælg en værdi fra listen: den valgte findes ikke.",
        (ProgrammeCycle, _) => "Vælg et andet program: et projekt kan ikke ligge under sig selv.",
        (ProgrammeTooDeep, _) => "Programmerne ligger i for mange niveauer. Vælg et program højere oppe.",
        (DuplicateName, "name") => "Der findes allerede et projekt med det navn.",
        (DuplicateName, _) => "Navnet er allerede brugt.",
        (DuplicateValue, "email") => "Der findes allerede en person med den e-mailadresse.",
        (DuplicateValue, _) => "Værdien er allerede brugt.",
        (AlreadyClosed, _) => "Projektet er allerede afsluttet eller udgået.",
        (NotApproved, _) => "Projektet er ikke godkendt endnu og har derfor ingen baseline.",
        (LastAdministrator, "active") => "Den sidste administrator kan ikke deaktiveres. Giv først en anden rollen som administrator.",
        (LastAdministrator, _) => "Den sidste administrator kan ikke miste rollen.",
        (OwnAccount, _) => "Du kan ikke deaktivere dig selv. Bed en anden administrator om det.",
        (Deactivated, _) => "Personen er deaktiveret. Aktivér personen først.",
        (LinkSpent, _) => "Linket er allerede brugt, erstattet af et nyt eller udløbet. Bed en administrator om et nyt.",
        (QuarterClosed, _) => "Kvartalet er lukket for indrapportering. Kontakt IT-projektrådet, hvis status skal rettes.",
        (QuarterApproved, _) => "Chefforum har godkendt kvartalets rapport. Derfor kan status for kvartalet ikke længere ændres.",
        (AlreadyDecided, _) => "Chefforum har allerede truffet beslutning om kvartalet. Registrér den nye som en rettelse.",
        (NothingToCorrect, _) => "Der er ingen beslutning at rette.",
        (ProjectHasReports, _) => "Projektet har statusrapporter og bevares. Afslut det, eller sæt det til udgået.",
        (ProjectHasChildren, _) => "Projektet er program for andre projekter. Flyt dem først.",
        (EmptyFile, _) => "Filen er tom.",
        (NotUtf8, _) => "Filen er ikke gemt som UTF-8. Gem den fra Excel som «CSV UTF-8 (kommasepareret)».",
        (MissingColumns, _) => "Filen mangler en kolonne, den skal have.",
        (WrongFieldCount { .. }, _) => "Linjen har et andet antal felter end overskriften.",
        (Malformed, _) => "Værdien kunne ikke læses.",
        (ReviewIncomplete, _) => "Gennemgangen er ikke færdig: alle fem områder skal være vurderet, før rådet kan godkende.",
        (ReviewNotApproved, _) => "Et område er ikke godkendt. Afvis forslaget, eller vurdér området igen.",
        (OverlapNotRecorded, _) => "Registrér først rådets vurdering af overlap: intet overlap, eller overlap accepteret med en begrundelse.",
        (WrongStage, _) => "Det kan ikke lade sig gøre, hvor sagen står nu. Genindlæs siden.",
        (ChefforumDecides, _) => "Et strategisk projekt godkendes og lukkes af Chefforum. Indstil det til Chefforum.",
        (NeedsApproval, _) => "Kun et godkendt projekt kan sættes i gang. Forslaget skal først godkendes.",
        (ProjectHasDecisions, _) => "Projektet har beslutninger i beslutningsregistret og bevares. Sæt det til udgået i stedet.",
        (OwnDepartmentOnly, _) => "Du kan kun stille forslag for din egen afdeling.",
        (TooLong(_) | PasswordLength, _) => "Værdien er for lang.",
    }
}

/// A bad line of an imported file, in Danish: what is wrong with the value
/// in its column, or with the line or the file as a whole. The column is
/// shown beside it.
pub fn line_fault(l: &LineProblem) -> String {
    use Problem::*;
    let quoted = l.value.as_deref().map(|v| format!("«{v}»"));
    let column = l.column.as_deref().unwrap_or_default();
    let person = matches!(column, "Projektleder" | "Projektejer" | "Indrapporteret af");
    match (l.problem, quoted) {
        (Required, _) if !column.is_empty() => "Feltet er tomt, men skal udfyldes.".into(),
        (UnknownReference, Some(v)) if person => {
            format!("{v} findes ikke. Skriv personens e-mailadresse, så oprettes personen.")
        }
        (UnknownReference, Some(v)) if column == "Kvartal" => {
            format!("Kvartalet {v} findes ikke. Opret det under Kvartaler først.")
        }
        (UnknownReference, Some(v)) => format!("{v} findes ikke."),
        (InvalidDate, Some(v)) => format!("{v} er ikke en dato. Skriv dd-mm-åååå."),
        (InvalidNumber, Some(v)) => {
            format!("{v} er ikke et beløb i hele kroner. Skriv fx 1.250.000.")
        }
        (UnknownValue | InvalidQuarter, Some(v)) => {
            format!("{v} kan ikke bruges her. {}", allowed_values(column))
        }
        (OutOfRange, Some(v)) if column == "Indrapporteret" => {
            format!("{v} ligger uden for kvartalet eller i fremtiden.")
        }
        (QuarterClosed, Some(v)) => format!(
            "Kvartalet {v} er lukket. Sæt hak ved «historik» for at indlæse status for et lukket kvartal."
        ),
        (MissingColumns, Some(_)) => {
            let columns = l.value.as_deref().unwrap_or_default();
            let noun = if columns.contains(',') { "kolonnerne" } else { "kolonnen" };
            format!("Filen mangler {noun} {columns}.")
        }
        (WrongFieldCount { expected, found }, _) => format!(
            "Linjen har {found} felter, men overskriften har {expected}. Tjek semikolonerne i linjen."
        ),
        (Malformed, None) => "Linjen kunne ikke læses.".into(),
        (problem, _) => danish(l.field.as_deref().unwrap_or(column), problem),
    }
}

/// What a column with fixed words accepts.
fn allowed_values(column: &str) -> &'static str {
    match column {
        "Ressourcer" | "Leverancer" | "Tid" | "Økonomi" => "Skriv grøn, gul eller rød.",
        "Type" | "Projekttype" => "Skriv operationel eller strategisk.",
        "Skal-projekt" => "Skriv ja eller nej.",
        "Tilstand" | "Status" => "Skriv en af projektets tilstande, fx aktiv.",
        "Kvartal" => "Skriv kvartalet som 2022Q3.",
        _ => "Se de tilladte værdier i vejledningen.",
    }
}

/// What an administration form is about: its messages name the thing
/// where the project form's would name a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Person,
    Department,
    Phase,
    Strategy,
    FocusArea,
    /// A system in the council's register.
    System,
}

impl Subject {
    /// "Afdelingen", as a sentence about it starts.
    pub fn definite(self) -> &'static str {
        match self {
            Self::Person => "Personen",
            Self::Department => "Afdelingen",
            Self::Phase => "Fasen",
            Self::Strategy => "Strategien",
            Self::FocusArea => "Indsatsområdet",
            Self::System => "Systemet",
        }
    }
}

/// What an administration form says about a field that broke a rule.
pub fn about(subject: Subject, field: &str, problem: Problem) -> String {
    use Problem::*;
    use Subject::*;
    let text = match (subject, problem, field) {
        (Person, Required, "name") => "Skriv personens navn.",
        (Department, Required, "name") => "Skriv afdelingens navn.",
        (Department, Required, "code") => "Skriv afdelingens forkortelse, fx ØS.",
        (Phase, Required, "name") => "Skriv fasens navn.",
        (Strategy, Required, "name") => "Skriv strategiens navn.",
        (FocusArea, Required, "name") => "Skriv indsatsområdets navn.",
        (System, Required, "name") => "Skriv systemets navn.",
        // The database names one field for a clash of the name or the code.
        (Department, DuplicateName, _) => {
            "Der findes allerede en afdeling med det navn eller den forkortelse."
        }
        (Phase, DuplicateName, _) => "Der findes allerede en fase med det navn.",
        (Strategy, DuplicateName, _) => "Der findes allerede en strategi med det navn.",
        (FocusArea, DuplicateName, _) => "Strategien har allerede et indsatsområde med det navn.",
        (System, DuplicateName, _) => "Registret har allerede et system med det navn.",
        (_, Required | UnknownReference, "strategy_id") => "Vælg en strategi.",
        (_, UnknownValue, "role") => "Vælg en af de fem roller.",
        (_, OutOfRange, "position") => {
            return format!("Skriv et helt tal fra 0 til {POSITION_MAX}.");
        }
        (_, OutOfRange, "start_year" | "end_year") => {
            return format!("Skriv et årstal fra {} til {}.", YEARS.start(), YEARS.end());
        }
        (_, Required | InvalidNumber, "start_year" | "end_year") => {
            "Skriv årstallet med fire cifre, fx 2021."
        }
        (_, EndBeforeStart, "end_year") => "Slutåret ligger før startåret.",
        _ => return danish(field, problem),
    };
    text.to_string()
}

/// An error the page shows beside a field (or above the form when it has
/// none), or `None` when it is not the user's to correct.
pub fn for_form(e: &AppError) -> Option<(String, String)> {
    shown(e, danish)
}

/// [`for_form`] on an administration form about `subject`.
pub fn for_form_about(subject: Subject, e: &AppError) -> Option<(String, String)> {
    shown(e, |field, problem| about(subject, field, problem))
}

fn shown(e: &AppError, say: impl Fn(&str, Problem) -> String) -> Option<(String, String)> {
    match e {
        AppError::Validation { field, problem, .. } | AppError::Conflict { field, problem, .. } => {
            let field = field.clone().unwrap_or_default();
            let text = say(&field, *problem);
            Some((field, text))
        }
        AppError::PreconditionFailed(_) => Some((String::new(), CHANGED_BY_OTHERS.to_string())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_form_names_the_parameter() {
        assert_eq!(
            danish("tid.comment", Problem::RedNeedsComment),
            "Tid er rød: skriv i kommentaren, hvorfor."
        );
        assert_eq!(
            danish("okonomi.colour", Problem::Required),
            "Vælg grøn, gul eller rød for økonomi."
        );
        assert_eq!(
            danish("comment", Problem::TooLong(4000)),
            "Den samlede kommentar må højst være 4000 tegn."
        );
    }

    #[test]
    fn a_field_can_sharpen_a_message() {
        assert_eq!(
            danish("name", Problem::DuplicateName),
            "Der findes allerede et projekt med det navn."
        );
        assert_eq!(
            danish("code", Problem::DuplicateName),
            "Navnet er allerede brugt."
        );
        assert_eq!(
            danish("search", Problem::TooLong(200)),
            "Teksten må højst være 200 tegn."
        );
    }

    #[test]
    fn administration_forms_name_their_subject() {
        assert_eq!(
            about(Subject::Department, "name", Problem::Required),
            "Skriv afdelingens navn."
        );
        assert_eq!(
            about(Subject::Phase, "name", Problem::DuplicateName),
            "Der findes allerede en fase med det navn."
        );
        assert_eq!(
            about(Subject::Phase, "position", Problem::OutOfRange),
            "Skriv et helt tal fra 0 til 1000."
        );
        assert_eq!(
            about(Subject::Strategy, "start_year", Problem::OutOfRange),
            "Skriv et årstal fra 1900 til 2999."
        );
        // What is not the subject's own falls back to the one table.
        assert_eq!(
            about(Subject::Person, "email", Problem::DuplicateValue),
            "Der findes allerede en person med den e-mailadresse."
        );
        assert_eq!(
            about(Subject::Person, "role", Problem::LastAdministrator),
            "Den sidste administrator kan ikke miste rollen."
        );
    }

    #[test]
    fn an_error_without_a_field_is_shown_above_the_form() {
        let e = AppError::conflict(None, Problem::QuarterClosed, "quarter 2022Q1 is closed");
        assert_eq!(
            for_form(&e),
            Some((
                String::new(),
                "Kvartalet er lukket for indrapportering. Kontakt IT-projektrådet, hvis status skal rettes.".into()
            ))
        );
        assert_eq!(for_form(&AppError::NotFound("x".into())), None);
    }
}

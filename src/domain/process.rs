//! The council's process, from a department's proposal to the decision: the
//! review checklist, which body decides (the council for an operational
//! project, Chefforum for a strategic one) and the steps a proposal may take.

use super::project::{Kind, Lifecycle};
use super::text::{free_text, required_name};
use super::{Problem, ValidationError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const TEXT_MAX: usize = 10_000;
/// More systems than a proposal sensibly names.
pub const SYSTEMS_MAX: usize = 50;

/// Defines a closed set of words stored and sent as snake_case, with Danish labels.
macro_rules! words {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal, $danish:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$(Self::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }

            pub fn danish(self) -> &'static str {
                match self { $(Self::$variant => $danish),+ }
            }

            pub fn parse(field: &str, value: &str) -> Result<Self, ValidationError> {
                let value = value.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|w| w.as_str() == value || w.danish().eq_ignore_ascii_case(value))
                    .ok_or_else(|| {
                        let allowed: Vec<&str> = Self::ALL.iter().map(|w| w.as_str()).collect();
                        ValidationError::new(
                            field,
                            Problem::UnknownValue,
                            format!("'{value}' is not one of {}", allowed.join(", ")),
                        )
                    })
            }
        }

        impl TryFrom<String> for $name {
            type Error = ValidationError;

            fn try_from(value: String) -> Result<Self, ValidationError> {
                Self::parse("value", &value)
            }
        }
    };
}

words! {
    /// What requires a project, whatever its scores: law ranks it first.
    RequiredBy {
        None = "none", "intet krav";
        Law = "law", "lovkrav";
        Joint = "joint", "fælleskommunalt program";
    }
}

words! {
    /// Where a proposal stands.
    Stage {
        Submitted = "submitted", "indsendt";
        InReview = "in_review", "under gennemgang";
        ToChefforum = "to_chefforum", "til Chefforum";
        Approved = "approved", "godkendt";
        Rejected = "rejected", "afvist";
    }
}

words! {
    /// The five areas the council reviews every project on.
    Area {
        ItSecurity = "it_security", "IT-sikkerhed";
        ItArchitecture = "it_architecture", "IT-arkitektur";
        Contract = "contract", "kontrakt";
        Gdpr = "gdpr", "GDPR";
        Economy = "economy", "økonomi";
    }
}

words! {
    /// The council's verdict on one area.
    Verdict {
        Approved = "approved", "godkendt";
        ApprovedWithRemarks = "approved_with_remarks", "godkendt med bemærkninger";
        NotApproved = "not_approved", "ikke godkendt";
        NotRelevant = "not_relevant", "ikke relevant";
    }
}

words! {
    /// The council's verdict on what the duplicate check found.
    Overlap {
        None = "none", "intet overlap";
        Accepted = "accepted", "overlap accepteret";
    }
}

words! {
    /// Who decides.
    Body {
        Council = "council", "IT-projektrådet";
        Chefforum = "chefforum", "Chefforum";
    }
}

words! {
    /// What a decision on a project did.
    DecisionKind {
        Approved = "approved", "godkendt";
        Recommended = "recommended", "fagligt godkendt, til Chefforum";
        Rejected = "rejected", "afvist";
        ClosureProposed = "closure_proposed", "lukning indstillet til Chefforum";
        Completed = "completed", "afsluttet";
        Cancelled = "cancelled", "lukket (udgået)";
    }
}

words! {
    /// What Chefforum is asked to decide on a strategic project.
    Matter {
        Start = "start", "igangsættelse";
        Close = "close", "lukning";
    }
}

/// The project foundation (projektgrundlag) a proposal adds to a project's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Foundation {
    pub purpose: String,
    pub required_by: RequiredBy,
    pub systems: Vec<SystemLine>,
}

impl Foundation {
    /// Every problem at once: the purpose is required, the systems checked.
    pub fn check(
        purpose: &str,
        required_by: RequiredBy,
        systems: Vec<SystemLine>,
    ) -> Result<Self, Vec<ValidationError>> {
        let purpose = free_text("purpose", purpose, TEXT_MAX).and_then(|p| match p.is_empty() {
            true => Err(ValidationError::new(
                "purpose",
                Problem::Required,
                "say what the project is for",
            )),
            false => Ok(p),
        });
        match (purpose, check_systems(systems)) {
            (Ok(purpose), Ok(systems)) => Ok(Self {
                purpose,
                required_by,
                systems,
            }),
            (purpose, systems) => Err([purpose.err(), systems.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }
}

/// The body that approves, and closes, a project of this kind.
pub fn deciding_body(kind: Kind) -> Body {
    match kind {
        Kind::Operational => Body::Council,
        Kind::Strategic => Body::Chefforum,
    }
}

/// Whether a project may move from one lifecycle state to another outside the
/// steps of the process: a proposal is approved or rejected by a decision,
/// only an approved project becomes active, and a strategic project is closed
/// by Chefforum (`may_decide`: the one acting records Chefforum's decisions).
pub fn state_change(
    kind: Kind,
    from: Lifecycle,
    to: Lifecycle,
    may_decide: bool,
) -> Result<(), Problem> {
    match (from, to) {
        _ if from == to => Ok(()),
        (from, to) if from.is_closed() && !to.is_closed() => Err(Problem::WrongStage),
        (Lifecycle::Proposed, _) => Err(Problem::NeedsApproval),
        (_, Lifecycle::Proposed) => Err(Problem::WrongStage),
        (from, Lifecycle::Active) if from != Lifecycle::Approved => Err(Problem::NeedsApproval),
        (from, to) if to.is_closed() && !from.is_closed() => {
            match (deciding_body(kind), may_decide) {
                (Body::Chefforum, false) => Err(Problem::ChefforumDecides),
                _ => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// Whether a change of kind needs Chefforum: a strategic project is Chefforum's,
/// so only who records Chefforum's decisions makes it operational (and with
/// that, the council's to close).
pub fn kind_change(from: Kind, to: Kind, may_decide: bool) -> Result<(), Problem> {
    match (from, to, may_decide) {
        (Kind::Strategic, Kind::Operational, false) => Err(Problem::ChefforumDecides),
        _ => Ok(()),
    }
}

/// The end date of a project rejected or cancelled before it began: none
/// when its planned start lies after the decision.
pub fn ended_on(decided: NaiveDate, start: Option<NaiveDate>) -> Option<NaiveDate> {
    Some(decided).filter(|d| start.is_none_or(|s| *d >= s))
}

/// Whether the proposer may still change the proposal: until the review starts.
pub fn proposer_may_edit(stage: Stage) -> bool {
    stage == Stage::Submitted
}

/// Whether the council may still review or reject: before its recommendation.
pub fn under_council(stage: Stage) -> bool {
    matches!(stage, Stage::Submitted | Stage::InReview)
}

/// The stage after the council's approval: an operational project is approved,
/// a strategic one goes on Chefforum's list.
pub fn after_council_approval(kind: Kind) -> Stage {
    match deciding_body(kind) {
        Body::Council => Stage::Approved,
        Body::Chefforum => Stage::ToChefforum,
    }
}

/// One checked entry of the review checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewEntry {
    pub area: Area,
    pub verdict: Verdict,
    pub remark: String,
}

impl ReviewEntry {
    /// A remark is required unless the area is plainly approved.
    pub fn parse(area: Area, verdict: Verdict, remark: &str) -> Result<Self, ValidationError> {
        let remark = free_text("remark", remark, TEXT_MAX)?;
        if remark.is_empty() && verdict != Verdict::Approved {
            return Err(ValidationError::new(
                "remark",
                Problem::Required,
                format!("'{}' needs a remark", verdict.as_str()),
            ));
        }
        Ok(Self {
            area,
            verdict,
            remark,
        })
    }
}

/// What stands between a review and the council's approval, first problem first.
pub fn approval_blocker(
    done: &[(Area, Verdict)],
    overlap: Option<Overlap>,
) -> Option<(Problem, String)> {
    let missing: Vec<&str> = missing_areas(done).iter().map(|a| a.as_str()).collect();
    if !missing.is_empty() {
        let message = format!("the review lacks: {}", missing.join(", "));
        return Some((Problem::ReviewIncomplete, message));
    }
    if let Some((area, _)) = done.iter().find(|(_, v)| *v == Verdict::NotApproved) {
        let message = format!("{} is not approved; reject or review again", area.as_str());
        return Some((Problem::ReviewNotApproved, message));
    }
    overlap.is_none().then(|| {
        let message = "record the overlap verdict (none, or accepted with a reason) first";
        (Problem::OverlapNotRecorded, message.to_string())
    })
}

/// The areas not reviewed yet, in the checklist's order.
pub fn missing_areas(done: &[(Area, Verdict)]) -> Vec<Area> {
    Area::ALL
        .iter()
        .copied()
        .filter(|a| !done.iter().any(|(d, _)| d == a))
        .collect()
}

/// Whether someone may change a proposal now: its proposer until the review
/// starts, the council until it has decided or referred it.
pub fn may_edit(council: bool, proposer: bool, stage: Stage) -> bool {
    (council && under_council(stage)) || (proposer && proposer_may_edit(stage))
}

/// The overlap verdict: an accepted overlap says why.
pub fn overlap_verdict(verdict: Overlap, reason: &str) -> Result<String, ValidationError> {
    let reason = free_text("reason", reason, TEXT_MAX)?;
    if verdict == Overlap::Accepted && reason.is_empty() {
        return Err(ValidationError::new(
            "reason",
            Problem::Required,
            "an accepted overlap needs the reason it is accepted",
        ));
    }
    Ok(reason)
}

/// A system or product a proposal will buy or build, with its functions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemLine {
    /// E.g. "KMD OPUS Vagtplan".
    pub name: String,
    /// E.g. ["vagtplanlægning", "tidsregistrering"].
    #[serde(default)]
    pub functions: Vec<String>,
}

impl SystemLine {
    /// Trimmed, named, its functions without empties.
    pub fn check(self) -> Result<Self, ValidationError> {
        let name = required_name("systems", &self.name, super::project::NAME_MAX)?;
        let functions = self
            .functions
            .iter()
            .map(|f| required_name("systems", f, super::project::NAME_MAX))
            .filter(|f| !matches!(f, Err(e) if e.problem == Problem::Required))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { name, functions })
    }

    /// Lines as people type them: "KMD OPUS Vagtplan: vagtplanlægning, tidsregistrering".
    pub fn from_lines(text: &str) -> Vec<Self> {
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|line| match line.split_once(':') {
                Some((name, functions)) => Self {
                    name: name.trim().to_string(),
                    functions: split_functions(functions),
                },
                None => Self {
                    name: line.trim().to_string(),
                    functions: vec![],
                },
            })
            .collect()
    }

    /// The line as `from_lines` reads it back.
    pub fn to_line(&self) -> String {
        match self.functions.is_empty() {
            true => self.name.clone(),
            false => format!("{}: {}", self.name, self.functions.join(", ")),
        }
    }
}

/// A list of functions as typed, comma or semicolon separated.
pub fn split_functions(text: &str) -> Vec<String> {
    text.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect()
}

/// A system of the register: named, its supplier and functions (each may
/// hold several, comma separated) checked. Returns (name, supplier, functions).
pub fn check_system(
    name: &str,
    supplier: &str,
    functions: &[String],
) -> Result<(String, String, Vec<String>), ValidationError> {
    let name = required_name("name", name, super::project::NAME_MAX)?;
    let supplier = free_text("supplier", supplier, super::project::NAME_MAX)?;
    let functions = functions
        .iter()
        .flat_map(|f| split_functions(f))
        .map(|f| required_name("functions", &f, super::project::NAME_MAX))
        .collect::<Result<_, _>>()?;
    Ok((name, supplier, functions))
}

/// A proposal's systems, each checked, and not too many.
pub fn check_systems(lines: Vec<SystemLine>) -> Result<Vec<SystemLine>, ValidationError> {
    if lines.len() > SYSTEMS_MAX {
        return Err(ValidationError::new(
            "systems",
            Problem::TooLong(SYSTEMS_MAX),
            format!("at most {SYSTEMS_MAX} systems"),
        ));
    }
    lines.into_iter().map(SystemLine::check).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operational_project_is_decided_by_the_council_a_strategic_one_by_chefforum() {
        assert_eq!(deciding_body(Kind::Operational), Body::Council);
        assert_eq!(deciding_body(Kind::Strategic), Body::Chefforum);
        assert_eq!(after_council_approval(Kind::Operational), Stage::Approved);
        assert_eq!(after_council_approval(Kind::Strategic), Stage::ToChefforum);
    }

    #[test]
    fn states_move_by_the_process_rules() {
        use Lifecycle::*;
        let op = Kind::Operational;
        assert_eq!(
            state_change(op, Proposed, Approved, true),
            Err(Problem::NeedsApproval)
        );
        assert_eq!(
            state_change(op, Proposed, Active, true),
            Err(Problem::NeedsApproval)
        );
        assert_eq!(state_change(op, Proposed, Proposed, false), Ok(()));
        assert_eq!(state_change(op, Approved, Active, false), Ok(()));
        assert_eq!(
            state_change(op, Completed, Active, true),
            Err(Problem::WrongStage)
        );
        assert_eq!(
            state_change(op, Cancelled, Approved, true),
            Err(Problem::WrongStage)
        );
        assert_eq!(
            state_change(op, Active, Proposed, true),
            Err(Problem::WrongStage)
        );
        assert_eq!(state_change(op, Active, Completed, false), Ok(()));
        let strategic = Kind::Strategic;
        assert_eq!(
            state_change(strategic, Active, Cancelled, false),
            Err(Problem::ChefforumDecides)
        );
        assert_eq!(state_change(strategic, Active, Cancelled, true), Ok(()));
        assert_eq!(state_change(strategic, Completed, Cancelled, false), Ok(()));
    }

    #[test]
    fn a_strategic_project_is_reclassified_by_chefforum_and_a_rejection_before_the_start_has_no_end(
    ) {
        let (s, o) = (Kind::Strategic, Kind::Operational);
        assert_eq!(kind_change(s, o, false), Err(Problem::ChefforumDecides));
        assert_eq!(kind_change(s, o, true), Ok(()));
        assert_eq!(kind_change(o, s, false), Ok(()));
        let day = |d| NaiveDate::from_ymd_opt(2022, 11, d).unwrap();
        assert_eq!(ended_on(day(1), Some(day(20))), None);
        assert_eq!(ended_on(day(20), Some(day(1))), Some(day(20)));
        assert_eq!(ended_on(day(1), None), Some(day(1)));
        assert!(may_edit(true, false, Stage::InReview));
        assert!(!may_edit(false, true, Stage::InReview));
        assert!(may_edit(false, true, Stage::Submitted));
        assert!(!may_edit(true, true, Stage::ToChefforum));
        assert_eq!(missing_areas(&[(Area::Gdpr, Verdict::Approved)]).len(), 4);
    }

    #[test]
    fn the_proposer_edits_until_the_review_starts() {
        assert!(proposer_may_edit(Stage::Submitted));
        assert!(Stage::ALL[1..].iter().all(|s| !proposer_may_edit(*s)));
        assert!(under_council(Stage::InReview));
        assert!(!under_council(Stage::ToChefforum));
        assert!(!under_council(Stage::Approved));
    }

    #[test]
    fn a_remark_is_required_unless_approved() {
        assert!(ReviewEntry::parse(Area::Gdpr, Verdict::Approved, " ").is_ok());
        for v in [
            Verdict::ApprovedWithRemarks,
            Verdict::NotApproved,
            Verdict::NotRelevant,
        ] {
            let e = ReviewEntry::parse(Area::Gdpr, v, "").unwrap_err();
            assert_eq!((e.field.as_str(), e.problem), ("remark", Problem::Required));
        }
        let ok = ReviewEntry::parse(Area::Contract, Verdict::NotRelevant, " Ingen kontrakt ");
        assert_eq!(ok.unwrap().remark, "Ingen kontrakt");
    }

    fn all(verdict: Verdict) -> Vec<(Area, Verdict)> {
        Area::ALL.iter().map(|a| (*a, verdict)).collect()
    }

    #[test]
    fn approval_needs_all_five_areas_none_refused_and_the_overlap_verdict() {
        let four = &all(Verdict::Approved)[..4];
        let (problem, message) = approval_blocker(four, Some(Overlap::None)).unwrap();
        assert_eq!(problem, Problem::ReviewIncomplete);
        assert!(message.ends_with("economy"), "{message}");
        let mut refused = all(Verdict::NotRelevant);
        refused[2].1 = Verdict::NotApproved;
        let blocked = approval_blocker(&refused, Some(Overlap::None));
        assert_eq!(blocked.unwrap().0, Problem::ReviewNotApproved);
        let done = all(Verdict::ApprovedWithRemarks);
        let blocked = approval_blocker(&done, None);
        assert_eq!(blocked.unwrap().0, Problem::OverlapNotRecorded);
        assert_eq!(approval_blocker(&done, Some(Overlap::Accepted)), None);
    }

    #[test]
    fn an_accepted_overlap_says_why() {
        assert_eq!(overlap_verdict(Overlap::None, " ").unwrap(), "");
        let e = overlap_verdict(Overlap::Accepted, "").unwrap_err();
        assert_eq!(e.problem, Problem::Required);
        assert!(overlap_verdict(Overlap::Accepted, "Andet målområde").is_ok());
    }

    #[test]
    fn systems_as_typed() {
        let lines = SystemLine::from_lines(
            "KMD OPUS Vagtplan: vagtplanlægning, tidsregistrering\n\n  Sensorer  \n",
        );
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].functions, ["vagtplanlægning", "tidsregistrering"]);
        assert_eq!(lines[1].name, "Sensorer");
        assert_eq!(
            lines[0].to_line(),
            "KMD OPUS Vagtplan: vagtplanlægning, tidsregistrering"
        );
        let blank = SystemLine {
            name: " ".into(),
            functions: vec![],
        };
        assert_eq!(check_systems(vec![blank]).unwrap_err().field, "systems");
        let many = vec![lines[1].clone(); SYSTEMS_MAX + 1];
        assert!(check_systems(many).is_err());
    }

    #[test]
    fn words_read_danish_and_codes() {
        assert_eq!(Area::parse("area", "gdpr").unwrap(), Area::Gdpr);
        assert_eq!(
            Area::parse("area", "IT-sikkerhed").unwrap(),
            Area::ItSecurity
        );
        assert_eq!(RequiredBy::parse("r", "law").unwrap(), RequiredBy::Law);
        assert!(Verdict::parse("verdict", "maybe").is_err());
    }
}

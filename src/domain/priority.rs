//! The council's priorities: weighted criteria, a score 0–5 per criterion per
//! proposal, and a ranking where "Lovgivningen overtrumfer alle øvrige
//! kriterier" (Chefforum, 14 June 2017): law first, then the weighted total.

use super::collation;
use super::text::required_name;
use super::{Problem, ValidationError};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

pub const SCORE_MAX: i32 = 5;
pub const WEIGHT_MAX: i32 = 100;
pub const CRITERIA_MAX: usize = 20;

/// A criterion as the council keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    /// None for a new one.
    pub id: Option<i32>,
    pub name: String,
    pub weight: i32,
}

/// The whole set of criteria, checked: named, unique, weights 0–100, not all zero.
pub fn check_criteria(criteria: Vec<Criterion>) -> Result<Vec<Criterion>, ValidationError> {
    if criteria.is_empty() || criteria.len() > CRITERIA_MAX {
        return Err(ValidationError::new(
            "criteria",
            Problem::OutOfRange,
            format!("between 1 and {CRITERIA_MAX} criteria"),
        ));
    }
    let mut names = HashSet::new();
    let mut checked = Vec::with_capacity(criteria.len());
    for c in criteria {
        let name = required_name("name", &c.name, 100)?;
        if !names.insert(name.to_lowercase()) {
            return Err(ValidationError::new(
                "name",
                Problem::DuplicateName,
                format!("'{name}' is named twice"),
            ));
        }
        if !(0..=WEIGHT_MAX).contains(&c.weight) {
            return Err(ValidationError::new(
                "weight",
                Problem::OutOfRange,
                format!("a weight is 0 to {WEIGHT_MAX}"),
            ));
        }
        checked.push(Criterion { name, ..c });
    }
    if checked.iter().all(|c| c.weight == 0) {
        return Err(ValidationError::new(
            "weight",
            Problem::OutOfRange,
            "at least one criterion must weigh something",
        ));
    }
    Ok(checked)
}

/// A score is 0 to 5.
pub fn check_score(score: i32) -> Result<i32, ValidationError> {
    match (0..=SCORE_MAX).contains(&score) {
        true => Ok(score),
        false => Err(ValidationError::new(
            "score",
            Problem::OutOfRange,
            format!("a score is 0 to {SCORE_MAX}"),
        )),
    }
}

/// A proposal to rank: whether law requires it, and its scores by criterion id.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub project_id: i32,
    pub name: String,
    pub law: bool,
    pub scores: HashMap<i32, i32>,
}

/// A proposal's place, with its total and why it stands there.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub project_id: i32,
    pub rank: usize,
    pub law: bool,
    /// The weighted mean of the scores, 0–5 (an unscored criterion counts 0).
    pub total: f64,
    /// Criteria not scored yet.
    pub unscored: usize,
    /// In Danish, against the proposal just above.
    pub why: String,
}

/// The weighted mean of the scores on the criteria's weights.
pub fn weighted_total(criteria: &[(i32, i32)], scores: &HashMap<i32, i32>) -> f64 {
    let weights: i32 = criteria.iter().map(|(_, w)| w).sum();
    if weights == 0 {
        return 0.0;
    }
    let sum: i32 = criteria
        .iter()
        .map(|(id, w)| w * scores.get(id).copied().unwrap_or(0))
        .sum();
    f64::from(sum) / f64::from(weights)
}

/// A total as the pages write it: "3,40".
pub fn format_total(total: f64) -> String {
    format!("{total:.2}").replace('.', ",")
}

/// Law first, then the weighted total, then the name (Danish order) to break a tie.
/// `criteria` are (id, weight).
pub fn rank(criteria: &[(i32, i32)], candidates: Vec<Candidate>) -> Vec<Ranked> {
    let mut scored: Vec<(Candidate, f64)> = candidates
        .into_iter()
        .map(|c| {
            let total = weighted_total(criteria, &c.scores);
            (c, total)
        })
        .collect();
    scored.sort_by(|(a, ta), (b, tb)| {
        b.law
            .cmp(&a.law)
            .then(tb.partial_cmp(ta).unwrap_or(Ordering::Equal))
            .then_with(|| collation::compare(&a.name, &b.name))
    });
    let mut ranked = Vec::with_capacity(scored.len());
    let mut above: Option<(&Candidate, f64)> = None;
    for (i, (c, total)) in scored.iter().enumerate() {
        let unscored = criteria
            .iter()
            .filter(|(id, _)| !c.scores.contains_key(id))
            .count();
        ranked.push(Ranked {
            project_id: c.project_id,
            rank: i + 1,
            law: c.law,
            total: *total,
            unscored,
            why: why((c, *total), above, unscored),
        });
        above = Some((c, *total));
    }
    ranked
}

/// Why a proposal stands below the one above it, in Danish.
fn why(this: (&Candidate, f64), above: Option<(&Candidate, f64)>, unscored: usize) -> String {
    let (c, total) = this;
    let t = format_total(total);
    let mut text = match above {
        None if c.law => format!("Øverst: lovkrav og højeste vægtede sum ({t})."),
        None => format!("Øverst: højeste vægtede sum ({t}); intet forslag har lovkrav."),
        Some((a, _)) if a.law && !c.law => format!(
            "Uden lovkrav: står under alle forslag med lovkrav, uanset point (vægtet sum {t})."
        ),
        Some((a, at)) if (at - total).abs() < 1e-9 => format!(
            "Samme vægtede sum som «{}» ({t}); ordnet efter navn.",
            a.name
        ),
        Some((a, at)) => format!(
            "{}Vægtet sum {t} mod {} for «{}» over sig.",
            if c.law { "Lovkrav. " } else { "" },
            format_total(at),
            a.name
        ),
    };
    if unscored > 0 {
        text.push_str(&format!(
            " Mangler point for {}.",
            super::danish::count(unscored, "kriterium", "kriterier")
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(id: i32, name: &str, law: bool, scores: &[(i32, i32)]) -> Candidate {
        Candidate {
            project_id: id,
            name: name.into(),
            law,
            scores: scores.iter().copied().collect(),
        }
    }

    const CRITERIA: [(i32, i32); 3] = [(1, 50), (2, 30), (3, 20)];

    #[test]
    fn the_weighted_total_is_the_weighted_mean() {
        let scores = [(1, 5), (2, 0), (3, 5)].into_iter().collect();
        assert!((weighted_total(&CRITERIA, &scores) - 3.5).abs() < 1e-9);
        assert_eq!(weighted_total(&[(1, 0)], &scores), 0.0);
        assert_eq!(format_total(3.5), "3,50");
    }

    #[test]
    fn law_ranks_above_every_proposal_without_law_whatever_the_scores() {
        let ranked = rank(
            &CRITERIA,
            vec![
                candidate(1, "Droner", false, &[(1, 5), (2, 5), (3, 5)]),
                candidate(2, "Affaldsregulativ", true, &[(1, 0), (2, 0), (3, 1)]),
                candidate(3, "Borgerportal", false, &[(1, 3), (2, 3), (3, 3)]),
            ],
        );
        let order: Vec<i32> = ranked.iter().map(|r| r.project_id).collect();
        assert_eq!(order, [2, 1, 3]);
        assert!(ranked[0].why.starts_with("Øverst: lovkrav"));
        assert!(
            ranked[1].why.starts_with("Uden lovkrav"),
            "{}",
            ranked[1].why
        );
        assert!(ranked[2].why.contains("mod 5,00 for «Droner»"));
        assert_eq!(ranked.iter().map(|r| r.rank).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn a_tie_is_broken_by_the_name_in_danish_order_and_said_so() {
        let same = [(1, 2), (2, 2), (3, 2)];
        let ranked = rank(
            &CRITERIA,
            vec![
                candidate(1, "Ørestad", false, &same),
                candidate(2, "Zebra", false, &same),
                candidate(3, "Aula", false, &same),
            ],
        );
        let order: Vec<i32> = ranked.iter().map(|r| r.project_id).collect();
        assert_eq!(order, [3, 2, 1], "æøå after z");
        assert!(ranked[1].why.starts_with("Samme vægtede sum som «Aula»"));
    }

    #[test]
    fn missing_scores_count_zero_and_are_named() {
        let ranked = rank(&CRITERIA, vec![candidate(1, "A", false, &[(1, 4)])]);
        assert_eq!(ranked[0].unscored, 2);
        assert!(ranked[0].why.ends_with("Mangler point for 2 kriterier."));
        assert!((ranked[0].total - 2.0).abs() < 1e-9);
    }

    #[test]
    fn criteria_and_scores_are_checked() {
        let c = |name: &str, weight| Criterion {
            id: None,
            name: name.into(),
            weight,
        };
        assert!(check_criteria(vec![c("Lovkrav", 40), c("Risiko", 0)]).is_ok());
        let twice = check_criteria(vec![c("Risiko", 1), c("risiko ", 2)]).unwrap_err();
        assert_eq!(twice.problem, Problem::DuplicateName);
        assert_eq!(
            check_criteria(vec![c("A", 101)]).unwrap_err().field,
            "weight"
        );
        assert_eq!(check_criteria(vec![c("A", 0)]).unwrap_err().field, "weight");
        assert_eq!(check_criteria(vec![]).unwrap_err().field, "criteria");
        assert_eq!(check_score(5), Ok(5));
        assert_eq!(check_score(6).unwrap_err().problem, Problem::OutOfRange);
        assert!(check_score(-1).is_err());
    }
}

//! Enum values as the API and the audit trail spell them. They mirror the domain enums so that
//! the OpenAPI spec lists the allowed values and serde refuses others with 422.

use crate::domain::access::Role;
use crate::domain::project::{Kind, Lifecycle};
use crate::domain::quarter::QuarterState;
use crate::domain::status::{Colour, Parameter};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

macro_rules! api_enum {
    ($(#[$meta:meta])* $api:ident <=> $domain:ident { $($variant:ident),+ $(,)? }) => {
        api_enum!("lowercase", $(#[$meta])* $api <=> $domain { $($variant),+ });
    };
    ($case:tt, $(#[$meta:meta])* $api:ident <=> $domain:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = $case)]
        pub enum $api { $($variant),+ }

        impl From<$api> for $domain {
            fn from(v: $api) -> Self {
                match v { $($api::$variant => $domain::$variant),+ }
            }
        }

        impl From<$domain> for $api {
            fn from(v: $domain) -> Self {
                match v { $($domain::$variant => $api::$variant),+ }
            }
        }
    };
}

api_enum!(
    /// strategic (approved by Chefforum) or operational (approved by IT-projektrådet)
    ProjectKind <=> Kind { Strategic, Operational }
);
api_enum!(
    /// Where the project is in its life.
    LifecycleState <=> Lifecycle { Proposed, Approved, Active, Completed, Cancelled }
);
api_enum!(
    /// The traffic light of one parameter.
    StatusColour <=> Colour { Green, Yellow, Red }
);
api_enum!(
    /// The four reported parameters.
    StatusParameter <=> Parameter { Ressourcer, Leverancer, Tid, Okonomi }
);
/// A person's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccessRole {
    Administrator,
    Council,
    Chefforum,
    ProjectManager,
    Reader,
}

impl From<AccessRole> for Role {
    fn from(v: AccessRole) -> Self {
        match v {
            AccessRole::Administrator => Role::Administrator,
            AccessRole::Council => Role::Council,
            AccessRole::Chefforum => Role::Chefforum,
            AccessRole::ProjectManager => Role::ProjectManager,
            AccessRole::Reader => Role::Reader,
        }
    }
}

impl From<Role> for AccessRole {
    fn from(v: Role) -> Self {
        match v {
            Role::Administrator => AccessRole::Administrator,
            Role::Council => AccessRole::Council,
            Role::Chefforum => AccessRole::Chefforum,
            Role::ProjectManager => AccessRole::ProjectManager,
            Role::Reader => AccessRole::Reader,
        }
    }
}

api_enum!(
    /// Whether the quarter takes status reports.
    QuarterStatus <=> QuarterState { Open, Closed }
);

use crate::domain::process::{
    Area, Body, DecisionKind, Matter, Overlap, RequiredBy, Stage, Verdict,
};

api_enum!(
    "snake_case",
    /// What requires the project whatever its scores: none, law (ranks first) or a joint municipal programme.
    Requirement <=> RequiredBy { None, Law, Joint }
);
api_enum!(
    "snake_case",
    /// Where a proposal stands in the council's process.
    ProposalStage <=> Stage { Submitted, InReview, ToChefforum, Approved, Rejected }
);
api_enum!(
    "snake_case",
    /// An area of the council's review.
    ReviewArea <=> Area { ItSecurity, ItArchitecture, Contract, Gdpr, Economy }
);
api_enum!(
    "snake_case",
    /// The council's verdict on one area (a remark is required unless approved).
    ReviewVerdict <=> Verdict { Approved, ApprovedWithRemarks, NotApproved, NotRelevant }
);
api_enum!(
    "snake_case",
    /// The council's verdict on the duplicate check: none, or accepted with a reason.
    OverlapVerdict <=> Overlap { None, Accepted }
);
api_enum!(
    "snake_case",
    /// Who decides: IT-projektrådet (operational projects) or Chefforum (strategic ones).
    DecidingBody <=> Body { Council, Chefforum }
);
api_enum!(
    "snake_case",
    /// What a decision on a project did.
    DecisionType <=> DecisionKind { Approved, Recommended, Rejected, ClosureProposed, Completed, Cancelled }
);
api_enum!(
    "snake_case",
    /// What Chefforum is asked: to start or to close a strategic project.
    ChefforumMatter <=> Matter { Start, Close }
);

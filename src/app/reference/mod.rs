//! Reference data: the departments, phases, strategies and focus areas that
//! projects refer to. Everyone signed in reads them; administrators keep the
//! organisation (departments, strategies), the council the portfolio's own
//! lists (phases, focus areas). Each change is one transaction with one audit
//! record holding the entity as the API shows it.

pub mod departments;
pub mod focus_areas;
pub mod phases;
pub mod strategies;

pub use departments::Department;
pub use focus_areas::FocusArea;
pub use phases::Phase;
pub use strategies::Strategy;

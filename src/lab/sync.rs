//! Address-space sync of a peering (RULES.md §14), as the labs use it. The model owns the rule
//! (`crate::model::sync`, which the evaluator reads too); this keeps the labs' paths.

pub use crate::model::sync::{LEVELS, known_space, level, stale};

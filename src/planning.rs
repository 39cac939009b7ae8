//! Deciding one scenario: the decision path and its stages
//! ([`optimize`]), the solvers behind it ([`solve`]), explanations
//! ([`explain`]) and the resilience questions (contingencies,
//! alternatives, replans, robust plans: [`resilience`]).
#[path = "explain/mod.rs"]
pub mod explain;
#[path = "optimize/mod.rs"]
pub mod optimize;
#[path = "resilience/mod.rs"]
pub mod resilience;
#[path = "solve/mod.rs"]
pub mod solve;

//! Many scenarios at once: sweeps and their results ([`sweep`]), and the
//! OR-Library generalized assignment benchmark ([`orlib`]).
#[path = "horizon/mod.rs"]
pub mod horizon;
#[path = "orlib/mod.rs"]
pub mod orlib;
#[path = "sweep/mod.rs"]
pub mod sweep;

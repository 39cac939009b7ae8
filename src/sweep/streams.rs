//! Random streams: ChaCha8 keyed by the master seed and a purpose, so that
//! every design and resample draws from its own stream, the same on every
//! machine and thread count.

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Purpose tags keying ChaCha8 next to the master seed.
#[derive(Clone, Copy)]
pub(crate) enum Purpose {
    Runs = 1,
    LhsPermutation = 2,
    Sobol = 3,
    Bootstrap = 4,
    Morris = 5,
    Correlation = 6,
}

/// ChaCha8 keyed by `(seed, purpose)`, positioned on stream `stream`.
pub(crate) fn stream(seed: u64, purpose: Purpose, stream: u64) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&(purpose as u64).to_le_bytes());
    key[16..24].copy_from_slice(b"leadplan");
    let mut rng = ChaCha8Rng::from_seed(key);
    rng.set_stream(stream);
    rng
}

/// A uniform draw in the open interval (0, 1), 53 bits.
pub(crate) fn unit(rng: &mut ChaCha8Rng) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

//! Bearer secrets: organizer API tokens and attendees' personal-link tokens. Only a SHA-256 of a
//! token is stored, so a database leak does not leak working credentials.

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A freshly generated token: `raw` goes to its owner once, `hash` to the database.
pub struct NewToken {
    pub raw: String,
    pub hash: String,
}

/// A random token with a recognisable prefix (`tm_org_`, `tm_att_`) so secret scanners and
/// people can tell what leaked.
pub fn generate(prefix: &str, rng: &mut impl RngCore) -> NewToken {
    let mut bytes = [0u8; 32];
    rng.fill_bytes(&mut bytes);
    let raw = format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
    let hash = hash(&raw);
    NewToken { raw, hash }
}

/// The stored form of a token.
pub fn hash(raw: &str) -> String {
    hex::encode(Sha256::digest(raw.as_bytes()))
}

pub const ORGANIZER_PREFIX: &str = "tm_org_";
pub const ATTENDEE_PREFIX: &str = "tm_att_";

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn a_token_hashes_to_its_stored_hash_and_differs_per_draw() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let a = generate(ATTENDEE_PREFIX, &mut rng);
        let b = generate(ATTENDEE_PREFIX, &mut rng);
        assert!(a.raw.starts_with("tm_att_"));
        assert_eq!(hash(&a.raw), a.hash);
        assert_ne!(a.raw, b.raw);
        assert_eq!(a.hash.len(), 64);
    }
}

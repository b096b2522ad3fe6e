//! Bearer secrets: organizer API tokens and attendees' personal-link tokens, of which only a
//! SHA-256 is stored, so a database leak does not leak working credentials; and unsubscribe
//! tokens, which are signed (HMAC) rather than stored.

use base64::Engine;
use hmac::{Hmac, Mac};
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
pub const UNSUBSCRIBE_PREFIX: &str = "tm_uns_";
pub const SIGN_IN_PREFIX: &str = "tm_sin_";
pub const SESSION_PREFIX: &str = "tm_ses_";
/// Every kind of token the service hands out, by its prefix.
pub const PREFIXES: [&str; 5] = [
    ORGANIZER_PREFIX,
    ATTENDEE_PREFIX,
    UNSUBSCRIBE_PREFIX,
    SIGN_IN_PREFIX,
    SESSION_PREFIX,
];

/// The token every form of a session's pages carries, made from the session's own secret, so
/// another site (which cannot read the cookie) cannot make one, and nothing is stored.
pub fn csrf_token(raw_session: &str) -> String {
    hash(&format!("csrf:{raw_session}"))
}

/// Whether `offered` is the session's form token; the comparison takes the same time wherever
/// the bytes differ.
pub fn csrf_matches(raw_session: &str, offered: &str) -> bool {
    use subtle::ConstantTimeEq;
    csrf_token(raw_session)
        .as_bytes()
        .ct_eq(offered.as_bytes())
        .into()
}

/// The deployment's master secret (`TABLEMATES_SECRET_KEY`), from which keys the service
/// signs with are derived, so none of them is stored: a copy of the database signs nothing.
#[derive(Clone)]
pub struct MasterKey(Vec<u8>);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(…)")
    }
}

/// Fewest characters a master secret may have (256 bits of hex, or a long passphrase).
pub const MASTER_KEY_MIN_CHARS: usize = 32;

impl MasterKey {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.chars().count() < MASTER_KEY_MIN_CHARS {
            return Err(format!(
                "must be at least {MASTER_KEY_MIN_CHARS} characters (e.g. `openssl rand -hex 32`)"
            ));
        }
        Ok(Self(raw.as_bytes().to_vec()))
    }

    /// The key for `purpose`: HMAC-SHA256 of the purpose under the master secret, so each
    /// purpose has its own key and none reveals the master or another.
    pub fn derive(&self, purpose: &str) -> Vec<u8> {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes keys of any size");
        mac.update(b"tablemates key derivation v1\0");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
}

/// Bytes of the HMAC kept in an unsubscribe token: 128 bits is far beyond guessing online.
const UNSUBSCRIBE_MAC_BYTES: usize = 16;

/// The unsubscribe token of an attendee: their id and an HMAC-SHA256 of it under `key`.
/// Nothing is stored per token, so every email can carry one (10,000 introductions cost no
/// writes) and the same link keeps working in every email the attendee got; only the holder
/// of `key` can make one, and changing `key` revokes them all.
pub fn unsubscribe_token(key: &[u8], attendee_id: uuid::Uuid) -> String {
    let mut bytes = attendee_id.as_bytes().to_vec();
    bytes.extend_from_slice(&unsubscribe_mac(key, attendee_id)[..UNSUBSCRIBE_MAC_BYTES]);
    format!(
        "{UNSUBSCRIBE_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// The attendee an unsubscribe token was made for, if `key` made it. The comparison takes
/// the same time wherever the bytes differ.
pub fn verify_unsubscribe_token(key: &[u8], token: &str) -> Option<uuid::Uuid> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token.strip_prefix(UNSUBSCRIBE_PREFIX)?)
        .ok()?;
    if bytes.len() != 16 + UNSUBSCRIBE_MAC_BYTES {
        return None;
    }
    let (id, mac) = bytes.split_at(16);
    let attendee_id = uuid::Uuid::from_slice(id).ok()?;
    unsubscribe_hmac(key, attendee_id)
        .verify_truncated_left(mac)
        .ok()
        .map(|()| attendee_id)
}

fn unsubscribe_hmac(key: &[u8], attendee_id: uuid::Uuid) -> Hmac<Sha256> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any size");
    mac.update(b"tablemates unsubscribe v1\0");
    mac.update(attendee_id.as_bytes());
    mac
}

fn unsubscribe_mac(key: &[u8], attendee_id: uuid::Uuid) -> Vec<u8> {
    unsubscribe_hmac(key, attendee_id)
        .finalize()
        .into_bytes()
        .to_vec()
}

/// An unguessable value for `id` under `key` (HMAC-SHA256, 128 bits, URL-safe): the secret of
/// a URL that must be handed out (a pretix webhook) but need not be stored.
pub fn keyed_id(key: &[u8], id: uuid::Uuid) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any size");
    mac.update(b"keyed id v1\0");
    mac.update(id.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&mac.finalize().into_bytes()[..16])
}

/// Whether two secrets are equal; the comparison takes the same time wherever they differ.
pub fn same(expected: &str, offered: &str) -> bool {
    use subtle::ConstantTimeEq;
    expected.as_bytes().ct_eq(offered.as_bytes()).into()
}

/// Seals a secret the service must use later (a pretix API token) with ChaCha20-Poly1305 under
/// `key` (32 bytes): a random nonce and the ciphertext, base64. A copy of the database alone
/// reveals nothing.
pub fn seal(key: &[u8], plain: &str) -> String {
    use ring::aead::{CHACHA20_POLY1305, LessSafeKey, Nonce, UnboundKey};
    let key =
        LessSafeKey::new(UnboundKey::new(&CHACHA20_POLY1305, &key[..32]).expect("a 32-byte key"));
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut nonce);
    let mut data = plain.as_bytes().to_vec();
    key.seal_in_place_append_tag(
        Nonce::assume_unique_for_key(nonce),
        ring::aead::Aad::empty(),
        &mut data,
    )
    .expect("sealing never fails for short input");
    let mut out = nonce.to_vec();
    out.extend_from_slice(&data);
    base64::engine::general_purpose::STANDARD.encode(out)
}

/// The secret [`seal`] sealed under `key`; `None` when it was sealed under another key or
/// changed.
pub fn open(key: &[u8], sealed: &str) -> Option<String> {
    use ring::aead::{CHACHA20_POLY1305, LessSafeKey, Nonce, UnboundKey};
    let key = LessSafeKey::new(UnboundKey::new(&CHACHA20_POLY1305, key.get(..32)?).ok()?);
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(sealed)
        .ok()?;
    if bytes.len() < 12 {
        return None;
    }
    let (nonce, data) = bytes.split_at(12);
    let mut data = data.to_vec();
    let plain = key
        .open_in_place(
            Nonce::try_assume_unique_for_key(nonce).ok()?,
            ring::aead::Aad::empty(),
            &mut data,
        )
        .ok()?;
    String::from_utf8(plain.to_vec()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn a_sealed_secret_opens_only_under_its_key() {
        let key = [7u8; 32];
        let sealed = seal(&key, "pretix-token-123");
        assert!(!sealed.contains("pretix-token-123"));
        assert_eq!(open(&key, &sealed).as_deref(), Some("pretix-token-123"));
        assert_eq!(open(&[8u8; 32], &sealed), None);
        assert_ne!(
            seal(&key, "same"),
            seal(&key, "same"),
            "a fresh nonce each time"
        );
    }

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

    #[test]
    fn an_unsubscribe_token_verifies_under_its_key_only_and_names_its_attendee() {
        let id = uuid::Uuid::now_v7();
        let token = unsubscribe_token(b"key one", id);
        assert!(token.starts_with("tm_uns_"), "{token}");
        assert_eq!(token, unsubscribe_token(b"key one", id), "stable");
        assert_eq!(verify_unsubscribe_token(b"key one", &token), Some(id));
        assert_eq!(verify_unsubscribe_token(b"key two", &token), None);
        let other = unsubscribe_token(b"key one", uuid::Uuid::now_v7());
        assert_ne!(token, other);
    }

    #[test]
    fn a_master_key_derives_one_stable_key_per_purpose_and_refuses_short_secrets() {
        let master = MasterKey::parse(&"x".repeat(32)).expect("long enough");
        let key = master.derive("unsubscribe");
        assert_eq!(key, master.derive("unsubscribe"));
        assert_ne!(key, master.derive("other"));
        assert_ne!(key, "x".repeat(32).into_bytes());
        assert_ne!(
            key,
            MasterKey::parse(&"y".repeat(32))
                .expect("ok")
                .derive("unsubscribe")
        );
        assert!(MasterKey::parse("short").is_err());
        assert_eq!(format!("{master:?}"), "MasterKey(…)");
    }

    #[test]
    fn a_tampered_or_malformed_unsubscribe_token_is_refused() {
        let id = uuid::Uuid::now_v7();
        let token = unsubscribe_token(b"k", id);
        let mut chars: Vec<char> = token.chars().collect();
        let last = chars.len() - 2;
        chars[last] = if chars[last] == 'A' { 'B' } else { 'A' };
        let tampered: String = chars.into_iter().collect();
        for bad in [
            tampered.as_str(),
            &token[..token.len() - 1],
            token.trim_start_matches("tm_uns_"),
            "tm_uns_",
            "tm_uns_!!!",
            "",
        ] {
            assert_eq!(verify_unsubscribe_token(b"k", bad), None, "{bad}");
        }
    }
}

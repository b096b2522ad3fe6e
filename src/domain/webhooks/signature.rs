//! Standard Webhooks signing: the secret is `whsec_` and the base64 of its key bytes, and a
//! signature is `v1,` and the base64 of HMAC-SHA256(key, "{id}.{timestamp}.{body}").

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// What every secret starts with, as the Standard Webhooks libraries expect.
pub const SECRET_PREFIX: &str = "whsec_";

/// A secret of key bytes `key` (24 or more; the caller draws them).
pub fn secret_from_bytes(key: &[u8]) -> String {
    format!("{SECRET_PREFIX}{}", STANDARD.encode(key))
}

/// The key bytes of a stored secret, `None` when it is not one this service made.
pub fn secret_key(secret: &str) -> Option<Vec<u8>> {
    STANDARD
        .decode(secret.strip_prefix(SECRET_PREFIX)?)
        .ok()
        .filter(|k| !k.is_empty())
}

/// The `webhook-signature` header of message `id`, sent at `timestamp` (Unix seconds), whose
/// body is `body`.
pub fn sign(key: &[u8], id: &str, timestamp: i64, body: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any size");
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_the_standard_webhooks_example() {
        // The example of the Standard Webhooks specification's reference libraries.
        let key = secret_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let body = r#"{"test": 2432232314}"#;
        assert_eq!(
            sign(&key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn a_secret_round_trips() {
        let key = [7u8; 24];
        assert_eq!(secret_key(&secret_from_bytes(&key)), Some(key.to_vec()));
        assert_eq!(secret_key("sk_nope"), None);
    }
}

//! Optional DKIM signing (RFC 6376, and RFC 8463 for Ed25519) of outgoing messages with a key
//! the operator configures, so receivers can check that mail claiming the sender's domain
//! comes from us. The signing itself is lettre's; this module reads the key in the forms
//! operators have (PEM, as `openssl genrsa` / `openssl genpkey` write it) and picks what to
//! sign.

use base64::Engine;
use lettre::Message;
use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm,
    DkimSigningKey,
};
use lettre::message::header::HeaderName;
use rsa::pkcs1::{EncodeRsaPrivateKey, LineEnding};
use rsa::pkcs8::DecodePrivateKey;

/// The headers the signature covers. RFC 8058 asks that the one-click unsubscribe headers be
/// signed, so nobody on the way can point them elsewhere. A listed header that a message
/// lacks is signed as absent, which also stops anyone adding it later.
const SIGNED_HEADERS: &[&str] = &[
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "MIME-Version",
    "Content-Type",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
];

/// DER prefix of a PKCS#8 Ed25519 private key (RFC 8410): the 32-byte seed follows it.
const ED25519_PKCS8_PREFIX: &[u8] = &[
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// A loaded signing key with its selector and domain.
pub struct Signer {
    selector: String,
    domain: String,
    config: DkimConfig,
}

impl std::fmt::Debug for Signer {
    /// Names the key, never shows it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("selector", &self.selector)
            .field("domain", &self.domain)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// A signer for `d=domain; s=selector` from a PEM private key: RSA in PKCS#1
    /// (`BEGIN RSA PRIVATE KEY`) or PKCS#8 (`BEGIN PRIVATE KEY`), or Ed25519 in PKCS#8.
    pub fn from_pem(selector: &str, domain: &str, pem: &str) -> Result<Self, String> {
        let (key, algorithm) = signing_key(pem)?;
        let key = DkimSigningKey::new(&key, algorithm)
            .map_err(|e| format!("not a usable private key: {e}"))?;
        let headers = SIGNED_HEADERS
            .iter()
            .map(|h| HeaderName::new_from_ascii_str(h))
            .collect();
        let config = DkimConfig::new(
            selector.to_owned(),
            domain.to_owned(),
            key,
            headers,
            DkimCanonicalization {
                header: DkimCanonicalizationType::Relaxed,
                body: DkimCanonicalizationType::Relaxed,
            },
        );
        Ok(Self {
            selector: selector.to_owned(),
            domain: domain.to_owned(),
            config,
        })
    }

    /// Adds the `DKIM-Signature` header. Sign last: any header changed afterwards breaks it.
    pub fn sign(&self, message: &mut Message) {
        message.sign(&self.config);
    }
}

/// The key as lettre takes it: PKCS#1 PEM for RSA, the base64 seed for Ed25519.
fn signing_key(pem: &str) -> Result<(String, DkimSigningAlgorithm), String> {
    let pem = pem.trim();
    if pem.starts_with("-----BEGIN RSA PRIVATE KEY-----") {
        return Ok((pem.to_owned(), DkimSigningAlgorithm::Rsa));
    }
    if !pem.starts_with("-----BEGIN PRIVATE KEY-----") {
        return Err(
            "expected a PEM private key (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY); \
             encrypted keys are not supported"
                .into(),
        );
    }
    let der = pem_body(pem)?;
    if let Some(seed) = der.strip_prefix(ED25519_PKCS8_PREFIX)
        && seed.len() == 32
    {
        let seed = base64::engine::general_purpose::STANDARD.encode(seed);
        return Ok((seed, DkimSigningAlgorithm::Ed25519));
    }
    let rsa = rsa::RsaPrivateKey::from_pkcs8_der(&der)
        .map_err(|e| format!("neither an Ed25519 nor an RSA PKCS#8 key: {e}"))?;
    let pkcs1 = rsa
        .to_pkcs1_pem(LineEnding::LF)
        .map_err(|e| format!("re-encoding the RSA key: {e}"))?;
    Ok((pkcs1.as_str().to_owned(), DkimSigningAlgorithm::Rsa))
}

fn pem_body(pem: &str) -> Result<Vec<u8>, String> {
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .flat_map(|l| l.trim().chars())
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .map_err(|e| format!("the PEM body is not base64: {e}"))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use lettre::message::header::ContentType;

    /// An Ed25519 key in PKCS#8 PEM, as `openssl genpkey -algorithm ed25519` writes it.
    pub(crate) fn ed25519_pem(seed: [u8; 32]) -> String {
        let mut der = ED25519_PKCS8_PREFIX.to_vec();
        der.extend_from_slice(&seed);
        format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            base64::engine::general_purpose::STANDARD.encode(der)
        )
    }

    fn message() -> Message {
        Message::builder()
            .from("Conf <hello@tablemates.test>".parse().expect("from"))
            .to("ada@example.org".parse().expect("to"))
            .subject("Hello")
            .header(ContentType::TEXT_PLAIN)
            .body("Hi Ada\r\n".to_owned())
            .expect("message")
    }

    fn signature(message: &Message) -> String {
        let raw = String::from_utf8(message.formatted()).expect("ascii");
        raw.lines()
            .find(|l| l.starts_with("DKIM-Signature:"))
            .unwrap_or_else(|| panic!("no DKIM-Signature in {raw}"))
            .to_owned()
    }

    #[test]
    fn an_ed25519_pkcs8_key_signs_with_its_domain_and_selector() {
        let signer =
            Signer::from_pem("mail2026", "tablemates.test", &ed25519_pem([7; 32])).expect("key");
        let mut m = message();
        signer.sign(&mut m);
        let sig = signature(&m);
        assert!(sig.contains("a=ed25519-sha256"), "{sig}");
        assert!(sig.contains("d=tablemates.test"), "{sig}");
        assert!(sig.contains("s=mail2026"), "{sig}");
        assert!(format!("{signer:?}").contains("mail2026"));
    }

    #[test]
    fn an_rsa_key_from_the_fixture_signs_in_both_pem_forms() {
        let pkcs1 = include_str!("../../tests/fixtures/dkim/rsa-pkcs1.pem");
        let pkcs8 = include_str!("../../tests/fixtures/dkim/rsa-pkcs8.pem");
        for pem in [pkcs1, pkcs8] {
            let signer = Signer::from_pem("s1", "example.org", pem).expect("RSA key");
            let mut m = message();
            signer.sign(&mut m);
            let sig = signature(&m);
            assert!(
                sig.contains("a=rsa-sha256") && sig.contains("d=example.org"),
                "{sig}"
            );
        }
    }

    #[test]
    fn garbage_is_not_a_key() {
        for bad in [
            "",
            "hello",
            "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----",
        ] {
            assert!(Signer::from_pem("s", "example.org", bad).is_err(), "{bad}");
        }
    }
}

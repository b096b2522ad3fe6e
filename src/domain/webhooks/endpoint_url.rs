//! Which URLs the server may be sent to by an organizer: webhook endpoints and pretix
//! installations. By default only `https` to a public address: each is a request the server
//! makes for whoever gave the URL, so without this check an organizer could make it probe the
//! private network it runs in (SSRF). The deployment's setting allows `http` and private or
//! loopback addresses (a receiver beside the service, tests).

use std::net::IpAddr;

use crate::domain::ParseError;

/// The longest URL accepted (the column's length).
pub const MAX_URL_CHARS: usize = 2048;

/// `raw` as an endpoint URL, or why not.
pub fn check_url(raw: &str, allow_private: bool) -> Result<url::Url, ParseError> {
    let raw = raw.trim();
    if raw.chars().count() > MAX_URL_CHARS {
        return Err(ParseError::coded(
            "field-too-long",
            [("max", MAX_URL_CHARS.into())],
            format!("must be at most {MAX_URL_CHARS} characters"),
        ));
    }
    let url = url::Url::parse(raw).map_err(|e| {
        ParseError::coded(
            "field-url-invalid",
            [("reason", e.to_string().into())],
            format!("is not a URL ({e})"),
        )
    })?;
    // What is stored is the URL as parsed, where every non-ASCII character is percent-encoded.
    if url.as_str().len() > MAX_URL_CHARS {
        return Err(ParseError::coded(
            "field-url-too-long-encoded",
            [("max", MAX_URL_CHARS.into())],
            format!("must be at most {MAX_URL_CHARS} characters once percent-encoded"),
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" if allow_private => {}
        "http" => {
            return Err(ParseError::coded(
                "field-url-plain-http",
                [],
                "must be an https URL (this server makes no requests over plain http)",
            ));
        }
        _ => {
            return Err(ParseError::coded(
                "field-url-https",
                [],
                "must be an https URL",
            ));
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ParseError::coded(
            "field-url-carries-credentials",
            [],
            "must not carry a user name or password",
        ));
    }
    if url.fragment().is_some() {
        return Err(ParseError::coded(
            "field-url-fragment",
            [],
            "must not have a #fragment",
        ));
    }
    let refused = || {
        ParseError::coded(
            "field-url-private",
            [],
            "must point at a public address, not a loopback, private or link-local one",
        )
    };
    match url.host() {
        None => return Err(ParseError::coded("field-url-host", [], "must name a host")),
        Some(_) if allow_private => {}
        Some(url::Host::Ipv4(ip)) if !is_public(IpAddr::V4(ip)) => return Err(refused()),
        Some(url::Host::Ipv6(ip)) if !is_public(IpAddr::V6(ip)) => return Err(refused()),
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            let local = ["localhost", "local", "internal", "localdomain", "home.arpa"];
            if local
                .iter()
                .any(|l| name == *l || name.ends_with(&format!(".{l}")))
            {
                return Err(refused());
            }
        }
        Some(_) => {}
    }
    Ok(url)
}

/// Whether `ip` is an address of the public internet: not loopback, private, link-local,
/// shared (CGNAT), unspecified, broadcast, multicast or documentation space. The delivery
/// worker asks this of every address a host name resolves to, so a name cannot lead inside.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, _, _] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0)
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8
                || first == 0x0064)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_to_public_hosts_by_default() {
        assert!(check_url("https://hooks.example.com/in", false).is_ok());
        assert!(check_url("https://93.184.216.34/in", false).is_ok());
        for refused in [
            "http://hooks.example.com/in",
            "ftp://hooks.example.com/in",
            "https://127.0.0.1/in",
            "https://10.1.2.3/in",
            "https://192.168.0.1/in",
            "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/",
            "https://[::1]/in",
            "https://[fd00::1]/in",
            "https://[::ffff:127.0.0.1]/in",
            "https://localhost/in",
            "https://db.internal/in",
            "https://user:pw@hooks.example.com/in",
            "not a url",
        ] {
            assert!(check_url(refused, false).is_err(), "{refused}");
        }
    }

    #[test]
    fn a_url_too_long_once_encoded_is_refused() {
        let long = format!("https://hooks.example.com/{}", "é".repeat(1000));
        assert!(long.chars().count() < MAX_URL_CHARS);
        assert!(check_url(&long, false).is_err());
    }

    #[test]
    fn the_setting_allows_plain_http_and_loopback() {
        assert!(check_url("http://127.0.0.1:9000/hook", true).is_ok());
        assert!(check_url("http://localhost/hook", true).is_ok());
        assert!(check_url("ftp://127.0.0.1/hook", true).is_err());
    }
}

//! The client's address, for the abuse limits: the peer of the connection, unless the peer is a
//! proxy the operator named in `TABLEMATES_TRUSTED_PROXIES`; then the nearest address in
//! `X-Forwarded-For` that is not one of those proxies. Anyone can write the header, so without
//! trusted proxies it is ignored, and only the part the trusted proxies appended is believed.

use std::future::{Ready, ready};
use std::net::IpAddr;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};

use super::AppState;
use crate::error::Error;

/// The address a request is counted against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

impl FromRequest for ClientAddress {
    type Error = Error;
    type Future = Ready<Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let trusted = req
            .app_data::<web::Data<AppState>>()
            .map(|s| s.trusted_proxies.as_slice())
            .unwrap_or_default();
        ready(
            req.peer_addr()
                .map(|peer| ClientAddress(client(peer.ip(), forwarded_for(req), trusted)))
                .ok_or_else(|| {
                    Error::internal(anyhow::anyhow!("a request without a peer address"))
                }),
        )
    }
}

/// Every address of every `X-Forwarded-For` header, nearest last; `None` for an entry that is
/// not an address.
fn forwarded_for(req: &HttpRequest) -> Vec<Option<IpAddr>> {
    req.headers()
        .get_all("x-forwarded-for")
        .flat_map(|v| v.to_str().unwrap_or("?").split(','))
        .map(|entry| parse_entry(entry.trim()))
        .collect()
}

/// An address as proxies write it: bare, `[v6]`, or with a port.
fn parse_entry(entry: &str) -> Option<IpAddr> {
    entry
        .parse()
        .ok()
        .or_else(|| entry.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            entry
                .strip_prefix('[')
                .and_then(|e| e.strip_suffix(']'))
                .and_then(|e| e.parse().ok())
        })
}

fn client(peer: IpAddr, forwarded: Vec<Option<IpAddr>>, trusted: &[ipnet::IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let mut client = peer;
    for hop in forwarded.into_iter().rev() {
        if !is_trusted(&client) {
            break;
        }
        match hop {
            Some(ip) => client = ip,
            // What a trusted proxy passed on is unreadable: the proxy itself is the last
            // address known.
            None => break,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn nets(list: &[&str]) -> Vec<ipnet::IpNet> {
        list.iter().map(|n| n.parse().unwrap()).collect()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let hops = vec![Some(ip("203.0.113.9"))];
        assert_eq!(client(ip("198.51.100.1"), hops, &[]), ip("198.51.100.1"));
    }

    #[test]
    fn a_trusted_proxy_names_the_nearest_untrusted_address() {
        let trusted = nets(&["10.0.0.0/8"]);
        // The client forged the first entry; the proxies appended the rest.
        let hops = vec![
            Some(ip("192.0.2.66")),
            Some(ip("203.0.113.9")),
            Some(ip("10.0.0.2")),
        ];
        assert_eq!(client(ip("10.0.0.1"), hops, &trusted), ip("203.0.113.9"));
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let trusted = nets(&["10.0.0.0/8"]);
        let hops = vec![Some(ip("10.0.0.5"))];
        assert_eq!(
            client(ip("198.51.100.1"), hops, &trusted),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn an_unreadable_entry_stops_at_the_proxy_that_sent_it() {
        let trusted = nets(&["10.0.0.0/8"]);
        let hops = vec![Some(ip("203.0.113.9")), None];
        assert_eq!(client(ip("10.0.0.1"), hops, &trusted), ip("10.0.0.1"));
    }

    #[test]
    fn entries_may_carry_ports_and_brackets() {
        assert_eq!(parse_entry("203.0.113.9:4711"), Some(ip("203.0.113.9")));
        assert_eq!(parse_entry("[2001:db8::1]"), Some(ip("2001:db8::1")));
        assert_eq!(parse_entry("[2001:db8::1]:443"), Some(ip("2001:db8::1")));
        assert_eq!(parse_entry("unknown"), None);
    }
}

//! TXT look-ups for Bluesky's `_atproto` records, through a configurable name server.

use std::net::SocketAddr;
use std::time::Duration;

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::RData;

use super::Failure;

#[derive(Clone)]
pub(super) struct TxtResolver {
    resolver: TokioResolver,
}

impl TxtResolver {
    pub(super) fn new(server: Option<SocketAddr>, timeout: Duration) -> anyhow::Result<Self> {
        let mut builder = match server {
            Some(addr) => {
                let mut udp = ConnectionConfig::udp();
                udp.port = addr.port();
                let mut tcp = ConnectionConfig::tcp();
                tcp.port = addr.port();
                let server = NameServerConfig::new(addr.ip(), true, vec![udp, tcp]);
                TokioResolver::builder_with_config(
                    ResolverConfig::from_name_servers(vec![server]),
                    TokioRuntimeProvider::default(),
                )
            }
            None => TokioResolver::builder_tokio()?,
        };
        builder.options_mut().timeout = timeout;
        builder.options_mut().attempts = 1;
        Ok(Self {
            resolver: builder.build()?,
        })
    }

    /// The TXT strings at `name` (each record's parts joined); none when the name has none.
    pub(super) async fn txt(&self, name: &str) -> Result<Vec<String>, Failure> {
        match self.resolver.txt_lookup(format!("{name}.")).await {
            Ok(lookup) => Ok(lookup
                .answers()
                .iter()
                .filter_map(|record| match &record.data {
                    RData::TXT(txt) => Some(
                        txt.txt_data
                            .iter()
                            .map(|part| String::from_utf8_lossy(part).into_owned())
                            .collect::<String>(),
                    ),
                    _ => None,
                })
                .collect()),
            Err(e) if e.is_no_records_found() => Ok(Vec::new()),
            Err(_) => Err(Failure::coded(
                "field-verify-txt",
                [("name", name.into())],
                format!("could not look up the TXT record {name}"),
            )),
        }
    }
}

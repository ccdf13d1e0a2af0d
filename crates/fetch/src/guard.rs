//! The SSRF guard: Gazette fetches URLs that anyone with a source form can type, so it
//! must never be turned into a probe of the machine it runs on or of its private network.
//!
//! Two checks, both on every redirect hop: a host that is an IP literal is judged before
//! any connection, and a host name is resolved by [`GuardedResolver`], the DNS resolver
//! installed in the HTTP client, which refuses the name if any of its addresses is not
//! public. Because the resolver hands the client only the addresses it has judged, the
//! address checked is the address connected to (no DNS-rebinding window).

use std::error::Error as StdError;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use url::{Host, Url};

use crate::FetchError;

/// What the guard lets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Guard {
    /// Everything allowed (`FetchConfig::allow_private_addresses`).
    pub(crate) allow_all: bool,
    /// Loopback allowed, the rest still guarded: lets this crate's own tests run a
    /// server on 127.0.0.1 while checking that other ranges are refused.
    pub(crate) allow_loopback: bool,
}

impl Guard {
    /// Why `ip` may not be fetched, or `None` when it may.
    pub(crate) fn refuse(&self, ip: IpAddr) -> Option<&'static str> {
        if self.allow_all {
            return None;
        }
        let reason = non_public_reason(ip)?;
        if self.allow_loopback && reason == LOOPBACK {
            return None;
        }
        Some(reason)
    }

    /// Checks what can be checked without DNS: scheme, host presence, IP-literal hosts.
    pub(crate) fn check_static(&self, url: &Url) -> Result<(), FetchError> {
        check_scheme(url)?;
        match url.host() {
            None => Err(FetchError::InvalidUrl {
                url: url.to_string(),
                reason: "no host".into(),
            }),
            Some(Host::Ipv4(ip)) => self.check_ip(url, IpAddr::V4(ip)),
            Some(Host::Ipv6(ip)) => self.check_ip(url, IpAddr::V6(ip)),
            Some(Host::Domain(_)) => Ok(()),
        }
    }

    fn check_ip(&self, url: &Url, ip: IpAddr) -> Result<(), FetchError> {
        match self.refuse(ip) {
            None => Ok(()),
            Some(reason) => Err(FetchError::Blocked {
                url: url.to_string(),
                reason: format!("{ip} is {reason}"),
            }),
        }
    }

    /// Resolves `host` and judges every address; the whole name is refused if any one
    /// address is not public.
    pub(crate) async fn resolve(&self, host: &str) -> Result<Vec<SocketAddr>, GuardError> {
        let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, 0))
            .await
            .map_err(|e| GuardError::Dns {
                host: host.to_owned(),
                reason: e.to_string(),
            })?
            .collect();
        if addrs.is_empty() {
            return Err(GuardError::Dns {
                host: host.to_owned(),
                reason: "no addresses".into(),
            });
        }
        for addr in &addrs {
            if let Some(reason) = self.refuse(addr.ip()) {
                return Err(GuardError::Blocked {
                    reason: format!("{host} resolves to {}, which is {reason}", addr.ip()),
                });
            }
        }
        Ok(addrs)
    }
}

/// Only `http` and `https`.
pub(crate) fn check_scheme(url: &Url) -> Result<(), FetchError> {
    match url.scheme() {
        "http" | "https" => Ok(()),
        other => Err(FetchError::UnsupportedScheme {
            url: url.to_string(),
            scheme: other.to_owned(),
        }),
    }
}

/// A refusal or failure inside the resolver, carried through the HTTP client's error
/// chain and turned back into a [`FetchError`] by `Fetcher`.
#[derive(Debug)]
pub(crate) enum GuardError {
    Blocked { reason: String },
    Dns { host: String, reason: String },
}

impl GuardError {
    pub(crate) fn to_fetch_error(&self, url: &str) -> FetchError {
        match self {
            GuardError::Blocked { reason, .. } => FetchError::Blocked {
                url: url.to_owned(),
                reason: reason.clone(),
            },
            GuardError::Dns { host, reason } => FetchError::Dns {
                host: host.clone(),
                reason: reason.clone(),
            },
        }
    }
}

impl fmt::Display for GuardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GuardError::Blocked { reason, .. } => write!(f, "refused: {reason}"),
            GuardError::Dns { host, reason } => write!(f, "DNS lookup of {host} failed: {reason}"),
        }
    }
}

impl StdError for GuardError {}

/// The resolver installed in the HTTP client.
pub(crate) struct GuardedResolver(pub(crate) Guard);

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let guard = self.0;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs = guard
                .resolve(&host)
                .await
                .map_err(|e| Box::new(e) as Box<dyn StdError + Send + Sync>)?;
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

const LOOPBACK: &str = "a loopback address";

/// Why an address is not on the public internet, or `None` if it is.
pub fn non_public_reason(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_reason(v4),
        IpAddr::V6(v6) => v6_reason(v6),
    }
}

fn v4_reason(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        _ if ip.is_unspecified() => "the unspecified address",
        (0, _, _) => "in the \"this network\" range 0.0.0.0/8",
        (127, _, _) => LOOPBACK,
        (10, _, _) => "a private address (RFC 1918)",
        (172, 16..=31, _) => "a private address (RFC 1918)",
        (192, 168, _) => "a private address (RFC 1918)",
        (169, 254, _) => "a link-local address (cloud metadata lives here)",
        (100, 64..=127, _) => "a carrier-grade NAT address (100.64.0.0/10)",
        (192, 0, 0) => "an IETF protocol address (192.0.0.0/24)",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "a documentation address",
        (198, 18..=19, _) => "a benchmarking address (198.18.0.0/15)",
        (224..=239, _, _) => "a multicast address",
        (240..=255, _, _) => "a reserved or broadcast address",
        _ => return None,
    })
}

fn v6_reason(ip: Ipv6Addr) -> Option<&'static str> {
    let seg = ip.segments();
    // Forms that embed an IPv4 address are judged by that address.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return v4_reason(v4);
    }
    if seg[..6] == [0; 6] && !ip.is_loopback() && !ip.is_unspecified() {
        // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks).
        let [a, b] = seg[6].to_be_bytes();
        let [c, d] = seg[7].to_be_bytes();
        return v4_reason(Ipv4Addr::new(a, b, c, d));
    }
    if seg[..4] == [0; 4] && seg[4] == 0xffff && seg[5] == 0 {
        // IPv4-translated ::ffff:0:a.b.c.d (SIIT, RFC 6052/7915).
        let [a, b] = seg[6].to_be_bytes();
        let [c, d] = seg[7].to_be_bytes();
        return v4_reason(Ipv4Addr::new(a, b, c, d));
    }
    if seg[0] == 0x64 && seg[1] == 0xff9b && seg[2] == 1 {
        // Local-use NAT64 64:ff9b:1::/48 (RFC 8215): translated inside one network.
        return Some("a local-use NAT64 address (64:ff9b:1::/48)");
    }
    if seg[0] == 0x64 && seg[1] == 0xff9b && seg[2..6] == [0; 4] {
        // NAT64 64:ff9b::/96.
        let [a, b] = seg[6].to_be_bytes();
        let [c, d] = seg[7].to_be_bytes();
        return v4_reason(Ipv4Addr::new(a, b, c, d));
    }
    if seg[0] == 0x2002 {
        // 6to4 2002:a.b.c.d::/48.
        let [a, b] = seg[1].to_be_bytes();
        let [c, d] = seg[2].to_be_bytes();
        return v4_reason(Ipv4Addr::new(a, b, c, d));
    }
    Some(match seg[0] {
        _ if ip.is_unspecified() => "the unspecified address",
        _ if ip.is_loopback() => LOOPBACK,
        0xfe80..=0xfebf => "a link-local address",
        0xfec0..=0xfeff => "a site-local address",
        0xfc00..=0xfdff => "a unique local address (fc00::/7)",
        0xff00..=0xffff => "a multicast address",
        0x2001 if seg[1] == 0x0db8 => "a documentation address",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(addr: &str, public: bool) {
        let ip: IpAddr = addr.parse().unwrap();
        assert_eq!(non_public_reason(ip).is_none(), public, "{addr}");
    }

    #[test]
    fn classifies_addresses() {
        for a in [
            "127.0.0.1",
            "127.5.5.5",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "0.0.0.0",
            "0.1.2.3",
            "224.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "::ffff:0:127.0.0.1",
            "::ffff:0:a9fe:a9fe",
            "64:ff9b:1::808:808",
            "64:ff9b:1:ffff::1",
            "2002:0a00:0001::1",
        ] {
            check(a, false);
        }
        for a in [
            "8.8.8.8",
            "1.1.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "93.184.216.34",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "::ffff:0:8.8.8.8",
            "2002:0808:0808::1",
        ] {
            check(a, true);
        }
    }

    #[test]
    fn loopback_exception_keeps_other_ranges_guarded() {
        let g = Guard {
            allow_all: false,
            allow_loopback: true,
        };
        assert!(g.refuse("127.0.0.1".parse().unwrap()).is_none());
        assert!(g.refuse("10.0.0.1".parse().unwrap()).is_some());
        assert!(
            g.refuse("::ffff:169.254.169.254".parse().unwrap())
                .is_some()
        );
    }

    #[test]
    fn static_check_sees_normalised_literals() {
        let g = Guard {
            allow_all: false,
            allow_loopback: false,
        };
        for u in [
            "http://127.0.0.1/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://[::1]:8080/",
            "http://[::ffff:7f00:1]/",
            "http://169.254.169.254/latest/meta-data/",
        ] {
            let url = Url::parse(u).unwrap();
            assert!(
                matches!(g.check_static(&url), Err(FetchError::Blocked { .. })),
                "{u}"
            );
        }
        let url = Url::parse("ftp://example.com/").unwrap();
        assert!(matches!(
            g.check_static(&url),
            Err(FetchError::UnsupportedScheme { .. })
        ));
    }
}

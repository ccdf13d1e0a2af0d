//! HTTPS against a local TLS server with a throwaway CA (tests/fixtures): proves the
//! client's TLS stack works with the one crypto provider (ring), verifies
//! certificates, and that the limits apply through TLS as well.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::guard::Guard;
use crate::{FeedFetch, FetchConfig, FetchError, Fetcher, Validators};

const CA: &[u8] = include_bytes!("../tests/fixtures/ca.pem");
const CERT: &[u8] = include_bytes!("../tests/fixtures/server.pem");
const KEY: &[u8] = include_bytes!("../tests/fixtures/server.key");

/// A blocking TLS server on its own thread answering every request with `body`.
fn tls_server(body: &'static [u8]) -> SocketAddr {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let chain = vec![CertificateDer::from_pem_slice(CERT).unwrap()];
    let key = PrivateKeyDer::from_pem_slice(KEY).unwrap();
    let config = Arc::new(
        rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for tcp in listener.incoming() {
            let Ok(tcp) = tcp else { return };
            let config = config.clone();
            std::thread::spawn(move || {
                let _ = tcp.set_read_timeout(Some(Duration::from_secs(5)));
                let conn = rustls::ServerConnection::new(config).unwrap();
                let mut tls = rustls::StreamOwned::new(conn, tcp);
                let mut req = Vec::new();
                let mut buf = [0u8; 1024];
                while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => req.extend_from_slice(&buf[..n]),
                    }
                }
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = tls.write_all(head.as_bytes());
                let _ = tls.write_all(body);
                tls.conn.send_close_notify();
                let _ = tls.flush();
            });
        }
    });
    addr
}

fn config() -> FetchConfig {
    FetchConfig {
        per_host_delay: Duration::ZERO,
        total_timeout: Duration::from_secs(3),
        max_feed_bytes: 1024,
        ..FetchConfig::default()
    }
}

fn loopback() -> Guard {
    Guard {
        allow_all: false,
        allow_loopback: true,
    }
}

#[tokio::test]
async fn https_fetch_with_a_trusted_certificate() {
    let addr = tls_server(b"<rss version=\"2.0\"/>");
    let ca = reqwest::Certificate::from_pem(CA).unwrap();
    let f = Fetcher::build(config(), loopback(), vec![ca]).unwrap();
    let started = Instant::now();
    for host in ["127.0.0.1", "localhost"] {
        let url = format!("https://{host}:{}/feed", addr.port());
        let got = f.fetch_feed(&url, &Validators::default()).await.unwrap();
        let FeedFetch::Fetched(got) = got else {
            panic!("expected a body")
        };
        assert_eq!(&got.body[..], b"<rss version=\"2.0\"/>");
    }
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn untrusted_certificate_is_refused() {
    let addr = tls_server(b"<rss/>");
    let f = Fetcher::build(config(), loopback(), Vec::new()).unwrap();
    let url = format!("https://127.0.0.1:{}/feed", addr.port());
    let err = f
        .fetch_feed(&url, &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Connect { .. }), "{err}");
    assert!(err.to_string().contains("certificate"), "{err}");
}

#[tokio::test]
async fn size_limit_applies_through_tls() {
    static BIG: [u8; 4096] = [b'x'; 4096];
    let addr = tls_server(&BIG);
    let ca = reqwest::Certificate::from_pem(CA).unwrap();
    let f = Fetcher::build(config(), loopback(), vec![ca]).unwrap();
    let url = format!("https://127.0.0.1:{}/feed", addr.port());
    let err = f
        .fetch_feed(&url, &Validators::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::TooLarge { limit: 1024, .. }),
        "{err}"
    );
}

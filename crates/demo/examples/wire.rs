//! Runs the demo wire on its own, to look at it with a browser or curl:
//! `cargo run -p gazette-demo --example wire -- 127.0.0.1:8090`

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8090".to_string());
    let addr = addr
        .parse()
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let wire = gazette_demo::start(addr).await?;
    println!("demo wire at {}/", wire.base_url);
    for s in &wire.sources {
        println!("  {:<26} {}", s.name, s.feed_url);
    }
    tokio::signal::ctrl_c().await?;
    Ok(())
}

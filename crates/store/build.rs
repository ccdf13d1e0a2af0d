//! Rebuilds the crate when a migration is added: `sqlx::migrate!` embeds the migrations
//! directory, and without this a new file would not reach the binary until some source changed.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}

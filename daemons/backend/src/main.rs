//! `buildsrs-backend`: the HTTP service for builders and users.

fn main() {
    eprintln!("buildsrs-backend: the HTTP API is not wired up yet");
    std::process::exit(2);
}

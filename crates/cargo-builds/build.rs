//! Records the target this binary is built for: the default of `--target`,
//! the machine it runs on.

fn main() {
    let target = std::env::var("TARGET").expect("cargo sets TARGET for build scripts");
    println!("cargo:rustc-env=CARGO_BUILDS_HOST_TARGET={target}");
}

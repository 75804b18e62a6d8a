//! The `clausediff` command: argument parsing, I/O and exit codes around the library.

mod cli;

fn main() {
    std::process::exit(cli::run());
}

//! The `leadplan` binary: the command line lives in the library
//! ([`leadplan::cli`]); this file only picks the allocator.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    leadplan::cli::main()
}

fn main() {
    // `peerlab stats | head` closes the pipe early. Rust ignores SIGPIPE, so `println!` would
    // panic on the broken pipe; the default action ends the process quietly, as other
    // command-line tools do.
    #[cfg(unix)]
    // SAFETY: called first thing, before any thread exists; SIG_DFL is always a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(peerlab::cli::run());
}

fn main() {
    std::process::exit(peerlab::cli::run());
}

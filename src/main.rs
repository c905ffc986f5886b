fn main() {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info"))
        .format(portefolje::log_line)
        .init();
    let result = portefolje::config::Config::from_env().and_then(portefolje::config::run);
    if let Err(message) = result {
        eprintln!("portefolje: {message}");
        std::process::exit(1);
    }
}

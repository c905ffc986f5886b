//! Prints the OpenAPI document: `cargo run --bin openapi > openapi/openapi.json`.

fn main() {
    let spec = portefolje::openapi();
    match spec.to_pretty_json() {
        Ok(json) => println!("{json}"),
        Err(e) => {
            eprintln!("openapi: {e}");
            std::process::exit(1);
        }
    }
}

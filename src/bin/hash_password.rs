//! Prints the argon2id hash of a password read from standard input, for
//! seed files: `echo -n 'hemmelig adgangskode' | cargo run --bin hash_password`.

use std::io::Read;

fn main() {
    let mut password = String::new();
    if std::io::stdin().read_to_string(&mut password).is_err() || password.trim().is_empty() {
        eprintln!("hash_password: give the password on standard input");
        std::process::exit(1);
    }
    match portefolje::auth::secrets::hash_password(password.trim_end_matches(['\n', '\r'])) {
        Ok(hash) => println!("{hash}"),
        Err(e) => {
            eprintln!("hash_password: {e}");
            std::process::exit(1);
        }
    }
}

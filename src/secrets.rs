//! Random tokens, their stored hashes, and password hashes.
//!
//! Tokens are 256 random bits, so a fast SHA-256 is enough to store them:
//! nothing can be guessed. Passwords are not random, so they get argon2id.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system gives random bytes");
    bytes
}

/// A new secret such as `pf_3f9a…` (API token) or a session id.
pub fn new_token(prefix: &str) -> String {
    format!("{prefix}{}", hex(&random_bytes::<32>()))
}

/// What is stored instead of the token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Argon2 holds 19 MiB and a core for tens of milliseconds per password.
/// Passwords are verified and hashed on `PASSWORD_THREADS` threads of their
/// own, in turn: a burst of sign-ins queues here, holding neither a database
/// connection nor a blocking thread, and only these threads keep the memory
/// the allocator holds on to once a thread has hashed (about 60 MiB each,
/// measured; any blocking thread used to, and a burst of 60 sign-ins took
/// 520 to 690 MiB).
type Job = Box<dyn FnOnce() + Send>;

/// Two at a time answer 50 sign-ins a second, far beyond a municipality's
/// morning; more threads would each keep their own 60 MiB.
const PASSWORD_THREADS: usize = 2;

static TURNS: std::sync::LazyLock<std::sync::mpsc::Sender<Job>> = std::sync::LazyLock::new(|| {
    let (turns, queue) = std::sync::mpsc::channel::<Job>();
    // Without threads the queue closes and each password check says so.
    let started = crate::threads::serve(
        "portefolje-passwords",
        PASSWORD_THREADS,
        queue,
        |job: Job| job(),
    );
    if let Err(e) = started {
        log::error!("{e}");
    }
    turns
});

async fn in_turn<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, crate::error::AppError> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = answer.send(work());
    });
    let lost = || crate::error::AppError::Internal("a password check was lost".into());
    TURNS.send(job).map_err(|_| lost())?;
    answered.await.map_err(|_| lost())
}

/// [`hash_password`] in its turn, off the actix workers.
pub async fn hash_in_turn(password: String) -> Result<String, crate::error::AppError> {
    in_turn(move || hash_password(&password))
        .await?
        .map_err(crate::error::AppError::Internal)
}

/// Whether `password` matches `stored`, in its turn, off the actix workers.
/// Without a stored hash it is checked against a dummy all the same, so the
/// answer takes as long and says no.
pub async fn verify_in_turn(
    password: String,
    stored: Option<String>,
) -> Result<bool, crate::error::AppError> {
    in_turn(move || {
        let hash = stored.as_deref().unwrap_or(dummy_hash());
        verify_password(&password, hash) && stored.is_some()
    })
    .await
}

/// A real hash of a password nobody knows: checked when the e-mail is
/// unknown, so a failed sign-in takes as long either way.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password(&new_token("dummy")).unwrap_or_default())
}

/// Compare secrets without leaking where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (new_token("pf_"), new_token("pf_"));
        assert_ne!(a, b);
        assert_eq!(a.len(), 3 + 64);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn passwords() {
        let hash = hash_password("korrekt hest batteri").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("korrekt hest batteri", &hash));
        assert!(!verify_password("forkert", &hash));
        assert!(!verify_password("x", "not a hash"));
        assert!(!verify_password("x", dummy_hash()));
        assert!(dummy_hash().starts_with("$argon2id$"));
    }

    #[test]
    fn constant_time_compare() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
    }
}

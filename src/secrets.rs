//! Random tokens, their stored hashes, and password hashes.
//!
//! Tokens are 256 random bits, so a fast SHA-256 is enough to store them:
//! nothing can be guessed. Passwords are not random, so they get argon2id.

use argon2::password_hash::{Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
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
    let params = Params::default();
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| e.to_string())?,
        salt: Some(salt.as_salt()),
        hash: Some(argon2_output(
            password.as_bytes(),
            Algorithm::Argon2id,
            Version::V0x13,
            params,
            salt.as_salt(),
        )?),
    };
    Ok(hash.to_string())
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    let Ok(hash) = PasswordHash::new(stored) else {
        return false;
    };
    let parts = (
        Algorithm::try_from(hash.algorithm),
        hash.version
            .map_or(Ok(Version::default()), Version::try_from),
        Params::try_from(&hash),
        hash.salt,
        hash.hash,
    );
    let (Ok(algorithm), Ok(version), Ok(params), Some(salt), Some(expected)) = parts else {
        return false;
    };
    // `Output` compares in constant time.
    argon2_output(password.as_bytes(), algorithm, version, params, salt)
        .is_ok_and(|computed| computed == expected)
}

thread_local! {
    /// Argon2's 19 MiB of working memory, kept by the two password threads
    /// instead of allocated for every password: the allocator kept about
    /// 60 MiB per thread after freeing it.
    static ARGON2_MEMORY: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
    /// Whether this is a password thread; others (start-up, the command-line
    /// tool) hash once in a while and give the memory back.
    static KEEPS_ARGON2_MEMORY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Argon2 of `password` under the given settings, as long as their output.
fn argon2_output(
    password: &[u8],
    algorithm: Algorithm,
    version: Version,
    params: Params,
    salt: Salt<'_>,
) -> Result<Output, String> {
    let mut salt_bytes = [0u8; 64];
    let salt = salt
        .decode_b64(&mut salt_bytes)
        .map_err(|e| e.to_string())?;
    let blocks = params.block_count();
    let length = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let argon2 = Argon2::new(algorithm, version, params);
    let hash_into = |memory: &mut [Block]| {
        Output::init_with(length, |out| {
            Ok(argon2.hash_password_into_with_memory(password, salt, out, &mut *memory)?)
        })
        .map_err(|e| e.to_string())
    };
    // A stored hash asking for more memory than ours gets it for once only.
    if blocks > Params::default().block_count() || !KEEPS_ARGON2_MEMORY.get() {
        return hash_into(&mut vec![Block::default(); blocks]);
    }
    ARGON2_MEMORY.with_borrow_mut(|memory| {
        memory.resize(blocks, Block::default());
        hash_into(&mut memory[..blocks])
    })
}

/// Argon2 holds 19 MiB and a core for tens of milliseconds per password.
/// Passwords are verified and hashed on `PASSWORD_THREADS` threads of their
/// own, in turn: a burst of sign-ins queues here, holding neither a database
/// connection nor a blocking thread, and only these threads keep argon2's
/// memory (a burst of 60 sign-ins took 560 to 711 MiB when any blocking
/// thread hashed, and 86 MiB now).
type Job = Box<dyn FnOnce() + Send>;

/// Two at a time answer 50 sign-ins a second, far beyond a municipality's
/// morning; more threads would each keep their own 19 MiB.
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
        KEEPS_ARGON2_MEMORY.set(true);
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

    /// Hashing with memory of our own must agree with the argon2 crate's
    /// own hasher and verifier, both ways, whatever the stored settings.
    #[test]
    fn passwords_agree_with_the_argon2_crate_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let ours = hash_password("Demo-Portefolje-2022").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default()
            .verify_password(b"Demo-Portefolje-2022", &parsed)
            .is_ok());
        let settings = [
            (
                Algorithm::Argon2id,
                Params::new(19_456, 2, 1, None).unwrap(),
            ),
            (
                Algorithm::Argon2i,
                Params::new(8_192, 3, 2, Some(16)).unwrap(),
            ),
            (
                Algorithm::Argon2d,
                Params::new(4_096, 1, 4, Some(64)).unwrap(),
            ),
            // More memory than ours: borrowed for the one hash.
            (
                Algorithm::Argon2id,
                Params::new(32_768, 1, 1, None).unwrap(),
            ),
        ];
        for (algorithm, params) in settings {
            let theirs = Argon2::new(algorithm, Version::V0x13, params)
                .hash_password(
                    b"korrekt hest batteri",
                    &SaltString::encode_b64(&random_bytes::<16>()).unwrap(),
                )
                .unwrap()
                .to_string();
            assert!(verify_password("korrekt hest batteri", &theirs), "{theirs}");
            assert!(
                !verify_password("korrekt hest batterI", &theirs),
                "{theirs}"
            );
        }
        // The demo accounts' stored hash, as seed-data/konti.csv has it.
        let demo = "$argon2id$v=19$m=19456,t=2,p=1$ec6hfljKeKndrSYhrgEHbw$pSL4DNTBvb5+5bvn1zL4UJfX9SXY24kB34S86hCTqA4";
        assert!(verify_password("Demo-Portefolje-2022", demo));
        assert!(!verify_password("Demo-Portefolje-2023", demo));
        // As on a password thread: the kept memory, used again and again.
        KEEPS_ARGON2_MEMORY.set(true);
        for _ in 0..2 {
            let again = hash_password("en anden adgangskode").unwrap();
            assert!(Argon2::default()
                .verify_password(b"en anden adgangskode", &PasswordHash::new(&again).unwrap())
                .is_ok());
            assert!(verify_password("Demo-Portefolje-2022", demo));
            assert!(!verify_password("Demo-Portefolje-2023", demo));
        }
    }

    #[test]
    fn constant_time_compare() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
    }
}

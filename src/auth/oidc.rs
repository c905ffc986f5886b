//! Sign-in with the municipality's identity provider (OpenID Connect,
//! authorization code flow with PKCE) through the `openidconnect` crate: the
//! provider's metadata and keys discovered from `OIDC_ISSUER`, the ID token's
//! signature, issuer, audience and nonce checked by the crate. Calls to the
//! provider block, so the pages run them off the actix workers.

pub use crate::app::sessions::Identity;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use std::sync::Mutex;

/// How people may sign in to the pages.
pub struct SignInOptions {
    /// The identity provider, when `OIDC_ISSUER` is set.
    pub oidc: Option<Oidc>,
    /// `PASSWORD_SIGN_IN=false` turns the password form off (API tokens keep working).
    pub password: bool,
    /// `OIDC_CREATE_PEOPLE=true`: an unknown person is created as a reader.
    pub create_people: bool,
}

impl Default for SignInOptions {
    fn default() -> Self {
        Self {
            oidc: None,
            password: true,
            create_people: false,
        }
    }
}

impl SignInOptions {
    /// From `OIDC_ISSUER`, `OIDC_CLIENT_ID`, `OIDC_CLIENT_SECRET`, `BASE_URL`,
    /// `OIDC_CREATE_PEOPLE` and `PASSWORD_SIGN_IN`.
    pub fn from_env(base_url: &str) -> Result<Self, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let flag = |name: &str, default: bool| match var(name).as_deref() {
            None => Ok(default),
            Some("true") => Ok(true),
            Some("false") => Ok(false),
            Some(other) => Err(format!("{name} '{other}' is neither true nor false")),
        };
        let oidc = match var("OIDC_ISSUER") {
            None => None,
            Some(issuer) => {
                let id = var("OIDC_CLIENT_ID").ok_or("OIDC_CLIENT_ID is missing")?;
                let secret = var("OIDC_CLIENT_SECRET").ok_or("OIDC_CLIENT_SECRET is missing")?;
                Some(Oidc::new(&issuer, &id, &secret, base_url)?)
            }
        };
        let password = flag("PASSWORD_SIGN_IN", true)?;
        if oidc.is_none() && !password {
            return Err("PASSWORD_SIGN_IN=false needs OIDC_ISSUER: nobody could sign in".into());
        }
        Ok(Self {
            oidc,
            password,
            create_people: flag("OIDC_CREATE_PEOPLE", false)?,
        })
    }
}

/// The provider and this service as its client.
pub struct Oidc {
    issuer: IssuerUrl,
    client_id: ClientId,
    client_secret: ClientSecret,
    redirect: RedirectUrl,
    /// Discovered at the first sign-in and kept; a failed discovery is tried again.
    metadata: Mutex<Option<CoreProviderMetadata>>,
    http: ureq::Agent,
}

/// What the sign-in started and the callback must match: kept in a cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

impl Pending {
    pub fn encode(&self) -> String {
        format!("{}.{}.{}", self.state, self.nonce, self.verifier)
    }

    pub fn decode(value: &str) -> Option<Self> {
        let mut parts = value.split('.');
        let (state, nonce, verifier) = (parts.next()?, parts.next()?, parts.next()?);
        (parts.next().is_none() && !state.is_empty()).then(|| Self {
            state: state.into(),
            nonce: nonce.into(),
            verifier: verifier.into(),
        })
    }
}

/// The path the provider sends the browser back to.
pub const CALLBACK: &str = "/log-ind/oidc/callback";

impl Oidc {
    pub fn new(
        issuer: &str,
        client_id: &str,
        secret: &str,
        base_url: &str,
    ) -> Result<Self, String> {
        let redirect = format!("{}{CALLBACK}", base_url.trim_end_matches('/'));
        Ok(Self {
            issuer: IssuerUrl::new(issuer.into()).map_err(|e| format!("OIDC_ISSUER: {e}"))?,
            client_id: ClientId::new(client_id.into()),
            client_secret: ClientSecret::new(secret.into()),
            redirect: RedirectUrl::new(redirect).map_err(|e| format!("BASE_URL: {e}"))?,
            metadata: Mutex::new(None),
            // Never follow a redirect from the provider's endpoints (SSRF).
            http: ureq::AgentBuilder::new()
                .redirects(0)
                .timeout(std::time::Duration::from_secs(15))
                .build(),
        })
    }

    fn metadata(&self) -> Result<CoreProviderMetadata, String> {
        let mut kept = self.metadata.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = kept.as_ref() {
            return Ok(found.clone());
        }
        let found = CoreProviderMetadata::discover(&self.issuer, &self.http)
            .map_err(|e| format!("discovery at {}: {e}", self.issuer.as_str()))?;
        *kept = Some(found.clone());
        Ok(found)
    }

    /// Where to send the browser, and what the callback must match.
    pub fn start(&self) -> Result<(String, Pending), String> {
        let client = CoreClient::from_provider_metadata(
            self.metadata()?,
            self.client_id.clone(),
            Some(self.client_secret.clone()),
        )
        .set_redirect_uri(self.redirect.clone());
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        let pending = Pending {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
        };
        Ok((url.to_string(), pending))
    }

    /// Exchange the code (with the PKCE verifier) and check the ID token.
    pub fn finish(&self, code: &str, pending: &Pending) -> Result<Identity, String> {
        let client = CoreClient::from_provider_metadata(
            self.metadata()?,
            self.client_id.clone(),
            Some(self.client_secret.clone()),
        )
        .set_redirect_uri(self.redirect.clone());
        let token = client
            .exchange_code(AuthorizationCode::new(code.into()))
            .map_err(|e| format!("no token endpoint: {e}"))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
            .request(&self.http)
            .map_err(|e| format!("token exchange: {e}"))?;
        let id_token = token.id_token().ok_or("the answer had no ID token")?;
        let claims = id_token
            .claims(
                &client.id_token_verifier(),
                &Nonce::new(pending.nonce.clone()),
            )
            .map_err(|e| format!("ID token: {e}"))?;
        let mut identity = Identity {
            subject: claims.subject().to_string(),
            email: claims.email().map(|e| e.to_string()),
            email_verified: claims.email_verified(),
            name: claims
                .name()
                .and_then(|n| n.get(None))
                .map(|n| n.to_string()),
        };
        // Entra ID puts the e-mail in the ID token; providers that follow the
        // specification's default give it from the userinfo endpoint instead.
        if identity.email.is_none() {
            let subject = claims.subject().clone();
            let info: openidconnect::core::CoreUserInfoClaims = client
                .user_info(token.access_token().clone(), Some(subject))
                .map_err(|e| format!("no userinfo endpoint: {e}"))?
                .request(&self.http)
                .map_err(|e| format!("userinfo: {e}"))?;
            identity.email = info.email().map(|e| e.to_string());
            identity.email_verified = info.email_verified();
            identity.name = identity
                .name
                .or_else(|| info.name().and_then(|n| n.get(None)).map(|n| n.to_string()));
        }
        Ok(identity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pending_sign_in_survives_its_cookie_and_nothing_else_passes() {
        let p = Pending {
            state: "abc-_1".into(),
            nonce: "n0nce".into(),
            verifier: "v3rifier".into(),
        };
        assert_eq!(Pending::decode(&p.encode()), Some(p));
        assert_eq!(Pending::decode("a.b"), None);
        assert_eq!(Pending::decode("a.b.c.d"), None);
        assert_eq!(Pending::decode(".b.c"), None);
    }
}

// A real OpenID provider for the e2e: the npm package oidc-provider with its
// development login (any login name, any password), whose accounts have the
// login as their e-mail, verified. Started on a free port by run.mjs.
import Provider from 'oidc-provider';

export async function startProvider(port, redirectUri) {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'portefolje',
      client_secret: 'en-hemmelighed-kun-til-testen',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    claims: { email: ['email', 'email_verified'], profile: ['name'] },
    scopes: ['openid', 'email', 'profile'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        async claims() { return { sub: `sub-${id}`, email: id, email_verified: true, name: id }; },
      };
    },
  });
  provider.proxy = false;
  const server = provider.listen(port);
  await new Promise((resolve) => server.once('listening', resolve));
  return { issuer, close: () => new Promise((resolve) => server.close(resolve)) };
}

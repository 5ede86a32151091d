// Where the page's tokens come from: demo/token (demo mode) or a token the user pasted.

/**
 * @param {{user: string, role: string, tenant: string, ttl: string, permissions: string, pasted: string}} login
 *   the form's values (permissions: comma-separated, PROTOCOL §10; empty for none)
 * @returns {{getToken: () => Promise<string>, renewable: boolean}} getToken for the client (called before
 *   every handshake and refresh); renewable: whether it can give a new token, which a pasted one cannot
 */
export function tokenSource({ user, role, tenant, ttl, permissions, pasted }) {
  if (pasted) return { getToken: async () => pasted, renewable: false };
  const query = new URLSearchParams({ user, role, ttl });
  if (tenant) query.set("tenant", tenant);
  if (permissions) query.set("permissions", permissions);
  return { getToken: () => demoToken(query), renewable: true };
}

async function demoToken(query) {
  let response;
  try {
    // relative: demo/token of whatever context root serves this page
    response = await fetch(`demo/token?${query}`, { cache: "no-store" });
  } catch {
    throw new Error("the server does not answer (is it running?)");
  }
  if (response.status === 404) throw new Error("demo mode is off on this server (demo/token answered 404): paste a token instead");
  if (response.status === 400) throw new Error("demo/token refused the form (400): check the user name and the permissions (e.g. join:lobby,send:lobby)");
  if (!response.ok) throw new Error(`demo/token answered ${response.status}`);
  return (await response.json()).token;
}

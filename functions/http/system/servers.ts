/**
 * The OpenAPI document's `servers`, by one rule:
 * - the committed openapi.json (`npm run openapi`) lists only the local server at its default
 *   port, `LOCAL_DEFAULT_SERVER`: a generated file must not depend on the machine, the port or
 *   the deployment that generated it, or its "is current" test would fail for reasons that are
 *   not the API's;
 * - the document GET /openapi.json serves (and the docs page reads) lists the server that
 *   answered, as the request reached it (`PORT` locally, whichever port it is; the custom
 *   domain or the execute-api domain in AWS), then every stage configured with a domain in
 *   cdk.json (`https://<domain.name>`).
 */

export interface Server {
  url: string;
  description: string;
}

export const LOCAL_DEFAULT_SERVER: Server = {
  url: 'http://localhost:3000',
  description: 'The local server (npm start)',
};

// A host name or IPv4 address, or an IPv6 address in brackets, with an optional port: nothing
// else from a request header is written into the document.
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;

const validHost = (host: string | undefined): host is string => {
  if (host === undefined) return false;
  const m = HOST.exec(host);
  return m !== null && (m[1] === undefined || Number(m[1]) <= 65535);
};

/** `https://<domain.name>` for each stage of cdk.json's `stages` that sets a `domain`. */
export const stageServers = (stages: unknown): Server[] =>
  Object.entries((stages ?? {}) as Record<string, { domain?: { name?: unknown } } | null>).flatMap(
    ([name, settings]) => {
      const domain = settings?.domain?.name;
      return typeof domain === 'string' && validHost(domain)
        ? [{ url: `https://${domain}`, description: `Stage ${name}` }]
        : [];
    },
  );

/**
 * The served list: the server the request reached (its `Host`; `https` when API Gateway says
 * so in `x-forwarded-proto`, `http` otherwise, as the local server speaks), else the local
 * default; then the stages, each URL once.
 */
/** The origin a request reached (`Host`, and `https` when `x-forwarded-proto` says so); undefined without a valid Host. */
export const requestOrigin = (headers: Record<string, string | undefined>): string | undefined => {
  const proto = headers['x-forwarded-proto'] ?? 'http';
  return validHost(headers.host) && (proto === 'http' || proto === 'https')
    ? `${proto}://${headers.host}`
    : undefined;
};

export const servedServers = (headers: Record<string, string | undefined>, stages: unknown): Server[] => {
  const proto = headers['x-forwarded-proto'] ?? 'http';
  const here: Server =
    validHost(headers.host) && (proto === 'http' || proto === 'https')
      ? { url: `${proto}://${headers.host}`, description: 'The server that answered this request' }
      : LOCAL_DEFAULT_SERVER;
  const servers = [here];
  for (const s of stageServers(stages)) if (!servers.some((t) => t.url === s.url)) servers.push(s);
  return servers;
};

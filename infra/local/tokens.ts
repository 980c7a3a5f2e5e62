/**
 * The local stand-in for Cognito and the HTTP API's JWT authorizer: it signs RS256 tokens
 * with a key pair kept in the data folder, and verifies them the way the authorizer does
 * (signature and `kid`, issuer, audience, expiry), then hands the claims on as the
 * authorizer does: every value a string, arrays as "[a b]".
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';

/** The member app client's id, locally. */
export const LOCAL_AUDIENCE = 'smart-city-ambassadors-local';
/** The internal tool's app client id, locally (STAFF_CLIENT_ID of the local functions). */
export const LOCAL_STAFF_AUDIENCE = 'smart-city-ambassadors-local-staff';

export type AppClient = 'member' | 'staff';
export type TokenUse = 'id' | 'access';

const CLIENT_IDS: Record<AppClient, string> = { member: LOCAL_AUDIENCE, staff: LOCAL_STAFF_AUDIENCE };

export interface TokenIssuer {
  issuer: string;
  jwks: { keys: JWK[] };
  sign: (
    claims: {
      sub: string;
      email?: string | undefined;
      groups?: string[] | undefined;
      client?: AppClient | undefined;
      tokenUse?: TokenUse | undefined;
    },
    ttlSeconds?: number,
  ) => Promise<string>;
  /** Claims as the JWT authorizer passes them, or undefined when the token is not valid. */
  verify: (token: string) => Promise<Record<string, string> | undefined>;
}

interface StoredKeys {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

const loadOrCreateKeys = async (file: string | undefined): Promise<StoredKeys> => {
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StoredKeys;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `local-${Date.now().toString(36)}`;
  const keys = {
    kid,
    privateJwk: await exportJWK(privateKey),
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  }
  return keys;
};

/** The authorizer's rendering of a claim value. */
const claimString = (v: unknown): string =>
  Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);

export const createTokenIssuer = async (issuer: string, keyFile?: string): Promise<TokenIssuer> => {
  const keys = await loadOrCreateKeys(keyFile);
  const privateKey = (await importJWK(keys.privateJwk, 'RS256')) as CryptoKey;
  const publicKey = (await importJWK(keys.publicJwk, 'RS256')) as CryptoKey;
  return {
    issuer,
    jwks: { keys: [keys.publicJwk] },
    sign: async ({ sub, email, groups, client = 'member', tokenUse = 'id' }, ttlSeconds = 3600) => {
      const payload: JWTPayload & Record<string, unknown> = { token_use: tokenUse };
      // Like Cognito: the email only in the ID token, the client in `aud` (ID) or `client_id` (access).
      if (email && tokenUse === 'id') {
        payload.email = email;
        payload.email_verified = true;
      }
      if (tokenUse === 'access') {
        payload.client_id = CLIENT_IDS[client];
        payload.scope = 'aws.cognito.signin.user.admin';
      }
      if (groups && groups.length > 0) payload['cognito:groups'] = groups;
      const jwt = new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: keys.kid, typ: 'JWT' })
        .setSubject(sub)
        .setIssuer(issuer);
      if (tokenUse === 'id') jwt.setAudience(CLIENT_IDS[client]);
      return jwt
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
        .sign(privateKey);
    },
    verify: async (token) => {
      try {
        const { payload } = await jwtVerify(
          token,
          async (header) => {
            if (header.kid !== keys.kid) throw new Error('unknown kid');
            return publicKey;
          },
          { issuer, algorithms: ['RS256'], requiredClaims: ['sub', 'exp'] },
        );
        // The HTTP API JWT authorizer's audience check: `aud`, or else `client_id`, one of the clients.
        const audience = payload.aud ?? payload.client_id;
        const audiences = Array.isArray(audience) ? audience : [audience];
        if (!audiences.some((a) => Object.values(CLIENT_IDS).includes(String(a)))) return undefined;
        return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, claimString(v)]));
      } catch {
        return undefined;
      }
    },
  };
};

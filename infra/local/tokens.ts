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

export const LOCAL_AUDIENCE = 'smart-city-ambassadors-local';

export interface TokenIssuer {
  issuer: string;
  jwks: { keys: JWK[] };
  sign: (
    claims: { sub: string; email?: string | undefined; groups?: string[] | undefined },
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
    sign: async ({ sub, email, groups }, ttlSeconds = 3600) => {
      const payload: JWTPayload & Record<string, unknown> = { token_use: 'id' };
      if (email) {
        payload.email = email;
        payload.email_verified = true;
      }
      if (groups && groups.length > 0) payload['cognito:groups'] = groups;
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: keys.kid, typ: 'JWT' })
        .setSubject(sub)
        .setIssuer(issuer)
        .setAudience(LOCAL_AUDIENCE)
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
          { issuer, audience: LOCAL_AUDIENCE, algorithms: ['RS256'], requiredClaims: ['sub', 'exp'] },
        );
        return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, claimString(v)]));
      } catch {
        return undefined;
      }
    },
  };
};

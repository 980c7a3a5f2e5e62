/**
 * The typed client for web and mobile: openapi-fetch over the generated types, so every
 * path, parameter, body and answer is checked by TypeScript against the published contract.
 *
 *   const api = createApiClient({ baseUrl: 'https://…', token: () => idToken, lang: 'ar' });
 *   const { data, error } = await api.GET('/ambassadors/{id}', { params: { path: { id } } });
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './api-types.ts';

export type { components, paths } from './api-types.ts';

export interface ClientOptions {
  baseUrl: string;
  /** The Cognito ID token, or undefined when signed out. */
  token?: () => string | undefined;
  lang?: 'ar' | 'en';
}

export const createApiClient = ({ baseUrl, token, lang }: ClientOptions) => {
  const client = createClient<paths>({ baseUrl });
  const auth: Middleware = {
    onRequest({ request }) {
      const t = token?.();
      if (t) request.headers.set('authorization', `Bearer ${t}`);
      if (lang) request.headers.set('accept-language', lang);
      return request;
    },
  };
  client.use(auth);
  return client;
};

/**
 * zod/mini ships without messages; load the two the API speaks and pick one per request.
 */

import type * as z from 'zod/mini';
import ar from 'zod/v4/locales/ar.js';
import en from 'zod/v4/locales/en.js';

const maps = { ar: ar().localeError, en: en().localeError } satisfies Record<string, z.core.$ZodErrorMap>;

export const zodMessages = (lang: 'ar' | 'en') => maps[lang];

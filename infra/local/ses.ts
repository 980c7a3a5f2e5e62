/**
 * The local stand-in for Amazon SES (API v2), as far as the consumer and the digest use it:
 * SendEmail. They call it with the real SESv2Client pointed here by SES_ENDPOINT
 * (`<base>/_local/ses`), so the SDK posts its REST-JSON request to
 * `/_local/ses/v2/email/outbound-emails` and reads `{ "MessageId" }` back, as from SES.
 *
 * Every email is kept (a JSON file each in `<DATA_DIR>/mail/`, or in memory) and listed by
 * `GET /_local/mail`, newest first, shaped for a test or a developer to read: `to` as a plain
 * address, `subject`, `text`, `html`, `headers`, `at` (the local clock), `messageId`.
 * `POST /_local/ses/outage` `{ "failures": n }` makes the next n sends answer 500, as SES does
 * in an outage, so a test can show that the consumer's retry loses and doubles nothing.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { clock } from '#functions/clock.ts';
import type { LocalRoute } from './gateway.ts';

export interface LocalMail {
  to: string;
  /** Every recipient, plain addresses (To, then Cc and Bcc). */
  recipients: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  at: string;
  messageId: string;
  configurationSet?: string;
}

const sesError = (status: number, type: string, message: string) => ({
  status,
  body: JSON.stringify({ __type: type, code: type, message }),
  contentType: 'application/json',
});

/** `"Name" <a@b>` or `a@b` → `a@b`. */
export const plainAddress = (address: string): string =>
  (/<([^>]+)>\s*$/.exec(address)?.[1] ?? address).trim();

const content = z.object({ Data: z.string(), Charset: z.optional(z.string()) });
const sendEmail = z.object({
  FromEmailAddress: z.optional(z.string()),
  Destination: z.optional(
    z.object({
      ToAddresses: z.optional(z.array(z.string())),
      CcAddresses: z.optional(z.array(z.string())),
      BccAddresses: z.optional(z.array(z.string())),
    }),
  ),
  ConfigurationSetName: z.optional(z.string()),
  Content: z.object({
    Simple: z.optional(
      z.object({
        Subject: content,
        Body: z.object({ Text: z.optional(content), Html: z.optional(content) }),
        Headers: z.optional(z.array(z.object({ Name: z.string(), Value: z.string() }))),
      }),
    ),
    Raw: z.optional(z.object({ Data: z.string() })),
  }),
});

// --- A raw MIME message, read as far as an email of this API needs ---------------------------

const decodeWords = (value: string): string =>
  value.replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, _charset: string, enc: string, data: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );

const splitHead = (part: string): { headers: Record<string, string>; body: string } => {
  const at = part.search(/\r?\n\r?\n/);
  const head = at < 0 ? part : part.slice(0, at);
  const body = at < 0 ? '' : part.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim()] = decodeWords(line.slice(colon + 1).trim());
  }
  return { headers, body };
};

const headerOf = (headers: Record<string, string>, name: string) =>
  Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? '';

const decodeBody = (body: string, headers: Record<string, string>): string => {
  const encoding = headerOf(headers, 'Content-Transfer-Encoding').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable')
    return Buffer.from(
      body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  return body;
};

/** The text and HTML parts of a message (multipart/alternative or mixed, nested or not). */
const partsOf = (
  headers: Record<string, string>,
  body: string,
  found: { text: string; html: string } = { text: '', html: '' },
) => {
  const type = headerOf(headers, 'Content-Type') || 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      // The line break before a boundary belongs to the boundary (RFC 2046).
      const part = splitHead(chunk.replace(/^\r?\n/, '').replace(/\r?\n$/, ''));
      partsOf(part.headers, part.body, found);
    }
  } else if (/^text\/html/i.test(type)) found.html ||= decodeBody(body, headers);
  else if (/^text\/plain/i.test(type)) found.text ||= decodeBody(body, headers);
  return found;
};

export const parseRaw = (raw: string) => {
  const { headers, body } = splitHead(raw);
  return { headers, subject: headerOf(headers, 'Subject'), ...partsOf(headers, body) };
};

// ---------------------------------------------------------------------------------------------

export interface LocalSes {
  /** `POST /_local/ses/v2/email/outbound-emails`: SendEmail. */
  sendEmail: LocalRoute;
  /** `GET /_local/mail`. */
  list: LocalRoute;
  /** `POST /_local/ses/outage`. */
  outage: LocalRoute;
  sent: () => LocalMail[];
}

const outageRequest = z.strictObject({ failures: z.number().check(z.int(), z.minimum(0), z.maximum(1000)) });

export const createLocalSes = (dir?: string): LocalSes => {
  if (dir) mkdirSync(dir, { recursive: true });
  // Oldest first; file names sort in the order they were sent.
  const mails: LocalMail[] =
    dir && existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as LocalMail)
      : [];
  let failures = 0;
  let sequence = 0;
  return {
    sent: () => [...mails],
    sendEmail: async (_req, body) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body || '{}');
      } catch {
        return sesError(400, 'BadRequestException', 'Malformed JSON');
      }
      const r = sendEmail.safeParse(parsed);
      if (!r.success) return sesError(400, 'BadRequestException', z.prettifyError(r.error));
      if (failures > 0) {
        failures -= 1;
        return sesError(500, 'InternalFailure', 'Internal failure (local outage)');
      }
      const { Simple, Raw } = r.data.Content;
      const raw = Raw ? parseRaw(Buffer.from(Raw.Data, 'base64').toString('utf8')) : undefined;
      const recipients = [
        ...(r.data.Destination?.ToAddresses ?? []),
        ...(r.data.Destination?.CcAddresses ?? []),
        ...(r.data.Destination?.BccAddresses ?? []),
      ];
      const rawTo = raw ? headerOf(raw.headers, 'To') : '';
      if (!recipients.length && rawTo) recipients.push(...rawTo.split(','));
      if (!recipients.length) return sesError(400, 'BadRequestException', 'Missing final destination');
      const from = r.data.FromEmailAddress ?? (raw ? headerOf(raw.headers, 'From') : '');
      if (!from) return sesError(400, 'BadRequestException', 'Missing FromEmailAddress');
      if (!Simple && !raw) return sesError(400, 'BadRequestException', 'Content needs Simple or Raw');
      const messageId = `local-${randomUUID()}`;
      const headers: Record<string, string> = raw
        ? raw.headers
        : Object.fromEntries((Simple?.Headers ?? []).map((h) => [h.Name, h.Value]));
      const mail: LocalMail = {
        to: plainAddress(recipients[0] ?? ''),
        recipients: recipients.map(plainAddress),
        from,
        subject: raw ? raw.subject : (Simple?.Subject.Data ?? ''),
        text: raw ? raw.text : (Simple?.Body.Text?.Data ?? ''),
        html: raw ? raw.html : (Simple?.Body.Html?.Data ?? ''),
        headers,
        at: clock.now().toISOString(),
        messageId,
        ...(r.data.ConfigurationSetName ? { configurationSet: r.data.ConfigurationSetName } : {}),
      };
      mails.push(mail);
      sequence += 1;
      if (dir)
        writeFileSync(
          join(
            dir,
            `${String(Date.now()).padStart(15, '0')}-${String(sequence).padStart(6, '0')}-${messageId}.json`,
          ),
          JSON.stringify(mail, null, 2),
        );
      return { status: 200, body: JSON.stringify({ MessageId: messageId }), contentType: 'application/json' };
    },
    list: async (req) => {
      // `?to=<address>`: one recipient's mail only.
      const to = new URL(req.url ?? '/', 'http://localhost').searchParams.get('to');
      const items = [...mails].reverse().filter((m) => !to || m.recipients.includes(to));
      return { status: 200, body: { items } };
    },
    outage: async (_req, body) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body || '{}');
      } catch {
        return { status: 400, body: { code: 'malformed_json' } };
      }
      const r = outageRequest.safeParse(parsed);
      if (!r.success) return { status: 400, body: { code: 'validation_failed', errors: r.error.issues } };
      failures = r.data.failures;
      return { status: 200, body: r.data };
    },
  };
};

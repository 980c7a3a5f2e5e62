/**
 * Staff notes in the typed document (docs/api-contract.md §10): a generated client types what the
 * document says a view may hold, so a view for readers who are neither staff nor the item's
 * author may not even declare an internal note, a reviewer or who hid a comment; the
 * caller's own views (their export and lists) may hold notes about their items, never a
 * staff identity.
 */
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '#http/openapi.ts';

type Json = Record<string, any>;
const doc = buildOpenApi() as Json;

const resolve = (s: Json): Json => {
  if (typeof s?.$ref !== 'string') return s;
  return (s.$ref as string)
    .replace(/^#\//, '')
    .split('/')
    .reduce((node: Json, part) => node[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
};

/** Every property name a schema may hold, at any depth. */
const propertyNames = (schema: Json, seen = new Set<Json>()): Set<string> => {
  const names = new Set<string>();
  const walk = (s: Json) => {
    const node = resolve(s);
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    for (const [k, v] of Object.entries(node.properties ?? {})) {
      names.add(k);
      walk(v as Json);
    }
    for (const key of ['items', 'additionalProperties', 'not'] as const)
      if (node[key] && typeof node[key] === 'object') walk(node[key]);
    for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const)
      for (const sub of node[key] ?? []) walk(sub);
  };
  walk(schema);
  return names;
};

const operations = Object.values(doc.paths as Json).flatMap((ops) => Object.values(ops as Json)) as Json[];
const answerOf = (operationId: string): Set<string> => {
  const op = operations.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`no operation ${operationId}`);
  const ok = Object.entries(op.responses as Json).find(([status]) => status.startsWith('2'))?.[1] as Json;
  return propertyNames(ok?.content?.['application/json']?.schema ?? {});
};

const STAFF_ONLY = ['reviewNote', 'decisionNote', 'reviewedBy', 'hiddenBy'];
const STAFF_IDENTITY = ['reviewedBy', 'hiddenBy'];

describe('the document declares no staff field on a view that may not show it', () => {
  it.each([
    'listAmbassadors',
    'getAmbassador',
    'listLectures',
    'listUpcomingLectures',
    'listCommunities',
    'getCommunity',
    'listResources',
    'getLeaderboard',
    'listIdeas',
    'listComments',
    'addComment',
    'requestJoin',
    'listJoinRequests',
    'decideJoin',
    'getTeam',
    'listShowcase',
  ])('%s: no internal note, reviewer or hider', (operationId) => {
    const names = answerOf(operationId);
    expect(STAFF_ONLY.filter((f) => names.has(f))).toEqual([]);
  });

  it.each([
    'getMe',
    'exportMe',
    'listMyLectures',
    'listMyIdeas',
    'patchLecture',
    'reportScheduledLecture',
    'patchIdea',
    'withdrawIdea',
    'startProject',
    'completeProject',
  ])('%s (the caller’s own items): no staff identity', (operationId) => {
    const names = answerOf(operationId);
    expect(STAFF_IDENTITY.filter((f) => names.has(f))).toEqual([]);
  });
});

describe('the check sees staff fields where they belong', () => {
  it('the organizer’s lectures hold the note, staff views the reviewer and who hid a comment', () => {
    expect(answerOf('listMyLectures').has('reviewNote')).toBe(true);
    expect(answerOf('listMyIdeas').has('decisionNote')).toBe(true);
    expect(answerOf('lectureQueue').has('reviewedBy')).toBe(true);
    expect(answerOf('hideComment').has('hiddenBy')).toBe(true);
  });
});

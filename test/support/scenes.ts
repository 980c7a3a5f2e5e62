/**
 * People and scenes over HTTP, built with the same requests a client makes (./api.ts): a
 * signed-in member, an ambassador, an idea in a given state with its team, a reviewed lecture.
 * A step that sets a scene must succeed: it throws, naming the request, when it does not.
 */
import { governorates } from '#domain/regions.ts';
import { call, newAmbassador, type Res, token, uniqueSub } from './api.ts';
import {
  ideaDecision,
  joinDecision,
  lectureReview,
  validFeature,
  validIdea,
  validJoinRequest,
  validLecture,
} from './fixtures.ts';

export interface Person {
  id: string;
  token: string;
}

/** The body of an answer that must have this status; else it throws, showing the answer. */
export const ok = <T = any>(res: Res<T>, status = 200): T => {
  if (res.status !== status) throw new Error(`${res.status} ${res.text.slice(0, 300)}`);
  return res.body;
};

/**
 * A step of a scene, which must succeed: its answer's body. Retried while the database answers
 * 503 (a counter race between concurrent scenes), a few times.
 */
export const must = async (method: string, path: string, t?: string, body?: unknown): Promise<any> => {
  for (let attempt = 1; ; attempt++) {
    const res = await call(method, path, { token: t, ...(body === undefined ? {} : { body }) });
    if (res.status < 300) return res.body;
    if (res.status !== 503 || attempt >= 5)
      throw new Error(`setup ${method} ${path}: ${res.status} ${res.text.slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 50 * attempt));
  }
};

/**
 * The first item of a list (`path`, which may carry a query) that `match` accepts, read in pages
 * of 100 up to `maxPages`; undefined when none does.
 */
export const findInPages = async <T = any>(
  path: string,
  t: string | undefined,
  match: (item: T) => boolean,
  maxPages = Number.POSITIVE_INFINITY,
): Promise<T | undefined> => {
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const query = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const body = ok(await call('GET', `${path}${path.includes('?') ? '&' : '?'}${query}`, { token: t })) as {
      items: T[];
      nextCursor?: string | null;
    };
    const hit = body.items.find(match);
    if (hit !== undefined) return hit;
    cursor = body.nextCursor ?? null;
    if (!cursor) return undefined;
  }
  return undefined;
};

/** Signed in with a fresh id, not registered (a member, or staff with `groups: ['staff']`). */
export const newMember = async (label = 'member', groups: string[] = []): Promise<Person> => {
  const id = uniqueSub(label);
  return { id, token: await token(id, { groups }) };
};

/** A random governorate and wilayat, so scenes spread over many communities' counters. */
export const randomPlace = () => {
  const g = governorates[Math.floor(Math.random() * governorates.length)]!;
  const w = g.wilayats[Math.floor(Math.random() * g.wilayats.length)]!;
  return { governorate: g.id, wilayat: w.id };
};

/** A registered ambassador somewhere random, with their email. */
export const ambassadorAnywhere = async (overrides: Record<string, unknown> = {}) => {
  const a = await newAmbassador({ ...randomPlace(), ...overrides });
  return { id: a.id, token: a.token, email: `${a.id}@example.om` };
};

// ---------------------------------------------------------------------------------------------
// Lectures

export type LectureState = 'reported' | 'verified' | 'rejected';

/** A lecture of `organizer`, reviewed by `staff` into `state`. */
export const lectureIn = async (
  state: LectureState,
  organizer: string,
  staff: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; title: string }> => {
  const l = await must('POST', '/lectures', organizer, validLecture(overrides));
  const review = (body: unknown) => must('POST', `/staff/lectures/${l.id}/review`, staff, body);
  if (state === 'verified') await review(lectureReview.verify());
  if (state === 'rejected') await review(lectureReview.reject());
  return l;
};

// ---------------------------------------------------------------------------------------------
// Ideas and teams

export type IdeaState =
  | 'submitted'
  | 'changes_requested'
  | 'rejected'
  | 'approved'
  | 'in_progress'
  | 'featured'
  | 'withdrawn';

/** `who` asks to join and the leader accepts: `who` is on the team. */
export const joinTeam = async (
  ideaId: string,
  leader: Person,
  who: Person,
  request: Record<string, unknown> = validJoinRequest(),
) => {
  await must('POST', `/ideas/${ideaId}/join-requests`, who.token, request);
  return must(
    'POST',
    `/ideas/${ideaId}/join-requests/${who.id}/decision`,
    leader.token,
    joinDecision.accept(),
  );
};

/** An idea submitted by `author` and approved by `staff`: the author leads a team of one. */
export const approvedIdea = async (
  author: string,
  staff: string,
  overrides: Record<string, unknown> = {},
) => {
  const i = await must('POST', '/ideas', author, validIdea(overrides));
  return must('POST', `/staff/ideas/${i.id}/decision`, staff, ideaDecision.approve());
};

/**
 * An idea of `author` in `state`. From `approved` on, the team is the author (leader) and
 * `teammate`; `withdrawn` is withdrawn after its team formed.
 */
export const ideaIn = async (
  state: IdeaState,
  people: { author: Person; teammate: Person; staff: string },
  overrides: Record<string, unknown> = {},
  headlines: Record<string, unknown> = validFeature(),
): Promise<{ id: string; title: string }> => {
  const { author, teammate, staff } = people;
  const i = await must('POST', '/ideas', author.token, validIdea(overrides));
  const decide = (body: unknown) => must('POST', `/staff/ideas/${i.id}/decision`, staff, body);
  if (state === 'submitted') return i;
  if (state === 'changes_requested') {
    await decide(ideaDecision.requestChanges());
    return i;
  }
  if (state === 'rejected') {
    await decide(ideaDecision.reject());
    return i;
  }
  await decide(ideaDecision.approve());
  await joinTeam(i.id, author, teammate);
  if (state === 'withdrawn') await must('POST', `/ideas/${i.id}/withdraw`, author.token);
  if (state === 'in_progress' || state === 'featured')
    await must('POST', `/ideas/${i.id}/start`, author.token);
  if (state === 'featured') await must('POST', `/staff/ideas/${i.id}/feature`, staff, headlines);
  return i;
};

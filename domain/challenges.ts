/**
 * Challenges (docs/api-contract.md §14): a partner asks ambassadors for ideas on a question.
 *
 *   upcoming ──(start of opensOn)──▶ open ──(end of closesOn, or close)──▶ closed
 *   upcoming ──close──▶ closed;   open | closed ──award (once)──▶ awarded
 *
 * The status is derived, never stored alone: a stored `state` says whether the challenge was
 * closed early or awarded; otherwise its dates decide, in Oman time. A challenge is open from
 * the start of `opensOn` (00:00 in Muscat, 20:00 UTC the day before) to the end of `closesOn`
 * (24:00 in Muscat): both days are included, as for seasons. So a state that follows from the
 * clock shows in every read, with no job to run.
 *
 * Decisions of this module, where the contract is silent:
 * - `missions` uses the idea's vocabulary and bounds (1–3 of awareness, research, engagement):
 *   the missions the partner wants answering ideas to serve.
 * - A challenge lasts at most `MAX_CHALLENGE_DAYS` (both ends counted) and opens at most
 *   `MAX_LEAD_DAYS` ahead; it may not be created or edited to be already over.
 * - Closing is allowed while upcoming (the partner calls it off) or open. An edit keeps an open
 *   challenge open: it may not move `opensOn` into the future, since ideas already answer it.
 * - Shortlisting and awarding take a public idea answering this challenge: an idea the caller
 *   may not see is 404, one answering another challenge (or none) is 400 on `ideaId`.
 * - Authorization comes before the state: another partner's representative gets 403 whatever
 *   the challenge's state.
 */
import * as z from 'zod/mini';
import { DomainError } from './errors.ts';
import { type IdeaStatus, ideaStatuses, isPublic, missions } from './ideas.ts';
import { interestIds } from './interests.ts';
import type { Language } from './notifications.ts';
import { assertMayActForPartner, type PartnerCaller } from './partners.ts';
import { governorateId, idParam, isoDate, multiLine, paging, singleLine, uniqueList } from './schema-kit.ts';
import { daysBetween, muscatDate } from './time.ts';

export const challengeStatuses = ['upcoming', 'open', 'closed', 'awarded'] as const;
export type ChallengeStatus = (typeof challengeStatuses)[number];

/** What is stored: `scheduled` lets the dates decide; `closed` and `awarded` are final steps. */
export type ChallengeState = 'scheduled' | 'closed' | 'awarded';

/** The longest challenge, both ends counted: a leap year. */
export const MAX_CHALLENGE_DAYS = 366;
/** How far ahead of today (in Oman) a challenge may open. */
export const MAX_LEAD_DAYS = 366;

const DATE_RULE =
  `Calendar dates in Oman; open from the start of \`opensOn\` to the end of \`closesOn\`, both included, ` +
  `at most ${MAX_CHALLENGE_DAYS} days. \`opensOn\` may be in the past (open at once) and at most ` +
  `${MAX_LEAD_DAYS} days ahead; \`closesOn\` may not be in the past.`;

const fields = {
  partnerId: idParam(),
  titleAr: singleLine(5, 120),
  titleEn: singleLine(5, 120),
  brief: multiLine(1, 4000),
  governorate: z.optional(governorateId()),
  tags: uniqueList(z.enum(interestIds), 1, 5),
  missions: uniqueList(z.enum(missions), 1, 3),
  opensOn: isoDate(),
  closesOn: isoDate(),
};

const spanOk = (opensOn: string, closesOn: string) =>
  closesOn < opensOn || daysBetween(opensOn, closesOn) + 1 <= MAX_CHALLENGE_DAYS;

/** The order and span of the two dates, on an object that may carry both. */
const datesChecks = <T extends { opensOn?: string | undefined; closesOn?: string | undefined }>() => [
  z.refine<T>((c) => !c.opensOn || !c.closesOn || c.closesOn >= c.opensOn, {
    message: 'Must not be before opensOn',
    path: ['closesOn'],
  }),
  z.refine<T>((c) => !c.opensOn || !c.closesOn || spanOk(c.opensOn, c.closesOn), {
    message: `A challenge lasts at most ${MAX_CHALLENGE_DAYS} days`,
    path: ['closesOn'],
  }),
];

/** `POST /challenges`. */
export const challengeInputSchema = z.strictObject(fields).check(...datesChecks(), z.describe(DATE_RULE));
export type ChallengeInput = z.infer<typeof challengeInputSchema>;

const AT_LEAST_ONE = 'Send at least one field to change';

/** `PATCH /challenges/{id}`: any field but the partner; `null` clears `governorate`. */
export const challengePatchSchema = z
  .strictObject({
    titleAr: z.optional(fields.titleAr),
    titleEn: z.optional(fields.titleEn),
    brief: z.optional(fields.brief),
    governorate: z.optional(z.nullable(governorateId())),
    tags: z.optional(fields.tags),
    missions: z.optional(fields.missions),
    opensOn: z.optional(fields.opensOn),
    closesOn: z.optional(fields.closesOn),
  })
  .check(
    z.refine((o) => Object.values(o).some((v) => v !== undefined), AT_LEAST_ONE),
    ...datesChecks(),
    z.describe(`${AT_LEAST_ONE}. While upcoming or open. ${DATE_RULE} An open challenge stays open.`),
  );
export type ChallengePatch = z.infer<typeof challengePatchSchema>;

export const challengeIdParams = z.strictObject({ id: idParam() });

/** `GET /challenges` (public). */
export const challengeListQuerySchema = z.strictObject({
  status: z.optional(z.enum(challengeStatuses)),
  partner: z.optional(idParam()),
  governorate: z.optional(governorateId()),
  tag: z.optional(z.enum(interestIds)),
  ...paging,
});
export type ChallengeListQuery = z.infer<typeof challengeListQuerySchema>;

/** `POST /challenges/{id}/shortlist`. */
export const shortlistSchema = z.strictObject({ ideaId: idParam() });
/** `POST /challenges/{id}/award`. */
export const awardSchema = z.strictObject({ ideaId: idParam(), note: multiLine(1, 2000) });
export type AwardInput = z.infer<typeof awardSchema>;

export interface Challenge extends Omit<ChallengeInput, 'governorate'> {
  id: string;
  governorate?: string | undefined;
  state: ChallengeState;
  /** Ideas shortlisted, in the order they were. */
  shortlist: string[];
  closedAt?: string | undefined;
  /** Who closed it early: staff and its representatives only. */
  closedBy?: string | undefined;
  award?: { ideaId: string; note: string; at: string; by: string } | undefined;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The status at `now`: the stored state once closed or awarded, else the Oman dates. */
export const challengeStatus = (
  c: Pick<Challenge, 'state' | 'opensOn' | 'closesOn'>,
  now: Date,
): ChallengeStatus => {
  if (c.state === 'awarded') return 'awarded';
  if (c.state === 'closed') return 'closed';
  const today = muscatDate(now);
  if (today < c.opensOn) return 'upcoming';
  return today > c.closesOn ? 'closed' : 'open';
};

const invalid = (path: string, message: string) =>
  new DomainError('validation_failed', message, [{ path, message }]);

/** The rules of dates that need today: not over already, not opening too far ahead. */
const assertDates = (opensOn: string, closesOn: string, now: Date): void => {
  const today = muscatDate(now);
  if (closesOn < today) throw invalid('closesOn', 'Must not be in the past (Oman time)');
  if (daysBetween(today, opensOn) > MAX_LEAD_DAYS)
    throw invalid('opensOn', `Must be at most ${MAX_LEAD_DAYS} days ahead`);
};

export const newChallenge = (input: ChallengeInput, createdBy: string, id: string, now: Date): Challenge => {
  assertDates(input.opensOn, input.closesOn, now);
  const at = now.toISOString();
  return {
    ...input,
    id,
    state: 'scheduled',
    shortlist: [],
    createdBy,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
};

const describeStatus = (s: ChallengeStatus) => `a challenge that is ${s}`;

/** An edit while upcoming or open; the challenge after it follows the rules of creating. */
export const editChallenge = (current: Challenge, patch: ChallengePatch, now: Date): Challenge => {
  const status = challengeStatus(current, now);
  if (status !== 'upcoming' && status !== 'open')
    throw new DomainError('invalid_transition', `Cannot edit ${describeStatus(status)}`);
  const next: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete next[k];
    else if (v !== undefined) next[k] = v;
  }
  const c = next as unknown as Challenge;
  if (c.closesOn < c.opensOn) throw invalid('closesOn', 'Must not be before opensOn');
  if (!spanOk(c.opensOn, c.closesOn))
    throw invalid('closesOn', `A challenge lasts at most ${MAX_CHALLENGE_DAYS} days`);
  assertDates(c.opensOn, c.closesOn, now);
  if (status === 'open' && c.opensOn > muscatDate(now))
    throw invalid('opensOn', 'An open challenge stays open: must not be after today (Oman time)');
  return { ...c, updatedAt: now.toISOString(), version: current.version + 1 };
};

/** The caller who acts for the challenge's partner: staff or one of its representatives. */
export type ChallengeCaller = PartnerCaller & { id: string };

/** `POST /challenges/{id}/close`: while upcoming or open. */
export const closeChallenge = (current: Challenge, caller: ChallengeCaller, now: Date): Challenge => {
  assertMayActForPartner(caller, current.partnerId);
  const status = challengeStatus(current, now);
  if (status !== 'upcoming' && status !== 'open')
    throw new DomainError('invalid_transition', `Cannot close ${describeStatus(status)}`);
  const at = now.toISOString();
  return {
    ...current,
    state: 'closed',
    closedAt: at,
    closedBy: caller.id,
    updatedAt: at,
    version: current.version + 1,
  };
};

/** `challengeId` on `POST /ideas`: only an open challenge takes answers. */
export const assertAnswerable = (c: Challenge, now: Date): void => {
  const status = challengeStatus(c, now);
  if (status !== 'open')
    throw new DomainError('invalid_transition', `Cannot answer ${describeStatus(status)}`);
};

/** What shortlisting and awarding need to know of the idea named. */
export interface AnsweringIdea {
  id: string;
  status: IdeaStatus;
  challengeId?: string | undefined;
}

const assertAnswers = (c: Challenge, idea: AnsweringIdea): void => {
  if (!isPublic(idea.status)) throw new DomainError('not_found', 'No such idea');
  if (idea.challengeId !== c.id) throw invalid('ideaId', 'This idea does not answer this challenge');
};

const assertOpenOrClosed = (c: Challenge, now: Date, action: string): void => {
  const status = challengeStatus(c, now);
  if (status !== 'open' && status !== 'closed')
    throw new DomainError('invalid_transition', `Cannot ${action} on ${describeStatus(status)}`);
};

/**
 * `POST /challenges/{id}/shortlist`: while open or closed. Shortlisting an idea already on the
 * list returns `current` itself (same version): nothing to write.
 */
export const shortlistIdea = (
  current: Challenge,
  caller: ChallengeCaller,
  idea: AnsweringIdea,
  now: Date,
): Challenge => {
  assertMayActForPartner(caller, current.partnerId);
  assertOpenOrClosed(current, now, 'shortlist');
  assertAnswers(current, idea);
  if (current.shortlist.includes(idea.id)) return current;
  return {
    ...current,
    shortlist: [...current.shortlist, idea.id],
    updatedAt: now.toISOString(),
    version: current.version + 1,
  };
};

/** `POST /challenges/{id}/award`: once, while open or closed; the challenge becomes awarded. */
export const awardChallenge = (
  current: Challenge,
  caller: ChallengeCaller,
  input: AwardInput,
  idea: AnsweringIdea,
  now: Date,
): Challenge => {
  assertMayActForPartner(caller, current.partnerId);
  assertOpenOrClosed(current, now, 'award');
  assertAnswers(current, idea);
  const at = now.toISOString();
  return {
    ...current,
    state: 'awarded',
    award: { ideaId: idea.id, note: input.note, at, by: caller.id },
    updatedAt: at,
    version: current.version + 1,
  };
};

/** `GET /challenges/{id}`'s `ideas`: how many answering ideas are in each status, and in all. */
export type ChallengeIdeaCounts = Record<IdeaStatus, number> & { total: number };

export const challengeIdeaCounts = (counts: Partial<Record<IdeaStatus, number>>): ChallengeIdeaCounts => {
  const out = Object.fromEntries(ideaStatuses.map((s) => [s, counts[s] ?? 0])) as Record<IdeaStatus, number>;
  return { ...out, total: ideaStatuses.reduce((n, s) => n + out[s], 0) };
};

export type PublicChallenge = Omit<Challenge, 'closedBy' | 'createdBy' | 'award'> & {
  status: ChallengeStatus;
  award?: { ideaId: string; note: string; at: string } | undefined;
};

/** What everyone reads: the status at `now`, no staff or representative ids. */
export const publicChallenge = (c: Challenge, now: Date): PublicChallenge => {
  const { closedBy: _c, createdBy: _b, award, ...rest } = c;
  return {
    ...rest,
    status: challengeStatus(c, now),
    ...(award ? { award: { ideaId: award.ideaId, note: award.note, at: award.at } } : {}),
  };
};

/**
 * The one `title` of a challenge where a list shows one (a partner page's engagements): the
 * title in the reader's language (`Accept-Language`, English by default).
 */
export const challengeTitle = (c: Pick<Challenge, 'titleAr' | 'titleEn'>, language: Language): string =>
  language === 'ar' ? c.titleAr : c.titleEn;

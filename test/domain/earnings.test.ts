/**
 * What a change earns (docs/api-contract.md §13), the pure part: which entries an idea's
 * transition writes and takes back, a verified lecture's and a shared resource's entry.
 */
import { describe, expect, it } from 'vitest';
import {
  earningsNeedTeam,
  ideaEarnings,
  lectureVerifiedEarning,
  resourceSharedEarning,
} from '#domain/earnings.ts';
import type { Idea, IdeaStatus } from '#domain/ideas.ts';
import { entryId, ledgerTotal } from '#domain/points.ts';
import type { Membership } from '#domain/teams.ts';

const AT = '2026-11-20T08:00:00.000Z';
const idea = (status: IdeaStatus, extra: Partial<Idea> = {}): Idea =>
  ({
    id: 'idea-1',
    authorId: 'author',
    status,
    title: 'ري ذكي',
    summary: 'x'.repeat(20),
    city: 'nizwa',
    tags: ['water'],
    missions: ['research'],
    teamSize: 5,
    memberCount: 3,
    submittedAt: AT,
    createdAt: AT,
    updatedAt: AT,
    version: 1,
    ...extra,
  }) as Idea;
const member = (ambassadorId: string, leader = false): Membership => ({
  ideaId: 'idea-1',
  ambassadorId,
  leader,
  joinedAt: AT,
});
const TEAM = [member('author', true), member('m1'), member('m2')];
const FEATURED = { headlineAr: 'مشروع', headlineEn: 'Project', featuredAt: AT };
const byRecipient = (earn: { recipient: string; entry: { points: number } }[]) =>
  Object.fromEntries(earn.map((e) => [e.recipient, e.entry.points]));

describe('idea transitions', () => {
  it('approval: 20 to the author, no team needed', () => {
    const { earn, reverse } = ideaEarnings(idea('submitted'), idea('approved'), [], AT);
    expect(earn).toHaveLength(1);
    expect(earn[0]).toMatchObject({
      recipient: 'author',
      entry: { points: 20, reason: 'idea_approved', source: { type: 'idea', id: 'idea-1' }, at: AT },
    });
    expect(reverse).toEqual([]);
    expect(earningsNeedTeam(idea('submitted'), idea('approved'))).toBe(false);
  });

  it('start and completion: the leader’s share to the leader, the member’s to each member', () => {
    const started = ideaEarnings(idea('approved'), idea('in_progress'), TEAM, AT);
    expect(byRecipient(started.earn)).toEqual({ author: 30, m1: 10, m2: 10 });
    expect(started.earn.every((e) => e.entry.reason === 'project_started')).toBe(true);
    const completed = ideaEarnings(idea('in_progress'), idea('completed'), TEAM, AT);
    expect(byRecipient(completed.earn)).toEqual({ author: 50, m1: 20, m2: 20 });
    // After a hand-over the leader is whoever leads now.
    const handed = [member('author'), member('m1', true)];
    expect(byRecipient(ideaEarnings(idea('approved'), idea('in_progress'), handed, AT).earn)).toEqual({
      author: 10,
      m1: 30,
    });
    expect(earningsNeedTeam(idea('approved'), idea('in_progress'))).toBe(true);
  });

  it('featuring: 20 to each member; unfeaturing takes nothing back; an edit earns nothing', () => {
    const f = ideaEarnings(idea('in_progress'), idea('in_progress', { featured: FEATURED }), TEAM, AT);
    expect(byRecipient(f.earn)).toEqual({ author: 20, m1: 20, m2: 20 });
    const u = ideaEarnings(idea('in_progress', { featured: FEATURED }), idea('in_progress'), TEAM, AT);
    expect(u).toEqual({ earn: [], reverse: [] });
    expect(ideaEarnings(idea('submitted'), idea('submitted'), [], AT)).toEqual({ earn: [], reverse: [] });
    // Featuring again gives the same ids: the store writes only the ones never written.
    const again = ideaEarnings(idea('completed'), idea('completed', { featured: FEATURED }), TEAM, AT);
    expect(again.earn.map((e) => e.entry.id)).toEqual(f.earn.map((e) => e.entry.id));
  });

  it('withdrawal of an approved or in-progress idea takes back the approval and the start', () => {
    const w = ideaEarnings(idea('approved'), idea('withdrawn'), [member('author', true)], AT);
    expect(w.earn).toEqual([]);
    expect(w.reverse).toEqual([
      {
        recipient: 'author',
        id: entryId({ reason: 'idea_approved', source: { type: 'idea', id: 'idea-1' }, recipient: 'author' }),
      },
    ]);
    // Started, then withdrawn by an erasure (its leader alone): the start's entries too.
    const started = ideaEarnings(idea('in_progress'), idea('withdrawn'), TEAM, AT).reverse;
    expect(started).toHaveLength(4);
    expect(started[3]).toEqual({
      recipient: 'm2',
      id: entryId({ reason: 'project_started', source: { type: 'idea', id: 'idea-1' }, recipient: 'm2' }),
    });
    expect(earningsNeedTeam(idea('approved'), idea('withdrawn'))).toBe(false);
    // From review, nothing was earned.
    expect(ideaEarnings(idea('submitted'), idea('withdrawn'), [], AT).reverse).toEqual([]);
    expect(earningsNeedTeam(idea('submitted'), idea('withdrawn'))).toBe(false);
  });

  it('a whole project’s entries add up as the rules say', () => {
    const all = [
      ...ideaEarnings(idea('submitted'), idea('approved'), [], AT).earn,
      ...ideaEarnings(idea('approved'), idea('in_progress'), TEAM, AT).earn,
      ...ideaEarnings(idea('in_progress'), idea('completed'), TEAM, AT).earn,
    ];
    const of = (who: string) =>
      ledgerTotal(
        all.filter((e) => e.recipient === who).map((e) => e.entry),
        'all',
      );
    expect([of('author'), of('m1')]).toEqual([20 + 30 + 50, 10 + 20]);
    expect(new Set(all.map((e) => `${e.recipient}|${e.entry.id}`)).size).toBe(all.length);
  });
});

describe('lectures and resources', () => {
  it('a verified lecture: lectureVerifiedPoints at the review time, 0 check-ins by default', () => {
    const e = lectureVerifiedEarning({
      id: 'l1',
      organizerId: 'o',
      verifiedAttendees: 42,
      reviewedAt: AT,
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(e).toMatchObject({
      recipient: 'o',
      entry: { points: 10 + 8, reason: 'lecture_verified', at: AT, source: { type: 'lecture', id: 'l1' } },
    });
    const checked = lectureVerifiedEarning({
      id: 'l1',
      organizerId: 'o',
      verifiedAttendees: 42,
      checkedIn: 30,
      updatedAt: AT,
    });
    expect(checked.entry.points).toBe(10 + 30 + 2);
  });

  it('a shared resource: 2 to its author', () => {
    expect(resourceSharedEarning({ id: 'r1', authorId: 'a', createdAt: AT })).toMatchObject({
      recipient: 'a',
      entry: { points: 2, reason: 'resource_shared', source: { type: 'resource', id: 'r1' } },
    });
  });
});

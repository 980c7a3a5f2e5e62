/**
 * Support requests (docs/api-contract.md §14): what a project's leader asks, the staff's
 * decisions, the queue's waiting time, and who sees them.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '#domain/errors.ts';
import {
  canSeeSupportRequests,
  decideSupportRequest,
  newSupportRequest,
  type SupportRequest,
  supportDecisionSchema,
  supportKinds,
  supportQueueQuerySchema,
  supportQueueStatuses,
  supportRequestSchema,
  supportRequestView,
  supportStatuses,
  waitingSeconds,
} from '#domain/support.ts';

type SafeParse = { success: boolean; error?: { issues: { path: PropertyKey[] }[] } | undefined };
const paths = (r: SafeParse) => (r.error?.issues ?? []).map((i) => i.path.map(String).join('.'));
const ok = (r: SafeParse) => expect(r.error?.issues ?? []).toEqual([]);
const badAt = (r: SafeParse, path: string) => {
  expect(r.success).toBe(false);
  expect(paths(r)).toContain(path);
};
const errorOf = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a DomainError');
};
const codeOf = (fn: () => unknown) => errorOf(fn).code;

const NOW = new Date('2026-12-02T10:00:00.000Z');
const LATER = new Date('2026-12-02T11:30:00.000Z');
const project = { id: 'idea-1', status: 'in_progress' as const, leaderId: 'lead-1' };
const input = { kind: 'mentoring' as const, details: 'We need a data engineer.\nنحتاج مهندس بيانات.' };

const open = (): SupportRequest => newSupportRequest(input, project, 'lead-1', 'sr-1', NOW);

describe('the request', () => {
  it('six kinds; details up to 2000 characters with line breaks', () => {
    expect(supportKinds).toEqual(['mentoring', 'venue', 'funding', 'data', 'promotion', 'technical']);
    for (const kind of supportKinds) ok(supportRequestSchema.safeParse({ ...input, kind }));
    badAt(supportRequestSchema.safeParse({ ...input, kind: 'legal' }), 'kind');
    ok(supportRequestSchema.safeParse({ ...input, details: 'd'.repeat(2000) }));
    badAt(supportRequestSchema.safeParse({ ...input, details: 'd'.repeat(2001) }), 'details');
    badAt(supportRequestSchema.safeParse({ ...input, details: '   ' }), 'details');
  });

  it('refuses control and bidi characters, and unknown fields', () => {
    badAt(supportRequestSchema.safeParse({ ...input, details: 'نحتاج\u202Eمكان' }), 'details');
    badAt(supportRequestSchema.safeParse({ ...input, details: 'a\u0000b' }), 'details');
    expect(supportRequestSchema.safeParse({ ...input, status: 'fulfilled' }).success).toBe(false);
  });

  it('the project’s leader asks, on a project only; it starts open', () => {
    const r = open();
    expect(r).toMatchObject({
      id: 'sr-1',
      ideaId: 'idea-1',
      requesterId: 'lead-1',
      status: 'open',
      createdAt: NOW.toISOString(),
      version: 1,
    });
    for (const status of ['approved', 'completed'] as const)
      newSupportRequest(input, { ...project, status }, 'lead-1', 'sr-2', NOW);
    expect(codeOf(() => newSupportRequest(input, project, 'member-1', 'sr-2', NOW))).toBe('forbidden');
    for (const status of ['submitted', 'changes_requested', 'rejected', 'withdrawn'] as const)
      expect(codeOf(() => newSupportRequest(input, { ...project, status }, 'lead-1', 'sr-2', NOW))).toBe(
        'invalid_transition',
      );
  });
});

describe('staff decisions', () => {
  it('open → in_progress → fulfilled', () => {
    const a = decideSupportRequest(open(), { status: 'in_progress' }, 'staff-1', LATER);
    expect(a).toMatchObject({ status: 'in_progress', version: 2, updatedAt: LATER.toISOString() });
    const b = decideSupportRequest(
      a,
      { status: 'fulfilled', note: 'Mentor found', partnerId: 'p-1' },
      'staff-2',
      LATER,
    );
    expect(b).toMatchObject({
      status: 'fulfilled',
      note: 'Mentor found',
      partnerId: 'p-1',
      decidedBy: 'staff-2',
    });
    expect(b.decidedAt).toBe(LATER.toISOString());
  });

  it('straight from open to fulfilled or declined; in_progress to declined', () => {
    expect(decideSupportRequest(open(), { status: 'fulfilled' }, 's', LATER).status).toBe('fulfilled');
    expect(
      decideSupportRequest(open(), { status: 'declined', note: 'Out of scope' }, 's', LATER).status,
    ).toBe('declined');
    const a = decideSupportRequest(open(), { status: 'in_progress' }, 's', LATER);
    expect(decideSupportRequest(a, { status: 'declined', note: 'No budget' }, 's', LATER).status).toBe(
      'declined',
    );
  });

  it('a decided request stays decided; in_progress twice is invalid_transition', () => {
    const f = decideSupportRequest(open(), { status: 'fulfilled' }, 's', LATER);
    for (const status of ['in_progress', 'fulfilled', 'declined'] as const)
      expect(codeOf(() => decideSupportRequest(f, { status, note: 'n' }, 's', LATER))).toBe(
        'invalid_transition',
      );
    const a = decideSupportRequest(open(), { status: 'in_progress' }, 's', LATER);
    expect(codeOf(() => decideSupportRequest(a, { status: 'in_progress' }, 's', LATER))).toBe(
      'invalid_transition',
    );
  });

  it('declining needs a note', () => {
    const e = errorOf(() => decideSupportRequest(open(), { status: 'declined' }, 's', LATER));
    expect(e.code).toBe('validation_failed');
    expect(e.fieldErrors?.[0]?.path).toBe('note');
  });

  it('the decision body', () => {
    ok(supportDecisionSchema.safeParse({ status: 'in_progress' }));
    ok(
      supportDecisionSchema.safeParse({
        status: 'declined',
        note: 'No',
        publicNote: 'Not now',
        partnerId: 'p-1',
      }),
    );
    badAt(supportDecisionSchema.safeParse({ status: 'open' }), 'status');
    badAt(supportDecisionSchema.safeParse({ status: 'declined', note: 'x\u202Ey' }), 'note');
    badAt(supportDecisionSchema.safeParse({ status: 'fulfilled', partnerId: 'p#1' }), 'partnerId');
    expect(supportDecisionSchema.safeParse({ status: 'fulfilled', by: 'me' }).success).toBe(false);
    expect(supportStatuses).toEqual(['open', 'in_progress', 'fulfilled', 'declined']);
  });
});

describe('waiting time', () => {
  it('whole seconds since it was asked while waiting, frozen once decided', () => {
    expect(waitingSeconds(open(), LATER)).toBe(5400);
    expect(waitingSeconds(open(), new Date(NOW.getTime() + 1999))).toBe(1);
    expect(waitingSeconds(open(), new Date(NOW.getTime() - 5000))).toBe(0);
    const a = decideSupportRequest(open(), { status: 'in_progress' }, 's', LATER);
    expect(waitingSeconds(a, new Date('2026-12-03T10:00:00.000Z'))).toBe(86_400);
    const f = decideSupportRequest(a, { status: 'fulfilled' }, 's', LATER);
    expect(waitingSeconds(f, new Date('2026-12-09T10:00:00.000Z'))).toBe(5400);
  });
});

describe('the staff queue', () => {
  it('open and in_progress by default; one status when asked; pages', () => {
    expect(supportQueueStatuses(supportQueueQuerySchema.parse({}))).toEqual(['open', 'in_progress']);
    expect(supportQueueStatuses(supportQueueQuerySchema.parse({ status: 'declined' }))).toEqual(['declined']);
    ok(supportQueueQuerySchema.safeParse({ status: 'fulfilled', limit: '100', cursor: 'c' }));
    badAt(supportQueueQuerySchema.safeParse({ status: 'closed' }), 'status');
    expect(supportQueueQuerySchema.safeParse({ kind: 'data' }).success).toBe(false);
  });
});

describe('who sees them', () => {
  const team = { leaderId: 'lead-1', memberIds: ['lead-1', 'm-1'] };

  it('the team (leader and members) and staff', () => {
    expect(canSeeSupportRequests({ id: 'lead-1', staff: false }, team)).toBe(true);
    expect(canSeeSupportRequests({ id: 'm-1', staff: false }, team)).toBe(true);
    expect(canSeeSupportRequests({ id: 'x', staff: true }, team)).toBe(true);
    expect(canSeeSupportRequests({ id: 'x', staff: false }, team)).toBe(false);
    expect(canSeeSupportRequests(undefined, team)).toBe(false);
    // The leader counts even where the member list leaves them out.
    expect(canSeeSupportRequests({ id: 'lead-1', staff: false }, { leaderId: 'lead-1', memberIds: [] })).toBe(
      true,
    );
  });

  it('the team does not see which staff member decided', () => {
    const f = decideSupportRequest(open(), { status: 'fulfilled', note: 'n' }, 'staff-1', LATER);
    expect('decidedBy' in supportRequestView(f, { id: 'm-1', staff: false })).toBe(false);
    expect(supportRequestView(f, { id: 's', staff: true })).toMatchObject({ decidedBy: 'staff-1' });
    expect(supportRequestView(f, { id: 'm-1', staff: false }).note).toBe('n');
  });
});

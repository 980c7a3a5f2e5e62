/**
 * Staff notes (docs/api-contract.md §10): a review or decision takes `note` (the organizer or
 * author and staff only) and `publicNote` (everyone who can see the item). No public or
 * member view shows a reviewer id, an internal note or who hid a comment; the caller's
 * export shows the decisions about their items with their note, not staff identities.
 * Each view is checked for exactly which of those fields it carries.
 */
import { describe, expect, it } from 'vitest';
import { call, newAmbassador, newLecture, staffToken, token, uniqueSub } from '#support/api.ts';
import { validIdea } from '#support/fixtures.ts';

const NOTE = 'Internal: the photos were thin, verified on the second call';
const PUBLIC_NOTE = 'Verified with the school';
/** The staff-only and owner-only fields, and the public one, that a view carries. */
const noteFields = (item: Record<string, unknown>) =>
  ['reviewNote', 'reviewedBy', 'decisionNote', 'hiddenBy', 'publicNote'].filter((k) => k in item);

const get = async (path: string, t?: string) => {
  const r = await call('GET', path, { token: t });
  expect(r.status, `GET ${path}`).toBe(200);
  return r.body;
};
const find = (items: Record<string, any>[], id: string): Record<string, any> => {
  const found = items.find((i) => i.id === id);
  expect(found, `item ${id}`).toBeDefined();
  return found as Record<string, any>;
};

describe('staff notes (§10)', () => {
  it('a verified lecture: publicNote for all, the note for its organizer and staff, the reviewer for staff', async () => {
    const [organizer, reader] = await Promise.all([newAmbassador(), newAmbassador()]);
    const staff = await staffToken();
    const l = await newLecture(organizer.token);
    const review = await call('POST', `/staff/lectures/${l.id}/review`, {
      token: staff,
      body: { decision: 'verify', note: NOTE, publicNote: PUBLIC_NOTE },
    });
    expect(review.status).toBe(200);
    expect(review.body).toMatchObject({ reviewNote: NOTE, publicNote: PUBLIC_NOTE });
    expect(noteFields(review.body)).toEqual(['reviewNote', 'reviewedBy', 'publicNote']);

    const publicViews = {
      'community page (no token)': find((await get(`/communities/${l.community}`)).recentLectures, l.id),
      'lecture, another ambassador': await get(`/lectures/${l.id}`, reader.token),
      'lecture list, another ambassador': find(
        (await get(`/lectures?organizer=${organizer.id}`, reader.token)).items,
        l.id,
      ),
    };
    for (const [view, item] of Object.entries(publicViews)) {
      expect(noteFields(item), view).toEqual(['publicNote']);
      expect(item.publicNote, view).toBe(PUBLIC_NOTE);
    }
    const ownViews = {
      'lecture, its organizer': await get(`/lectures/${l.id}`, organizer.token),
      'own lectures': find((await get('/ambassadors/me/lectures', organizer.token)).items, l.id),
      export: find((await get('/ambassadors/me/export', organizer.token)).lectures, l.id),
    };
    for (const [view, item] of Object.entries(ownViews)) {
      expect(noteFields(item), view).toEqual(['reviewNote', 'publicNote']);
      expect(item.reviewNote, view).toBe(NOTE);
    }
    const staffView = await get(`/lectures/${l.id}`, staff);
    expect(noteFields(staffView)).toEqual(['reviewNote', 'reviewedBy', 'publicNote']);
  });

  it('a rejected lecture: its organizer sees both notes, nobody else sees it', async () => {
    const [organizer, reader] = await Promise.all([newAmbassador(), newAmbassador()]);
    const staff = await staffToken();
    const l = await newLecture(organizer.token);
    const review = await call('POST', `/staff/lectures/${l.id}/review`, {
      token: staff,
      body: { decision: 'reject', note: NOTE, publicNote: 'Not an awareness lecture' },
    });
    expect(review.status).toBe(200);
    expect(noteFields(await get(`/lectures/${l.id}`, organizer.token))).toEqual(['reviewNote', 'publicNote']);
    expect((await call('GET', `/lectures/${l.id}`, { token: reader.token })).status).toBe(404);
  });

  it('publicNote is at most 500 characters', async () => {
    const organizer = await newAmbassador();
    const staff = await staffToken();
    const l = await newLecture(organizer.token);
    const long = await call('POST', `/staff/lectures/${l.id}/review`, {
      token: staff,
      body: { decision: 'verify', publicNote: 'x'.repeat(501) },
    });
    expect(long.status).toBe(400);
    expect(long.body.errors.map((e: { path: string }) => e.path)).toEqual(['publicNote']);
    const longest = await call('POST', `/staff/lectures/${l.id}/review`, {
      token: staff,
      body: { decision: 'verify', publicNote: 'x'.repeat(500) },
    });
    expect(longest.status).toBe(200);
    expect(longest.body.publicNote).toHaveLength(500);
  });

  it('an idea decision: publicNote for all, the note for its author and staff only', async () => {
    const [author, reader] = await Promise.all([newAmbassador(), newAmbassador()]);
    const staff = await staffToken();
    const idea = await call('POST', '/ideas', {
      token: author.token,
      body: validIdea({
        title: 'Public notes for public ideas',
        summary: 'An idea whose decision carries an internal note and a public one.',
        city: 'nizwa',
        tags: ['water'],
        missions: ['research'],
        teamSize: 3,
      }),
    });
    expect(idea.status).toBe(201);
    const id = idea.body.id;
    const decision = await call('POST', `/staff/ideas/${id}/decision`, {
      token: staff,
      body: { decision: 'approve', note: NOTE, publicNote: PUBLIC_NOTE },
    });
    expect(decision.status).toBe(200);
    expect(noteFields(decision.body)).toEqual(['decisionNote', 'publicNote']);

    const publicViews = {
      'idea, another ambassador': await get(`/ideas/${id}`, reader.token),
      'idea list, another ambassador': find((await get('/ideas?limit=100', reader.token)).items, id),
    };
    for (const [view, item] of Object.entries(publicViews)) {
      expect(noteFields(item), view).toEqual(['publicNote']);
      expect(item.publicNote, view).toBe(PUBLIC_NOTE);
    }
    const ownViews = {
      'idea, its author': await get(`/ideas/${id}`, author.token),
      'own ideas': find((await get('/ambassadors/me/ideas', author.token)).items, id),
      export: find((await get('/ambassadors/me/export', author.token)).ideas, id),
      'idea, staff': await get(`/ideas/${id}`, staff),
    };
    for (const [view, item] of Object.entries(ownViews)) {
      expect(noteFields(item), view).toEqual(['decisionNote', 'publicNote']);
      expect(item.decisionNote, view).toBe(NOTE);
    }
    // The audit trail (staff only) keeps who decided.
    const audit = await get(`/staff/ideas/${id}/audit`, staff);
    expect(audit.items.at(-1)).toMatchObject({ action: 'approve', note: NOTE });
  });

  it('a hidden comment: its author’s export says it was hidden, not by whom', async () => {
    const [author, commenter] = await Promise.all([newAmbassador(), newAmbassador()]);
    const staffId = uniqueSub('staff');
    const staff = await token(staffId, { groups: ['staff'] });
    const idea = await call('POST', '/ideas', {
      token: author.token,
      body: validIdea({
        title: 'An idea with a comment to hide',
        summary: 'An idea that exists so that a comment on it can be hidden by staff.',
        city: 'nizwa',
        tags: ['water'],
        missions: ['research'],
        teamSize: 3,
      }),
    });
    const id = idea.body.id;
    expect(
      (await call('POST', `/staff/ideas/${id}/decision`, { token: staff, body: { decision: 'approve' } }))
        .status,
    ).toBe(200);
    const c = await call('POST', `/ideas/${id}/comments`, {
      token: commenter.token,
      body: { body: 'Off topic' },
    });
    expect(c.status).toBe(201);
    expect(
      (await call('POST', `/staff/ideas/${id}/comments/${c.body.id}/hide`, { token: staff })).status,
    ).toBe(200);
    const exported = find((await get('/ambassadors/me/export', commenter.token)).comments, c.body.id);
    expect(exported.hidden).toBe(true);
    expect(noteFields(exported)).toEqual([]);
    expect(JSON.stringify(exported)).not.toContain(staffId);
  });
});

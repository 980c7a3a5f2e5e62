/** Staff notes (docs/api-contract.md §10): who sees a decision's `note`, `publicNote` and its maker. */
import { describe, expect, it } from 'vitest';
import { exportView } from '#domain/export.ts';
import { decideIdea, decisionSchema, ideaView, newIdea } from '#domain/ideas.ts';

const submitted = newIdea(
  {
    title: 'Notes for everyone',
    summary: 'An idea that staff decide with an internal and a public note.',
    city: 'nizwa',
    tags: ['water'],
    missions: ['research'],
    teamSize: 3,
  },
  'amb-author',
  'idea-1',
  new Date('2026-11-01T08:00:00.000Z'),
);

describe('staff notes', () => {
  it('a decision keeps both notes; the author and staff see the note, everyone the public note', () => {
    const approved = decideIdea(
      submitted,
      { decision: 'approve', note: 'Budget is thin', publicNote: 'Approved for 2027' },
      new Date('2026-11-02T08:00:00.000Z'),
    );
    expect(approved).toMatchObject({ decisionNote: 'Budget is thin', publicNote: 'Approved for 2027' });
    for (const viewer of [
      { id: 'amb-author', staff: false },
      { id: 'staff-1', staff: true },
    ])
      expect(ideaView(approved, viewer)).toEqual(approved);
    for (const viewer of [{ id: 'amb-other', staff: false }, undefined]) {
      const seen = ideaView(approved, viewer);
      expect('decisionNote' in seen).toBe(false);
      expect(seen.publicNote).toBe('Approved for 2027');
    }
  });

  it('publicNote is 1 to 500 characters', () => {
    const ok = (publicNote: string) => decisionSchema.safeParse({ decision: 'approve', publicNote }).success;
    expect(ok('x'.repeat(500))).toBe(true);
    expect(ok('x'.repeat(501))).toBe(false);
    expect(ok('')).toBe(false);
  });

  it('the export shows decisions and notes, never the reviewer or who hid a comment', () => {
    expect(exportView('lectures', { id: 'l', reviewNote: 'n', publicNote: 'p', reviewedBy: 's' })).toEqual({
      id: 'l',
      reviewNote: 'n',
      publicNote: 'p',
    });
    expect(exportView('comments', { id: 'c', hidden: true, hiddenAt: 't', hiddenBy: 's' })).toEqual({
      id: 'c',
      hidden: true,
      hiddenAt: 't',
    });
  });
});

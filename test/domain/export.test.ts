/**
 * The caller's export (docs/api-contract.md §4, §10): which section each stored item goes in,
 * what the caller sees of it, and the byte budget a page is filled to.
 */
import { describe, expect, it } from 'vitest';
import {
  EXPORT_PAGE_BYTES,
  emptySections,
  exportQuerySchema,
  exportView,
  itemBytes,
  sectionBudget,
  sectionOfType,
} from '#domain/export.ts';

const SECTIONS = ['lectures', 'resources', 'ideas', 'comments', 'joinRequests', 'memberships'];

describe('sections', () => {
  it('each of the caller’s item types has its section; other items have none', () => {
    expect(sectionOfType('Lecture')).toBe('lectures');
    expect(sectionOfType('Resource')).toBe('resources');
    expect(sectionOfType('Idea')).toBe('ideas');
    expect(sectionOfType('Comment')).toBe('comments');
    expect(sectionOfType('JoinRequest')).toBe('joinRequests');
    expect(sectionOfType('Membership')).toBe('memberships');
    for (const t of ['Ambassador', 'Audit', 'Snapshot', 'lectures', '', 'lecture'])
      expect(sectionOfType(t)).toBeUndefined();
  });

  it('an empty page has every section, each an empty list of its own', () => {
    const a = emptySections();
    expect(Object.keys(a)).toEqual(SECTIONS);
    for (const s of SECTIONS) expect(a[s as keyof typeof a]).toEqual([]);
    a.ideas.push('x');
    expect(emptySections().ideas).toEqual([]);
    expect(a.lectures).toEqual([]);
  });
});

describe('exportView', () => {
  it('a lecture without who reviewed it, its review note kept', () => {
    const lecture = { id: 'l1', status: 'verified', reviewNote: 'Well attended', reviewedBy: 'staff-1' };
    expect(exportView('lectures', lecture)).toEqual({
      id: 'l1',
      status: 'verified',
      reviewNote: 'Well attended',
    });
  });

  it('a comment without who hid it', () => {
    expect(exportView('comments', { id: 'c1', body: 'Hi', hidden: true, hiddenBy: 'staff-1' })).toEqual({
      id: 'c1',
      body: 'Hi',
      hidden: true,
    });
  });

  it('the other sections as stored', () => {
    const item = { id: 'i1', reviewedBy: 'x', hiddenBy: 'y', decisionNote: 'n' };
    for (const s of ['resources', 'ideas', 'joinRequests', 'memberships'] as const)
      expect(exportView(s, item)).toEqual(item);
  });
});

describe('the page budget', () => {
  const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;

  it('an item weighs its UTF-8 JSON and a comma', () => {
    expect(itemBytes({ a: 1 })).toBe(8);
    expect(itemBytes('ع')).toBe(5);
    expect(itemBytes({ body: 'سفير' })).toBe(bytes({ body: 'سفير' }) + 1);
  });

  it('the sections get a page’s bytes less its own fields, the empty sections and room for a cursor', () => {
    const head = { ambassador: { id: 'amb-1', name: 'عائشة' } };
    const page = { ...head, ...emptySections(), nextCursor: 'x'.repeat(1024) };
    expect(sectionBudget(head)).toBe(EXPORT_PAGE_BYTES - bytes(page));
    expect(sectionBudget(head, 5000)).toBe(5000 - bytes(page));
    expect(EXPORT_PAGE_BYTES).toBe(1_000_000);
  });

  it('takes only a cursor', () => {
    expect(exportQuerySchema.safeParse({}).success).toBe(true);
    expect(exportQuerySchema.safeParse({ cursor: 'abc' }).success).toBe(true);
    expect(exportQuerySchema.safeParse({ cursor: '' }).success).toBe(false);
    expect(exportQuerySchema.safeParse({ limit: '5' }).success).toBe(false);
  });
});

/**
 * The caller's export (Oman PDPL access right; api-contract.md §4, §10): every stored field
 * about them, without staff identities, in pages of at most 1 MB. Sections come in a fixed
 * order, each read by its own query; a page is filled section after section up to its byte
 * budget, and its cursor names the section and the last item it holds.
 */
import * as z from 'zod/mini';
import { type Lecture, ownLecture } from './lectures.ts';
import { paging } from './schema-kit.ts';

/** Each section and the kind of item it holds (the `byOwner` sort key's prefix). */
export const exportSections = [
  { name: 'lectures', kind: 'LECT' },
  { name: 'resources', kind: 'RES' },
  { name: 'ideas', kind: 'IDEA' },
  { name: 'comments', kind: 'COMMENT' },
  { name: 'joinRequests', kind: 'JOIN' },
  { name: 'memberships', kind: 'MEMBER' },
] as const;
export type ExportSection = (typeof exportSections)[number]['name'];

/** The most one export answer weighs, in bytes of JSON (§10: at most 1 MB). */
export const EXPORT_PAGE_BYTES = 1_000_000;
/** Room kept for the `nextCursor` a page ends with. */
const CURSOR_ROOM = 1024;

export const exportQuerySchema = z.strictObject({ cursor: paging.cursor });

/** What the caller sees of their own item (§10): decisions and their notes, never who made them. */
export const exportView = (
  section: ExportSection,
  item: Record<string, unknown>,
): Record<string, unknown> => {
  if (section === 'lectures') return ownLecture(item as unknown as Lecture);
  if (section === 'comments') {
    const { hiddenBy: _h, ...rest } = item;
    return rest;
  }
  return item;
};

export const emptySections = (): Record<ExportSection, unknown[]> =>
  Object.fromEntries(exportSections.map((s) => [s.name, []])) as unknown as Record<ExportSection, unknown[]>;

/** The bytes left for the sections' items once the page's own fields (and a cursor) are counted. */
export const sectionBudget = (head: Record<string, unknown>, pageBytes = EXPORT_PAGE_BYTES): number =>
  pageBytes -
  new TextEncoder().encode(
    JSON.stringify({ ...head, ...emptySections(), nextCursor: 'x'.repeat(CURSOR_ROOM) }),
  ).length;

/** The bytes an item adds to a section (its JSON and a separating comma). */
export const itemBytes = (item: unknown): number => new TextEncoder().encode(JSON.stringify(item)).length + 1;

/**
 * The caller's export (Oman PDPL access right; docs/api-contract.md §4, §10): every stored field
 * about them, without staff identities, in pages of at most 1 MB. A page is filled with
 * the caller's items in stored order up to its byte budget, each in its section, and its
 * cursor names the last item it holds.
 */
import * as z from 'zod/mini';
import { type Lecture, ownLecture } from './lectures.ts';
import { paging } from './schema-kit.ts';

/** Each section of the export and the type of the stored items it holds. */
const sectionTypes = {
  lectures: 'Lecture',
  resources: 'Resource',
  ideas: 'Idea',
  comments: 'Comment',
  joinRequests: 'JoinRequest',
  memberships: 'Membership',
} as const;
export type ExportSection = keyof typeof sectionTypes;
const sectionNames = Object.keys(sectionTypes) as ExportSection[];

/** The section an item of `type` belongs in; none for items that are not the caller's own. */
export const sectionOfType = (type: string): ExportSection | undefined =>
  sectionNames.find((s) => sectionTypes[s] === type);

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
  Object.fromEntries(sectionNames.map((s) => [s, []])) as unknown as Record<ExportSection, unknown[]>;

/** The bytes left for the sections' items once the page's own fields (and a cursor) are counted. */
export const sectionBudget = (head: Record<string, unknown>, pageBytes = EXPORT_PAGE_BYTES): number =>
  pageBytes -
  new TextEncoder().encode(
    JSON.stringify({ ...head, ...emptySections(), nextCursor: 'x'.repeat(CURSOR_ROOM) }),
  ).length;

/** The bytes an item adds to a section (its JSON and a separating comma). */
export const itemBytes = (item: unknown): number => new TextEncoder().encode(JSON.stringify(item)).length + 1;

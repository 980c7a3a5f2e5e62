/**
 * Leaderboard ranking (docs/api-contract.md §7): score descending, then name ascending; equal
 * scores share a rank (1, 2, 2, 4); entries with score 0 are left out.
 */
import { fold, sortName } from './text.ts';

export interface Scored {
  id: string;
  name: string;
  score: number;
}

export type Ranked<T extends Scored> = T & { rank: number };

export const compareEntries = (a: Scored, b: Scored): number =>
  b.score - a.score ||
  (fold(a.name) < fold(b.name) ? -1 : fold(a.name) > fold(b.name) ? 1 : 0) ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Ranks entries already in board order, or sorts them first when `sorted` is false. */
export const rank = <T extends Scored>(entries: readonly T[], sorted = false): Ranked<T>[] => {
  const list = (sorted ? [...entries] : [...entries].sort(compareEntries)).filter((e) => e.score > 0);
  let previous: Ranked<T> | undefined;
  return list.map((e, i) => {
    const r = previous && previous.score === e.score ? previous.rank : i + 1;
    previous = { ...e, rank: r };
    return previous;
  });
};

/**
 * Ends a name inside a sort key. It sorts before every character a folded name can hold
 * (cleaned text has no control characters), so "ali" sorts before "ali said" as it should.
 */
export const NAME_END = '\u001f';

/**
 * A sort key that orders entries as the board does when compared as strings: highest score
 * first (inverted, zero-padded), then folded name, then id.
 */
export const MAX_SCORE = 999_999_999_999;
export const rankSortKey = (e: Scored): string =>
  `${String(MAX_SCORE - Math.min(Math.max(0, Math.floor(e.score)), MAX_SCORE)).padStart(12, '0')}#${sortName(e.name)}${NAME_END}${e.id}`;

/** The cities board: 5 × completed + 3 × in progress + 1 × approved projects. */
export const cityScore = (c: { completed?: number; inProgress?: number; approved?: number }): number =>
  5 * (c.completed ?? 0) + 3 * (c.inProgress ?? 0) + (c.approved ?? 0);

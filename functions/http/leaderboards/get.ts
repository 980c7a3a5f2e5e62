import { DomainError } from '#domain/errors.ts';
import { isServedBoard } from '#domain/fair-boards.ts';
import { http } from '#http/kit.ts';
import { getLeaderboardRoute } from '#http/routes/leaderboards.ts';
import { getSnapshot } from '#store/leaderboards.ts';

/** Reads the snapshot the job published; never computes. */
export const handler = http(getLeaderboardRoute, async ({ params, query }) => {
  if (!isServedBoard(params.board)) throw new DomainError('not_found', `No board ${params.board}`);
  const period = query.period ?? 'all';
  const snapshot = await getSnapshot(params.board, period);
  return {
    body: {
      board: params.board,
      period,
      computedAt: snapshot?.computedAt ?? null,
      entries: (snapshot?.entries ?? []).slice(0, query.limit ?? 10),
    },
    headers: { 'cache-control': 'public, max-age=60' },
  };
});

import { DomainError } from '#domain/errors.ts';
import { parsePeriod, type Season } from '#domain/seasons.ts';
import { http } from '#http/kit.ts';
import { myPointsRoute } from '#http/routes/points.ts';
import { getSeason, ledgerPage, ledgerPeriodTotal } from '#store/points.ts';

/** The caller's entries in a period, newest first, and the period's total (every entry, all pages). */
export const handler = http(myPointsRoute, async ({ me, query }) => {
  const period = query.period ?? 'all';
  const parsed = parsePeriod(period);
  const seasons: Season[] = [];
  if (parsed?.kind === 'season') {
    const season = await getSeason(parsed.id);
    if (!season) throw new DomainError('not_found', `No season ${parsed.id}`);
    seasons.push(season);
  }
  const [page, total] = await Promise.all([
    ledgerPage(me.id, period, seasons, query),
    ledgerPeriodTotal(me.id, period, seasons),
  ]);
  return { body: { total, ...page } };
});

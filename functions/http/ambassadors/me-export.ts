import { sectionBudget } from '#domain/export.ts';
import { http } from '#http/kit.ts';
import { exportMeRoute } from '#http/routes/ambassadors.ts';
import { exportPage } from '#store/ambassadors.ts';

/**
 * Everything stored about the caller (PDPL access right), in pages of at most 1 MB (§10):
 * the profile on the first page, then the sections, continued with `cursor`.
 */
export const handler = http(exportMeRoute, async ({ me, query, now }) => {
  const head = { exportedAt: now.toISOString(), ...(query.cursor ? {} : { profile: me }) };
  const page = await exportPage(me.id, query.cursor, sectionBudget(head));
  return {
    body: { ...head, ...page.sections, nextCursor: page.nextCursor },
    headers: { 'content-disposition': 'attachment; filename="smart-city-ambassador-export.json"' },
  };
});

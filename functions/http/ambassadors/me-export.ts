import { http } from '../kit.ts';
import { exportMe } from '../routes.ts';

/**
 * Everything stored about the caller (PDPL access right). Lectures, ideas, comments and
 * memberships join this export as those features land.
 */
export const handler = http(exportMe, async ({ me, now }) => ({
  body: {
    exportedAt: now.toISOString(),
    profile: me,
  },
  headers: { 'content-disposition': 'attachment; filename="smart-city-ambassador-export.json"' },
}));

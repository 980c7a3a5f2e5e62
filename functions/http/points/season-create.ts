import { http } from '#http/kit.ts';
import { createSeasonRoute } from '#http/routes/points.ts';
import { createSeason } from '#store/points.ts';

/** A season's id is chosen by staff: a taken one is 409 already_exists (a condition, not a read). */
export const handler = http(createSeasonRoute, async ({ body }) => {
  const season = { ...body, version: 1 };
  await createSeason(season);
  return { body: season, version: 1, created: season.id };
});

import { ownedItems } from '../../store/ambassadors.ts';
import { http } from '../kit.ts';
import { exportMe } from '../routes.ts';

/** The export's section for each kind of item an ambassador creates. */
const SECTIONS: Record<string, string> = {
  Lecture: 'lectures',
  Resource: 'resources',
  Idea: 'ideas',
  Comment: 'comments',
  JoinRequest: 'joinRequests',
  Membership: 'memberships',
};

/** Everything stored about the caller (PDPL access right), keys and index attributes left out. */
export const handler = http(exportMe, async ({ me, now }) => {
  const sections: Record<string, unknown[]> = Object.fromEntries(Object.values(SECTIONS).map((s) => [s, []]));
  for (const item of await ownedItems(me.id)) {
    const section = SECTIONS[String(item.type)];
    if (!section) continue;
    const data = Object.fromEntries(
      Object.entries(item).filter(([k]) => !/^(pk|sk|gsi\dpk|gsi\dsk|type)$/.test(k)),
    );
    sections[section]?.push(data);
  }
  return {
    body: { exportedAt: now.toISOString(), profile: me, ...sections },
    headers: { 'content-disposition': 'attachment; filename="smart-city-ambassador-export.json"' },
  };
});

/**
 * Erasure (docs/api-contract.md §4, Oman PDPL) as stored, not as served: after
 * `DELETE /ambassadors/me` no item in the table holds the ambassador's name, email, phone,
 * bio or expertise: not the profile (a tombstone), not its directory entries, not the email
 * guard, not the community page's or the boards' copies (after the leaderboard job ran, as
 * it does within minutes of an erasure).
 */
import { GetCommand, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, TABLE } from '#store/client.ts';
import { call, newAmbassador, newLecture, runLeaderboards, staffToken, uniqueWord } from '#support/api.ts';

const PERSONAL = ['name', 'nameFolded', 'email', 'phone', 'bio', 'expertise'] as const;

/** Every item of the table whose JSON contains one of `needles` (a test may read it all). */
const itemsHolding = async (needles: string[]) => {
  const found: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out: ScanCommandOutput = await db.send(
      new ScanCommand({ TableName: TABLE, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    for (const item of out.Items ?? []) {
      const json = JSON.stringify(item);
      if (needles.some((n) => json.includes(n))) found.push(item);
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return found;
};

describe('erasure, read from the table itself', () => {
  it('leaves no personal field on the profile, its directory, community or board copies', async () => {
    const word = uniqueWord();
    const personal = {
      name: `${word} Al-Balushi`,
      phone: `+9689${String(Date.now()).slice(-7)}`,
      bio: `Bio ${uniqueWord()} of a water engineer`,
      expertise: [`expertise ${uniqueWord()}`],
    };
    const me = await newAmbassador({ ...personal, governorate: 'OM-BS', wilayat: 'sohar' });
    const email = `${me.id}@example.om`;
    const needles = [word, personal.phone, personal.bio, personal.expertise[0] as string, email];
    // Copies: a verified lecture puts the ambassador on the boards and the community page.
    const staff = await staffToken();
    const l = await newLecture(me.token, { governorate: 'OM-BS', wilayat: 'sohar' });
    expect(
      (await call('POST', `/staff/lectures/${l.id}/review`, { token: staff, body: { decision: 'verify' } }))
        .status,
    ).toBe(200);
    await runLeaderboards();
    const before = await itemsHolding(needles);
    // The profile, the email guard, directory entries and the board copies all hold some of it.
    expect(before.length).toBeGreaterThan(3);
    expect(before.some((i) => i.pk === `AMB#${me.id}` && i.phone === personal.phone)).toBe(true);

    expect((await call('DELETE', '/ambassadors/me', { token: me.token })).status).toBe(204);
    await runLeaderboards();

    expect(await itemsHolding(needles)).toEqual([]);
    const profile = (
      await db.send(
        new GetCommand({
          TableName: TABLE,
          Key: { pk: `AMB#${me.id}`, sk: 'PROFILE' },
          ConsistentRead: true,
        }),
      )
    ).Item;
    expect(profile).toMatchObject({ erased: true });
    for (const field of PERSONAL) expect(profile, field).not.toHaveProperty(field);
  }, 60_000);
});

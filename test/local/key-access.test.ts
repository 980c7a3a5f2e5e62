/**
 * Least privilege by key, enforced by the local server (infra/local/key-access.ts): the check
 * itself on DynamoDB commands, and through HTTP a route whose declaration is withheld answers
 * 500 naming the route and the key, while routes and the job within theirs answer as usual.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#http/routes/index.ts';
import { mergeTableKeys, PK, tableKeysOf } from '#http/table-keys.ts';
import { undeclared } from '#infra/local/key-access.ts';
import { type LocalServer, spawnLocalServer } from '#infra/local/spawn.ts';
import { validProfile } from '#support/fixtures.ts';

const T = 'sca-local';
const spec = (id: string) => {
  const s = routes.find((r) => r.id === id);
  if (!s) throw new Error(id);
  return s;
};

describe('the key check (what dynamodb:LeadingKeys allows)', () => {
  const board = tableKeysOf(spec('getLeaderboard'));

  it('lets a route read its declared prefix and nothing else', () => {
    expect(
      undeclared('GetCommand', { TableName: T, Key: { pk: 'BOARD#lectures#all', sk: 'SNAPSHOT' } }, board),
    ).toEqual([]);
    const refused = undeclared(
      'GetCommand',
      { TableName: T, Key: { pk: 'AMB#someone', sk: 'PROFILE' } },
      board,
    );
    expect(refused).toEqual(['GetItem read of key AMB#someone']);
  });

  it('checks every key of a batch, marshalled or not, and every item of a transaction', () => {
    const keys = mergeTableKeys({ reads: [PK.ambassador], writes: [PK.idea] });
    expect(
      undeclared(
        'BatchGetItemCommand',
        { RequestItems: { [T]: { Keys: [{ pk: { S: 'AMB#a' } }, { pk: { S: 'EMAIL#a@b' } }] } } },
        keys,
      ),
    ).toEqual(['BatchGetItem read of key EMAIL#a@b']);
    expect(
      undeclared(
        'TransactWriteItemsCommand',
        {
          TransactItems: [
            { Put: { TableName: T, Item: { pk: 'IDEA#1', sk: 'IDEA' } } },
            { ConditionCheck: { TableName: T, Key: { pk: 'AMB#x', sk: 'PROFILE' } } },
            { Update: { TableName: T, Key: { pk: 'AMB#x', sk: 'PROFILE' } } },
            { Delete: { TableName: T, Key: { pk: 'LBQ#1', sk: '1' } } },
          ],
        },
        keys,
      ),
    ).toEqual(['UpdateItem write of key AMB#x', 'DeleteItem write of key LBQ#1']);
  });

  it('checks a query on an index against the index partition declared for that index only', () => {
    const list = tableKeysOf(spec('listAmbassadors'));
    const q = (IndexName: string, p: string) => ({
      TableName: T,
      IndexName,
      KeyConditionExpression: `${IndexName === 'listings' ? 'gsi1pk' : 'gsi2pk'} = :p`,
      ExpressionAttributeValues: { ':p': p },
    });
    expect(undeclared('QueryCommand', q('listings', 'DIR#all'), list)).toEqual([]);
    expect(undeclared('QueryCommand', q('listings', 'IDEAS#all'), list)).toHaveLength(1);
    expect(undeclared('QueryCommand', q('byOwner', 'OWNER#x'), list)).toEqual([
      'Query on index byOwner index of key OWNER#x',
    ]);
  });

  it('never allows a scan, and a read declaration never allows a write', () => {
    const all = mergeTableKeys({ reads: Object.values(PK) });
    expect(undeclared('ScanCommand', { TableName: T }, all)).toHaveLength(1);
    expect(
      undeclared('PutCommand', { TableName: T, Item: { pk: 'AMB#x', sk: 'PROFILE' } }, all),
    ).toHaveLength(1);
  });
});

describe('the local server with ENFORCE_KEY_ACCESS=1', () => {
  let server: LocalServer;
  const get = (path: string, token?: string) =>
    fetch(`${server.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    server = await spawnLocalServer({
      env: { ENFORCE_KEY_ACCESS: '1', KEY_ACCESS_WITHHOLD: 'listCommunities' },
    });
  }, 90_000);
  afterAll(() => server?.stop());

  it('answers 500 naming the route and the key when a route reads beyond its declaration', async () => {
    const res = await get('/communities');
    expect(res.status).toBe(500);
    const body = (await res.json()) as { detail: string };
    expect(body.detail).toContain('listCommunities');
    expect(body.detail).toContain('COMMUNITY#');
  });

  it('serves routes and runs the job within their declarations', async () => {
    expect((await get('/communities/muscat')).status).toBeLessThan(500);
    const tokenRes = await fetch(`${server.baseUrl}/_local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'keys-member', email: 'keys-member@example.om' }),
    });
    const { token } = (await tokenRes.json()) as { token: string };
    const reg = await fetch(`${server.baseUrl}/ambassadors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(validProfile()),
    });
    expect(reg.status, await reg.clone().text()).toBe(201);
    expect((await get('/ambassadors/me', token)).status).toBe(200);
    const job = await fetch(`${server.baseUrl}/_local/schedules/leaderboards`, { method: 'POST' });
    expect(job.status, await job.clone().text()).toBe(200);
    expect((await get('/leaderboards/lectures')).status).toBe(200);
  });
});

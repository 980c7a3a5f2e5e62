/**
 * Capacity per request (bench/README.md, part 1): one request per route on the seeded programme
 * (`npm run seed`'s 700 ambassadors and 7,000 lectures; `--quick`: 100 and 700), with the
 * read and write units DynamoDB reports for it (summed over its calls; transactions priced by
 * DynamoDB's rules, which DynamoDB Local under-reports) next to the route's floor (see
 * bench/capacity-scenarios.ts), and what a million such requests cost on demand.
 *
 * `node bench/capacity.ts [--quick]`, or as part of `npm run bench`.
 */
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { routes } from '#http/routes/index.ts';
import { localClient } from '#infra/local/dynamodb.ts';
import { spawnLocalServer } from '#infra/local/spawn.ts';
import { ambassadorId, DEFAULT_AMBASSADORS, DEFAULT_LECTURES } from '#scripts/seed/model.ts';
import { storedItemBytes } from '#store/pricing.ts';
import {
  type Api,
  furnish,
  type Measurement,
  makeWorld,
  measure,
  missingScenarios,
} from './capacity-scenarios.ts';
import {
  type BenchOptions,
  fmt,
  httpClient,
  renderTable,
  round,
  type SectionResult,
  usdPerMillion,
} from './lib.ts';

/** The budget: every route within this many times its floor. */
export const BUDGET = 1.5;

export const httpApi = (baseUrl: string, dynamoEndpoint: string, tableName: string): Api => {
  const db = DynamoDBDocumentClient.from(localClient(dynamoEndpoint));
  return {
    ...httpClient(baseUrl),
    sizes: async (pk, skPrefix = '') => {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
          ExpressionAttributeValues: { ':pk': pk, ':sk': skPrefix },
        }),
      );
      return (out.Items ?? []).map((i) => storedItemBytes(i));
    },
    setAttributes: async (key, values) => {
      const names = Object.keys(values);
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: `SET ${names.map((_, i) => `#a${i} = :v${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#a${i}`, n])),
          ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:v${i}`, values[n]])),
        }),
      );
    },
  };
};

const units = (m: Measurement) => m.consumed.read + m.consumed.write;
const floorUnits = (m: Measurement) => m.floor.read + m.floor.write;
/** Consumed over floor; a route with a floor of 0 that consumes nothing is 1. */
export const ratio = (m: Measurement) =>
  floorUnits(m) === 0 ? (units(m) === 0 ? 1 : Number.POSITIVE_INFINITY) : units(m) / floorUnits(m);

export const measureAll = async (api: Api, veteranId?: string): Promise<Measurement[]> => {
  const missing = missingScenarios();
  if (missing.length) throw new Error(`routes without a capacity scenario: ${missing.join(', ')}`);
  const world = await makeWorld(api, veteranId);
  await furnish(world);
  const out: Measurement[] = [];
  for (const r of routes) out.push(await measure(world, r.id));
  return out;
};

export const run = async (opts: BenchOptions): Promise<SectionResult> => {
  const ambassadors = opts.quick ? 100 : DEFAULT_AMBASSADORS;
  const lectures = opts.quick ? 700 : DEFAULT_LECTURES;
  const server = await spawnLocalServer({ tableName: 'bench-capacity' });
  try {
    Object.assign(process.env, {
      TABLE_NAME: server.tableName,
      CURSOR_SECRET: server.cursorSecret,
      DYNAMODB_ENDPOINT: server.dynamoEndpoint,
      AWS_REGION: 'me-south-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    const { seedProgramme } = await import('#scripts/seed/run.ts');
    const started = performance.now();
    const seeded = await seedProgramme({ ambassadors, lectures });
    const api = httpApi(server.baseUrl, server.dynamoEndpoint, server.tableName);
    await api.call('POST', '/_local/schedules/leaderboards');
    const seedMs = performance.now() - started;
    // The most active organizer: their profile, lectures and export are the heaviest.
    const veteran = ambassadorId(0);
    const measured = await measureAll(api, veteran);

    const rows = measured.map((m) => [
      `${m.method} ${m.path}`,
      String(m.status),
      fmt(m.consumed.read),
      fmt(m.consumed.write),
      String(m.consumed.calls),
      `${m.consumed.itemsRead}/${m.consumed.itemsWritten}`,
      fmt(m.floor.read),
      fmt(m.floor.write),
      Number.isFinite(ratio(m)) ? `${round(ratio(m), 2)}×` : '∞',
      `$${usdPerMillion(m.consumed.read, m.consumed.write).toFixed(2)}`,
    ]);
    const misses = measured
      .filter((m) => ratio(m) > BUDGET)
      .map(
        (m) =>
          `${m.method} ${m.path} consumes ${fmt(units(m))} units against a floor of ${fmt(floorUnits(m))} (${round(ratio(m), 2)}×, budget ${BUDGET}×)`,
      );
    const table = renderTable(
      ['route', 'status', 'RCU', 'WCU', 'calls', 'items r/w', 'floor RCU', 'floor WCU', 'ratio', 'US$/M req'],
      rows,
    );
    return {
      results: {
        dataset: { ambassadors, lectures, verified: seeded.lectures.verified, seedMs: Math.round(seedMs) },
        prices:
          'DynamoDB on demand, us-east-1: US$0.125 per million read units, US$0.625 per million write units',
        budget: BUDGET,
        routes: measured.map((m) => ({
          ...m,
          ratio: round(ratio(m), 3),
          usdPerMillionRequests: round(usdPerMillion(m.consumed.read, m.consumed.write), 3),
        })),
      },
      table,
      misses,
    };
  } finally {
    await server.stop();
  }
};

if (import.meta.main) {
  const r = await run({ quick: process.argv.includes('--quick') });
  console.log(r.table);
  for (const m of r.misses) console.log(`MISS: ${m}`);
}

/**
 * Least privilege by key (dynamodb:LeadingKeys): each function's table statements as
 * synthesized, one test per access class (public read, member read, member write, staff,
 * job), and the rules every statement follows. Expectations come from the route table's
 * declarations (#http/table-keys.ts), checked against the entity declarations.
 */

import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { DELIVERY_KEYS, DIGEST_JOB_KEYS, QUEUE_CLOCK_KEYS } from '#functions/scheduled/table-access.ts';
import { routes } from '#http/routes/index.ts';
import { INDEX_PK, PK, tableKeysOf } from '#http/table-keys.ts';
import { directoryEntity, emailGuardEntity, profileEntity } from '#store/entities/ambassadors.ts';
import { attendanceEntity, checkInEntity, claimEntity } from '#store/entities/checkins.ts';
import { cityStatEntity, communityStatsEntity, governorateStatEntity } from '#store/entities/communities.ts';
import { byOwner, listings, owned, queue, ranking, reviewQueue } from '#store/entities/define.ts';
import { ideaEntity, ideaListPartition, SHOWCASE_PARTITION } from '#store/entities/ideas.ts';
import { boardSnapshotEntity, changeMarkerEntity, rankEntity } from '#store/entities/leaderboards.ts';
import { lectureEntity, lectureListPartition, UPCOMING_PARTITION } from '#store/entities/lectures.ts';
import {
  ledgerEntryEntity,
  ledgerListPartition,
  pointTotalsEntity,
  seasonEntity,
} from '#store/entities/points.ts';
import { idempotencyEntity, quotaCounterEntity } from '#store/entities/system.ts';
import { tableDefinition } from '#store/table.ts';
import { logicalIdIn, newApp, resources, templateOf } from './synth.ts';

// The entity declarations load the store's config (TABLE_NAME, CURSOR_SECRET) on import.
vi.hoisted(() => {
  process.env.TABLE_NAME ??= 'sca-least-privilege';
  process.env.CURSOR_SECRET ??= 'least-privilege-test';
});

const { api } = newApp();
const template = templateOf(api);

type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: any;
};
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** The DynamoDB statements of the policies on `fn`'s role. */
const tableStatements = (fn: IFunction): Statement[] => {
  const roleId = logicalIdIn(api, fn.role?.node.defaultChild);
  return resources(template, 'AWS::IAM::Policy')
    .filter(([, p]) =>
      (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })),
    )
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
};
const fnOf = (id: string): IFunction => {
  const fn = api.functions.get(id);
  if (!fn) throw new Error(`no function for route ${id}`);
  return fn;
};

const indexOf = (s: Statement) => /\/index\/(\w+)/.exec(JSON.stringify(s.Resource))?.[1];
const prefixes = (s: Statement): string[] =>
  ((s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? []) as string[]).map((p) =>
    p.replace(/\*$/, ''),
  );

/** What a function may do by key, read back from its synthesized statements. */
const grantOf = (fn: IFunction) => {
  const st = tableStatements(fn);
  const table = st.filter((s) => !indexOf(s));
  return {
    reads: table
      .filter((s) => actionsOf(s).includes('dynamodb:GetItem'))
      .flatMap(prefixes)
      .sort(),
    writes: table
      .filter((s) => actionsOf(s).includes('dynamodb:PutItem'))
      .flatMap(prefixes)
      .sort(),
    indexes: Object.fromEntries(st.filter(indexOf).map((s) => [indexOf(s), prefixes(s).sort()])),
  };
};
const allFunctions = (): [string, IFunction][] => [
  ...api.functions.entries(),
  ['leaderboardJob', api.leaderboardJob],
  ['leaderboardRebuild', api.leaderboardRebuild.fn],
  ['notificationConsumer', api.notifications.consumer],
  ['digestJob', api.notifications.digestJob],
  ['queueClock', api.notifications.queueClock],
];
const startsWithAny = (key: string, list: string[]) => list.some((p) => key.startsWith(p));

describe('every function, by key', () => {
  it('the key prefixes are the entity declarations’ own', () => {
    expect(profileEntity.key('x').pk).toBe(`${PK.ambassador}x`);
    expect(directoryEntity.key('x', 'all').pk).toBe(`${PK.ambassador}x`);
    expect(emailGuardEntity.key('a@b.om').pk.startsWith(PK.email)).toBe(true);
    expect(lectureEntity.key('x').pk).toBe(`${PK.lecture}x`);
    expect(communityStatsEntity.key('x').pk).toBe(`${PK.community}x`);
    expect(governorateStatEntity.key('g', 'all').pk).toBe(`${PK.governorate}g`);
    expect(cityStatEntity.key('c', 'all').pk).toBe(`${PK.city}c`);
    expect(changeMarkerEntity.key(1, 'x').pk).toBe(`${PK.changes}1`);
    expect(rankEntity.key('b', 'all', 'x').pk).toBe(`${PK.rank}b#all`);
    expect(boardSnapshotEntity.key('b', 'all').pk).toBe(`${PK.board}b#all`);
    expect(ideaEntity.key('x').pk).toBe(`${PK.idea}x`);
    expect(idempotencyEntity.key('c#r#k').pk).toBe(`${PK.idempotency}c`);
    expect(quotaCounterEntity.key('SUB#x', 1).pk).toBe(`${PK.quota}SUB#x`);
    expect(checkInEntity.key('x', 's').pk).toBe(`${PK.lecture}x`);
    expect(attendanceEntity.key('o', 's').pk).toBe(`${PK.attendance}o#s`);
    expect(claimEntity.key('h').pk).toBe(`${PK.claim}h`);
    expect(listings.keys('DIR#all', 's').gsi1pk.startsWith(INDEX_PK.directory)).toBe(true);
    expect(lectureListPartition('all').startsWith(INDEX_PK.lectureLists)).toBe(true);
    expect(UPCOMING_PARTITION.startsWith(INDEX_PK.upcoming)).toBe(true);
    expect(ideaListPartition('all').startsWith(INDEX_PK.ideaLists)).toBe(true);
    expect(SHOWCASE_PARTITION).toBe(INDEX_PK.showcase);
    expect(owned.partition('x')).toBe(`${INDEX_PK.owner}x`);
    expect(queue.partition('lectures')).toBe(INDEX_PK.lectureQueue);
    expect(queue.partition('ideas')).toBe(INDEX_PK.ideaQueue);
    expect(ranking.keys('RANK#b#all', 's').gsi4pk.startsWith(INDEX_PK.rank)).toBe(true);
    expect(seasonEntity.key('2027-q1').pk).toBe(PK.seasons);
    expect(ledgerEntryEntity.key('x', 'e').pk).toBe(`${PK.points}x`);
    expect(pointTotalsEntity.key('x').pk).toBe(`${PK.points}x`);
    expect(ledgerListPartition('x')).toBe(`${INDEX_PK.points}x`);
    expect([byOwner.name, reviewQueue.name]).toEqual(['byOwner', 'reviewQueue']);
  });

  it('every route that uses the table declares its keys, and is granted exactly them', () => {
    for (const spec of routes) {
      if (spec.access === 'none') {
        expect(tableStatements(fnOf(spec.id)), spec.id).toEqual([]);
        continue;
      }
      expect(spec.keys, spec.id).toBeDefined();
      const declared = tableKeysOf(spec);
      expect(grantOf(fnOf(spec.id)), spec.id).toEqual(declared);
    }
  });

  it('conditions every statement on dynamodb:LeadingKeys, never writes an index, never scans', () => {
    const STREAM_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];
    for (const [name, fn] of allFunctions())
      for (const s of tableStatements(fn)) {
        // The consumer's event source mapping reads the stream (not items): on the stream's ARN,
        // and ListStreams, which takes no resource.
        if (actionsOf(s).every((a) => STREAM_ACTIONS.includes(a))) {
          expect(name).toBe('notificationConsumer');
          expect(JSON.stringify(s.Resource), name).toContain('StreamArn');
          continue;
        }
        if (
          actionsOf(s)
            .filter((a) => a.startsWith('dynamodb:'))
            .join() === 'dynamodb:ListStreams'
        ) {
          expect(name).toBe('notificationConsumer');
          expect(s.Resource).toBe('*');
          continue;
        }
        expect(s.Effect, name).toBe('Allow');
        expect(prefixes(s).length, name).toBeGreaterThan(0);
        expect(actionsOf(s), name).not.toContain('dynamodb:Scan');
        expect(actionsOf(s), name).not.toContain('dynamodb:DescribeTable');
        expect(JSON.stringify(s.Resource), name).not.toContain('index/*');
        if (indexOf(s)) {
          expect(actionsOf(s), name).toEqual(['dynamodb:Query']);
          expect(Object.keys(tableDefinition.indexes), name).toContain(indexOf(s));
        }
      }
  });

  it('only registration, the profile edit and the erasure touch email guards', () => {
    const emailed = allFunctions()
      .filter(([, fn]) => [...grantOf(fn).reads, ...grantOf(fn).writes].includes(PK.email))
      .map(([name]) => name)
      .sort();
    expect(emailed).toEqual(['deleteMe', 'patchMe', 'registerAmbassador']);
  });
});

describe('access classes', () => {
  it('public read: reads only public items, never a profile or an email, writes nothing', () => {
    const publicRoutes = routes.filter((r) => r.role === 'public' && r.access === 'read');
    expect(publicRoutes.length).toBeGreaterThan(4);
    // The public writes: an email's unsubscribe link (its signed token names the recipient)
    // changes that recipient's preferences and counts against the quota, nothing else; a guest's
    // check-in (§12) writes into its lecture's collection and its claim, nothing else, and reads
    // no profile.
    expect(routes.filter((r) => r.role === 'public' && r.access === 'write').map((r) => r.id)).toEqual([
      'guestCheckIn',
      'unsubscribe',
    ]);
    const guest = grantOf(fnOf('guestCheckIn'));
    expect(guest.writes).toEqual([PK.claim, PK.idempotency, PK.lecture].sort());
    for (const secret of [PK.ambassador, PK.email])
      expect(startsWithAny(secret, guest.reads), `guestCheckIn reads ${secret}`).toBe(false);
    expect(guest.indexes).toEqual({});
    const unsubscribe = grantOf(fnOf('unsubscribe'));
    expect(unsubscribe.writes).toEqual([PK.inbox, PK.quota].sort());
    for (const secret of [PK.ambassador, PK.email])
      expect(startsWithAny(secret, unsubscribe.reads), `unsubscribe reads ${secret}`).toBe(false);
    expect(unsubscribe.indexes).toEqual({});
    for (const spec of publicRoutes) {
      const g = grantOf(fnOf(spec.id));
      expect(g.writes, spec.id).toEqual([]);
      for (const secret of [PK.ambassador, PK.email, PK.idempotency, PK.quota])
        expect(startsWithAny(secret, g.reads), `${spec.id} reads ${secret}`).toBe(false);
      expect(g.indexes.byOwner, spec.id).toBeUndefined();
      expect(g.indexes.reviewQueue, spec.id).toBeUndefined();
    }
    // The public leaderboard reads snapshots and nothing else.
    expect(grantOf(fnOf('getLeaderboard'))).toEqual({ reads: [PK.board], writes: [], indexes: {} });
  });

  it('member read: the directory reads its index partitions only; a profile read is never an email read', () => {
    expect(grantOf(fnOf('listAmbassadors'))).toEqual({
      reads: [],
      writes: [],
      indexes: { listings: [INDEX_PK.directory] },
    });
    const profile = grantOf(fnOf('getAmbassador'));
    expect(profile.reads).toEqual([PK.ambassador]);
    expect(profile.writes).toEqual([]);
    expect(grantOf(fnOf('listLectures')).indexes).toEqual({ listings: [INDEX_PK.lectureLists] });
  });

  it('member write: a lecture report writes lectures, its quota and idempotency record, not profiles', () => {
    const g = grantOf(fnOf('reportLecture'));
    expect(g.writes).toEqual([PK.idempotency, PK.lecture, PK.quota].sort());
    expect(startsWithAny(PK.ambassador, g.writes)).toBe(false);
    expect(g.indexes).toEqual({});
    // A comment writes in the idea's collection only (and the kit's records),
    // and the event it tells of (the outbox).
    expect(grantOf(fnOf('addComment')).writes).toEqual([PK.event, PK.idea, PK.idempotency, PK.quota].sort());
  });

  it('points: the caller’s ledger reads ledgers and seasons (and the kit’s profile); a season writes seasons only', () => {
    expect(grantOf(fnOf('myPoints'))).toEqual({
      reads: [PK.ambassador, PK.points, PK.seasons].sort(),
      writes: [],
      indexes: { listings: [INDEX_PK.points] },
    });
    expect(grantOf(fnOf('createSeason')).writes).toEqual([PK.idempotency, PK.quota, PK.seasons].sort());
    expect(grantOf(fnOf('listSeasons'))).toEqual({ reads: [PK.seasons], writes: [], indexes: {} });
  });

  it('staff: a queue reads its own review queue only; a review writes no email, idempotency or idea', () => {
    expect(grantOf(fnOf('ideaQueue'))).toEqual({
      reads: [],
      writes: [],
      indexes: { reviewQueue: [INDEX_PK.ideaQueue] },
    });
    expect(grantOf(fnOf('lectureQueue')).indexes).toEqual({ reviewQueue: [INDEX_PK.lectureQueue] });
    const review = grantOf(fnOf('reviewLecture'));
    for (const p of [PK.email, PK.idempotency, PK.idea])
      expect(startsWithAny(p, review.writes), p).toBe(false);
    expect(review.writes).toContain(PK.lecture);
  });

  it('job: the leaderboard job and its rebuild touch counters, ranks, boards and markers, never ideas, lectures or emails', () => {
    const job = grantOf(api.leaderboardJob);
    expect(grantOf(api.leaderboardRebuild.fn)).toEqual(job);
    expect(job.indexes).toEqual({ ranking: [INDEX_PK.rank] });
    for (const p of [PK.email, PK.idea, PK.lecture, PK.idempotency, PK.quota])
      expect(startsWithAny(p, [...job.reads, ...job.writes]), p).toBe(false);
    expect(job.writes).toEqual([PK.ambassador, PK.board, PK.changes, PK.rank].sort());
  });
});

describe('notifications', () => {
  const sorted = (keys: { reads?: readonly string[]; writes?: readonly string[] }) => ({
    reads: [...(keys.reads ?? [])].sort(),
    writes: [...(keys.writes ?? [])].sort(),
  });
  it('the consumer and the digest job touch inboxes, events, the digest queue and profiles; never emails, ideas or lectures', () => {
    const consumer = grantOf(api.notifications.consumer);
    const digest = grantOf(api.notifications.digestJob);
    expect({ reads: consumer.reads, writes: consumer.writes }).toEqual(sorted(DELIVERY_KEYS));
    expect({ reads: digest.reads, writes: digest.writes }).toEqual(sorted(DIGEST_JOB_KEYS));
    for (const grant of [consumer, digest]) {
      expect(grant.indexes).toEqual({});
      for (const p of [PK.email, PK.idea, PK.lecture, PK.idempotency, PK.quota])
        expect(startsWithAny(p, [...grant.reads, ...grant.writes]), p).toBe(false);
      // A profile is read (the address to email), never written.
      expect(startsWithAny(PK.ambassador, grant.writes)).toBe(false);
    }
  });

  it('the queue clock queries the two review queues and nothing else', () => {
    expect(grantOf(api.notifications.queueClock)).toEqual({
      reads: [],
      writes: [],
      indexes: { reviewQueue: [...QUEUE_CLOCK_KEYS.indexes.reviewQueue].sort() },
    });
  });

  /** Every statement of the function's role (not only its table statements). */
  const roleStatements = (fn: IFunction) => {
    const roleId = logicalIdIn(api, fn.role?.node.defaultChild);
    return resources(template, 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(
        ([, p]) =>
          p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
      );
  };
  it('the consumer puts events on its own bus only, and reads the stream', () => {
    const statements = roleStatements(api.notifications.consumer);
    const put = statements.filter((st) => JSON.stringify(st.Action).includes('events:'));
    expect(put).toHaveLength(1);
    expect(put[0]?.Action).toBe('events:PutEvents');
    expect(JSON.stringify(put[0]?.Resource)).toContain(
      logicalIdIn(api, api.notifications.bus.node.defaultChild),
    );
    const stream = statements.filter((st) => JSON.stringify(st.Action).includes('dynamodb:GetRecords'));
    expect(stream).toHaveLength(1);
    expect(JSON.stringify(stream[0]?.Resource)).toContain('StreamArn');
    // No other function may send email or put events.
    for (const [id, fn] of allFunctions()) {
      if (fn === api.notifications.consumer || fn === api.notifications.digestJob) continue;
      const policies = JSON.stringify(roleStatements(fn));
      expect(policies, id).not.toContain('ses:');
      expect(policies, id).not.toContain('events:PutEvents');
    }
  });
});

/**
 * The load benchmark's world and workload (bench/load.ts): a population of ambassadors and
 * approved ideas built through the API, then a stream of requests, each built when it is
 * sent, that should all succeed: profile reads, directory pages, lecture reports (each
 * unique and valid) and join requests (each a fresh ambassador–idea pair).
 */

import { interestIds } from '#domain/interests.ts';
import { governorates } from '#domain/regions.ts';
import { mulberry32 } from '#scripts/seed/random.ts';
import { type CallOptions, type HttpClient, httpClient } from './lib.ts';

export type Kind = 'profile' | 'directory' | 'lecture' | 'join';

export const KINDS: readonly Kind[] = ['profile', 'directory', 'lecture', 'join'];

export const KIND_LABEL: Record<Kind, string> = {
  profile: 'GET /ambassadors/{id}',
  directory: 'GET /ambassadors?…',
  lecture: 'POST /lectures',
  join: 'POST /ideas/{id}/join-requests',
};

/** Percent of the requests of each kind. */
export const MIX: Record<Kind, number> = { profile: 50, directory: 25, lecture: 15, join: 10 };

/** One cycle of 100 kinds in MIX's proportions, spread evenly (smooth weighted round robin). */
const cycle = (): Kind[] => {
  const current: Record<Kind, number> = { profile: 0, directory: 0, lecture: 0, join: 0 };
  const out: Kind[] = [];
  for (let i = 0; i < 100; i++) {
    for (const k of KINDS) current[k] += MIX[k];
    const pick = KINDS.reduce((a, b) => (current[b] > current[a] ? b : a));
    current[pick] -= 100;
    out.push(pick);
  }
  return out;
};

/** The seed's deterministic PRNG (mulberry32), so two runs send the same workload. */
const prng = mulberry32;

type Random = () => number;
const pick = <T>(rnd: Random, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
const shuffle = <T>(rnd: Random, xs: readonly T[]): T[] => {
  const s = [...xs];
  for (let i = s.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [s[i], s[j]] = [s[j] as T, s[i] as T];
  }
  return s;
};
const pickSome = <T>(rnd: Random, xs: readonly T[], n: number): T[] => shuffle(rnd, xs).slice(0, n);

export type Api = HttpClient;
export { httpClient as httpApi };

/**
 * A setup call as a careful client makes it: an Idempotency-Key on creating POSTs, and
 * retries of 503 after `Retry-After`. Counts the retries in `retries`.
 */
const setupCall = async (
  api: Api,
  retries: { count: number },
  what: string,
  method: string,
  path: string,
  opts: CallOptions & { status: number; idempotencyKey?: string },
) => {
  const headers = opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : undefined;
  for (let attempt = 1; ; attempt++) {
    const r = await api.call(method, path, { ...opts, ...(headers ? { headers } : {}) });
    if (r.status === opts.status) return r;
    if (r.status !== 503 || attempt >= 6)
      throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)} (attempt ${attempt})`);
    retries.count++;
    await new Promise((ok) => setTimeout(ok, 1000 * Number(r.headers.get('retry-after') ?? 1)));
  }
};

/** Runs `fn` over `items`, `concurrency` at a time. */
export const pool = async <T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (x: T, i: number) => Promise<R>,
) => {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
};

const FIRST = ['Aisha', 'Ahmed', 'Fatma', 'Said', 'Maryam', 'Khalid', 'Salim', 'Zainab', 'Hamad', 'Muna'];
const FIRST_AR = ['أحمد', 'فاطمة', 'سالم', 'مريم', 'خالد', 'زينب', 'يوسف', 'ليلى'];
const FAMILY = ['Al-Harthy', 'Al-Balushi', 'Al-Busaidi', 'Al-Rawahi', 'Al-Kindi', 'Al-Hinai', 'Al-Maskari'];
const FAMILY_AR = ['البلوشي', 'الحارثي', 'الكندي', 'الهنائي', 'الرواحي'];

export interface Member {
  id: string;
  token: string;
  name: string;
  governorate: string;
  wilayat: string;
  interests: string[];
}

export interface Idea {
  id: string;
  authorId: string;
}

export interface World {
  members: Member[];
  ideas: Idea[];
  /** Setup calls answered 503 and sent again. */
  retries: number;
}

/** Registers `ambassadors` ambassadors across the governorates; the first `ideas` each get an approved idea. */
export const buildWorld = async (
  api: Api,
  opts: { ambassadors: number; ideas: number; teamSize: number; seed: number },
): Promise<World> => {
  const rnd = prng(opts.seed);
  const retries = { count: 0 };
  const profiles = Array.from({ length: opts.ambassadors }, (_, i) => {
    const g = governorates[i % governorates.length]!;
    const arabic = i % 3 === 2;
    return {
      sub: `load-amb-${String(i).padStart(4, '0')}`,
      name: arabic
        ? `${pick(rnd, FIRST_AR)} ${pick(rnd, FAMILY_AR)}`
        : `${pick(rnd, FIRST)} ${pick(rnd, FAMILY)}`,
      governorate: g.id,
      wilayat: pick(rnd, g.wilayats).id,
      interests: pickSome(rnd, interestIds, 1 + Math.floor(rnd() * 3)),
    };
  });
  const members = await pool(profiles, 8, async (p) => {
    const token = await api.token(p.sub);
    const { sub, ...profile } = p;
    const body = { ...profile, bio: 'Ambassador of the load benchmark.', languages: ['ar', 'en'] };
    await setupCall(api, retries, 'register', 'POST', '/ambassadors', {
      token,
      body,
      status: 201,
      idempotencyKey: `register-${sub}`,
    });
    return { id: sub, token, ...profile };
  });
  const staff = await api.token('load-staff', ['staff']);
  const ideas = await pool(members.slice(0, opts.ideas), 8, async (m, i) => {
    const tag = m.interests[0]!;
    const body = {
      title: `Load benchmark idea ${i}: a ${tag} pilot`,
      summary: `A pilot project on ${tag} in ${m.wilayat}, open to many ambassadors.`,
      city: m.wilayat,
      tags: [tag],
      missions: ['engagement'],
      teamSize: opts.teamSize,
    };
    const submitted = await setupCall(api, retries, 'submit idea', 'POST', '/ideas', {
      token: m.token,
      body,
      status: 201,
      idempotencyKey: `idea-${i}`,
    });
    const id = submitted.body.id as string;
    // A decision is not idempotent: a retry of one that went through is 409, so check the state.
    await setupCall(api, retries, 'approve idea', 'POST', `/staff/ideas/${id}/decision`, {
      token: staff,
      body: { decision: 'approve' },
      status: 200,
    }).catch(async (err) => {
      const now = await api.call('GET', `/ideas/${id}`, { token: staff });
      if (now.body?.status !== 'approved') throw err;
    });
    return { id, authorId: m.id };
  });
  return { members, ideas, retries: retries.count };
};

/** Today in Oman (UTC+4), or `daysAgo` days before it. */
const omanDate = (daysAgo: number) =>
  new Date(Date.now() + 4 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);

const AUDIENCES = ['school', 'university', 'public', 'government', 'private_sector'] as const;

export interface Request {
  kind: Kind;
  method: 'GET' | 'POST';
  path: string;
  token: string;
  body?: string;
  /** What identifies a write in the table afterwards: a lecture's title, a join request's idea and ambassador. */
  key?: string;
}

/**
 * The request stream: kinds in MIX's proportions, targets drawn at random from the world.
 * Join requests take ambassador–idea pairs from a shuffled queue of every pair (the author
 * excluded), so none repeats; `exhausted` counts the join slots sent as profile reads instead.
 */
export const workload = (world: World, seed: number) => {
  const rnd = prng(seed);
  const kinds = cycle();
  const { members, ideas } = world;
  const byId = new Map(members.map((m) => [m.id, m]));
  const pairs = shuffle(
    rnd,
    ideas.flatMap((idea) =>
      members.filter((m) => m.id !== idea.authorId).map((m) => ({ idea: idea.id, member: m.id })),
    ),
  );
  const prefixes = [...new Set(members.flatMap((m) => m.name.split(/[\s-]+/).map((w) => w.slice(0, 3))))];
  let n = 0;
  let lectures = 0;
  let joins = 0;
  const state = { exhausted: 0, pairs: pairs.length };

  const profile = (): Request => ({
    kind: 'profile',
    method: 'GET',
    path: `/ambassadors/${pick(rnd, members).id}`,
    token: pick(rnd, members).token,
  });

  const directory = (): Request => {
    const m = pick(rnd, members);
    const q = new URLSearchParams({ limit: '20' });
    const variant = n % 4;
    if (variant === 0) q.set('governorate', m.governorate);
    else if (variant === 1) q.set('interest', pick(rnd, interestIds));
    else if (variant === 2) q.set('q', pick(rnd, prefixes).slice(0, 2 + Math.floor(rnd() * 2)));
    else {
      q.set('governorate', m.governorate);
      q.set('interest', pick(rnd, m.interests));
    }
    return { kind: 'directory', method: 'GET', path: `/ambassadors?${q}`, token: pick(rnd, members).token };
  };

  const lecture = (): Request => {
    const m = pick(rnd, members);
    const topic = pick(rnd, interestIds);
    const title = `Load benchmark lecture ${++lectures} on ${topic}`;
    const online = rnd() < 0.25;
    const body = {
      title,
      topic,
      description: 'An awareness session of the load benchmark.',
      deliveredOn: omanDate(1 + Math.floor(rnd() * 60)),
      ...(online
        ? { format: 'online' }
        : { format: 'in_person', governorate: m.governorate, wilayat: m.wilayat, venue: 'Community hall' }),
      audience: pick(rnd, AUDIENCES),
      attendees: 1 + Math.floor(rnd() * 300),
      evidenceUrls: ['https://example.om/photo.jpg'],
    };
    return {
      kind: 'lecture',
      method: 'POST',
      path: '/lectures',
      token: m.token,
      body: JSON.stringify(body),
      key: title,
    };
  };

  const join = (): Request => {
    const pair = pairs[joins++];
    if (!pair) {
      state.exhausted++;
      return profile();
    }
    const body = { message: 'I would like to help with this project.', role: 'volunteer' };
    return {
      kind: 'join',
      method: 'POST',
      path: `/ideas/${pair.idea}/join-requests`,
      token: byId.get(pair.member)!.token,
      body: JSON.stringify(body),
      key: `${pair.idea}|${pair.member}`,
    };
  };

  const build: Record<Kind, () => Request> = { profile, directory, lecture, join };
  return {
    state,
    next: (): Request => build[kinds[n++ % kinds.length]!](),
  };
};

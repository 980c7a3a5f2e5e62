import { describe, expect, it } from 'vitest';
import { DomainError } from '#domain/errors.ts';
import {
  isNotificationGroup,
  notificationsQuerySchema,
  notificationView,
  oldestWaitingSeconds,
  type PreferencesRepo,
  READ_RETENTION_SECONDS,
  readExpiresAt,
  readRequestSchema,
  savePreferencesCase,
  unsubscribeBodySchema,
  unsubscribeCase,
  unsubscribed,
  type VersionedPreferences,
} from '#domain/inbox.ts';
import { DEFAULT_PREFERENCES, type Preferences } from '#domain/notifications.ts';

const entry = {
  id: '01JABCDEF',
  type: 'idea.approved' as const,
  at: '2026-11-28T10:15:00.000Z',
  read: false,
  subject: { type: 'idea' as const, id: 'i1', path: '/ideas/i1' },
  subjectTitle: 'Smart bins',
};

describe('the inbox query', () => {
  it('takes unread=true|false with paging, and nothing else', () => {
    expect(notificationsQuerySchema.safeParse({ unread: 'true', limit: '5' }).data).toEqual({
      unread: 'true',
      limit: 5,
    });
    expect(notificationsQuerySchema.safeParse({ unread: 'yes' }).success).toBe(false);
    expect(notificationsQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
    expect(notificationsQuerySchema.safeParse({ sort: 'asc' }).success).toBe(false);
  });
});

describe('marking read', () => {
  it('takes exactly one of ids (1–100 strings) and all: true', () => {
    expect(readRequestSchema.safeParse({ ids: ['a', 'b'] }).success).toBe(true);
    expect(readRequestSchema.safeParse({ all: true }).success).toBe(true);
    expect(readRequestSchema.safeParse({ all: false }).success).toBe(false);
    expect(readRequestSchema.safeParse({ ids: ['a'], all: true }).success).toBe(false);
    expect(readRequestSchema.safeParse({ ids: [] }).success).toBe(false);
    expect(readRequestSchema.safeParse({ ids: [1] }).success).toBe(false);
    expect(readRequestSchema.safeParse({ ids: Array.from({ length: 101 }, (_, i) => `n${i}`) }).success).toBe(
      false,
    );
    expect(readRequestSchema.safeParse({ ids: Array.from({ length: 100 }, (_, i) => `n${i}`) }).success).toBe(
      true,
    );
    expect(readRequestSchema.safeParse({}).success).toBe(false);
  });

  it('lets a read notification expire 90 days after it was read', () => {
    const now = new Date('2026-12-01T00:00:00.000Z');
    expect(readExpiresAt(now)).toBe(Date.parse('2027-03-01T00:00:00.000Z') / 1000);
    expect(READ_RETENTION_SECONDS).toBe(90 * 86_400);
  });
});

describe('a notification as read', () => {
  it('renders title and body in the language asked for, the subject title isolated', () => {
    const en = notificationView(entry, 'en');
    expect(en).toEqual({
      id: entry.id,
      type: 'idea.approved',
      at: entry.at,
      read: false,
      title: 'Your idea was approved',
      body: 'The platform team approved your idea \u2068Smart bins\u2069; everyone can now see it.',
      subject: entry.subject,
    });
    const ar = notificationView({ ...entry, read: true }, 'ar');
    expect(ar.title).toBe('تمت الموافقة على فكرتك');
    expect(ar.body).toContain('\u2068Smart bins\u2069');
    expect(ar.read).toBe(true);
  });
});

describe('unsubscribing', () => {
  it("turns that group's email off and nothing else", () => {
    const next = unsubscribed(DEFAULT_PREFERENCES, 'team');
    expect(next).toEqual({
      ...DEFAULT_PREFERENCES,
      email: { ...DEFAULT_PREFERENCES.email, team: 'off' },
    });
    expect(DEFAULT_PREFERENCES.email.team).toBe('digest');
  });

  it('changes nothing when the group is already off', () => {
    const off = { ...DEFAULT_PREFERENCES, email: { ...DEFAULT_PREFERENCES.email, reviews: 'off' as const } };
    expect(unsubscribed(off, 'reviews')).toBeUndefined();
  });

  it('accepts no body, {} and the one-click body only', () => {
    expect(unsubscribeBodySchema.safeParse(undefined).success).toBe(true);
    expect(unsubscribeBodySchema.safeParse({}).success).toBe(true);
    expect(unsubscribeBodySchema.safeParse({ 'List-Unsubscribe': 'One-Click' }).success).toBe(true);
    expect(unsubscribeBodySchema.safeParse({ 'List-Unsubscribe': 'Two-Clicks' }).success).toBe(false);
    expect(unsubscribeBodySchema.safeParse({ other: 'x' }).success).toBe(false);
  });

  it('knows the groups', () => {
    expect(isNotificationGroup('showcase')).toBe(true);
    expect(isNotificationGroup('marketing')).toBe(false);
  });
});

describe('queue ages', () => {
  const now = new Date('2026-12-01T12:00:00.000Z');
  it('is 0 for an empty queue', () => {
    expect(oldestWaitingSeconds(undefined, now)).toBe(0);
  });
  it('is the whole seconds since the oldest item, never negative', () => {
    expect(oldestWaitingSeconds('2026-12-01T11:00:00.500Z', now)).toBe(3599);
    expect(oldestWaitingSeconds('2026-11-29T12:00:00.000Z', now)).toBe(48 * 3600);
    expect(oldestWaitingSeconds('2026-12-01T12:00:05.000Z', now)).toBe(0);
  });
});

/** Preferences kept in memory, with a version check like the store's; `interfere` runs before a write. */
const memoryRepo = (start?: VersionedPreferences, interfere?: () => void) => {
  let stored = start;
  const writes: number[] = [];
  const repo: PreferencesRepo = {
    read: async () => stored ?? { preferences: DEFAULT_PREFERENCES, version: 0 },
    write: async (_sub, previous, next) => {
      interfere?.();
      if ((stored?.version ?? 0) !== previous) return 'changed';
      stored = { preferences: next, version: previous + 1 };
      writes.push(previous + 1);
      return 'ok';
    },
  };
  return {
    repo,
    writes,
    stored: () => stored,
    set: (v: VersionedPreferences) => {
      stored = v;
    },
  };
};
const deps = (repo: PreferencesRepo) => ({ preferences: repo, now: () => new Date('2026-12-01T00:00:00Z') });
const english: Preferences = { ...DEFAULT_PREFERENCES, language: 'en' };

describe('saving preferences', () => {
  it('writes the whole object as the next version, from the defaults at 0', async () => {
    const m = memoryRepo();
    expect(await savePreferencesCase(deps(m.repo), 'u1', english, undefined)).toEqual({
      preferences: english,
      version: 1,
    });
    expect(await savePreferencesCase(deps(m.repo), 'u1', DEFAULT_PREFERENCES, [1])).toEqual({
      preferences: DEFAULT_PREFERENCES,
      version: 2,
    });
  });

  it('refuses a stale If-Match with 412 and writes nothing', async () => {
    const m = memoryRepo({ preferences: english, version: 3 });
    await expect(savePreferencesCase(deps(m.repo), 'u1', DEFAULT_PREFERENCES, [2])).rejects.toMatchObject({
      code: 'version_mismatch',
    });
    expect(m.writes).toEqual([]);
  });

  it('a write landing between the read and this one: without If-Match, decided again; with it, 412', async () => {
    let once = true;
    const m = memoryRepo({ preferences: english, version: 1 }, () => {
      if (once) m.set({ preferences: english, version: 2 });
      once = false;
    });
    expect((await savePreferencesCase(deps(m.repo), 'u1', DEFAULT_PREFERENCES, undefined)).version).toBe(3);
    once = true;
    const err = await savePreferencesCase(deps(m.repo), 'u1', english, [3]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('version_mismatch');
  });
});

describe('the unsubscribe case', () => {
  it('turns the group off as a new version; a second time writes nothing', async () => {
    const m = memoryRepo({ preferences: english, version: 4 });
    const first = await unsubscribeCase(deps(m.repo), 'u1', 'team');
    expect(first).toEqual({
      preferences: { ...english, email: { ...english.email, team: 'off' } },
      version: 5,
    });
    const again = await unsubscribeCase(deps(m.repo), 'u1', 'team');
    expect(again.version).toBe(5);
    expect(m.writes).toEqual([5]);
  });

  it('from the defaults, stores them with that group off', async () => {
    const m = memoryRepo();
    await unsubscribeCase(deps(m.repo), 'u1', 'challenges');
    expect(m.stored()).toEqual({
      preferences: { ...DEFAULT_PREFERENCES, email: { ...DEFAULT_PREFERENCES.email, challenges: 'off' } },
      version: 1,
    });
  });
});

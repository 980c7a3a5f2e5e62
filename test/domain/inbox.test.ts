import { describe, expect, it } from 'vitest';
import {
  isNotificationGroup,
  notificationsQuerySchema,
  notificationView,
  oldestWaitingSeconds,
  READ_RETENTION_SECONDS,
  readExpiresAt,
  readRequestSchema,
  unsubscribeBodySchema,
  unsubscribed,
} from '#domain/inbox.ts';
import { DEFAULT_PREFERENCES } from '#domain/notifications.ts';

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

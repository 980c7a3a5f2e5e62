/**
 * The contract as clients use it: the generated types and openapi-fetch. TypeScript checks
 * every path, parameter and body below against openapi.json (`npm test` type-checks first),
 * and test/support checks nothing here; the document itself is checked by the other suites.
 */
import { describe, expect, it } from 'vitest';
import { createApiClient } from '#client/index.ts';
import { baseUrl, omanDate, staffToken, token, uniqueSub } from '#support/api.ts';

describe('the typed client', () => {
  it('registers, reports a lecture, gets it verified, and reads the results', async () => {
    const sub = uniqueSub('typed');
    const t = await token(sub);
    const me = createApiClient({ baseUrl: baseUrl(), token: () => t, lang: 'ar' });
    const staff = createApiClient({ baseUrl: baseUrl(), token: await staffToken().then((s) => () => s) });
    const guest = createApiClient({ baseUrl: baseUrl() });

    const registered = await me.POST('/ambassadors', {
      body: { name: 'سالم الحارثي', governorate: 'OM-SS', wilayat: 'ibra', interests: ['education'] },
      params: { header: { 'Idempotency-Key': `typed-${sub}` } },
    });
    expect(registered.response.status).toBe(201);
    expect(registered.data?.id).toBe(sub);

    const profile = await me.GET('/ambassadors/me');
    expect(profile.data?.email).toBe(`${sub}@example.om`);

    const bad = await me.POST('/lectures', {
      body: {
        title: 'Too short',
        topic: 'education',
        deliveredOn: omanDate(-2),
        audience: 'school',
        attendees: 0,
      },
    });
    expect(bad.response.status).toBe(400);
    expect(bad.error && 'code' in bad.error ? bad.error.code : undefined).toBe('validation_failed');

    const lecture = await me.POST('/lectures', {
      body: {
        title: 'المدن الذكية في إبراء',
        topic: 'education',
        deliveredOn: omanDate(1),
        governorate: 'OM-SS',
        wilayat: 'ibra',
        audience: 'school',
        attendees: 60,
      },
    });
    const id = lecture.data?.id ?? '';
    expect(lecture.data?.status).toBe('reported');

    const review = await staff.POST('/staff/lectures/{id}/review', {
      params: { path: { id } },
      body: { decision: 'verify', verifiedAttendees: 55 },
    });
    expect(review.data?.verifiedAttendees).toBe(55);

    const list = await me.GET('/lectures', { params: { query: { organizer: sub, limit: 5 } } });
    expect(list.data?.items.map((l) => l.id)).toEqual([id]);
    const community = await guest.GET('/communities/{id}', { params: { path: { id: 'OM-SS' } } });
    expect(community.data?.recentLectures.map((l) => l.id)).toContain(id);
    const board = await guest.GET('/leaderboards/{board}', {
      params: { path: { board: 'lectures' }, query: { period: 'all' } },
    });
    expect(board.response.status).toBe(200);
    const unauthorized = await guest.GET('/ambassadors/me');
    expect(unauthorized.response.status).toBe(401);
  });
});

import { lectureFlags } from '#domain/checkin.ts';
import { http } from '#http/kit.ts';
import { lectureQueueRoute } from '#http/routes/lectures.ts';
import { withWaiting } from '#http/waiting.ts';
import { checkInCountsOf } from '#store/checkins.ts';
import { listReviewQueue } from '#store/lectures.ts';

export const handler = http(lectureQueueRoute, async ({ query, now }) => {
  const page = await listReviewQueue(query);
  // The check-in counters of the page's lectures that offered check-in (§12), one BatchGetItem.
  const counts = await checkInCountsOf(page.items.filter((l) => l.startsAt).map((l) => l.id));
  const items = page.items.map((l) => {
    const c = counts.get(l.id);
    const flags = lectureFlags({
      attendees: l.attendees,
      checkInOffered: l.startsAt !== undefined,
      checkedIn: c?.checkedIn ?? 0,
      guestCheckIns: c?.guestCheckIns ?? 0,
      largestBucket: c?.largestBucket ?? 0,
      returning: c?.returning ?? 0,
    });
    return { ...l, ...(c ? { checkedIn: c.checkedIn, guestCheckIns: c.guestCheckIns } : {}), flags };
  });
  return { body: { ...page, items: withWaiting(items, (l) => l.reportedAt, now) } };
});

/** Lecture item types: the lecture and its public list entries. */
import { type Lecture, type PublicLecture, publicLecture } from '#domain/lectures.ts';
import { entity, type Key, listings, owned, queue } from './define.ts';

const partition = (id: string) => `LECT#${id}`;

/** The `listings` partition of scheduled lectures (AP46): sparse, only while `scheduled`. */
export const UPCOMING_PARTITION = 'UPCOMING#lectures';

/**
 * AP4, AP6, AP7, AP46. The lecture; in the review queue only while it waits for review, in
 * the upcoming list (by `startsAt`) only while scheduled.
 */
export const lectureEntity = entity({
  type: 'Lecture',
  key: (id: string): Key => ({ pk: partition(id), sk: 'LECTURE' }),
  keyOf: (l: Lecture) => [l.id],
  attributes: (l: Lecture) => ({
    ...l,
    ...owned.keys(l.organizerId, 'LECT', l.reportedAt, l.id),
    ...(l.status === 'reported' ? queue.keys('lectures', l.reportedAt, l.id) : {}),
    ...(l.status === 'scheduled' && l.startsAt
      ? listings.keys(UPCOMING_PARTITION, `${l.startsAt}#${l.id}`)
      : {}),
  }),
});

/** The `listings` partition of one public list of verified lectures. */
export const lectureListPartition = (facet: string): string => `LECTS#${facet}`;

/** AP5. A verified lecture's entry in one public list (newest first): a public copy (§10). */
export const lectureListingEntity = entity({
  type: 'LectureListing',
  key: (lectureId: string, facet: string): Key => ({ pk: partition(lectureId), sk: `LIST#${facet}` }),
  keyOf: (e: { lecture: Lecture; facet: string }) => [e.lecture.id, e.facet],
  attributes: (e: { lecture: Lecture; facet: string }) => ({
    ...listings.keys(lectureListPartition(e.facet), `${e.lecture.deliveredOn}#${e.lecture.id}`),
    // Neither the reviewer nor the internal note.
    lecture: publicLecture(e.lecture) as PublicLecture,
  }),
});

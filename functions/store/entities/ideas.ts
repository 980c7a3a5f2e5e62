/**
 * The idea area's item types: the idea, its public list entries, its showcase entry, its
 * audit trail, comments, join requests and memberships. All of them live in the idea's
 * item collection (IDEA#<id>), so one Query reads any of them by sort key prefix.
 */
import type { AuditEntry, Idea } from '#domain/ideas.ts';
import { showcaseItem } from '#domain/showcase.ts';
import type { Comment, JoinRequest, Membership } from '#domain/teams.ts';
import { entity, type Key, listings, owned, queue } from './define.ts';

/** The partition of one idea's item collection. */
export const IDEA_PREFIX = 'IDEA#';
export const ideaPartition = (id: string): string => `${IDEA_PREFIX}${id}`;

/** AP17, AP19, AP20. The idea; in the staff queue only while submitted. */
export const ideaEntity = entity({
  type: 'Idea',
  key: (id: string): Key => ({ pk: ideaPartition(id), sk: 'IDEA' }),
  keyOf: (i: Idea) => [i.id],
  attributes: (i: Idea) => ({
    ...i,
    ...owned.keys(i.authorId, 'IDEA', i.createdAt, i.id),
    // Waiting since the last (re)submission.
    ...(i.status === 'submitted' ? queue.keys('ideas', i.submittedAt, i.id) : {}),
  }),
});

/** The `listings` partition of one public list of ideas. */
export const ideaListPartition = (facet: string): string => `IDEAS#${facet}`;

/** What a list shows of an idea. */
const listView = (i: Idea) => {
  const { outcome: _o, links: _l, decisionNote: _d, ...rest } = i;
  return rest;
};

/** AP18. A public idea's entry in one list (newest first): a copy, written with the idea. */
export const ideaListingEntity = entity({
  type: 'IdeaListing',
  key: (ideaId: string, facet: string): Key => ({ pk: ideaPartition(ideaId), sk: `LIST#${facet}` }),
  keyOf: (e: { idea: Idea; facet: string }) => [e.idea.id, e.facet],
  attributes: (e: { idea: Idea; facet: string }) => ({
    ...listings.keys(ideaListPartition(e.facet), `${e.idea.createdAt}#${e.idea.id}`),
    idea: listView(e.idea),
  }),
});

/** The `listings` partition of the showcase. */
export const SHOWCASE_PARTITION = 'SHOWCASE';

/** AP25, AP26. A featured project's showcase entry (newest feature first): a copy of the idea. */
export const showcaseEntity = entity({
  type: 'ShowcaseEntry',
  key: (ideaId: string): Key => ({ pk: ideaPartition(ideaId), sk: 'FEATURE' }),
  keyOf: (e: { idea: Idea; featuredAt: string }) => [e.idea.id],
  attributes: (e: { idea: Idea; featuredAt: string }) => ({
    ...listings.keys(SHOWCASE_PARTITION, `${e.featuredAt}#${e.idea.id}`),
    item: showcaseItem(e.idea),
  }),
});

/** The sort key prefix of an idea's audit trail (AP21 reads it with begins_with). */
export const AUDIT_PREFIX = 'AUDIT#';

/** AP21. One entry of an idea's append-only audit trail, time-ordered by its ulid. */
export const auditEntity = entity({
  type: 'IdeaAudit',
  key: (ideaId: string, id: string): Key => ({ pk: ideaPartition(ideaId), sk: `${AUDIT_PREFIX}${id}` }),
  keyOf: (a: { ideaId: string; id: string; entry: AuditEntry }) => [a.ideaId, a.id],
  attributes: (a: { ideaId: string; id: string; entry: AuditEntry }) => a.entry,
});

/** The sort key prefix of an idea's comments (AP22). */
export const COMMENT_PREFIX = 'COMMENT#';

/** AP22. A comment; its ulid id sorts an idea's comments oldest first. Listed under its author. */
export const commentEntity = entity({
  type: 'Comment',
  key: (ideaId: string, commentId: string): Key => ({
    pk: ideaPartition(ideaId),
    sk: `${COMMENT_PREFIX}${commentId}`,
  }),
  keyOf: (c: Comment) => [c.ideaId, c.id],
  attributes: (c: Comment) => ({ ...c, ...owned.keys(c.authorId, 'COMMENT', c.createdAt, c.id) }),
});

/** The sort key prefix of an idea's join requests (AP24). */
export const JOIN_PREFIX = 'JOIN#';

/** AP24, AP28. One ambassador's request to join an idea's team; listed under the requester. */
export const joinRequestEntity = entity({
  type: 'JoinRequest',
  key: (ideaId: string, ambassadorId: string): Key => ({
    pk: ideaPartition(ideaId),
    sk: `${JOIN_PREFIX}${ambassadorId}`,
  }),
  keyOf: (r: JoinRequest) => [r.ideaId, r.ambassadorId],
  attributes: (r: JoinRequest) => ({ ...r, ...owned.keys(r.ambassadorId, 'JOIN', r.createdAt, r.ideaId) }),
});

/** The sort key prefix of an idea's team (AP23). */
export const MEMBER_PREFIX = 'MEMBER#';

/** AP23, AP28. One member of an idea's team; listed under the member. */
export const memberEntity = entity({
  type: 'Membership',
  key: (ideaId: string, ambassadorId: string): Key => ({
    pk: ideaPartition(ideaId),
    sk: `${MEMBER_PREFIX}${ambassadorId}`,
  }),
  keyOf: (m: Membership) => [m.ideaId, m.ambassadorId],
  attributes: (m: Membership) => ({ ...m, ...owned.keys(m.ambassadorId, 'MEMBER', m.joinedAt, m.ideaId) }),
});

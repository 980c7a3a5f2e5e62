/**
 * An idea's comments in the table (item type in entities/ideas.ts). Access patterns:
 * - AP22 an idea's comments, oldest first: Query IDEA#<id>, begins_with(sk, COMMENT#)
 * - one comment: GetItem IDEA#<id> / COMMENT#<commentId>
 * A comment is added while its idea is public (a condition of the same transaction), and
 * hidden by staff not on the idea's team (conflict of interest, §10, also a condition). A
 * reply carries its `comment.replied` event in the same transaction (AP32).
 */
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEntry, type Idea, publicStatuses } from '#domain/ideas.ts';
import type { DomainEvent } from '#domain/notifications.ts';
import type { CommentOutcome, HideOutcome, IdeaRepo, Outcome } from '#domain/ports.ts';
import type { Comment } from '#domain/teams.ts';
import { db, TABLE } from './client.ts';
import { asRequest, condition, statusIn } from './conditions.ts';
import { creationTransaction } from './creation.ts';
import { primary, strip } from './entities/define.ts';
import { COMMENT_PREFIX, commentEntity, ideaEntity, ideaPartition, memberEntity } from './entities/ideas.ts';
import { eventItem } from './events.ts';
import { absent, auditPut } from './idea-shared.ts';
import { type PageQuery, queryPage } from './paging.ts';
import { transact, writeIf } from './transact.ts';

/** The comment being answered is there and not hidden. */
const answerable = condition(
  'attribute_exists(pk) AND attribute_not_exists(#hidden)',
  {},
  { '#hidden': 'hidden' },
);

const addComment = async (idea: Idea, c: Comment, event?: DomainEvent): Promise<CommentOutcome> => {
  const { failed } = await creationTransaction(
    [
      {
        name: 'idea',
        item: {
          ConditionCheck: {
            TableName: TABLE,
            Key: ideaEntity.key(idea.id),
            ...asRequest(statusIn(publicStatuses)),
          },
        },
      },
      {
        name: 'comment',
        item: { Put: { TableName: TABLE, Item: commentEntity.item(c), ...asRequest(absent) } },
      },
      ...(c.replyTo
        ? [
            {
              name: 'parent' as const,
              item: {
                ConditionCheck: {
                  TableName: TABLE,
                  Key: commentEntity.key(c.ideaId, c.replyTo),
                  ...asRequest(answerable),
                },
              },
            },
          ]
        : []),
      ...(event ? [{ name: 'event' as const, item: eventItem(event) }] : []),
    ],
    { body: c, id: c.id, version: c.version },
  );
  if (failed.has('parent')) return 'parent_missing';
  if (failed.has('idea')) return 'idea_closed';
  // A new ulid that an existing comment holds: nothing the case can decide on.
  return failed.has('comment') ? 'changed' : 'ok';
};

/** AP31: one comment of an idea. */
const getComment = async (
  ideaId: string,
  commentId: string,
  consistent = false,
): Promise<Comment | undefined> => {
  const out = await db.send(
    new GetCommand({
      TableName: TABLE,
      Key: commentEntity.key(ideaId, commentId),
      ConsistentRead: consistent,
    }),
  );
  return out.Item ? strip<Comment>(out.Item) : undefined;
};

const deleteComment = (c: Comment): Promise<Outcome> =>
  writeIf(() =>
    db.send(
      new DeleteCommand({
        TableName: TABLE,
        Key: commentEntity.key(c.ideaId, c.id),
        ...asRequest(condition('authorId = :a', { ':a': c.authorId })),
      }),
    ),
  );

/**
 * Hides a comment, with conflict of interest (§10) as a condition of the same transaction:
 * the staff member is not on the team (no MEMBER#<staffId>), so a join accepted since the
 * use case's check still refuses the hide. (The author never changes: the use case checks it.)
 */
const hideCommentAsStaff = async (c: Comment, audit: AuditEntry, staffId: string): Promise<HideOutcome> => {
  const { failed } = await transact([
    {
      name: 'comment',
      item: {
        Update: {
          TableName: TABLE,
          Key: commentEntity.key(c.ideaId, c.id),
          // The version moves, so the ETag the hide answers names the hidden comment.
          UpdateExpression: 'SET #hidden = :t, hiddenAt = :at, hiddenBy = :by, version = version + :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#hidden': 'hidden' },
          ExpressionAttributeValues: { ':t': true, ':at': audit.at, ':by': audit.by, ':one': 1 },
        },
      },
    },
    { name: 'audit', item: auditPut(c.ideaId, audit) },
    {
      name: 'staffNotOnTeam',
      item: {
        ConditionCheck: { TableName: TABLE, Key: memberEntity.key(c.ideaId, staffId), ...asRequest(absent) },
      },
    },
  ]);
  if (failed.has('staffNotOnTeam')) return 'conflict_of_interest';
  if (failed.has('comment')) return 'gone';
  return 'ok';
};

/** The comment part of the idea port (functions/store/ideas.ts assembles the whole). */
export const commentRepo = {
  addComment,
  getComment,
  deleteComment,
  hideCommentAsStaff,
} satisfies Pick<IdeaRepo, 'addComment' | 'getComment' | 'deleteComment' | 'hideCommentAsStaff'>;

/** AP22. Hidden comments are read but never returned. */
export const listComments = (ideaId: string, q: PageQuery) =>
  queryPage({
    fingerprint: `comments|${ideaId}`,
    input: primary.query(ideaPartition(ideaId), { beginsWith: COMMENT_PREFIX }),
    keyAttributes: primary.keyAttributes,
    limit: q.limit,
    cursor: q.cursor,
    filter: (i) => i.hidden !== true,
    map: (i) => strip<Comment>(i),
  });

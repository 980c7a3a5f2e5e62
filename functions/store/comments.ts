/**
 * An idea's comments in the table. Access patterns:
 * - AP22 an idea's comments, oldest first: Query IDEA#<id>, begins_with(sk, COMMENT#)
 * - one comment: GetItem IDEA#<id> / COMMENT#<commentId>
 * A comment is added while its idea is public (a condition of the same transaction), and
 * hidden by staff not on the idea's team (conflict of interest, §10, also a condition).
 */
import { DeleteCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, Idea } from '#domain/ideas.ts';
import type { HideOutcome, IdeaRepo } from '#domain/ports.ts';
import type { Comment } from '#domain/teams.ts';
import { db, TABLE } from './client.ts';
import { transactCreation } from './creation.ts';
import { conditional, failedConditions } from './errors.ts';
import { auditPut } from './idea-shared.ts';
import { strip, type TxItem } from './items.ts';
import { commentKey, ideaKey, memberKey, ownerPartition, ownerSortKey } from './keys.ts';
import { type PageQuery, queryPage } from './paging.ts';

const stillPublic = (idea: Idea): TxItem => ({
  ConditionCheck: {
    TableName: TABLE,
    Key: ideaKey(idea.id),
    ConditionExpression: '#s IN (:a, :i, :c)',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':a': 'approved', ':i': 'in_progress', ':c': 'completed' },
  },
});

const addComment = async (idea: Idea, c: Comment): Promise<'ok' | 'idea_changed' | 'parent_missing'> => {
  try {
    await transactCreation(
      {
        TransactItems: [
          stillPublic(idea),
          {
            Put: {
              TableName: TABLE,
              Item: {
                ...commentKey(c.ideaId, c.id),
                type: 'Comment',
                ...c,
                gsi2pk: ownerPartition(c.authorId),
                gsi2sk: ownerSortKey('COMMENT', c.createdAt, c.id),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...(c.replyTo
            ? [
                {
                  ConditionCheck: {
                    TableName: TABLE,
                    Key: commentKey(c.ideaId, c.replyTo),
                    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#hidden)',
                    ExpressionAttributeNames: { '#hidden': 'hidden' },
                  },
                },
              ]
            : []),
        ],
      },
      { body: c, id: c.id, version: c.version },
    );
    return 'ok';
  } catch (err) {
    const failed = failedConditions(err);
    if (failed.includes(2)) return 'parent_missing';
    if (failed.includes(0)) return 'idea_changed';
    throw err;
  }
};

const getComment = async (ideaId: string, commentId: string): Promise<Comment | undefined> => {
  const out = await db.send(new GetCommand({ TableName: TABLE, Key: commentKey(ideaId, commentId) }));
  return out.Item ? strip<Comment>(out.Item) : undefined;
};

const deleteComment = (c: Comment) =>
  conditional(() =>
    db.send(
      new DeleteCommand({
        TableName: TABLE,
        Key: commentKey(c.ideaId, c.id),
        ConditionExpression: 'authorId = :a',
        ExpressionAttributeValues: { ':a': c.authorId },
      }),
    ),
  );

/**
 * Hides a comment, with conflict of interest (§10) as a condition of the same transaction:
 * the staff member is not on the team (no MEMBER#<staffId>), so a join accepted since the
 * use case's check still refuses the hide. (The author never changes: the use case checks it.)
 */
const hideCommentAsStaff = async (c: Comment, audit: AuditEntry, staffId: string): Promise<HideOutcome> => {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: TABLE,
              Key: commentKey(c.ideaId, c.id),
              // The version moves, so the ETag the hide answers names the hidden comment.
              UpdateExpression: 'SET #hidden = :t, hiddenAt = :at, hiddenBy = :by, version = version + :one',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#hidden': 'hidden' },
              ExpressionAttributeValues: { ':t': true, ':at': audit.at, ':by': audit.by, ':one': 1 },
            },
          },
          auditPut(c.ideaId, audit),
          {
            ConditionCheck: {
              TableName: TABLE,
              Key: memberKey(c.ideaId, staffId),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return 'ok';
  } catch (err) {
    const failed = failedConditions(err);
    if (failed.includes(2)) return 'conflict_of_interest';
    if (failed.includes(0)) return 'gone';
    throw err;
  }
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
    input: {
      TableName: TABLE,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :c)',
      ExpressionAttributeValues: { ':p': ideaKey(ideaId).pk, ':c': 'COMMENT#' },
    },
    keyAttributes: ['pk', 'sk'],
    limit: q.limit,
    cursor: q.cursor,
    filter: (i) => i.hidden !== true,
    map: (i) => strip<Comment>(i),
  });

/**
 * The showcase in the table: one entry per featured project, written with its idea (the
 * idea's transactions carry it, functions/store/idea-writes.ts). Access patterns:
 * - AP25 the showcase, newest first: Query `listings`, gsi1pk = SHOWCASE
 * - AP26 a featured project: GetItem IDEA#<id> / FEATURE
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Idea } from '#domain/ideas.ts';
import { type ShowcaseItem, showcaseItem } from '#domain/showcase.ts';
import { db, TABLE } from './client.ts';
import type { TxItem } from './items.ts';
import { SHOWCASE_PARTITION, showcaseKey } from './keys.ts';
import { type PageQuery, queryPage } from './paging.ts';

/** The showcase entry follows the idea: present while featured, carrying its current state. */
export const showcaseWrites = (current: Idea | undefined, next: Idea): TxItem[] => {
  if (next.featured && (next.status === 'in_progress' || next.status === 'completed'))
    return [
      {
        Put: {
          TableName: TABLE,
          Item: {
            ...showcaseKey(next.id),
            type: 'ShowcaseEntry',
            gsi1pk: SHOWCASE_PARTITION,
            gsi1sk: `${next.featured.featuredAt}#${next.id}`,
            item: showcaseItem(next),
          },
        },
      },
    ];
  return current?.featured ? [{ Delete: { TableName: TABLE, Key: showcaseKey(next.id) } }] : [];
};

/** AP25 */
export const listShowcase = (q: PageQuery) =>
  queryPage({
    fingerprint: 'showcase',
    input: {
      TableName: TABLE,
      IndexName: 'listings',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': SHOWCASE_PARTITION },
      ScanIndexForward: false,
    },
    keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
    limit: q.limit,
    cursor: q.cursor,
    map: (i) => i.item as ShowcaseItem,
  });

/** AP26 */
export const getShowcaseItem = async (ideaId: string): Promise<ShowcaseItem | undefined> => {
  const out = await db.send(new GetCommand({ TableName: TABLE, Key: showcaseKey(ideaId) }));
  return out.Item?.item as ShowcaseItem | undefined;
};

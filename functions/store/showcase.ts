/**
 * The showcase in the table: one entry per featured project, written with its idea (the
 * idea's transactions carry it, functions/store/idea-shared.ts). Access patterns:
 * - AP25 the showcase, newest first: Query `listings`, gsi1pk = SHOWCASE
 * - AP26 a featured project: GetItem IDEA#<id> / FEATURE
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Idea } from '#domain/ideas.ts';
import type { ShowcaseItem } from '#domain/showcase.ts';
import { db, TABLE } from './client.ts';
import { listings } from './entities/define.ts';
import { SHOWCASE_PARTITION, showcaseEntity } from './entities/ideas.ts';
import type { TxItem } from './items.ts';
import { type PageQuery, queryPage } from './paging.ts';

/** The showcase entry follows the idea: present while featured, carrying its current state. */
export const showcaseWrites = (current: Idea | undefined, next: Idea): TxItem[] => {
  if (next.featured && (next.status === 'in_progress' || next.status === 'completed'))
    return [
      {
        Put: {
          TableName: TABLE,
          Item: showcaseEntity.item({ idea: next, featuredAt: next.featured.featuredAt }),
        },
      },
    ];
  return current?.featured ? [{ Delete: { TableName: TABLE, Key: showcaseEntity.key(next.id) } }] : [];
};

/** AP25 */
export const listShowcase = (q: PageQuery) =>
  queryPage({
    fingerprint: 'showcase',
    input: { ...listings.query(SHOWCASE_PARTITION), ScanIndexForward: false },
    keyAttributes: listings.keyAttributes,
    limit: q.limit,
    cursor: q.cursor,
    map: (i) => i.item as ShowcaseItem,
  });

/** AP26 */
export const getShowcaseItem = async (ideaId: string): Promise<ShowcaseItem | undefined> => {
  const out = await db.send(new GetCommand({ TableName: TABLE, Key: showcaseEntity.key(ideaId) }));
  return out.Item?.item as ShowcaseItem | undefined;
};

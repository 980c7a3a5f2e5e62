/** Pieces every store module writes with: transaction items, counters, and item clean-up. */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TABLE } from './client.ts';
import type { Key } from './keys.ts';

export type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Adds `values` to the counters of one item (created on first use); zero values are left out. */
export const counterAdd = (key: Key, type: string, values: Record<string, number>): TxItem[] => {
  const entries = Object.entries(values).filter(([, v]) => v !== 0);
  if (entries.length === 0) return [];
  return [
    {
      Update: {
        TableName: TABLE,
        Key: key,
        UpdateExpression: `SET #type = :type ADD ${entries.map(([k]) => `#${k} :${k}`).join(', ')}`,
        ExpressionAttributeNames: {
          '#type': 'type',
          ...Object.fromEntries(entries.map(([k]) => [`#${k}`, k])),
        },
        ExpressionAttributeValues: {
          ':type': type,
          ...Object.fromEntries(entries.map(([k, v]) => [`:${k}`, v])),
        },
      },
    },
  ];
};

const INTERNAL = /^(pk|sk|type|gsi\dpk|gsi\dsk)$/;

/** An item without its keys, index keys and entity type: what the domain knows of it. */
export const strip = <T>(item: Record<string, unknown>): T =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !INTERNAL.test(k))) as T;

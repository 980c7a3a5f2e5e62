/** Pieces every store module writes with: transaction items, counters, and item clean-up. */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TABLE } from './client.ts';
import type { Key } from './entities/define.ts';

export { strip } from './entities/define.ts';

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

/**
 * DynamoDB's price of a transaction, by its rules, for the capacity meter. DynamoDB itself
 * reports it; DynamoDB Local does not (it reports 2 units for a transaction of 2 or of 13
 * items alike), so locally the meter prices transactions here, and the benchmarks and the
 * capacity budget stay true to what AWS will bill.
 *
 * Rules: each item of TransactWriteItems costs 2 WCU per KB (Put: the item's size; Update,
 * Delete and ConditionCheck: the item's size is not in the request, so 1 KB, a floor); a Put
 * also writes each index whose key it carries (1 WCU per KB each: indexes project ALL).
 * TransactGetItems: 2 RCU per 4 KB item (1 unit each, as its size is unknown).
 */
import { tableDefinition } from './table.ts';

const INDEX_KEYS = Object.values(tableDefinition.indexes).map((i) => i.partitionKey);

/** An attribute value's size as DynamoDB counts it (close: numbers by digits). */
const valueBytes = (v: unknown): number => {
  if (v === null || v === undefined || typeof v === 'boolean') return 1;
  if (typeof v === 'string') return Buffer.byteLength(v);
  if (typeof v === 'number' || typeof v === 'bigint')
    return Math.ceil(String(v).replace(/[-.]/g, '').replace(/^0+/, '').length / 2) + 1;
  if (v instanceof Uint8Array) return v.byteLength;
  if (v instanceof Set) return [...v].reduce((s: number, x) => s + valueBytes(x), 0);
  if (Array.isArray(v)) return 3 + v.reduce((s: number, x) => s + 1 + valueBytes(x), 0);
  if (typeof v === 'object')
    return (
      3 +
      Object.entries(v as Record<string, unknown>).reduce(
        (s, [k, x]) => s + 1 + Buffer.byteLength(k) + valueBytes(x),
        0,
      )
    );
  return 1;
};

/** An item's size in bytes: attribute names plus values. */
export const storedItemBytes = (item: Record<string, unknown>): number =>
  Object.entries(item).reduce((s, [k, v]) => s + Buffer.byteLength(k) + valueBytes(v), 0);

interface TxWriteItem {
  Put?: { Item?: Record<string, unknown> };
  Update?: unknown;
  Delete?: unknown;
  ConditionCheck?: unknown;
}

export const transactWriteUnits = (items: readonly TxWriteItem[]): number =>
  items.reduce((sum, t) => {
    if (!t.Put?.Item) return sum + 2;
    const kb = Math.max(1, Math.ceil(storedItemBytes(t.Put.Item) / 1024));
    const indexes = INDEX_KEYS.filter((k) => t.Put?.Item?.[k] !== undefined).length;
    return sum + 2 * kb + indexes * kb;
  }, 0);

export const transactGetUnits = (items: readonly unknown[]): number => 2 * items.length;

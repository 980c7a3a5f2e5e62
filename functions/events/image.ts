/**
 * A stream record's image (DynamoDB's typed JSON, `{ "S": "…" }`) as plain values. The SDK's
 * `unmarshall` lives in a package the project does not depend on directly; the event item holds
 * strings, numbers, booleans, lists and maps only, and this reads exactly those (sets and binary
 * are refused: no event item has one).
 */
export type ImageValue =
  | { S: string }
  | { N: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { L: ImageValue[] }
  | { M: Record<string, ImageValue> };

const plain = (v: ImageValue): unknown => {
  if ('S' in v) return v.S;
  if ('N' in v) return Number(v.N);
  if ('BOOL' in v) return v.BOOL;
  if ('NULL' in v) return null;
  if ('L' in v) return v.L.map(plain);
  if ('M' in v) return fromImage(v.M);
  throw new Error(`An attribute type the event item never holds: ${Object.keys(v as object).join(',')}`);
};

export const fromImage = (image: Record<string, ImageValue>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(image).map(([k, v]) => [k, plain(v)]));

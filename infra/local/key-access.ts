/**
 * Least privilege by key, enforced locally (ENFORCE_KEY_ACCESS=1, which `npm start` sets):
 * the stand-in for IAM's `dynamodb:LeadingKeys` conditions (infra/constructs/bundled-function.ts).
 * A middleware on the store's DynamoDB client checks every command a route (or job) sends
 * against its declaration (#http/table-keys.ts) and refuses an undeclared one before it
 * reaches DynamoDB Local, as AWS would with AccessDeniedException; the gateway then answers
 * 500 naming the route and the key, so an under-declared route fails the e2e suite.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync } from 'node:fs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ResolvedTableKeys } from '#http/table-keys.ts';
import { type IndexName, tableDefinition } from '#store/table.ts';

export interface KeyScope {
  /** The route's operationId, or the job's name. */
  name: string;
  keys: ResolvedTableKeys;
  /** What was refused, in order. */
  violations: string[];
}

const scopes = new AsyncLocalStorage<KeyScope>();

/** Runs `fn` as `name` with `keys`: every command it sends is checked against them. */
export const withKeyAccess = <T>(name: string, keys: ResolvedTableKeys, fn: () => Promise<T>) => {
  const scope: KeyScope = { name, keys, violations: [] };
  return { scope, result: scopes.run(scope, fn) };
};

export const enforcing = (): boolean => process.env.ENFORCE_KEY_ACCESS === '1';

type Kind = 'read' | 'write' | 'index';
interface Access {
  kind: Kind;
  /** The partition key value asked for (the index's, for a Query on an index). */
  key: string;
  index?: IndexName;
  action: string;
}

/** A key attribute's value, marshalled (`{ S: … }`) or not. */
const text = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : v && typeof v === 'object' && 'S' in v
      ? String((v as { S: unknown }).S)
      : String(v);

const pkOf = (item: Record<string, unknown> | undefined) => text(item?.[tableDefinition.partitionKey]);

/** The partition key value a Query's key condition names (`<pk> = :value`). */
const queryPartition = (input: Record<string, unknown>, attribute: string): string => {
  const expression = String(input.KeyConditionExpression ?? '');
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  for (const m of expression.matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    const name = m[1]?.startsWith('#') ? names[m[1]] : m[1];
    if (name === attribute && m[2]) return text(values[m[2]]);
  }
  return `(no ${attribute} in the key condition)`;
};

const DOCUMENT_NAMES: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactWrite: 'TransactWriteItems',
  TransactGet: 'TransactGetItems',
};

/** Every item access of one DynamoDB command (commands without items: one refused access). */
export const accessesOf = (command: string, input: Record<string, unknown>): Access[] => {
  // The document client's names (GetCommand) as well as the service's (GetItemCommand).
  const name = command.replace(/Command$/, '');
  const action = DOCUMENT_NAMES[name] ?? name;
  switch (action) {
    case 'GetItem':
      return [{ kind: 'read', key: pkOf(input.Key as Record<string, unknown>), action }];
    case 'PutItem':
      return [{ kind: 'write', key: pkOf(input.Item as Record<string, unknown>), action }];
    case 'UpdateItem':
    case 'DeleteItem':
      return [{ kind: 'write', key: pkOf(input.Key as Record<string, unknown>), action }];
    case 'Query': {
      const index = input.IndexName as IndexName | undefined;
      if (!index) return [{ kind: 'read', key: queryPartition(input, tableDefinition.partitionKey), action }];
      const attribute = tableDefinition.indexes[index]?.partitionKey ?? '(unknown index)';
      return [{ kind: 'index', index, key: queryPartition(input, attribute), action }];
    }
    case 'BatchGetItem':
      return Object.values((input.RequestItems ?? {}) as Record<string, { Keys: Record<string, unknown>[] }>)
        .flatMap((r) => r.Keys)
        .map((k) => ({ kind: 'read', key: pkOf(k), action: 'BatchGetItem' }));
    case 'BatchWriteItem':
      return Object.values((input.RequestItems ?? {}) as Record<string, Record<string, unknown>[]>)
        .flat()
        .map((r) => {
          const put = r.PutRequest as { Item: Record<string, unknown> } | undefined;
          const del = r.DeleteRequest as { Key: Record<string, unknown> } | undefined;
          return { kind: 'write', key: pkOf(put?.Item ?? del?.Key), action: 'BatchWriteItem' };
        });
    case 'TransactWriteItems':
      return ((input.TransactItems ?? []) as Record<string, Record<string, unknown>>[]).map((t) => {
        if (t.ConditionCheck)
          return { kind: 'read', key: pkOf(t.ConditionCheck.Key as never), action: 'ConditionCheckItem' };
        if (t.Put) return { kind: 'write', key: pkOf(t.Put.Item as never), action: 'PutItem' };
        if (t.Update) return { kind: 'write', key: pkOf(t.Update.Key as never), action: 'UpdateItem' };
        return { kind: 'write', key: pkOf(t.Delete?.Key as never), action: 'DeleteItem' };
      });
    case 'TransactGetItems':
      return ((input.TransactItems ?? []) as { Get: { Key: Record<string, unknown> } }[]).map((t) => ({
        kind: 'read',
        key: pkOf(t.Get.Key),
        action: 'GetItem',
      }));
    default:
      // Scan, DescribeTable and the rest: never granted to a function.
      return [{ kind: 'read', key: '(none)', action: `${action} (never granted)` }];
  }
};

const allowed = (a: Access, keys: ResolvedTableKeys): boolean => {
  if (a.action.endsWith('(never granted)')) return false;
  const prefixes = a.kind === 'read' ? keys.reads : a.kind === 'write' ? keys.writes : keys.indexes[a.index!];
  return (prefixes ?? []).some((p) => a.key.startsWith(p));
};

/** What `keys` does not allow of the command, one sentence each (empty: all declared). */
export const undeclared = (
  command: string,
  input: Record<string, unknown>,
  keys: ResolvedTableKeys,
): string[] =>
  accessesOf(command, input)
    .filter((a) => !allowed(a, keys))
    .map((a) => `${a.action} ${a.kind === 'index' ? `on index ${a.index} ` : ''}${a.kind} of key ${a.key}`);

export class KeyAccessDenied extends Error {
  override name = 'AccessDeniedException';
}

let installed = false;

/**
 * Adds the check to the client every handler shares (#store/client.ts). A command sent
 * outside any scope (the local server's own housekeeping) is not checked.
 */
export const installKeyGuard = (client: DynamoDBDocumentClient): void => {
  if (installed) return;
  installed = true;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const scope = scopes.getStore();
      if (scope) {
        const input = args.input as unknown as Record<string, unknown>;
        const refused = undeclared(context.commandName ?? '', input, scope.keys);
        if (refused.length) {
          const what = `${scope.name} did not declare: ${refused.join('; ')}`;
          scope.violations.push(what);
          console.error(`[key access] ${what}`);
          // KEY_ACCESS_REPORT=<file>: every refusal of a whole test run, in one place.
          if (process.env.KEY_ACCESS_REPORT) appendFileSync(process.env.KEY_ACCESS_REPORT, `${what}\n`);
          throw new KeyAccessDenied(what);
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'keyAccessGuard', priority: 'high' },
  );
};

/**
 * Conditions built from the domain's own state lists (e.g. `teamOpenStatuses` in
 * domain/teams.ts), so a condition never spells out a status the domain might rename.
 */

/** A piece of a condition expression with the names and values it uses. */
export interface Condition {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/**
 * `#<attr> IN (:<attr>0, :<attr>1, …)` over `list`; one value gives `#<attr> = :<attr>0`.
 * Placeholders are derived from `attr`, so two conditions on different attributes combine.
 */
export const attributeIn = (attr: string, list: readonly string[]): Condition => {
  if (list.length === 0) throw new Error(`attributeIn(${attr}): an empty list matches nothing`);
  const values = Object.fromEntries(list.map((v, i) => [`:${attr}${i}`, v]));
  const placeholders = Object.keys(values);
  return {
    expression:
      placeholders.length === 1
        ? `#${attr} = ${placeholders[0]}`
        : `#${attr} IN (${placeholders.join(', ')})`,
    names: { [`#${attr}`]: attr },
    values,
  };
};

/** The item's `status` is one of `list` (a domain state list). */
export const statusIn = (list: readonly string[]): Condition => attributeIn('status', list);

/** A condition written out, with the values (and names) it uses. */
export const condition = (
  expression: string,
  values: Record<string, unknown> = {},
  names: Record<string, string> = {},
): Condition => ({ expression, names, values });

/** Joins conditions with AND into one, with their names and values. */
export const allOf = (...parts: Condition[]): Condition => ({
  expression: parts.map((p) => p.expression).join(' AND '),
  names: Object.assign({}, ...parts.map((p) => p.names)),
  values: Object.assign({}, ...parts.map((p) => p.values)),
});

/** The condition as the fields of a Put, Update, Delete or ConditionCheck request (DynamoDB refuses empty maps). */
export const asRequest = (c: Condition) => ({
  ConditionExpression: c.expression,
  ...(Object.keys(c.names).length > 0 ? { ExpressionAttributeNames: c.names } : {}),
  ...(Object.keys(c.values).length > 0 ? { ExpressionAttributeValues: c.values } : {}),
});

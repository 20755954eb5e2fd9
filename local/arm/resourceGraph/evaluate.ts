/**
 * Runs a parsed query (kql.ts) over rows of the `resources` table. Values are JSON ("dynamic" in Kusto terms);
 * comparisons follow Kusto's rules for the subset: `==` is case-sensitive, `=~` and `in~` are not, `has` looks for a
 * whole term (case-insensitive), a missing property is null, `tostring(null)` is the empty string and
 * `tostring(object)` its JSON text.
 */
import type { Json, JsonObject } from '../json';
import { isJsonObject } from '../json';
import type { Expr, KqlQuery, PathStep } from './kql';

export type Row = JsonObject;

export function runQuery(query: KqlQuery, rows: Iterable<Row>): Row[] {
  let current: Row[] = [];
  let pending: Iterable<Row> = rows;
  let materialized = false;
  const materialize = (): Row[] => {
    if (!materialized) {
      current = [...pending];
      materialized = true;
    }
    return current;
  };
  for (const operator of query.operators) {
    switch (operator.type) {
      case 'where': {
        const source = pending;
        pending = filter(source, (row) => truthy(evaluate(operator.predicate, row)));
        materialized = false;
        break;
      }
      case 'extend': {
        const source = pending;
        pending = map(source, (row) => {
          const extended: Row = { ...row };
          for (const column of operator.columns) extended[column.name] = evaluate(column.expr, row);
          return extended;
        });
        materialized = false;
        break;
      }
      case 'project': {
        const source = pending;
        pending = map(source, (row) => {
          const projected: Row = {};
          for (const column of operator.columns) projected[column.name] = evaluate(column.expr, row);
          return projected;
        });
        materialized = false;
        break;
      }
      case 'order': {
        const sorted = [...materialize()].sort((a, b) => {
          for (const key of operator.keys) {
            const order = compareForSort(evaluate(key.expr, a), evaluate(key.expr, b));
            if (order !== 0) return key.descending ? -order : order;
          }
          return 0;
        });
        pending = sorted;
        current = sorted;
        materialized = true;
        break;
      }
      case 'limit': {
        pending = materialize().slice(0, operator.count);
        current = pending as Row[];
        materialized = true;
        break;
      }
    }
  }
  return materialize();
}

function* filter(rows: Iterable<Row>, keep: (row: Row) => boolean): Iterable<Row> {
  for (const row of rows) if (keep(row)) yield row;
}

function* map(rows: Iterable<Row>, change: (row: Row) => Row): Iterable<Row> {
  for (const row of rows) yield change(row);
}

const IN_SETS = new WeakMap<Expr, ReadonlySet<string>>();

/** The values of an `in~` list in lower case, computed once per parsed query. */
function lowerCaseSet(expr: Extract<Expr, { type: 'in~' }>): ReadonlySet<string> {
  let set = IN_SETS.get(expr);
  if (set === undefined) {
    set = new Set(expr.values.map((value) => String(value).toLowerCase()));
    IN_SETS.set(expr, set);
  }
  return set;
}

export function evaluate(expr: Expr, row: Row): Json {
  switch (expr.type) {
    case 'literal':
      return expr.value;
    case 'path':
      return lookup(row, expr.steps);
    case 'call': {
      const value = evaluate(expr.arg, row);
      const text = toKqlString(value);
      return expr.fn === 'tolower' ? text.toLowerCase() : text;
    }
    case 'compare': {
      const left = evaluate(expr.left, row);
      const right = evaluate(expr.right, row);
      if (expr.op === '==') return equalExact(left, right);
      if (expr.op === '=~') return toKqlString(left).toLowerCase() === toKqlString(right).toLowerCase();
      return hasTerm(toKqlString(left), toKqlString(right));
    }
    case 'in~':
      return lowerCaseSet(expr).has(toKqlString(evaluate(expr.left, row)).toLowerCase());
    case 'and':
      return truthy(evaluate(expr.left, row)) && truthy(evaluate(expr.right, row));
    case 'or':
      return truthy(evaluate(expr.left, row)) || truthy(evaluate(expr.right, row));
  }
}

function lookup(row: Row, steps: readonly PathStep[]): Json {
  let value: Json | undefined = row;
  for (const step of steps) {
    if (value === undefined || value === null) return null;
    if (typeof step === 'number') {
      value = Array.isArray(value) ? value[step] : undefined;
    } else if (isJsonObject(value)) {
      // Kusto's dynamic property access is case-sensitive, as column names are.
      value = value[step];
    } else {
      return null;
    }
  }
  return value ?? null;
}

export function toKqlString(value: Json): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function equalExact(left: Json, right: Json): boolean {
  if (typeof left === 'number' || typeof right === 'number') return Number(left) === Number(right);
  if (typeof left === 'boolean' || typeof right === 'boolean') return toKqlString(left) === toKqlString(right);
  return toKqlString(left) === toKqlString(right);
}

/** Kusto's `has`: the needle is a whole term of the text (terms are runs of letters and digits), case-insensitive. */
function hasTerm(text: string, needle: string): boolean {
  const lowerText = text.toLowerCase();
  const lowerNeedle = needle.toLowerCase();
  if (lowerNeedle === '') return true;
  let from = 0;
  for (;;) {
    const at = lowerText.indexOf(lowerNeedle, from);
    if (at === -1) return false;
    const before = at === 0 ? '' : lowerText.charAt(at - 1);
    const after = lowerText.charAt(at + lowerNeedle.length);
    const boundaryBefore = !/[a-z0-9]/.test(before) || !/[a-z0-9]/.test(lowerNeedle.charAt(0));
    const boundaryAfter = !/[a-z0-9]/.test(after) || !/[a-z0-9]/.test(lowerNeedle.charAt(lowerNeedle.length - 1));
    if (boundaryBefore && boundaryAfter) return true;
    from = at + 1;
  }
}

function truthy(value: Json): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

function compareForSort(a: Json, b: Json): number {
  if (a === null && b === null) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const left = toKqlString(a);
  const right = toKqlString(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

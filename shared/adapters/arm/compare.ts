/** Comparisons that ignore what ARM does not care about: id case, list order, absent-vs-empty. */
import { sameArmId } from '../../domain/naming';

export function sameOptionalId(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || a === '' || b === undefined || b === '') return (a ?? '') === (b ?? '');
  return sameArmId(a, b);
}

/** Same members, order and duplicates ignored. */
export function sameStringSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const left = new Set(a ?? []);
  const right = new Set(b ?? []);
  return left.size === right.size && [...left].every((value) => right.has(value));
}

export function sameCaseInsensitive(a: string | undefined, b: string | undefined): boolean {
  return (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
}

/** Named children (routes, rules) compared by name, case-insensitively, order ignored. */
export function sameNamedSet<T extends { readonly name: string }>(
  desired: readonly T[],
  current: readonly T[],
  same: (desired: T, current: T) => boolean,
): boolean {
  if (desired.length !== current.length) return false;
  const byName = new Map(current.map((item) => [item.name.toLowerCase(), item]));
  return desired.every((item) => {
    const match = byName.get(item.name.toLowerCase());
    return match !== undefined && same(item, match);
  });
}

/** Collects the names of fields that differ, for messages and for deciding whether to write. */
export class Drift {
  readonly fields: string[] = [];
  check(field: string, same: boolean): this {
    if (!same) this.fields.push(field);
    return this;
  }
  get any(): boolean {
    return this.fields.length > 0;
  }
}

/**
 * Injected faults, decided per request by a seeded PRNG (same seed + same request order = same faults).
 *
 * A fault answered instead of the request means the request was not applied: errors and `reset` with
 * `resetAt: 'before'` never reach the resource handlers. `resetAt: 'after'` applies the request and then destroys
 * the socket without answering, as a real network may (the client cannot tell whether its write happened).
 * `slow` delays the answer (real milliseconds) and then handles the request normally.
 */
import type { SeededRandom } from './random';

export type FaultKind =
  'throttle' | 'throttleWithoutRetryAfter' | 'internalError' | 'serviceUnavailable' | 'reset' | 'slow';

export const ERROR_FAULT_KINDS: readonly FaultKind[] = [
  'throttle',
  'throttleWithoutRetryAfter',
  'internalError',
  'serviceUnavailable',
  'reset',
];

export interface FaultRule {
  /** Probability in [0, 1] that a matching request gets a fault. */
  readonly rate: number;
  /** Which faults to draw from, each equally likely (default: every kind except `slow`). */
  readonly kinds?: readonly FaultKind[];
  /** HTTP methods this rule applies to (default: all). */
  readonly methods?: readonly string[];
  /**
   * Resource types this rule applies to, case-insensitive, as in the URL: `expressRouteCircuits`,
   * `expressRouteCircuits/peerings`, `resourceGroups`, `expressRouteServiceProviders`, or `operations` for LRO polls
   * (default: all).
   */
  readonly resourceTypes?: readonly string[];
  /** For `reset`: before the request is applied (default), after it, or either at random. */
  readonly resetAt?: 'before' | 'after' | 'either';
  /** For `slow`: the delay in real milliseconds (default 1500). */
  readonly delayMs?: number;
  /**
   * At most this many faults from this rule per resource (URL path, case-insensitive); afterwards its requests pass
   * (default: no limit). `1` with `kinds: ['reset'], resetAt: 'after'` loses only the first reply to each write.
   */
  readonly maxPerResource?: number;
}

/** The global rule (top-level fields) plus per-operation rules; the first matching rule decides, else the global one. */
export interface FaultOptions extends Partial<FaultRule> {
  readonly rules?: readonly FaultRule[];
}

export interface FaultTarget {
  readonly method: string;
  readonly resourceType: string;
  /** The request's URL path, for `maxPerResource`. */
  readonly path?: string;
}

export type FaultDecision =
  | { readonly kind: 'throttle' | 'throttleWithoutRetryAfter' | 'internalError' | 'serviceUnavailable' }
  | { readonly kind: 'reset'; readonly at: 'before' | 'after' }
  | { readonly kind: 'slow'; readonly delayMs: number };

const DEFAULT_SLOW_MS = 1500;

function ruleMatches(rule: FaultRule, target: FaultTarget): boolean {
  const methodOk = rule.methods === undefined || rule.methods.some((m) => m.toUpperCase() === target.method);
  const typeOk =
    rule.resourceTypes === undefined ||
    rule.resourceTypes.some((type) => type.toLowerCase() === target.resourceType.toLowerCase());
  return methodOk && typeOk;
}

export class FaultInjector {
  private options: FaultOptions = {};
  private global: FaultRule = { rate: 0 };
  /** Faults drawn so far, by rule and resource path (only for rules with `maxPerResource`). */
  private hits = new Map<FaultRule, Map<string, number>>();

  constructor(private readonly random: SeededRandom) {}

  configure(options: FaultOptions | undefined): void {
    for (const rule of [options ?? {}, ...(options?.rules ?? [])]) {
      const rate = rule.rate ?? 0;
      if (!(rate >= 0 && rate <= 1)) throw new RangeError(`fault rate must be within [0, 1], got ${rate}`);
      const limit = rule.maxPerResource;
      if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
        throw new RangeError(`fault maxPerResource must be a whole number >= 0, got ${limit}`);
      }
    }
    this.options = options ?? {};
    this.global = { ...this.options, rate: this.options.rate ?? 0 };
    this.hits = new Map();
  }

  decide(target: FaultTarget): FaultDecision | undefined {
    const rule = this.ruleFor(target);
    if (rule === undefined || rule.rate <= 0) return undefined;
    if (!this.withinResourceLimit(rule, target)) return undefined;
    if (this.random.next() >= rule.rate) return undefined;
    this.countHit(rule, target);
    const kind = this.random.pick(rule.kinds ?? ERROR_FAULT_KINDS) ?? 'internalError';
    switch (kind) {
      case 'reset':
        return { kind, at: this.resetPoint(rule.resetAt ?? 'before') };
      case 'slow':
        return { kind, delayMs: rule.delayMs ?? DEFAULT_SLOW_MS };
      default:
        return { kind };
    }
  }

  private ruleFor(target: FaultTarget): FaultRule | undefined {
    const specific = this.options.rules?.find((rule) => ruleMatches(rule, target));
    if (specific) return specific;
    return ruleMatches(this.global, target) ? this.global : undefined;
  }

  private withinResourceLimit(rule: FaultRule, target: FaultTarget): boolean {
    if (rule.maxPerResource === undefined) return true;
    const resource = (target.path ?? '').toLowerCase();
    return (this.hits.get(rule)?.get(resource) ?? 0) < rule.maxPerResource;
  }

  private countHit(rule: FaultRule, target: FaultTarget): void {
    if (rule.maxPerResource === undefined) return;
    const resource = (target.path ?? '').toLowerCase();
    const byResource = this.hits.get(rule) ?? new Map<string, number>();
    byResource.set(resource, (byResource.get(resource) ?? 0) + 1);
    this.hits.set(rule, byResource);
  }

  private resetPoint(resetAt: 'before' | 'after' | 'either'): 'before' | 'after' {
    if (resetAt !== 'either') return resetAt;
    return this.random.next() < 0.5 ? 'before' : 'after';
  }
}

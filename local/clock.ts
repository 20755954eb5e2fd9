/**
 * Time for the local stand-ins. The ARM simulator (operation durations, the provider's state machine) and the
 * Durable host simulator (durable timers) read one clock, so that "the provider took 3 days" and "the orchestration
 * slept 3 days" are the same three days, and a 45-minute gateway build costs milliseconds in a test.
 */
export interface Clock {
  /** Milliseconds since the epoch, as this clock sees it. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

type Listener = (now: number) => void;

/** Time that moves only when told to. Listeners hear every move (the ARM simulator settles due transitions). */
export class VirtualClock implements Clock {
  private current: number;
  private readonly listeners = new Set<Listener>();

  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  advanceBy(ms: number): void {
    if (ms < 0) throw new RangeError(`cannot move a clock backwards (by ${ms} ms)`);
    this.advanceTo(this.current + ms);
  }

  /** Moves forward to `time`; a time in the past is ignored (time never goes backwards). */
  advanceTo(time: number): void {
    if (time <= this.current) return;
    this.current = time;
    for (const listener of this.listeners) listener(time);
  }

  onAdvance(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Real time, sped up: `factor` simulated milliseconds pass per real millisecond (for `npm run arm-sim`). */
export class ScaledClock implements Clock {
  private readonly realStart = Date.now();
  constructor(
    private readonly factor: number,
    private readonly start: number = Date.now(),
  ) {}
  now(): number {
    return this.start + (Date.now() - this.realStart) * this.factor;
  }
}

export function isVirtualClock(clock: Clock): clock is VirtualClock {
  return clock instanceof VirtualClock;
}

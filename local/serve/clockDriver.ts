/**
 * Moves the stand-ins' VirtualClock with real time, `speed` simulated milliseconds per real millisecond, in small
 * steps; `advanceBy` jumps ahead on request (the control route). The ARM simulator settles due transitions and the
 * Durable host simulator fires due timers on every move. (The ARM simulator also moves the clock itself, to the end of
 * a long-running operation the app polls again: such waits take no real time.)
 */
import type { VirtualClock } from '../clock';

export const DEFAULT_TICK_MS = 20;

export class ClockDriver {
  private timer: NodeJS.Timeout | undefined;
  private lastReal = Date.now();

  constructor(
    private readonly clock: VirtualClock,
    readonly speed: number,
    /** Told when a listener of the clock (the simulators) throws on a move: the clock goes on. */
    private readonly onError: (reason: string) => void = () => undefined,
    private readonly tickMs: number = DEFAULT_TICK_MS,
  ) {
    if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`speed must be a positive number (got ${speed})`);
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.lastReal = Date.now();
    this.timer = setInterval(() => {
      this.tick();
    }, this.tickMs);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  now(): number {
    return this.clock.now();
  }

  /** Jumps the simulated clock `ms` ahead (at once; real time then goes on at `speed`). */
  advanceBy(ms: number): void {
    this.clock.advanceBy(ms);
  }

  private tick(): void {
    const real = Date.now();
    const elapsed = real - this.lastReal;
    this.lastReal = real;
    if (elapsed <= 0) return;
    try {
      this.clock.advanceBy(Math.round(elapsed * this.speed));
    } catch (error) {
      // A throw here would end the process (it runs on a timer): report it and keep time moving.
      this.onError(error instanceof Error ? error.message : String(error));
    }
  }
}

/**
 * Things that happen at a time on the simulator's clock: operations finishing, the provider moving a circuit on.
 * Nothing runs on a timer: due events are applied in time order whenever the simulator looks at the clock (every
 * request, every control call, and every move of a VirtualClock).
 */
interface ScheduledEvent {
  readonly at: number;
  readonly sequence: number;
  readonly run: () => void;
}

export class Scheduler {
  private events: ScheduledEvent[] = [];
  private sequence = 0;
  private settling = false;

  schedule(at: number, run: () => void): void {
    this.events.push({ at, sequence: this.sequence++, run });
  }

  /** Applies every event due at or before `now`, earliest first (events scheduled while settling included). */
  settle(now: number): void {
    if (this.settling) return;
    this.settling = true;
    try {
      for (;;) {
        const next = this.nextDue(now);
        if (next === undefined) break;
        this.events = this.events.filter((event) => event !== next);
        next.run();
      }
    } finally {
      this.settling = false;
    }
  }

  private nextDue(now: number): ScheduledEvent | undefined {
    let next: ScheduledEvent | undefined;
    for (const event of this.events) {
      if (event.at > now) continue;
      if (next === undefined || event.at < next.at || (event.at === next.at && event.sequence < next.sequence)) {
        next = event;
      }
    }
    return next;
  }
}

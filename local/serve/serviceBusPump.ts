/**
 * The Functions host's Service Bus listener for `ercsp serve`: each queue trigger of the app receives the messages
 * sent to its queue on the Service Bus peer (by the CSP's systems, or by anyone holding the printed connection
 * string), one at a time, peek-lock, completed on return and abandoned on throw (`ServiceBusTriggerHost`). The
 * customer's world is readied for each message before its trigger runs (see `CustomerWorld`).
 */
import type { RehearsalRequest } from '../rehearsal/requestFiles';
import type { RehearsalStack } from '../rehearsal/stack';
import type { CustomerWorld } from './customerWorld';

/** How often an idle queue is looked at. */
const IDLE_POLL_MS = 200;

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  return body === undefined ? '' : JSON.stringify(body);
}

export class ServiceBusPump {
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly prepared = new Map<string, RehearsalRequest>();
  constructor(
    private readonly stack: Pick<RehearsalStack, 'peer' | 'triggers'>,
    private readonly world: CustomerWorld,
    /** Told about a listener's failure (the listener goes on with the next message). */
    private readonly onError: (entity: string, reason: string) => void = () => undefined,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = this.stack.triggers.triggers().map((trigger) => this.listen(trigger.entity));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.allSettled(this.loops);
    this.loops = [];
  }

  private isRunning(): boolean {
    return this.running;
  }

  private async listen(entity: string): Promise<void> {
    while (this.running) {
      try {
        if (!(await this.deliverOne(entity))) await sleep(IDLE_POLL_MS);
      } catch (error) {
        if (!this.isRunning()) return;
        this.onError(entity, error instanceof Error ? error.message : String(error));
        await sleep(IDLE_POLL_MS);
      }
    }
  }

  /** Delivers the message at the head of `entity`, if one is available; false when there was none. */
  private async deliverOne(entity: string): Promise<boolean> {
    const waiting = this.stack.peer.messages(entity).filter((message) => message.state === 'available');
    if (waiting.length === 0) return false;
    // Every waiting message is readied first: the receiver takes the head, which is among them.
    for (const message of waiting) {
      if (this.prepared.has(message.messageId)) continue;
      this.prepared.set(
        message.messageId,
        await this.world.prepare(`${entity} ${message.messageId}`, bodyText(message.body)),
      );
    }
    const result = await this.stack.triggers.deliverNext(entity);
    if (result === undefined) return false;
    const request = this.prepared.get(result.messageId);
    if (request !== undefined) {
      if (result.settlement !== 'abandoned') this.prepared.delete(result.messageId);
      await this.world.delivered(request);
    }
    return true;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

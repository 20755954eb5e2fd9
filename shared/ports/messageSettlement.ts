/** Settling a request message that can never succeed: moving it aside with a reason, once. */

export interface DeadLetterInstruction {
  readonly reason: string;
  readonly description: string;
}

/** Moves the message being handled to its entity's dead-letter queue. */
export interface DeadLetterSettlement {
  deadLetter(instruction: DeadLetterInstruction): Promise<void>;
}

/**
 * What the rule modules of the validation share: how they report, and the checks several of them need (CIDR fields,
 * subscriptions of ARM ids). Pure: no I/O, no Azure SDKs.
 */
import { parseCidr, type Cidr } from './cidr';
import { subscriptionOfArmId } from './armIds';
import { mention, quoteValue } from './issueWording';
import { sameId } from './rules';
import type { CustomerSpec } from './spec';

/** Records one broken rule: the field path, the rule id, and a message that says why. */
export type Report = (path: string, rule: string, message: string) => void;

export function isCustomerSubscription(spec: CustomerSpec, subscriptionId: string | undefined): boolean {
  return subscriptionId !== undefined && spec.customer.subscriptions.some((id) => sameId(id, subscriptionId));
}

/** An ARM id the request touches must sit in one of the customer's subscriptions. */
export function checkArmIdSubscription(spec: CustomerSpec, armId: string, path: string, report: Report): void {
  const subscriptionId = subscriptionOfArmId(armId);
  if (!isCustomerSubscription(spec, subscriptionId)) {
    report(
      path,
      'subscription.allow-list',
      `is in subscription ${subscriptionId === undefined ? '(none)' : mention(subscriptionId)}, which is not in ` +
        'customer.subscriptions',
    );
  }
}

/** Parses a CIDR field, reporting `cidr.invalid` or `cidr.not-network-aligned`; undefined when it is unusable. */
export function parseCidrField(text: string, path: string, example: string, report: Report): Cidr | undefined {
  const parsed = parseCidr(text);
  if (parsed.ok) return parsed.cidr;
  if (parsed.problem === 'host-bits-set') {
    report(
      path,
      'cidr.not-network-aligned',
      `${mention(text)} has host bits set; did you mean ${mention(parsed.networkCidr)}?`,
    );
  } else {
    report(path, 'cidr.invalid', `${quoteValue(text)} is not a CIDR block such as ${example}`);
  }
  return undefined;
}

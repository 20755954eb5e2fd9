import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveTopology } from '../../../shared/domain/topology';
import { planTopology } from '../../../shared/domain/planner';
import {
  BANDWIDTH_CHANGE_REQUESTED,
  DECOMMISSION_REQUESTED,
  ONBOARDING_REQUESTED,
  parseRequestEvent,
  type RequestEvent,
} from '../../../shared/messages';
import { DEFAULT_CSP_CONTEXT } from '../../../local/cli/defaults';
import { EXAMPLES_DIR } from '../../../local/cli/paths';
import { isExpectationsFile } from '../../../local/rehearsal/expectations';

const REHEARSAL_DIR = join(EXAMPLES_DIR, 'rehearsal');

function jsonFiles(dir: string): string[] {
  return (
    readdirSync(dir)
      // The rehearsal's expectations manifest sits beside the requests and is not one.
      .filter((name) => name.endsWith('.json') && !isExpectationsFile(name))
      .sort()
      .map((name) => join(dir, name))
  );
}

const allFiles = [...jsonFiles(EXAMPLES_DIR), ...jsonFiles(REHEARSAL_DIR)];
const isMalformed = (file: string) => file.includes('malformed');
const relative = (file: string) => file.slice(EXAMPLES_DIR.length + 1);
const read = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

function parse(file: string): RequestEvent {
  const result = parseRequestEvent(read(file), DEFAULT_CSP_CONTEXT);
  if (!result.ok) {
    throw new Error(
      `${relative(file)}:\n${result.issues.map((i) => `  ${i.path}: ${i.message} [${i.rule}]`).join('\n')}`,
    );
  }
  return result.event;
}

describe('examples/', () => {
  it('has the documented request files', () => {
    expect(jsonFiles(EXAMPLES_DIR).map(relative)).toEqual(
      expect.arrayContaining([
        'bandwidth-increase-contoso.json',
        'decommission-fabrikam.json',
        'onboard-contoso-connect-through.json',
        'onboard-fabrikam-connect-to.json',
      ]),
    );
  });

  it.each(allFiles.filter((file) => !isMalformed(file)).map(relative))('%s is a valid request', (name) => {
    parse(join(EXAMPLES_DIR, name));
  });

  it.each(allFiles.filter(isMalformed).map(relative))('%s (marked malformed) is rejected', (name) => {
    expect(parseRequestEvent(read(join(EXAMPLES_DIR, name)), DEFAULT_CSP_CONTEXT).ok).toBe(false);
  });

  it('covers both ownership models, Microsoft peering, a bandwidth increase and a decommission', () => {
    const contoso = parse(join(EXAMPLES_DIR, 'onboard-contoso-connect-through.json'));
    const fabrikam = parse(join(EXAMPLES_DIR, 'onboard-fabrikam-connect-to.json'));
    if (contoso.type !== ONBOARDING_REQUESTED || fabrikam.type !== ONBOARDING_REQUESTED)
      throw new Error('not onboardings');
    expect(contoso.data.customer.model).toBe('connect-through');
    expect(DEFAULT_CSP_CONTEXT.cspSubscriptionIds).toContain(contoso.data.circuits.subscriptionId);
    expect(fabrikam.data.customer.model).toBe('connect-to');
    expect(fabrikam.data.customer.subscriptions).toContain(fabrikam.data.circuits.subscriptionId);
    expect(fabrikam.data.circuits.microsoftPeering?.routeFilterCommunities.length).toBeGreaterThan(0);

    const increase = parse(join(EXAMPLES_DIR, 'bandwidth-increase-contoso.json'));
    if (increase.type !== BANDWIDTH_CHANGE_REQUESTED) throw new Error('not a bandwidth change');
    expect(increase.data.bandwidthMbps).toBeGreaterThan(contoso.data.circuits.bandwidthMbps);
    const decommission = parse(join(EXAMPLES_DIR, 'decommission-fabrikam.json'));
    expect(decommission.type).toBe(DECOMMISSION_REQUESTED);
    expect(decommission.subject).toBe('fabrikam');
  });

  it('onboarding examples derive a topology and a plan', () => {
    for (const name of ['onboard-contoso-connect-through.json', 'onboard-fabrikam-connect-to.json']) {
      const event = parse(join(EXAMPLES_DIR, name));
      if (event.type !== ONBOARDING_REQUESTED) throw new Error(`${name} is not an onboarding`);
      const topology = deriveTopology(event.data, DEFAULT_CSP_CONTEXT);
      expect(planTopology(topology).steps.length).toBeGreaterThan(topology.resources.length);
    }
  });
});

describe('examples/rehearsal/', () => {
  const names = jsonFiles(REHEARSAL_DIR).map((file) => relative(file).replace('rehearsal/', ''));

  it('is ordered by numeric prefixes', () => {
    expect(names.length).toBeGreaterThanOrEqual(5);
    names.forEach((name, index) => {
      expect(name).toMatch(new RegExp(`^${String(index + 1).padStart(2, '0')}-`));
    });
  });

  it('has the two onboardings, a bandwidth increase, a redelivery and a malformed message', () => {
    const events = names.filter((name) => !isMalformed(name)).map((name) => parse(join(REHEARSAL_DIR, name)));
    expect(events.filter((event) => event.type === ONBOARDING_REQUESTED).map((event) => event.subject)).toEqual(
      expect.arrayContaining(['contoso', 'fabrikam']),
    );
    expect(events.some((event) => event.type === BANDWIDTH_CHANGE_REQUESTED)).toBe(true);
    expect(names.filter(isMalformed)).toHaveLength(1);
  });

  it('replays the top-level examples, as the README says', () => {
    const pairs: [string, string][] = [
      ['01-onboard-contoso.json', 'onboard-contoso-connect-through.json'],
      ['02-onboard-fabrikam.json', 'onboard-fabrikam-connect-to.json'],
      ['03-bandwidth-increase-contoso.json', 'bandwidth-increase-contoso.json'],
      ['06-onboard-tailspin-two-pairs.json', 'onboarding-two-private-pairs-20g.json'],
    ];
    for (const [rehearsal, original] of pairs) {
      expect([rehearsal, read(join(REHEARSAL_DIR, rehearsal))]).toEqual([
        rehearsal,
        read(join(EXAMPLES_DIR, original)),
      ]);
    }
  });

  it('redelivers one request: same id, same content, later in the sequence', () => {
    const redelivered = names.find((name) => name.includes('redelivered'));
    if (redelivered === undefined) throw new Error('no redelivered file');
    const duplicate = read(join(REHEARSAL_DIR, redelivered)) as { id: string };
    const original = names
      .filter((name) => name < redelivered)
      .map((name) => read(join(REHEARSAL_DIR, name)) as { id: string })
      .find((event) => event.id === duplicate.id);
    expect(original).toEqual(duplicate);
  });
});

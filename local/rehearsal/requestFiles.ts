/**
 * The request files a rehearsal delivers: their exact text (what goes on the bus), what can be told from them
 * before delivery (type, id, customer, the queue the CSP's systems would use), the secret references they name,
 * and the outcome each is expected to have.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { deriveTopology } from '../../shared/domain/topology';
import { planTopology } from '../../shared/domain/planner';
import type { CustomerSpec, SecretReference } from '../../shared/domain/spec';
import {
  BANDWIDTH_CHANGE_REQUESTED,
  DECOMMISSION_REQUESTED,
  ONBOARDING_REQUESTED,
  REQUEST_QUEUES,
  isRequestEventType,
  parseRequestEvent,
} from '../../shared/messages';
import type { LocalCspContext } from '../cli/defaults';
import { isExpectationsFile, statedExpectations, type Expectation, type RequestStatus } from './expectations';

export type RequestKind = 'onboarding' | 'bandwidth' | 'decommission' | 'unknown';
export type { Expectation, RequestStatus };

export interface RehearsalRequest {
  /** The path as given on the command line. */
  readonly file: string;
  readonly name: string;
  /** Exactly what is sent on the bus. */
  readonly text: string;
  /** The parsed JSON, when the text is JSON. */
  readonly json: unknown;
  readonly isJson: boolean;
  readonly kind: RequestKind;
  readonly type?: string;
  readonly id?: string;
  readonly customerId?: string;
  /** The queue for its type; a request of unknown type (or not JSON) goes to the onboarding queue. */
  readonly queue: string;
  /** For a valid onboarding: the customer spec (to seed the customer's networks) and the keys of its plan's steps. */
  readonly spec?: CustomerSpec;
  readonly planStepKeys?: readonly string[];
  readonly secretReferences: readonly SecretReference[];
  /** The CloudEvent `time` attribute, as written. */
  readonly time?: string;
  readonly expected: Expectation;
}

export type ReadRequestsResult =
  | { readonly ok: true; readonly requests: readonly RehearsalRequest[] }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Refused by the intake until their workflows ship: expected for now, and said so in the summary. */
export const UNSUPPORTED_REQUEST_TYPE = 'UnsupportedRequestType';

const KIND_OF_TYPE: Readonly<Record<string, RequestKind>> = {
  [ONBOARDING_REQUESTED]: 'onboarding',
  [BANDWIDTH_CHANGE_REQUESTED]: 'bandwidth',
  [DECOMMISSION_REQUESTED]: 'decommission',
};

/** How expected outcomes are stated on the command line (see expectations.ts). */
export interface ExpectationOptions {
  /** `--expect <file>=<Status>[:<Code>]` values. */
  readonly expect?: readonly string[];
  /** `--expectations <manifest>` files. */
  readonly manifests?: readonly string[];
}

/**
 * Reads every file first: an unreadable one is a usage error, and nothing is started. A file named
 * `expectations.json` is a manifest of expected outcomes, not a request; so is `expectations.json` beside the files.
 */
export function readRequestFiles(
  files: readonly string[],
  cwd: string,
  csp: LocalCspContext,
  expectationOptions: ExpectationOptions = {},
): ReadRequestsResult {
  const problems: string[] = [];
  const read: { file: string; text: string }[] = [];
  const requestFiles = files.filter((file) => !isExpectationsFile(file));
  for (const file of requestFiles) {
    try {
      read.push({ file, text: readFileSync(resolve(cwd, file), 'utf8') });
    } catch (error) {
      problems.push(`${file}: cannot read (${describeError(error)})`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const stated = statedExpectations({
    cwd,
    requestPaths: read.map(({ file }) => resolve(cwd, file)),
    manifests: [...(expectationOptions.manifests ?? []), ...files.filter(isExpectationsFile)],
    options: expectationOptions.expect ?? [],
  });
  if (!stated.ok) return { ok: false, problems: stated.problems };
  if (read.length === 0) return { ok: false, problems: ['no request files: only expectations were given'] };
  return {
    ok: true,
    requests: read.map(({ file, text }) => describeRequest(file, text, csp, stated.byPath.get(resolve(cwd, file)))),
  };
}

/** What can be told of one request before delivery; `stated`: its expected outcome, if stated (else the file name's). */
export function describeRequest(
  file: string,
  text: string,
  csp: LocalCspContext,
  stated?: Expectation,
): RehearsalRequest {
  const name = basename(file);
  let json: unknown;
  let isJson = true;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch {
    isJson = false;
  }
  const record = isRecord(json) ? json : {};
  const type = typeof record.type === 'string' ? record.type : undefined;
  const kind = type === undefined ? 'unknown' : (KIND_OF_TYPE[type] ?? 'unknown');
  const queue = isRequestEventType(type) ? REQUEST_QUEUES[type] : REQUEST_QUEUES[ONBOARDING_REQUESTED];
  const parsed = isJson ? parseRequestEvent(json, csp) : undefined;
  const event = parsed?.ok === true ? parsed.event : undefined;
  const spec = event?.type === ONBOARDING_REQUESTED ? event.data : undefined;
  const data = isRecord(record.data) ? record.data : {};
  const customer = isRecord(data.customer) ? data.customer : {};
  const customerId = [customer.id, data.customerId, record.subject].find((value) => typeof value === 'string');
  return {
    file,
    name,
    text,
    json,
    isJson,
    kind,
    ...(type === undefined ? {} : { type }),
    ...(typeof record.id === 'string' ? { id: record.id } : {}),
    ...(typeof customerId === 'string' ? { customerId } : {}),
    queue,
    ...(spec === undefined ? {} : { spec, ...planStepKeysOf(spec, csp) }),
    secretReferences: secretReferencesIn(json),
    ...(typeof record.time === 'string' ? { time: record.time } : {}),
    expected: stated ?? expectationFor(name, kind),
  };
}

/**
 * The fallback when no expectation is stated, from the file name and kind: `malformed` → Rejected; `redelivered` or `duplicate` → Duplicate; otherwise
 * Completed. Bandwidth changes and decommissions are refused by the intake for now (their workflows come later):
 * Rejected with UnsupportedRequestType counts as expected for them.
 */
export function expectationFor(name: string, kind: RequestKind): Expectation {
  const from = 'file name';
  const lower = name.toLowerCase();
  if (lower.includes('malformed')) return { status: 'Rejected', from };
  if (lower.includes('redelivered') || lower.includes('duplicate')) return { status: 'Duplicate', from };
  if (kind === 'bandwidth' || kind === 'decommission') {
    return {
      status: 'Completed',
      from,
      alsoAccepted: [
        {
          status: 'Rejected',
          code: UNSUPPORTED_REQUEST_TYPE,
          why: `${kind === 'bandwidth' ? 'bandwidth changes' : 'decommissions'} have no workflow yet: the intake refuses them`,
        },
      ],
    };
  }
  return { status: 'Completed', from };
}

/**
 * When the simulated clock starts: the `time` of the first request that states one (a CloudEvent's date-time), so that
 * the first request arrives when it says it was made.
 */
export function firstRequestTime(requests: readonly RehearsalRequest[]): number | undefined {
  for (const request of requests) {
    const time = request.time === undefined ? Number.NaN : Date.parse(request.time);
    if (Number.isFinite(time)) return time;
  }
  return undefined;
}

/**
 * The keys of the steps the app will plan for a spec, for progress. A spec that validates but cannot be planned is the
 * app's to refuse (the rehearsal reports how it did): no step count, rather than a crash here.
 */
function planStepKeysOf(spec: CustomerSpec, csp: LocalCspContext): { planStepKeys?: readonly string[] } {
  try {
    return {
      planStepKeys: planTopology(deriveTopology(spec, { cspTenantId: csp.cspTenantId })).steps.map((step) => step.key),
    };
  } catch {
    return {};
  }
}

/** Every `{vault, secret}` object in the request (BGP MD5 keys), once each (as named: the variables are case-sensitive). */
export function secretReferencesIn(value: unknown): SecretReference[] {
  const found = new Map<string, SecretReference>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!isRecord(node)) return;
    const { vault, secret } = node;
    if (typeof vault === 'string' && typeof secret === 'string' && Object.keys(node).length === 2) {
      found.set(`${vault}/${secret}`, { vault, secret });
      return;
    }
    Object.values(node).forEach(visit);
  };
  visit(value);
  return [...found.values()];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

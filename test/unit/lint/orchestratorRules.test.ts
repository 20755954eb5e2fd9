import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

interface LintMessage {
  ruleId: string | null;
  message: string;
}

const NON_DETERMINISTIC = `
import { readFileSync } from 'node:fs';
import { NetworkManagementClient } from '@azure/arm-network';
export function* probe(): Generator<number, number, unknown> {
  const a = Date.now() + Math.random() + new Date().getTime() + Number(process.env.X);
  setTimeout(() => undefined, 1);
  yield 1;
  return a + readFileSync.length + NetworkManagementClient.length;
}
`;
const USES_CLOCK = 'export const now = (): number => Date.now();\n';

const DOES_IO =
  "import { readFileSync } from 'node:fs';\nexport const read = (): string => readFileSync('x', 'utf8');\n";
const USES_STAND_IN = "import { VirtualClock } from '../../local/clock';\nexport const clock = new VirtualClock();\n";
const CASTS_A_YIELD = `
import type { OrchestrationContext, Task } from 'durable-functions';
export function* probe(context: OrchestrationContext): Generator<Task, number, unknown> {
  return (yield context.df.callActivity('x')) as number;
}
`;
const REACHES_UP =
  "import { Activities } from '../../orchestrations/contracts';\nexport const names = Object.keys(Activities);\n";
const REACHES_UP_TO_TRIGGERS =
  "import { problemDetails } from '../../functions/http/problemDetails';\nexport const p = problemDetails;\n";
const USES_ADAPTER =
  "import { receiverSettlement } from '../adapters/servicebus';\nexport const settle = receiverSettlement;\n";

const PROBES = {
  orchestrator: ['orchestrations/zz-lint-probe.orchestrator.ts', NON_DETERMINISTIC],
  step: ['orchestrations/steps/zz-lint-probe.ts', USES_CLOCK],
  activity: ['orchestrations/activities/zz-lint-probe.activity.ts', USES_CLOCK],
  domain: ['shared/domain/zz-lint-probe.ts', DOES_IO],
  service: ['shared/services/zz-lint-probe.ts', USES_STAND_IN],
  adapter: ['shared/adapters/zz-lint-probe.ts', USES_STAND_IN],
  castingOrchestrator: ['orchestrations/zz-lint-probe-cast.orchestrator.ts', CASTS_A_YIELD],
  serviceReachingUp: ['shared/services/zz-lint-probe-up.ts', REACHES_UP],
  adapterReachingUp: ['shared/adapters/zz-lint-probe-up.ts', REACHES_UP_TO_TRIGGERS],
  serviceUsingAdapter: ['shared/services/zz-lint-probe-adapter.ts', USES_ADAPTER],
  portUsingAdapter: ['shared/ports/zz-lint-probe-adapter.ts', USES_ADAPTER],
} as const;

/** Lints probe files placed where real code lives, through the project's real ESLint configuration. */
function lintProbes(): Record<keyof typeof PROBES, LintMessage[]> {
  const files = Object.values(PROBES).map(([file]) => path.join(ROOT, file));
  try {
    for (const [file, source] of Object.values(PROBES)) writeFileSync(path.join(ROOT, file), source);
    const result = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--no-ignore', '--format', 'json', ...files],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    const reports = JSON.parse(result.stdout) as { filePath: string; messages: LintMessage[] }[];
    const messagesOf = (file: string) => reports.find((r) => r.filePath === path.join(ROOT, file))?.messages ?? [];
    return Object.fromEntries(Object.entries(PROBES).map(([probe, [file]]) => [probe, messagesOf(file)])) as Record<
      keyof typeof PROBES,
      LintMessage[]
    >;
  } finally {
    for (const file of files) rmSync(file, { force: true });
  }
}

describe('ESLint boundaries', () => {
  let messages: Record<keyof typeof PROBES, LintMessage[]>;
  beforeAll(() => {
    messages = lintProbes();
  }, 60_000);

  it('rejects clocks, randomness, environment, timers, Node built-ins and Azure SDKs', () => {
    const text = messages.orchestrator.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`).join('\n');
    expect(text).toMatch(/no-restricted-imports: 'node:fs'/);
    expect(text).toMatch(/no-restricted-imports: '@azure\/arm-network'/);
    expect(messages.orchestrator.filter((m) => m.message.includes('currentUtcDateTime'))).toHaveLength(2);
    expect(text).toMatch(/Use context.df.newGuid/);
    expect(text).toMatch(/Read configuration in an activity/);
    expect(text).toMatch(/no-restricted-globals: Unexpected use of 'setTimeout'/);
  });

  it('also covers the reusable sub-generators in orchestrations/steps', () => {
    expect(messages.step.map((m) => m.ruleId)).toContain('no-restricted-syntax');
  });

  it('keeps the domain pure: no I/O', () => {
    expect(messages.domain.map((m) => m.message).join('\n')).toMatch(/The domain is pure/);
  });

  it('keeps application code, adapters included, independent of the stand-ins and tests that are never deployed', () => {
    for (const probe of [messages.service, messages.adapter]) {
      expect(probe.map((m) => m.message).join('\n')).toMatch(/never depends on the local stand-ins/);
    }
  });

  it('forbids casting what an orchestrator yields: calls go through the typed helpers', () => {
    expect(messages.castingOrchestrator.map((m) => m.message).join('\n')).toMatch(/through steps\/calls.ts/);
  });

  it('keeps shared/ below the Durable layer and the triggers', () => {
    expect(messages.serviceReachingUp.map((m) => m.message).join('\n')).toMatch(
      /never imports functions\/ or orchestrations\//,
    );
    expect(messages.adapterReachingUp.map((m) => m.message).join('\n')).toMatch(
      /never imports functions\/ or orchestrations\//,
    );
  });

  it('keeps services and ports off the adapters', () => {
    for (const probe of [messages.serviceUsingAdapter, messages.portUsingAdapter]) {
      expect(probe.map((m) => m.message).join('\n')).toMatch(/Use a port/);
    }
  });

  it('leaves activities free to do I/O', () => {
    expect(messages.activity.filter((m) => m.ruleId === null)).toEqual([]);
    expect(messages.activity.map((m) => m.ruleId)).not.toContain('no-restricted-syntax');
  });
});

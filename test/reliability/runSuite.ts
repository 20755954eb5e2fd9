/**
 * `npm run reliability` (and `reliability:quick`): runs the reliability scenarios (jest project `reliability`), then
 * prints one row per scenario: what was tried, what held, duplicates, losses and deletes (all must be 0). Exit 0
 * only when jest passed, every expected scenario reported, and every one held with no duplicate, loss or delete.
 * Extra arguments go to jest (e.g. a test path to run one scenario; only its rows are then expected).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../local/cli/paths';
import { QUICK, SUMMARY_FILE_VARIABLE, type ScenarioReport } from '../support/reliability';

/** Scenarios the whole suite must report (each test file reports one or more of these). */
const EXPECTED = [
  'transient faults 20%',
  'transient faults 50%',
  'delivered three times at once',
  'stop after every step, resume',
  'malformed requests',
  'foreign subscriptions',
  'same id, another body',
  'secret scan',
  'provider never provisions',
  'concurrent checkpoint writers',
  'weeks-long provider wait',
  'rehearsal tells the truth',
  'bandwidth change, stop after every step',
];

function readReports(file: string): ScenarioReport[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ScenarioReport);
}

function clean(report: ScenarioReport): boolean {
  return report.holds && report.duplicates === 0 && report.losses === 0 && report.deletes === 0;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: readonly string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const [header, ...body] = rows;
  return [line(header ?? []), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

function main(): number {
  const directory = join(REPO_ROOT, '.ercsp', 'reliability');
  mkdirSync(directory, { recursive: true });
  const summary = join(directory, `summary-${String(process.pid)}.jsonl`);
  rmSync(summary, { force: true });
  const jestArgs = process.argv.slice(2);
  const started = Date.now();
  const jest = spawnSync(
    process.execPath,
    [join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), ...jestArgs, '--selectProjects', 'reliability'],
    { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, [SUMMARY_FILE_VARIABLE]: summary } },
  );
  const seconds = Math.round((Date.now() - started) / 1000);
  const reports = readReports(summary);
  rmSync(summary, { force: true });

  const reported = new Set(reports.map((report) => report.scenario));
  const missing = jestArgs.length === 0 ? EXPECTED.filter((scenario) => !reported.has(scenario)) : [];
  const rows = [
    ['scenario', 'tried', 'held', 'dup', 'lost', 'del', 'ok'],
    ...reports.map((r) => [
      r.scenario,
      r.tried,
      r.held,
      String(r.duplicates),
      String(r.losses),
      String(r.deletes),
      clean(r) ? 'yes' : 'NO',
    ]),
    ...missing.map((scenario) => [
      scenario,
      '(did not report: its test failed before, or did not run)',
      '',
      '',
      '',
      '',
      'NO',
    ]),
  ];
  console.log(
    `\nReliability ${QUICK ? '(quick mode)' : '(full)'}: ${String(reports.length)} results in ${String(seconds)} s\n`,
  );
  console.log(table(rows));
  const ok = jest.status === 0 && missing.length === 0 && reports.length > 0 && reports.every(clean);
  console.log(`\n${ok ? 'Everything held.' : `NOT everything held (jest exit ${String(jest.status)}).`}`);
  return ok ? 0 : 1;
}

process.exit(main());

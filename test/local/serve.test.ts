/**
 * `ercsp serve` as an operator runs it: a separate process, its printed URL and function key, one onboarding over
 * HTTP followed to Completed through the status route, the fleet listed through `GET /api/customers` and by
 * `ercsp customers list`, every answer parsed with the schemas docs/openapi.yaml is generated from, and Ctrl-C.
 * The simulated clock runs at 100 000x, so the provider's two hours pass in a blink.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CustomersPageSchema,
  ProblemSchema,
  RequestReceiptSchema,
  RequestStatusSchema,
} from '../../functions/http/apiSchemas';
import { EXAMPLES_DIR, REPO_ROOT } from '../../local/cli/paths';
import { ercsp } from '../unit/cli/harness';

jest.setTimeout(90_000);

const REQUEST_FILE = join(EXAMPLES_DIR, 'rehearsal', '01-onboard-contoso.json');
const request = JSON.parse(readFileSync(REQUEST_FILE, 'utf8')) as { id: string; data: { customer: { id: string } } };

interface Served {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly key: string;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

function startServe(): Promise<Served> {
  const child = spawn(process.execPath, ['local/cli/bin/ercsp.js', 'serve', '--port', '0', '--speed', '100000'], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ercsp serve printed no URL and key in time.\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const url = /^ERCSP_URL=(\S+)$/m.exec(stdout)?.[1];
      const key = /^ERCSP_FUNCTION_KEY=(\S+)$/m.exec(stdout)?.[1];
      if (url === undefined || key === undefined || !stdout.includes('Ctrl-C stops.')) return;
      clearTimeout(timer);
      resolve({ child, url, key, stdout: () => stdout, stderr: () => stderr, exited });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ercsp serve exited (${String(code)}) before serving.\nstderr: ${stderr}`));
    });
  });
}

describe('ercsp serve', () => {
  let served: Served | undefined;

  beforeAll(async () => {
    served = await startServe();
  });

  afterAll(async () => {
    if (served === undefined) return;
    if (served.child.exitCode === null) served.child.kill('SIGKILL');
    await served.exited;
  });

  it('onboards a customer over HTTP with the printed key, to Completed, and lists it; Ctrl-C stops it', async () => {
    if (served === undefined) throw new Error('ercsp serve did not start');
    const { url, key } = served;
    const body = readFileSync(REQUEST_FILE, 'utf8');
    const post = (headers: Record<string, string>) =>
      fetch(`${url}/api/requests`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body,
      });

    expect((await post({})).status).toBe(401);
    expect((await post({ 'x-functions-key': `${key}x` })).status).toBe(401);

    const submitted = await post({ 'x-functions-key': key });
    expect(submitted.status).toBe(202);
    const receipt = RequestReceiptSchema.parse(await submitted.json());
    expect(receipt.id).toBe(request.id);
    expect(receipt.statusQueryGetUri).toBe(`${url}/api/requests/${request.id}`);

    // Followed through the status route (the key as `?code=`, the other way the host takes it).
    const readStatus = async () => {
      try {
        return RequestStatusSchema.parse(await (await fetch(`${receipt.statusQueryGetUri}?code=${key}`)).json());
      } catch (error) {
        throw new Error(`GET ${request.id} failed; ercsp serve's stderr:\n${served?.stderr() ?? ''}`, { cause: error });
      }
    };
    let status = await readStatus();
    for (let polls = 0; status.runtimeStatus !== 'Completed' && polls < 200; polls++) {
      expect(['Pending', 'Running']).toContain(status.runtimeStatus);
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = await readStatus();
    }
    expect([status.runtimeStatus, status.status, status.error]).toEqual(['Completed', 'Completed', undefined]);
    expect(status.checkpoints.filter((row) => row.status !== 'Succeeded' && row.status !== 'Skipped')).toEqual([]);

    const listed = await fetch(`${url}/api/customers?status=Active`, { headers: { 'x-functions-key': key } });
    expect(listed.status).toBe(200);
    const page = CustomersPageSchema.parse(await listed.json());
    expect(page.items.map((item) => [item.id, item.status])).toEqual([[request.data.customer.id, 'Active']]);

    const refused = await fetch(`${url}/api/customers?status=Sleeping`, { headers: { 'x-functions-key': key } });
    expect(refused.status).toBe(400);
    expect(ProblemSchema.parse(await refused.json()).errors?.map((error) => error.path)).toEqual(['status']);

    const cli = await ercsp(['customers', 'list', '--url', url, '--key', key]);
    expect([cli.code, cli.stderr]).toEqual([0, '']);
    expect(cli.stdout).toMatch(new RegExp(`^${request.data.customer.id}\\s+Active\\s+connect-through`, 'm'));
    expect(cli.stdout).toContain('1 customer\n');

    // The clock route: the function key, then a jump of two simulated days at once.
    expect((await fetch(`${url}/admin/clock`)).status).toBe(401);
    const clockUrl = `${url}/admin/clock`;
    const before = Date.parse(((await (await fetch(`${clockUrl}?code=${key}`)).json()) as { now: string }).now);
    const advanced = await fetch(`${clockUrl}?by=2d`, { method: 'POST', headers: { 'x-functions-key': key } });
    expect(advanced.status).toBe(200);
    const after = (await advanced.json()) as { now: string; speed: number; advancedBy: string };
    expect([after.speed, after.advancedBy]).toEqual([100_000, '2d']);
    expect(Date.parse(after.now) - before).toBeGreaterThanOrEqual(2 * 24 * 3_600_000);
    const badJump = await fetch(`${clockUrl}?by=soon`, { method: 'POST', headers: { 'x-functions-key': key } });
    expect(badJump.status).toBe(400);

    served.child.kill('SIGINT');
    expect(await served.exited).toBe(0);
    // The key was printed once, for the operator; the request log shows paths only, never `?code=`.
    expect(served.stdout().split(key).length - 1).toBe(1);
    expect(served.stderr()).not.toContain(key);
    expect(served.stderr()).toMatch(/^GET \/api\/requests\/crm-req-20260302-0001 200 \d+ms$/m);
  });
});

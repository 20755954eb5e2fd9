/**
 * `npm run arm-sim`: prints `ARM_ENDPOINT=<url>` and `ARM_CA_FILE=<path>` on their own lines once listening, serves
 * ARM with that CA, and on SIGTERM stops and removes the CA file.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { armRequest } from '../../support/armSimulator';

const ROOT = join(__dirname, '..', '..', '..');

function waitForLines(stream: NodeJS.ReadableStream, count: number, timeoutMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      reject(new Error(`timed out waiting for output; got: ${text}`));
    }, timeoutMs);
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const wanted = text.split('\n').filter((line) => /^ARM_(ENDPOINT|CA_FILE)=/.test(line));
      if (wanted.length >= count) {
        clearTimeout(timer);
        resolve(wanted);
      }
    });
  });
}

it('npm run arm-sim prints the endpoint and CA file, serves ARM, and cleans up on SIGTERM', async () => {
  const child = spawn('npm', ['run', 'arm-sim', '--', '--port', '0', '--speed', '60', '--provider-delay', '2h'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      resolve(code);
    }),
  );
  try {
    const [endpointLine, caLine] = await waitForLines(child.stdout, 2, 20_000);
    expect(endpointLine).toMatch(/^ARM_ENDPOINT=https:\/\/127\.0\.0\.1:\d+$/);
    expect(caLine).toMatch(/^ARM_CA_FILE=\/.+\.pem$/);
    const endpoint = String(endpointLine).slice('ARM_ENDPOINT='.length);
    const caFile = String(caLine).slice('ARM_CA_FILE='.length);
    const caPem = readFileSync(caFile, 'utf8');
    const providers = await armRequest(
      { endpoint, caPem },
      'GET',
      '/subscriptions/s1/providers/Microsoft.Network/expressRouteServiceProviders',
    );
    expect(providers.status).toBe(200);
    expect(providers.body.value[0].name).toBe('Equinix');

    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    await exited;
    expect(existsSync(caFile)).toBe(false);
  } finally {
    if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }
});

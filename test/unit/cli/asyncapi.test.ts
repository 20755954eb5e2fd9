import { readFileSync } from 'node:fs';
import { buildAsyncApiDocument } from '../../../shared/messages';
import { parseAsyncApiYaml, renderAsyncApiYaml } from '../../../local/cli/asyncApiYaml';
import { ASYNCAPI_DOCUMENT_FILE } from '../../../local/cli/paths';
import { ercsp } from './harness';

describe('ercsp asyncapi', () => {
  it('prints the generated document as YAML', async () => {
    const run = await ercsp(['asyncapi']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(renderAsyncApiYaml(buildAsyncApiDocument()));
    expect(run.stdout.split('\n')[0]).toContain('npm run ercsp -- asyncapi --write');
  });

  it('--check passes on the committed document (the same comparison as the drift test)', async () => {
    const run = await ercsp(['asyncapi', '--check']);
    // When this fails, the received output says what to run.
    expect(run.stdout).toBe('docs/asyncapi.yaml is up to date\n');
    expect(run.code).toBe(0);
    expect(parseAsyncApiYaml(readFileSync(ASYNCAPI_DOCUMENT_FILE, 'utf8'))).toEqual(buildAsyncApiDocument());
  });

  it('refuses --write together with --check (usage, exit 2)', async () => {
    const run = await ercsp(['asyncapi', '--write', '--check']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('exclude each other');
  });
});

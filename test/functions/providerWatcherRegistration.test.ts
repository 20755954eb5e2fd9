/** The provider watcher's timer as the Functions host receives it: its configured schedule, a Durable client. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_PROVIDER_CLOSE_WATCH_SCHEDULE,
  DEFAULT_PROVIDER_WATCH_SCHEDULE,
  loadConfig,
} from '../../shared/config';
import { captureTriggers } from '../support/functionsHarness';

const ROOT = join(__dirname, '..', '..');
const BASE_ENV = {
  ERCSP_CSP_TENANT_ID: '0b4f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b',
  ERCSP_CSP_SUBSCRIPTION_IDS: '5c1e6b4e-2f0a-4d3b-9a61-0c7d8e9f1a2b',
  ERCSP_CREDENTIAL_MODE: 'fake',
  ERCSP_TABLES_CONNECTION: 'UseDevelopmentStorage=true',
};

describe('provider watcher registration', () => {
  it('registers the timer on %ERCSP_PROVIDER_WATCH_SCHEDULE% with a Durable client; every 5 minutes by default everywhere', async () => {
    const registration = (await captureTriggers()).get('providerWatcherTimer', 'timer');
    expect(registration.trigger).toMatchObject({ type: 'timerTrigger', schedule: '%ERCSP_PROVIDER_WATCH_SCHEDULE%' });
    expect(registration.extraInputs).toEqual([expect.objectContaining({ type: 'durableClient' })]);
    expect(DEFAULT_PROVIDER_WATCH_SCHEDULE).toBe('0 */5 * * * *');
    expect(loadConfig(BASE_ENV).providerWatch.schedule).toBe(DEFAULT_PROVIDER_WATCH_SCHEDULE);
    expect(loadConfig({ ...BASE_ENV, ERCSP_PROVIDER_WATCH_SCHEDULE: '0 */2 * * * *' }).providerWatch.schedule).toBe(
      '0 */2 * * * *',
    );
    const sample = JSON.parse(readFileSync(join(ROOT, 'local.settings.sample.json'), 'utf8')) as {
      Values: Record<string, string>;
    };
    expect(sample.Values.ERCSP_PROVIDER_WATCH_SCHEDULE).toBe(DEFAULT_PROVIDER_WATCH_SCHEDULE);
    expect(readFileSync(join(ROOT, 'infra/modules/functionApp.bicep'), 'utf8')).toContain(
      `{ name: 'ERCSP_PROVIDER_WATCH_SCHEDULE', value: '${DEFAULT_PROVIDER_WATCH_SCHEDULE}' }`,
    );
  });

  it('registers the close watch on %ERCSP_PROVIDER_CLOSE_WATCH_SCHEDULE% with a Durable client; every minute by default everywhere', async () => {
    const registration = (await captureTriggers()).get('providerCloseWatchTimer', 'timer');
    expect(registration.trigger).toMatchObject({
      type: 'timerTrigger',
      schedule: '%ERCSP_PROVIDER_CLOSE_WATCH_SCHEDULE%',
    });
    expect(registration.extraInputs).toEqual([expect.objectContaining({ type: 'durableClient' })]);
    expect(DEFAULT_PROVIDER_CLOSE_WATCH_SCHEDULE).toBe('0 * * * * *');
    expect(loadConfig(BASE_ENV).providerWatch.closeWatchSchedule).toBe(DEFAULT_PROVIDER_CLOSE_WATCH_SCHEDULE);
    const sample = JSON.parse(readFileSync(join(ROOT, 'local.settings.sample.json'), 'utf8')) as {
      Values: Record<string, string>;
    };
    expect(sample.Values.ERCSP_PROVIDER_CLOSE_WATCH_SCHEDULE).toBe(DEFAULT_PROVIDER_CLOSE_WATCH_SCHEDULE);
    expect(readFileSync(join(ROOT, 'infra/modules/functionApp.bicep'), 'utf8')).toContain(
      `{ name: 'ERCSP_PROVIDER_CLOSE_WATCH_SCHEDULE', value: '${DEFAULT_PROVIDER_CLOSE_WATCH_SCHEDULE}' }`,
    );
  });
});

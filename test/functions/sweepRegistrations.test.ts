/** The compliance triggers as the Functions host receives them: the timer on its configured schedule, the routes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  COMPLIANCE_SWEEP_TIMER,
  ComplianceFunctions,
  newSweepId,
  timerSweepId,
} from '../../functions/http/complianceRoutes';
import { DEFAULT_SWEEP_SCHEDULE, loadConfig } from '../../shared/config';
import { captureTriggers } from '../support/functionsHarness';

const ROOT = join(__dirname, '..', '..');
const BASE_ENV = {
  ERCSP_CSP_TENANT_ID: '0b4f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b',
  ERCSP_CSP_SUBSCRIPTION_IDS: '5c1e6b4e-2f0a-4d3b-9a61-0c7d8e9f1a2b',
  ERCSP_CREDENTIAL_MODE: 'fake',
  ERCSP_TABLES_CONNECTION: 'UseDevelopmentStorage=true',
};

describe('compliance sweep registrations', () => {
  it('registers the timer on %ERCSP_SWEEP_SCHEDULE% with a Durable client; the setting defaults to hourly everywhere', async () => {
    const registration = (await captureTriggers()).get(COMPLIANCE_SWEEP_TIMER.name, 'timer');
    expect(registration.trigger).toMatchObject({ type: 'timerTrigger', schedule: '%ERCSP_SWEEP_SCHEDULE%' });
    expect(registration.extraInputs).toEqual([expect.objectContaining({ type: 'durableClient' })]);
    expect(DEFAULT_SWEEP_SCHEDULE).toBe('0 0 * * * *');
    expect(loadConfig(BASE_ENV).sweeps.schedule).toBe(DEFAULT_SWEEP_SCHEDULE);
    expect(loadConfig({ ...BASE_ENV, ERCSP_SWEEP_SCHEDULE: '0 */15 * * * *' }).sweeps.schedule).toBe('0 */15 * * * *');
    const sample = JSON.parse(readFileSync(join(ROOT, 'local.settings.sample.json'), 'utf8')) as {
      Values: Record<string, string>;
    };
    expect(sample.Values.ERCSP_SWEEP_SCHEDULE).toBe(DEFAULT_SWEEP_SCHEDULE);
    expect(readFileSync(join(ROOT, 'infra/modules/functionApp.bicep'), 'utf8')).toContain(
      `{ name: 'ERCSP_SWEEP_SCHEDULE', value: '${DEFAULT_SWEEP_SCHEDULE}' }`,
    );
  });

  it.each(Object.values(ComplianceFunctions))(
    '$name answers on /api/$route with a function key',
    async ({ name, route }) => {
      const registration = (await captureTriggers()).get(name, 'http');
      expect(registration.trigger).toMatchObject({ type: 'httpTrigger', route, authLevel: 'function' });
    },
  );

  it('refuses a repair policy that would repair a destructive class, naming the setting and the class', () => {
    expect(() => loadConfig({ ...BASE_ENV, ERCSP_SWEEP_REPAIR: 'route=repair,circuit=repair' })).toThrow(
      /ERCSP_SWEEP_REPAIR: circuit cannot be repaired automatically/,
    );
    expect(loadConfig({ ...BASE_ENV, ERCSP_SWEEP_REPAIR: 'route=repair' }).sweeps.repairPolicy).toMatchObject({
      route: 'repair',
      nsgRule: 'report',
      circuit: 'report',
    });
  });

  it('names sweeps by the time they start', () => {
    expect(timerSweepId(new Date('2026-12-04T23:00:07Z'))).toBe('timer-202612042300');
    expect(newSweepId(new Date('2026-12-04T23:00:07.123Z'))).toBe('sweep-20261204230007123');
  });
});

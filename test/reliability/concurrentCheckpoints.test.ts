/**
 * Concurrent checkpoint writers: several adapter instances (as several workers would hold) record the same steps of
 * one request at once, each adding its own ARM ids, then finish them. Every id is kept (no lost update), each step is
 * one row (no duplicate), and a finished step never moves back.
 */
import { adapters, uniquePrefix } from '../integration/tables/tablesTestSupport';
import type { CheckpointLog } from '../../shared/ports/checkpoints';
import { reportScenario, scaled } from '../support/reliability';

jest.setTimeout(600_000);

const WRITERS = scaled(8, 4);
const STEPS = scaled(40, 8);
const IDS_PER_WRITER = scaled(5, 3);

it(`${String(WRITERS)} writers racing on ${String(STEPS)} steps keep every update, one row per step`, async () => {
  const prefix = uniquePrefix('race');
  const writers: CheckpointLog[] = Array.from({ length: WRITERS }, () => adapters(prefix).checkpoints);
  const steps = Array.from({ length: STEPS }, (_, i) => `step-${String(i)}`);
  const idsOf = (writer: number, step: string) =>
    Array.from(
      { length: IDS_PER_WRITER },
      (_, i) =>
        `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/${step}-w${String(writer)}-${String(i)}`,
    );
  // Everyone starts every step at once, each adding its ids; then everyone finishes every step at once.
  await Promise.all(
    steps.flatMap((stepKey) =>
      writers.map((log, writer) =>
        log.record({
          customerId: 'contoso',
          requestId: 'req-race',
          stepKey,
          status: 'Started',
          armIds: idsOf(writer, stepKey),
        }),
      ),
    ),
  );
  await Promise.all(
    steps.flatMap((stepKey) =>
      writers.map((log) => log.record({ customerId: 'contoso', requestId: 'req-race', stepKey, status: 'Succeeded' })),
    ),
  );
  // A late Started (a replayed activity) must not move a finished step back.
  await Promise.all(
    steps.map((stepKey, i) =>
      (writers[i % WRITERS] as CheckpointLog).record({
        customerId: 'contoso',
        requestId: 'req-race',
        stepKey,
        status: 'Started',
      }),
    ),
  );

  const rows = await (writers[0] as CheckpointLog).list('contoso', 'req-race');
  const rowsPerStep = new Map<string, number>();
  for (const row of rows) rowsPerStep.set(row.stepKey, (rowsPerStep.get(row.stepKey) ?? 0) + 1);
  const duplicates = [...rowsPerStep.values()].reduce((sum, n) => sum + n - 1, 0);
  let lost = 0;
  for (const stepKey of steps) {
    const kept = new Set(rows.find((row) => row.stepKey === stepKey)?.armIds ?? []);
    for (let writer = 0; writer < WRITERS; writer += 1)
      lost += idsOf(writer, stepKey).filter((id) => !kept.has(id)).length;
  }
  const movedBack = rows.filter((row) => row.status !== 'Succeeded').length;
  const missingSteps = steps.filter((stepKey) => !rowsPerStep.has(stepKey)).length;
  reportScenario({
    scenario: 'concurrent checkpoint writers',
    tried: `${String(WRITERS)} adapter instances x ${String(STEPS)} steps at once: Started with ${String(IDS_PER_WRITER)} ids each, Succeeded, a late Started`,
    held: `one row per step; all ${String(WRITERS * STEPS * IDS_PER_WRITER)} ids kept; no step moved back (${String(movedBack)})`,
    holds: movedBack === 0 && missingSteps === 0,
    duplicates,
    losses: lost + missingSteps,
    deletes: 0,
  });
  expect(missingSteps).toBe(0);
  expect(duplicates).toBe(0);
  expect(lost).toBe(0);
  expect(movedBack).toBe(0);
});

/**
 * `ComplianceStore` on Azure Table storage.
 *
 * Table `{prefix}Sweeps`:
 * - report:  PartitionKey `sweep`,            RowKey `{sweepId}` → trigger, status, times, fleet findings, error
 * - batch:   PartitionKey `batch:{sweepId}`,  RowKey `{index, 6 digits}` → that batch's counts (JSON byCode)
 * Table `{prefix}Findings`: PartitionKey `{customerId}` (`~fleet` for fleet findings), RowKey the encoded
 * `findingKey` → the finding (JSON), status open/resolved/watching, first and last seen.
 *
 * Findings are never deleted: a finding no longer seen becomes `resolved` (its history stays readable).
 */
import type { Finding } from '../../domain/findings';
import { FINDING_SEVERITIES, findingKey } from '../../domain/findings';
import type { WatchedCondition } from '../../domain/findingsDiff';
import type {
  ComplianceStore,
  FindingsUpdate,
  StoredFinding,
  SweepBatchSummary,
  SweepReport,
  SweepStatus,
  SweepTrigger,
} from '../../ports/compliance';
import { odata } from './odata';
import {
  type TableHandle,
  type StoredEntity,
  encodeKey,
  isConflict,
  num,
  queryAll,
  readEntity,
  str,
} from './tableSupport';

const REPORT_PARTITION = 'sweep';
const FLEET_PARTITION = '~fleet';

function partitionOf(customerId: string | undefined): string {
  return customerId === undefined ? FLEET_PARTITION : encodeKey(customerId);
}

function batchPartition(sweepId: string): string {
  return `batch:${encodeKey(sweepId)}`;
}

const EMPTY_SUMMARY: SweepBatchSummary = {
  customers: 0,
  customersWithFindings: 0,
  findings: 0,
  byCode: {},
  repaired: 0,
  repairsFailed: 0,
  driftEvents: 0,
  resourceGraphQueries: 0,
  armReads: 0,
};

export class TableComplianceStore implements ComplianceStore {
  constructor(
    private readonly sweeps: TableHandle,
    private readonly findings: TableHandle,
  ) {}

  async startSweep(sweepId: string, trigger: SweepTrigger, startedAt: string): Promise<void> {
    await this.sweeps.ready();
    try {
      await this.sweeps.client.createEntity({
        partitionKey: REPORT_PARTITION,
        rowKey: encodeKey(sweepId),
        trigger,
        status: 'Running',
        startedAt,
      });
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
  }

  async recordBatch(sweepId: string, batchIndex: number, summary: SweepBatchSummary): Promise<void> {
    await this.sweeps.ready();
    const { byCode, ...counts } = summary;
    await this.sweeps.client.upsertEntity(
      {
        partitionKey: batchPartition(sweepId),
        rowKey: String(batchIndex).padStart(6, '0'),
        ...counts,
        byCode: JSON.stringify(byCode),
      },
      'Replace',
    );
  }

  async finishSweep(
    sweepId: string,
    status: Exclude<SweepStatus, 'Running'>,
    finishedAt: string,
    detail: { readonly fleetFindings?: number; readonly error?: string } = {},
  ): Promise<void> {
    await this.sweeps.ready();
    await this.sweeps.client.upsertEntity(
      {
        partitionKey: REPORT_PARTITION,
        rowKey: encodeKey(sweepId),
        status,
        finishedAt,
        ...(detail.fleetFindings === undefined ? {} : { fleetFindings: detail.fleetFindings }),
        ...(detail.error === undefined ? {} : { error: detail.error.slice(0, 2000) }),
      },
      'Merge',
    );
  }

  async getSweep(sweepId: string): Promise<SweepReport | undefined> {
    await this.sweeps.ready();
    const header = await readEntity(this.sweeps.client, REPORT_PARTITION, encodeKey(sweepId));
    if (header === undefined) return undefined;
    const batches = await queryAll(this.sweeps.client, odata`PartitionKey eq ${batchPartition(sweepId)}`);
    const total: Record<string, number> = {};
    const byCode: Record<string, number> = {};
    for (const batch of batches) {
      for (const key of Object.keys(EMPTY_SUMMARY)) {
        if (key !== 'byCode') total[key] = (total[key] ?? 0) + (num(batch, key) ?? 0);
      }
      for (const [code, count] of Object.entries(parseCounts(str(batch, 'byCode'))))
        byCode[code] = (byCode[code] ?? 0) + count;
    }
    const finishedAt = str(header, 'finishedAt');
    const error = str(header, 'error');
    const fleetFindings = num(header, 'fleetFindings') ?? 0;
    return {
      sweepId,
      trigger: (str(header, 'trigger') ?? 'http') as SweepTrigger,
      status: (str(header, 'status') ?? 'Running') as SweepStatus,
      startedAt: str(header, 'startedAt') ?? '',
      ...(finishedAt === undefined ? {} : { finishedAt }),
      ...(error === undefined ? {} : { error }),
      batches: batches.length,
      customers: total.customers ?? 0,
      customersWithFindings: total.customersWithFindings ?? 0,
      findings: (total.findings ?? 0) + fleetFindings,
      fleetFindings,
      byCode,
      repaired: total.repaired ?? 0,
      repairsFailed: total.repairsFailed ?? 0,
      driftEvents: total.driftEvents ?? 0,
      resourceGraphQueries: total.resourceGraphQueries ?? 0,
      armReads: total.armReads ?? 0,
    };
  }

  async firstSeen(customerId: string | undefined): Promise<ReadonlyMap<string, number>> {
    const rows = await this.rowsOf(customerId);
    const seen = new Map<string, number>();
    for (const row of rows) {
      if (str(row, 'status') === 'resolved') continue;
      const key = str(row, 'key');
      const at = Date.parse(str(row, 'firstSeenAt') ?? '');
      if (key !== undefined && Number.isFinite(at)) seen.set(key, at);
    }
    return seen;
  }

  async replaceFindings(
    customerId: string | undefined,
    sweepId: string,
    findings: readonly (Finding & { readonly action: StoredFinding['action'] })[],
    watching: readonly WatchedCondition[],
    now: string,
  ): Promise<FindingsUpdate> {
    const partitionKey = partitionOf(customerId);
    const existing = new Map((await this.rowsOf(customerId)).map((row) => [row.rowKey, row]));
    let opened = 0;
    let stillOpen = 0;
    const written = new Set<string>();
    for (const finding of findings) {
      const key = findingKey(finding);
      const rowKey = encodeKey(key);
      const before = existing.get(rowKey);
      const wasOpen = before !== undefined && str(before, 'status') !== 'resolved';
      if (wasOpen && str(before, 'status') === 'open') stillOpen += 1;
      else opened += 1;
      written.add(rowKey);
      const { action, ...plain } = finding;
      await this.findings.client.upsertEntity(
        {
          partitionKey,
          rowKey,
          key,
          status: 'open',
          severityRank: FINDING_SEVERITIES.indexOf(finding.severity),
          firstSeenAt: wasOpen ? (str(before, 'firstSeenAt') ?? now) : now,
          lastSeenAt: now,
          sweepId,
          action,
          finding: JSON.stringify(plain).slice(0, 30_000),
        },
        'Replace',
      );
    }
    for (const condition of watching) {
      const rowKey = encodeKey(condition.key);
      if (written.has(rowKey)) continue;
      written.add(rowKey);
      await this.findings.client.upsertEntity(
        {
          partitionKey,
          rowKey,
          key: condition.key,
          status: 'watching',
          firstSeenAt: new Date(condition.since).toISOString(),
          lastSeenAt: now,
          sweepId,
        },
        'Replace',
      );
    }
    let resolved = 0;
    for (const [rowKey, row] of existing) {
      if (rowKey === undefined || written.has(rowKey) || str(row, 'status') === 'resolved') continue;
      if (str(row, 'status') === 'open') resolved += 1;
      await this.findings.client.updateEntity(
        { partitionKey, rowKey, status: 'resolved', lastSeenAt: now, sweepId },
        'Merge',
      );
    }
    return { opened, stillOpen, resolved };
  }

  async openFindings(customerId: string | undefined): Promise<readonly StoredFinding[]> {
    const rows = await this.rowsOf(customerId);
    return rows
      .filter((row) => str(row, 'status') === 'open')
      .map((row): StoredFinding => {
        const finding = JSON.parse(str(row, 'finding') ?? '{}') as Finding;
        return {
          ...finding,
          status: 'open',
          firstSeenAt: str(row, 'firstSeenAt') ?? '',
          lastSeenAt: str(row, 'lastSeenAt') ?? '',
          sweepId: str(row, 'sweepId') ?? '',
          action: (str(row, 'action') ?? 'reported') as StoredFinding['action'],
        };
      })
      .sort(
        (a, b) =>
          FINDING_SEVERITIES.indexOf(a.severity) - FINDING_SEVERITIES.indexOf(b.severity) ||
          a.code.localeCompare(b.code) ||
          a.resourceId.localeCompare(b.resourceId),
      );
  }

  private async rowsOf(customerId: string | undefined): Promise<StoredEntity[]> {
    await this.findings.ready();
    return queryAll(this.findings.client, odata`PartitionKey eq ${partitionOf(customerId)}`);
  }
}

function parseCounts(text: string | undefined): Record<string, number> {
  if (text === undefined) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return {};
    return Object.fromEntries(
      Object.entries(value).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
    );
  } catch {
    return {};
  }
}

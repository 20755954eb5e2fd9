/**
 * Client commands about customers, over the app's HTTP API (see client.ts for `--url`, `--key`, `--entra-scope`):
 * - `ercsp customers list [--status <status>] [--page-size <n>]`: `GET /api/customers`, every page (following the
 *   continuation token), as a table or (`--json`) one JSON array.
 * - `ercsp customers show <id>`: `GET /api/customers/{id}`: the registry entry and the resources Azure holds.
 * - `ercsp diagram <id>`: the customer's Mermaid diagram (`GET /api/customers/{id}?format=mermaid`), as text.
 */
import type { Command } from 'commander';
import { CUSTOMER_STATUSES } from '../../../shared/ports/customers';
import type { CommandContext } from '../context';
import { EXIT } from '../io';
import {
  asRecord,
  expectStatus,
  renderTable,
  runClientCommand,
  text,
  withConnectionOptions,
  writeJson,
  type ConnectionOptions,
} from './client';

/** A guard against a server that keeps answering with a continuation token. */
const MAX_PAGES = 1000;

function customerPath(id: string): string {
  return `customers/${encodeURIComponent(id)}`;
}

export function registerCustomerCommands(program: Command, context: CommandContext): void {
  const customers = program.command('customers').description("the fleet: every customer, or one customer's view");

  withConnectionOptions(
    customers
      .command('list')
      .description('every customer the automation manages (GET /api/customers, all pages)')
      .option('--status <status>', `only customers with this status (${CUSTOMER_STATUSES.join(', ')})`)
      .option('--page-size <n>', 'customers per request (1-1000)'),
  ).action(async (options: ConnectionOptions & { status?: string; pageSize?: string }) => {
    await runClientCommand(context, options, async (target) => {
      const items: Record<string, unknown>[] = [];
      let continuationToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const response = await expectStatus(target, {
          method: 'GET',
          path: 'customers',
          query: { status: options.status, pageSize: options.pageSize, continuationToken },
        });
        const body = asRecord(response.json);
        if (Array.isArray(body.items)) items.push(...body.items.map(asRecord));
        continuationToken = typeof body.continuationToken === 'string' ? body.continuationToken : undefined;
        if (continuationToken === undefined) break;
      }
      if (options.json === true) {
        writeJson(context, items);
        return;
      }
      context.io.stdout.write(
        renderTable(
          ['customer', 'status', 'model', 'tenant', 'circuit subscription', 'vnets', 'updated'],
          items.map((item) => [
            text(item.id),
            text(item.status),
            text(item.model),
            text(item.tenantId),
            text(item.circuitSubscriptionId),
            Array.isArray(item.vnetIds) ? String(item.vnetIds.length) : undefined,
            text(item.updatedAt),
          ]),
        ),
      );
      context.io.stdout.write(`${String(items.length)} customer${items.length === 1 ? '' : 's'}\n`);
    });
  });

  withConnectionOptions(
    customers
      .command('show')
      .description('one customer: its registry entry and the resources Azure holds (GET /api/customers/{id})')
      .argument('<id>', 'the customer id'),
  ).action(async (id: string, options: ConnectionOptions) => {
    await runClientCommand(context, options, async (target) => {
      const view = asRecord((await expectStatus(target, { method: 'GET', path: customerPath(id) })).json);
      if (options.json === true) {
        writeJson(context, view);
        return;
      }
      const customer = asRecord(view.customer);
      context.io.stdout.write(
        renderTable(
          ['customer', 'status', 'model', 'tenant', 'circuit subscription', 'last request'],
          [
            [
              text(customer.id),
              text(customer.status),
              text(customer.model),
              text(customer.tenantId),
              text(customer.circuitSubscriptionId),
              text(customer.lastRequestId),
            ],
          ],
        ),
      );
      if (typeof customer.statusReason === 'string') context.io.stdout.write(`reason: ${customer.statusReason}\n`);
      const resources = Array.isArray(view.resources) ? view.resources.map(asRecord) : [];
      context.io.stdout.write('\nresources\n');
      context.io.stdout.write(
        renderTable(
          ['kind', 'name', 'pair', 'leg', 'state', 'provider', 'location'],
          resources.map((resource) => {
            const state = asRecord(resource.state);
            return [
              text(resource.kind),
              text(resource.name),
              text(resource.pair),
              text(resource.leg),
              [state.provisioningState, state.serviceProviderProvisioningState, state.connectionStatus]
                .filter((value) => typeof value === 'string')
                .join(' / '),
              text(resource.serviceProviderName),
              text(resource.peeringLocation ?? resource.location),
            ];
          }),
        ),
      );
    });
  });
}

export function registerDiagramCommand(program: Command, context: CommandContext): void {
  withConnectionOptions(
    program
      .command('diagram')
      .description("a customer's topology as a Mermaid diagram (GET /api/customers/{id}?format=mermaid)")
      .argument('<id>', 'the customer id'),
  ).action(async (id: string, options: ConnectionOptions) => {
    await runClientCommand(context, options, async (target) => {
      if (options.json === true) {
        const view = asRecord((await expectStatus(target, { method: 'GET', path: customerPath(id) })).json);
        writeJson(context, { customerId: id, mermaid: view.mermaid });
        return;
      }
      const response = await expectStatus(target, {
        method: 'GET',
        path: customerPath(id),
        query: { format: 'mermaid' },
      });
      if (response.text === '') {
        context.io.stderr.write(`error: the API answered an empty diagram for ${id}\n`);
        context.exit(EXIT.invalid);
        return;
      }
      context.io.stdout.write(response.text.endsWith('\n') ? response.text : `${response.text}\n`);
    });
  });
}

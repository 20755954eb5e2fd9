/**
 * The control interface over HTTP, under `/__sim/` (no auth, not counted, never faulted or throttled):
 *   GET  /__sim/counters                    POST /__sim/counters/reset
 *   POST /__sim/resourceGroups              { subscriptionId, resourceGroup, location }
 *   POST /__sim/virtualNetworks             { subscriptionId, resourceGroup, name, location, addressSpace, subnets }
 *   POST /__sim/provider/provision          { circuitId }      POST /__sim/provider/deprovision { circuitId }
 *   POST /__sim/provider/state              { circuitId, state }
 *   PUT  /__sim/faults                      FaultOptions (or an empty body: no faults)
 *   GET  /__sim/resources[?id=…]            GET  /__sim/operations
 *   GET  /__sim/journal[?id=…]              POST /__sim/refusals { resourceId, code, message, status? }
 *   POST /__sim/tenants                     { subscriptionId, tenantId }
 *   GET  /__sim/clock                       POST /__sim/clock/advance { ms } (VirtualClock only)
 */
import { isVirtualClock } from '../clock';
import type { ArmSimulatorControl } from './control';
import { ControlError } from './controlError';
import type { SimRequest, SimResponse } from './http';
import { jsonResponse } from './http';
import type { Json, JsonObject } from './json';
import { isJsonObject, numberAt, stringAt, stringsAt } from './json';
import type { ServiceProviderProvisioningState } from './provider';
import type { Simulation } from './simulation';

function requireField(body: JsonObject, field: string): string {
  const value = stringAt(body, field);
  if (value === undefined || value === '') throw new ControlError(400, `'${field}' is required`);
  return value;
}

function asJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

/** `/__sim/...` over HTTP. */
export function handleControlRequest(sim: Simulation, control: ArmSimulatorControl, request: SimRequest): SimResponse {
  const route = `${request.method} /${request.segments.slice(1).join('/')}`;
  const body: JsonObject = isJsonObject(request.body) ? request.body : {};
  try {
    switch (route) {
      case 'GET /counters':
        return jsonResponse(200, asJson(control.counters()));
      case 'POST /counters/reset':
        control.resetCounters();
        return jsonResponse(200, asJson(control.counters()));
      case 'POST /resourceGroups':
        return jsonResponse(
          200,
          asJson(
            control.seedResourceGroup(
              requireField(body, 'subscriptionId'),
              requireField(body, 'resourceGroup'),
              requireField(body, 'location'),
            ),
          ),
        );
      case 'POST /virtualNetworks':
        return jsonResponse(
          200,
          asJson(
            control.seedVirtualNetwork(
              requireField(body, 'subscriptionId'),
              requireField(body, 'resourceGroup'),
              requireField(body, 'name'),
              {
                location: requireField(body, 'location'),
                addressSpace: stringsAt(body, 'addressSpace'),
                subnets: (Array.isArray(body.subnets) ? body.subnets : []).filter(isJsonObject).map((subnet) => ({
                  name: requireField(subnet, 'name'),
                  addressPrefix: requireField(subnet, 'addressPrefix'),
                })),
              },
            ),
          ),
        );
      case 'POST /provider/provision':
        return jsonResponse(200, asJson(control.provision(requireField(body, 'circuitId'))));
      case 'POST /provider/deprovision':
        return jsonResponse(200, asJson(control.deprovision(requireField(body, 'circuitId'))));
      case 'POST /provider/state':
        return jsonResponse(
          200,
          asJson(
            control.setProviderState(
              requireField(body, 'circuitId'),
              requireField(body, 'state') as ServiceProviderProvisioningState,
            ),
          ),
        );
      case 'PUT /faults':
        control.setFaults(isJsonObject(request.body) ? request.body : undefined);
        return jsonResponse(200, { ok: true });
      case 'GET /resources': {
        const id = request.query.get('id');
        if (id === null) return jsonResponse(200, { value: asJson(control.resources()) });
        const resource = control.get(id);
        if (!resource) throw new ControlError(404, `no resource ${id}`);
        return jsonResponse(200, asJson(resource));
      }
      case 'GET /operations':
        return jsonResponse(200, { value: asJson(control.operations()) });
      case 'GET /journal':
        return jsonResponse(200, { value: asJson(control.journal(request.query.get('id') ?? undefined)) });
      case 'POST /refusals': {
        const status = numberAt(body, 'status');
        control.refuseNextWrite(requireField(body, 'resourceId'), {
          code: requireField(body, 'code'),
          message: requireField(body, 'message'),
          ...(status === undefined ? {} : { status }),
        });
        return jsonResponse(200, { ok: true });
      }
      case 'POST /tenants':
        control.setSubscriptionTenant(requireField(body, 'subscriptionId'), requireField(body, 'tenantId'));
        return jsonResponse(200, { ok: true });
      case 'GET /clock':
        return jsonResponse(200, { now: sim.now(), iso: new Date(sim.now()).toISOString() });
      case 'POST /clock/advance': {
        const clock = sim.clock;
        if (!isVirtualClock(clock)) throw new ControlError(409, 'only a VirtualClock can be advanced');
        clock.advanceBy(numberAt(body, 'ms') ?? 0);
        sim.settle();
        return jsonResponse(200, { now: sim.now(), iso: new Date(sim.now()).toISOString() });
      }
      default:
        throw new ControlError(404, `no control route ${route}`);
    }
  } catch (error) {
    if (error instanceof ControlError) {
      return jsonResponse(error.status, { error: { code: 'SimulatorControlError', message: error.message } });
    }
    if (error instanceof RangeError) {
      return jsonResponse(400, { error: { code: 'SimulatorControlError', message: error.message } });
    }
    throw error;
  }
}

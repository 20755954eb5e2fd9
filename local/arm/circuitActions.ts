/**
 * POST actions on circuits the workflows use: the routes-table summary of a circuit's peering on one of its two
 * Microsoft edge devices (`…/expressRouteCircuits/{c}/peerings/{p}/routeTablesSummary/{primary|secondary}`), as
 * `ExpressRouteCircuits_ListRoutesTableSummary` answers it: one row per BGP neighbor, `statePfxRcd` the number of
 * prefixes received from it (https://learn.microsoft.com/rest/api/expressroute/express-route-circuits/list-routes-table-summary).
 * The customer's side is not simulated: how many routes it advertises is arranged by a test
 * (`setPrivatePeeringRoutes`, default 0). Answered at once (200), which an SDK poller takes as finished.
 */
import { errors } from './errors';
import type { SimResponse } from './http';
import { jsonResponse } from './http';
import { idKey, networkResourceId } from './ids';
import { numberAt, stringAt } from './json';
import type { Simulation } from './simulation';
import type { NetworkRequestPath } from './target';

const DEVICES = ['primary', 'secondary'];
const routesAdvertised = new WeakMap<object, Map<string, number>>();

/** How many IPv4 routes the customer advertises on the circuit's private peering (each device receives them all). */
export function setPrivatePeeringRoutes(sim: Simulation, circuitId: string, routes: number): void {
  if (!Number.isInteger(routes) || routes < 0) throw new RangeError('routes must be a whole number, 0 or more');
  let byCircuit = routesAdvertised.get(sim);
  if (byCircuit === undefined) {
    byCircuit = new Map();
    routesAdvertised.set(sim, byCircuit);
  }
  byCircuit.set(idKey(circuitId), routes);
}

export function isNetworkAction(path: NetworkRequestPath): boolean {
  const [circuit, peering, action] = path.segments;
  return (
    path.segments.length === 3 &&
    path.collectionType === undefined &&
    circuit?.type.toLowerCase() === 'expressroutecircuits' &&
    peering?.type.toLowerCase() === 'peerings' &&
    action?.type.toLowerCase() === 'routetablessummary'
  );
}

export function handleNetworkAction(sim: Simulation, path: NetworkRequestPath): SimResponse {
  const [circuit, peering, action] = path.segments;
  if (!isNetworkAction(path) || circuit === undefined || peering === undefined || action === undefined) {
    throw errors.methodNotAllowed('POST');
  }
  const circuitId = networkResourceId(path.subscriptionId, path.resourceGroup, [
    { type: 'expressRouteCircuits', name: circuit.name },
  ]);
  if (sim.store.get(circuitId) === undefined) throw errors.parentNotFound(circuit.name);
  const peeringId = `${circuitId}/peerings/${peering.name}`;
  const stored = sim.store.get(peeringId);
  if (stored === undefined) throw errors.childNotFound(peeringId);
  const device = action.name.toLowerCase();
  if (!DEVICES.includes(device)) throw errors.childNotFound(`${peeringId}/routeTablesSummary/${action.name}`);
  const prefix = stringAt(
    stored.properties,
    device === 'primary' ? 'primaryPeerAddressPrefix' : 'secondaryPeerAddressPrefix',
  );
  const routes = routesAdvertised.get(sim)?.get(idKey(circuitId)) ?? 0;
  return jsonResponse(200, {
    value: [
      {
        neighbor: prefix ?? '',
        v: 4,
        as: numberAt(stored.properties, 'peerASN') ?? 0,
        upDown: '1d02h',
        statePfxRcd: String(routes),
      },
    ],
  });
}

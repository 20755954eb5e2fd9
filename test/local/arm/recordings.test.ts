/**
 * The simulator against real Azure traffic (test/fixtures/recordings): each request a recording made is replayed
 * against the simulator with the recording's ids and body, and the answer must have the recorded status, the same
 * property names (except the differences listed, each with its reason) and the recorded states, keys and error
 * codes and messages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRealServiceKey } from '../../../shared/domain/serviceKey';
import type { ArmHttpResponse, TestArmSimulator } from '../../support/armSimulator';
import { armRequest, startTestArmSimulator } from '../../support/armSimulator';
import { finish } from './topology';

interface RecordedInteraction {
  readonly request: { readonly method: string; readonly path: string; readonly body?: unknown };
  readonly response: { readonly status: number; readonly body: RecordedBody };
}

interface RecordedBody {
  readonly properties: Record<string, unknown>;
  readonly error: { readonly code: string; readonly message: string };
  readonly [key: string]: unknown;
}

function recording(file: string): Record<string, RecordedInteraction> {
  const path = join(__dirname, '..', '..', 'fixtures', 'recordings', file);
  return (JSON.parse(readFileSync(path, 'utf8')) as { interactions: Record<string, RecordedInteraction> }).interactions;
}

function interaction(recorded: Record<string, RecordedInteraction>, name: string): RecordedInteraction {
  const found = recorded[name];
  if (found === undefined) throw new Error(`the recording has no interaction ${name}`);
  return found;
}

const PYTHON = recording('python-sdk-express-route.json');
const POWERSHELL = recording('powershell-express-route-circuit-authorization-crud.json');
const MISSING_API_VERSION = (
  JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'fixtures', 'recordings', 'arm-missing-api-version.json'), 'utf8'),
  ) as { response: { status: number; body: { error: { code: string; message: string } } } }
).response;

const circuitCreate = interaction(PYTHON, 'circuitCreate');
const circuitGet = interaction(PYTHON, 'circuitGetAfterCreate');
const peeringCreate = interaction(PYTHON, 'privatePeeringCreateOnNotProvisionedCircuit');
const peeringGet = interaction(PYTHON, 'peeringGet');
const authorizationCreate = interaction(PYTHON, 'authorizationCreate');
const missingChild = interaction(PYTHON, 'missingChildGet');
const missingCircuit = interaction(POWERSHELL, 'missingCircuitGet');

const CIRCUIT_PATH = circuitCreate.request.path;
const [, SUBSCRIPTION = '', , RESOURCE_GROUP = ''] = CIRCUIT_PATH.split('/').slice(1);

/** Property names, sorted, of a resource body. */
function propertyNames(body: unknown): string[] {
  const properties = (body as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  return Object.keys(properties).sort();
}

function withDifferences(names: string[], differences: { add?: string[]; remove?: string[] }): string[] {
  return [...names.filter((name) => !(differences.remove ?? []).includes(name)), ...(differences.add ?? [])].sort();
}

let sim: TestArmSimulator;

beforeEach(async () => {
  sim = await startTestArmSimulator({ provider: { provisionAfterMs: 'never', deprovisionAfterMs: 'never' } });
  sim.control.seedResourceGroup(SUBSCRIPTION, RESOURCE_GROUP, 'eastus');
});

afterEach(async () => {
  await sim.stop();
});

function replay(recorded: RecordedInteraction): Promise<ArmHttpResponse> {
  const { method, path, body } = recorded.request;
  return armRequest(sim, method, path, body === undefined ? {} : { body });
}

async function createdCircuit(): Promise<ArmHttpResponse> {
  const created = await replay(circuitCreate);
  expect(await finish(sim, created)).toEqual({ status: 'Succeeded' });
  return created;
}

describe('the circuit create answer (recorded 201)', () => {
  it('says Updating, Disabled and the all-zeros key, with the recorded property names', async () => {
    const created = await replay(circuitCreate);
    const recorded = circuitCreate.response.body.properties;

    expect(created.status).toBe(circuitCreate.response.status);
    expect(created.body.properties).toMatchObject({
      provisioningState: recorded.provisioningState,
      circuitProvisioningState: recorded.circuitProvisioningState,
      serviceKey: recorded.serviceKey,
      serviceProviderProvisioningState: recorded.serviceProviderProvisioningState,
      allowGlobalReach: false,
      globalReachEnabled: false,
    });
    expect(recorded).toMatchObject({
      serviceKey: '00000000-0000-0000-0000-000000000000',
      provisioningState: 'Updating',
    });
    // gatewayManagerEtag: the simulator shows it from the start; Azure only once the creation is done.
    expect(propertyNames(created.body)).toEqual(
      withDifferences(propertyNames(circuitCreate.response.body), { add: ['gatewayManagerEtag'] }),
    );
  });

  it('a GET before the creation has finished still shows the placeholder key', async () => {
    await replay(circuitCreate);
    const early = await armRequest(sim, 'GET', CIRCUIT_PATH);
    expect(early.body.properties).toMatchObject({
      provisioningState: 'Updating',
      circuitProvisioningState: 'Disabled',
      serviceKey: '00000000-0000-0000-0000-000000000000',
    });
    expect(isRealServiceKey(String(early.body.properties.serviceKey))).toBe(false);
  });
});

describe('the circuit GET once created (recorded 200)', () => {
  it('carries the real key, stag and globalReachEnabled, with the recorded property names', async () => {
    await createdCircuit();
    const got = await armRequest(sim, 'GET', CIRCUIT_PATH);
    const recorded = circuitGet.response.body.properties;

    expect(got.status).toBe(200);
    expect(propertyNames(got.body)).toEqual(propertyNames(circuitGet.response.body));
    expect(got.body.properties).toMatchObject({
      provisioningState: recorded.provisioningState,
      circuitProvisioningState: recorded.circuitProvisioningState,
      globalReachEnabled: recorded.globalReachEnabled,
      allowGlobalReach: recorded.allowGlobalReach,
    });
    expect(isRealServiceKey(String(recorded.serviceKey))).toBe(true);
    expect(isRealServiceKey(String(got.body.properties.serviceKey))).toBe(true);
    expect(got.body.properties.stag).toEqual(expect.any(Number));
    expect(got.body.properties.stag).toBeGreaterThanOrEqual(1);
    expect(got.body.properties.stag).toBeLessThanOrEqual(4094);
  });

  it('keeps its key and stag through an update, whose 200 shows them at once', async () => {
    await createdCircuit();
    const before = await armRequest(sim, 'GET', CIRCUIT_PATH);
    const update = await armRequest(sim, 'PUT', CIRCUIT_PATH, {
      body: { ...before.body, tags: { purpose: 'update' } },
    });
    expect(update.status).toBe(200);
    expect(update.body.properties).toMatchObject({
      provisioningState: 'Updating',
      serviceKey: before.body.properties.serviceKey,
      stag: before.body.properties.stag,
      circuitProvisioningState: 'Enabled',
    });
  });
});

describe('children', () => {
  async function provisionedCircuit(): Promise<void> {
    await createdCircuit();
    sim.control.provision(CIRCUIT_PATH);
  }

  it('the authorization create answer carries authorizationKey already (recorded 201)', async () => {
    await createdCircuit();
    const created = await replay(authorizationCreate);
    expect(created.status).toBe(authorizationCreate.response.status);
    expect(propertyNames(created.body)).toEqual(propertyNames(authorizationCreate.response.body));
    expect(created.body.properties).toMatchObject({
      provisioningState: 'Updating',
      authorizationUseStatus: 'Available',
    });
    const key = String(created.body.properties.authorizationKey);
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await finish(sim, created)).toEqual({ status: 'Succeeded' });
    const got = await armRequest(sim, 'GET', authorizationCreate.request.path);
    expect(got.body.properties.authorizationKey).toBe(key);
  });

  it('a peering GET carries connections and peeredConnections, empty (recorded 200)', async () => {
    await provisionedCircuit();
    const created = await replay(peeringCreate);
    expect(created.status).toBe(201);
    expect(created.body.properties).toMatchObject({ connections: [], peeredConnections: [] });
    expect(await finish(sim, created)).toEqual({ status: 'Succeeded' });

    const got = await armRequest(sim, 'GET', peeringGet.request.path);
    expect(got.status).toBe(200);
    expect(propertyNames(got.body)).toEqual(propertyNames(peeringGet.response.body));
    expect(got.body.properties).toMatchObject({
      connections: peeringGet.response.body.properties.connections,
      peeredConnections: peeringGet.response.body.properties.peeredConnections,
      azureASN: peeringGet.response.body.properties.azureASN,
      lastModifiedBy: peeringGet.response.body.properties.lastModifiedBy,
    });
  });

  it.each([
    ['peering', `${CIRCUIT_PATH}/peerings/AzurePrivatePeering`],
    ['authorization', `${CIRCUIT_PATH}/authorizations/myAuthorization`],
  ])('a missing %s is the Network provider’s 404 NotFound "Resource <id> not found." (recorded)', async (_, path) => {
    await createdCircuit();
    const recorded = missingChild.response;
    const got = await armRequest(sim, 'GET', path);
    expect(got.status).toBe(recorded.status);
    expect(got.body.error.code).toBe(recorded.body.error.code);
    expect(recorded.body.error.message).toBe(`Resource ${missingChild.request.path} not found.`);
    expect(got.body.error.message).toBe(`Resource ${path} not found.`);
  });

  it("a missing circuit stays ARM's 404 ResourceNotFound (recorded)", async () => {
    const recorded = missingCircuit.response;
    const got = await armRequest(sim, 'GET', CIRCUIT_PATH);
    expect(got.status).toBe(recorded.status);
    expect(got.body.error.code).toBe(recorded.body.error.code);
    expect(recorded.body.error.message).toBe(
      "The Resource 'Microsoft.Network/expressRouteCircuits/ps2263' under resource group 'ps7040' was not found.",
    );
    expect(got.body.error.message).toContain(
      `The Resource 'Microsoft.Network/expressRouteCircuits/myCircuit' under resource group '${RESOURCE_GROUP}' was not found.`,
    );
  });

  it('a private peering on a NotProvisioned circuit is refused, as documented (the recording shows Azure accepting it; see local/arm/README.md)', async () => {
    await createdCircuit();
    expect(peeringCreate.response.status).toBe(201);
    const refused = await replay(peeringCreate);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('ExpressRouteCircuitNotProvisionedByServiceProvider');
  });
});

describe('api-version (ARM refuses a request without one)', () => {
  it.each([
    ['missing', null],
    ['empty', ''],
    ['blank', '%20'],
  ])('%s: 400 MissingApiVersionParameter, as ARM answers', async (_, apiVersion) => {
    const path = apiVersion === null ? CIRCUIT_PATH : `${CIRCUIT_PATH}?api-version=${apiVersion}`;
    const got = await armRequest(sim, 'GET', path, { apiVersion: null });
    expect(got.status).toBe(MISSING_API_VERSION.status);
    // ARM's CloudError: the recorded code and message, with the simulator's empty `details`.
    expect(got.body.error).toEqual({ ...MISSING_API_VERSION.body.error, details: [] });
  });

  it('refuses an empty api-version on a write too, and stores nothing', async () => {
    const put = await armRequest(sim, 'PUT', `${CIRCUIT_PATH}?api-version=`, {
      apiVersion: null,
      body: circuitCreate.request.body,
    });
    expect(put.status).toBe(400);
    expect(put.body.error.code).toBe('MissingApiVersionParameter');
    expect(sim.control.get(CIRCUIT_PATH)).toBeUndefined();
  });
});

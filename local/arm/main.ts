/**
 * `npm run arm-sim`: the ARM simulator as a standalone HTTPS server on a sped-up real clock. Prints
 * `ARM_ENDPOINT=<url>` and `ARM_CA_FILE=<path>` (each on its own line) once listening; stops cleanly on
 * SIGINT/SIGTERM, removing the CA file.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { ScaledClock } from '../clock';
import { parseDuration, startArmSimulator } from './index';
import type { ArmSimulatorOptions } from './index';

interface CliOptions {
  port: number;
  speed: number;
  providerDelay?: number;
  providerNever?: boolean;
  deprovisionDelay?: number;
  faultRate?: number;
  throttling: boolean;
  seed: number;
}

function number(label: string, check: (value: number) => boolean): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!Number.isFinite(value) || !check(value)) throw new InvalidArgumentError(`not a valid ${label}: ${text}`);
    return value;
  };
}

function duration(text: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

export function simulatorOptionsFrom(cli: CliOptions): ArmSimulatorOptions {
  const provisionAfterMs = cli.providerNever === true ? 'never' : cli.providerDelay;
  return {
    port: cli.port,
    clock: new ScaledClock(cli.speed),
    virtualTime: 'none',
    retryAfterSeconds: Math.max(1, Math.ceil(10 / cli.speed)),
    provider: {
      ...(provisionAfterMs === undefined ? {} : { provisionAfterMs }),
      ...(cli.deprovisionDelay === undefined ? {} : { deprovisionAfterMs: cli.deprovisionDelay }),
    },
    ...(cli.faultRate === undefined ? {} : { faults: { rate: cli.faultRate } }),
    throttling: cli.throttling,
    seed: cli.seed,
  };
}

async function main(): Promise<void> {
  const program = new Command()
    .name('arm-sim')
    .description('Local stand-in for Azure Resource Manager (Microsoft.Network, ExpressRoute)')
    .addOption(
      new Option('--port <port>', 'port on 127.0.0.1 (0: any free port)')
        .default(0)
        .argParser(number('port', (v) => Number.isInteger(v) && v >= 0 && v < 65536)),
    )
    .addOption(
      new Option('--speed <factor>', 'simulated ms per real ms (60: a minute per second)')
        .default(1)
        .argParser(number('speed', (v) => v > 0)),
    )
    .addOption(new Option('--provider-delay <duration>', 'creation → Provisioned (e.g. 2h, 3d)').argParser(duration))
    .addOption(new Option('--provider-never', 'the provider never provisions circuits'))
    .addOption(new Option('--deprovision-delay <duration>', 'deprovision request → NotProvisioned').argParser(duration))
    .addOption(
      new Option('--fault-rate <rate>', 'probability of an injected fault per request').argParser(
        number('rate', (v) => v >= 0 && v <= 1),
      ),
    )
    .addOption(new Option('--no-throttling', 'never answer 429 SubscriptionRequestsThrottled'))
    .addOption(
      new Option('--seed <n>', 'seed for GUIDs and faults').default(1).argParser(number('seed', Number.isInteger)),
    )
    .parse();
  const simulator = await startArmSimulator(simulatorOptionsFrom(program.opts<CliOptions>()));
  process.stdout.write(`ARM_ENDPOINT=${simulator.endpoint}\nARM_CA_FILE=${simulator.caFile}\n`);
  process.stdout.write(`control API: ${simulator.endpoint}/__sim/counters (and /__sim/resources, /__sim/provider/…)\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

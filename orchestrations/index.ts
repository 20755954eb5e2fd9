/**
 * The Functions app's entry point for workflows: starts Azure Monitor OpenTelemetry when configured, and registers
 * every orchestration and activity. Configuration is read and clients are built at the first activity call, never at
 * load time.
 */
import { startAzureMonitor } from '../shared/adapters/telemetry/azureMonitor';
import { appComposition } from '../shared/composition';
import { registerWorkflows } from './register';

// Production telemetry, only when APPLICATIONINSIGHTS_CONNECTION_STRING is set (never locally or in tests).
startAzureMonitor();
registerWorkflows(() => appComposition().activities);

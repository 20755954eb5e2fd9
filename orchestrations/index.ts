/**
 * The Functions app's entry point for workflows: registers every orchestration and activity. Configuration is read
 * and clients are built at the first activity call, never at load time.
 */
import { appComposition } from '../shared/composition';
import { registerWorkflows } from './register';

registerWorkflows(() => appComposition().activities);

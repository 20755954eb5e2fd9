/**
 * The Functions app's entry point for workflows: registers every orchestration and activity. Configuration is read
 * and clients are built at the first activity call, never at load time.
 */
import { loadConfig } from '../shared/config';
import { createComposition, type Composition } from '../shared/composition';
import { registerWorkflows } from './register';

let composition: Composition | undefined;

export function appComposition(): Composition {
  composition ??= createComposition(loadConfig());
  return composition;
}

registerWorkflows(() => appComposition().activities);

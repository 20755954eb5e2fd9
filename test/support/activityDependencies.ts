/**
 * `ActivityDependencies` holding only what one activity needs: every other dependency throws when the activity
 * reaches for it, naming it, so a test shows which ports the activity uses and fails if it starts using another.
 */
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';

export function onlyDependencies(
  given: Partial<ActivityDependencies> & Pick<ActivityDependencies, 'csp'>,
  user: string,
): ActivityDependencies {
  return new Proxy(given, {
    get(target, property, receiver) {
      if (typeof property !== 'string' || property in target) return Reflect.get(target, property, receiver) as unknown;
      if (property === 'then') return undefined; // not a thenable
      throw new Error(`${property} is not used by ${user}`);
    },
  }) as ActivityDependencies;
}

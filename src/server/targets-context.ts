import { type Target, targetKey } from '../aws/target';
import { type TargetHealthBoard } from '../aws/target-health';
import { type Principal } from '../schema/auth/principal';
import { type GatewayContext } from '../schema/context';
import { principalForTarget, sortedEntries, type TargetDirectory } from '../schema/target/directory';
import { type GatewayTarget } from './targets';

/**
 * The graph's view of the targets, and contexts that span them: a request
 * gets the context of its first target, and `at(target)` builds (once per
 * request) the context of any other, sharing the trace and the errors of
 * unreachable targets, with the caller's scopes narrowed to that target.
 */

/** The targets in the graph's order, with their health from the board. */
export function targetDirectory(
  targets: readonly GatewayTarget[],
  board: TargetHealthBoard,
): TargetDirectory {
  const entries = sortedEntries(targets.map((each) => ({ target: each.target, alias: each.alias })));
  return { entries, health: (target) => board.get(targetKey(target)) };
}

/** The target-specific parts of a context, built by the composition root for one target. */
export type TargetContextPart = Omit<GatewayContext, 'targets' | 'at' | 'caller' | 'partialErrors'>;

/**
 * A request's context over every target: `build` makes one target's parts
 * (its loaders, write entry, nudge) for a principal already narrowed to it.
 */
export function contextOverTargets(
  directory: TargetDirectory,
  caller: Principal,
  first: Target,
  build: (target: Target, principal: Principal) => TargetContextPart,
): GatewayContext {
  const views = new Map<string, GatewayContext>();
  const partialErrors: GatewayContext['partialErrors'] = [];
  // Every field of an object in a target asks for its view: the same target object, over and over.
  let lastTarget: Target | undefined;
  let lastView: GatewayContext | undefined;
  const at = (target: Target): GatewayContext => {
    if (target === lastTarget && lastView) return lastView;
    const key = targetKey(target);
    let view = views.get(key);
    if (!view) {
      view = Object.assign(build(target, principalForTarget(caller, target)), {
        targets: directory,
        caller,
        partialErrors,
        at,
      }) as GatewayContext;
      views.set(key, view);
    }
    lastTarget = target;
    lastView = view;
    return view;
  };
  return at(first);
}

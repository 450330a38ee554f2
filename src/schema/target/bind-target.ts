import { createParameterDecorator, type MiddlewareFn } from 'type-graphql';
import { type Target } from '../../aws/target';
import { type GatewayContext } from '../context';
import { directParameter } from '../direct-resolvers';
import { isNotFound } from '../shared/errors';
import { soleTarget, type TargetArgs, targetOfPipeline } from './pick-target';

/**
 * The context follows the target. Every object of the graph that lives in a
 * target carries it (`Pipeline`, `PipelineExecution`); `@TargetCtx()` and
 * the mutation middleware hand each resolver the context of that target, so
 * `ctx.loaders`, `ctx.write` and `ctx.principal` are the target's own, and
 * the resolvers written for one target serve many unchanged.
 */

function isTarget(value: unknown): value is Target {
  const t = value as Partial<Target> | undefined;
  return typeof t?.accountId === 'string' && typeof t.region === 'string';
}

/** The context of the target `root` carries; the request's own when it carries none (a root field). */
export function contextOfRoot(root: unknown, context: GatewayContext): GatewayContext {
  const target = (root as { target?: unknown } | null | undefined)?.target;
  return isTarget(target) && typeof context.at === 'function' ? context.at(target) : context;
}

/** `@TargetCtx()`'s resolver, with its direct form for the direct resolvers (direct-resolvers.ts). */
const targetContextParameter = directParameter(
  ({ root, context }: { root: unknown; context: GatewayContext }) => contextOfRoot(root, context),
  (root, _args, context) => contextOfRoot(root, context as GatewayContext),
);

/**
 * `@Ctx()` for resolvers of objects that carry their target: the context of
 * that target. A parameter rather than a middleware, because a middleware
 * makes every field of the type async (type-graphql chains them with
 * promises), and these are the graph's most-read fields.
 */
export function TargetCtx(): ReturnType<typeof createParameterDecorator> {
  return createParameterDecorator<GatewayContext>(targetContextParameter);
}

/** Writes whose `name` is a pipeline's (in others it names a webhook or an action type). */
const NAMED_BY_NAME = new Set(['startPipelineExecution', 'deletePipeline']);

/** The pipeline a write names, when it names one. */
function pipelineNamed(fieldName: string, input: Record<string, unknown>): string | undefined {
  const nested = (key: string, member: string): unknown =>
    (input[key] as Record<string, unknown> | undefined | null)?.[member];
  const name =
    input.pipelineName ??
    (NAMED_BY_NAME.has(fieldName) ? input.name : undefined) ??
    nested('pipeline', 'name') ??
    nested('webhook', 'targetPipeline');
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** The target in a CodePipeline ARN (`arn:aws:codepipeline:<region>:<account>:...`). */
function targetOfArn(arn: unknown): TargetArgs | undefined {
  const match =
    typeof arn === 'string' ? /^arn:aws[a-z-]*:codepipeline:([a-z0-9-]+):(\d{12}):/.exec(arn) : null;
  return match ? { region: match[1], account: match[2] } : undefined;
}

/**
 * For mutations: the target comes from the input's `account` and `region`
 * (consumed here, never sent to CodePipeline), from the ARN a tag write
 * names, or from where the named pipeline is (pick-target.ts).
 */
export const BindMutationTarget: MiddlewareFn<GatewayContext> = async (action, next) => {
  const ctx = action.context;
  // Queries of a mutation resolver class (pendingApprovals) span targets themselves.
  if (typeof ctx.at !== 'function' || action.info.parentType.name !== 'Mutation') return next();
  const input = (action.args.input ?? {}) as Record<string, unknown>;
  const given: TargetArgs = targetOfArn(input.resourceArn) ?? {
    account: input.account as string | null | undefined,
    region: input.region as string | null | undefined,
  };
  delete input.account;
  delete input.region;
  const name = pipelineNamed(action.info.fieldName, input);
  let target: Target | undefined;
  if (name !== undefined) {
    target = await targetOfPipeline(ctx, given, name, async (candidate) => {
      try {
        await ctx.at(candidate).loaders.pipeline.load({ name });
        return true;
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
    });
  }
  // A pipeline found nowhere (a new one, or a typo CodePipeline will name): the target must be unambiguous.
  target ??= soleTarget(ctx, given);
  action.context = ctx.at(target) as GatewayContext;
  return next();
};

/**
 * An item of one target's answer, carrying that target, so that
 * {@link TargetCtx} gives its field resolvers that target's context
 * (an action type's declaration, an action execution's deploy targets).
 */
export function withTarget<T extends object>(target: Target): (item: T) => T & { target: Target } {
  return (item) => ({ ...item, target });
}

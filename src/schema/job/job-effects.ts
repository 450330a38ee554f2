import { type GatewayContext } from '../context';
import { effects } from '../write/effects';
import { type MutationEffects } from '../write/run-mutation';

/**
 * The pipeline a job belongs to, looked up before its result is reported:
 * a finished job moves its pipeline on, so that pipeline's runtime goes stale.
 * Any lookup failure answers `undefined`, leaving the write itself to raise
 * the real error (JobNotFoundException, InvalidClientTokenException...).
 */
export async function jobPipeline(
  lookup: Promise<{ pipelineName?: string } | undefined>,
): Promise<string | undefined> {
  try {
    return (await lookup)?.pipelineName;
  } catch {
    return undefined;
  }
}

/** What reporting a job's result makes stale: its pipeline's runtime, when known. */
export function jobResultEffects(ctx: GatewayContext, pipelineName: string | undefined): MutationEffects {
  return pipelineName ? effects.runtime(ctx.target, pipelineName) : effects.none();
}

import { useEffect, useState } from 'preact/hooks';
import { gql, onReconnect, subscribe, type GraphQLFailure, type Operation } from './api';
import {
  ESTATE,
  ESTATE_OUTLINE,
  EVENTS,
  ONE_PIPELINE,
  type PipelineEvent,
  type PipelineView,
} from './queries';

/** The estate as the grid draws it: pipelines by name, and the last failure to load them. */
export interface Estate {
  pipelines: PipelineView[] | undefined;
  error: GraphQLFailure | undefined;
}

/** Reads every page of pipelines the principal may see, with the full query or the outline. */
async function loadAll(operation: Operation = ESTATE): Promise<PipelineView[]> {
  const all: PipelineView[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await gql<{
      pipelines: { nodes: PipelineView[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    }>(operation, { after });
    all.push(
      ...page.pipelines.nodes.map((p) => ({
        ...p,
        stages: p.stages ?? [],
        latestExecution: p.latestExecution ?? null,
      })),
    );
    if (!page.pipelines.pageInfo.hasNextPage || !page.pipelines.pageInfo.endCursor) return all;
    after = page.pipelines.pageInfo.endCursor;
  }
}

let prefetched: { outline: Promise<PipelineView[]>; full: Promise<PipelineView[]> } | undefined;

/**
 * Starts reading the estate as the script starts, alongside the sign-in
 * check rather than after it: the grid's first paint waits for one round
 * trip, not two. A refused prefetch (no credential yet) is read again later.
 */
export function prefetchEstate(): void {
  const quiet = <T>(p: Promise<T>) => (p.catch(() => undefined), p);
  prefetched = { outline: quiet(loadAll(ESTATE_OUTLINE)), full: quiet(loadAll()) };
}

function takePrefetched(): { outline: Promise<PipelineView[]>; full: Promise<PipelineView[]> } {
  const taken = prefetched;
  prefetched = undefined;
  if (!taken) return { outline: loadAll(ESTATE_OUTLINE), full: loadAll() };
  return {
    outline: taken.outline.catch(() => loadAll(ESTATE_OUTLINE)),
    full: taken.full.catch(() => loadAll()),
  };
}

/**
 * Applies an event to the pipeline it names at once, so the change shows
 * without waiting for a round trip; the full pipeline is read afterwards.
 */
export function applyEvent(pipeline: PipelineView, event: PipelineEvent): PipelineView {
  switch (event.kind) {
    case 'PIPELINE_EXECUTION_STATE_CHANGE': {
      const id = event.pipelineExecutionId ?? pipeline.latestExecution?.pipelineExecutionId ?? '';
      return {
        ...pipeline,
        latestExecution: { ...pipeline.latestExecution, pipelineExecutionId: id, status: event.state },
      };
    }
    case 'STAGE_EXECUTION_STATE_CHANGE':
      return {
        ...pipeline,
        stages: pipeline.stages.map((stage) =>
          stage.name === event.stageName
            ? {
                ...stage,
                latestExecution: {
                  pipelineExecutionId:
                    event.pipelineExecutionId ?? stage.latestExecution?.pipelineExecutionId ?? '',
                  status: event.state,
                },
              }
            : stage,
        ),
      };
    case 'ACTION_EXECUTION_STATE_CHANGE':
    case 'APPROVAL_NEEDED':
      return {
        ...pipeline,
        stages: pipeline.stages.map((stage) =>
          stage.name === event.stageName
            ? {
                ...stage,
                actions: stage.actions.map((action) =>
                  action.name === event.actionName
                    ? {
                        ...action,
                        latestExecution: {
                          ...action.latestExecution,
                          status: event.kind === 'APPROVAL_NEEDED' ? 'InProgress' : event.state,
                        },
                      }
                    : action,
                ),
              }
            : stage,
        ),
      };
    default: {
      const never: never = event.kind;
      return never;
    }
  }
}

/** How long events about one pipeline are gathered before it is read afresh. */
const REFRESH_DELAY_MS = 250;

/**
 * The live estate: one read of every page, then pushed changes over
 * graphql-ws (no polling). Each event updates its pipeline at once and
 * schedules one fresh read of that pipeline; a reconnection reloads all.
 */
export function useEstate(): Estate {
  const [estate, setEstate] = useState<Estate>({ pipelines: undefined, error: undefined });
  useEffect(() => {
    let alive = true;
    // The names the grid holds, so an event about a new pipeline triggers a full read.
    let known = new Set<string>();
    const pending = new Map<string, ReturnType<typeof setTimeout>>();
    const update = (name: string, change: (p: PipelineView) => PipelineView | undefined) =>
      setEstate((current) => {
        if (!current.pipelines) return current;
        const index = current.pipelines.findIndex((p) => p.name === name);
        if (index < 0) return current;
        const next = current.pipelines.slice();
        const changed = change(next[index] as PipelineView);
        if (changed) next[index] = changed;
        else next.splice(index, 1);
        return { ...current, pipelines: next };
      });
    const refresh = (name: string) => {
      clearTimeout(pending.get(name));
      pending.set(
        name,
        setTimeout(() => {
          pending.delete(name);
          gql<{ pipeline: PipelineView | null }>(ONE_PIPELINE, { name }).then(
            ({ pipeline }) => {
              if (!alive) return;
              if (!pipeline) known.delete(name);
              update(name, () => pipeline ?? undefined);
            },
            () => undefined,
          );
        }, REFRESH_DELAY_MS),
      );
    };
    const reload = (full = loadAll()) =>
      full.then(
        (pipelines) => {
          if (!alive) return;
          known = new Set(pipelines.map((p) => p.name));
          setEstate({ pipelines, error: undefined });
        },
        (error: GraphQLFailure) => alive && setEstate((current) => ({ ...current, error })),
      );
    // First the outline (names, one cheap call), so the grid is drawn at once; then stages and statuses.
    const first = takePrefetched();
    first.outline.then(
      (outline) =>
        alive &&
        setEstate((current) => (current.pipelines ? current : { pipelines: outline, error: undefined })),
      () => undefined,
    );
    void reload(first.full);
    const unsubscribe = subscribe<{ pipelineEvents: PipelineEvent }>(
      EVENTS,
      {},
      ({ pipelineEvents: event }) => {
        if (known.has(event.pipelineName)) {
          update(event.pipelineName, (p) => applyEvent(p, event));
          refresh(event.pipelineName);
        } else if (known.size > 0) {
          // A pipeline the grid has not seen yet: read the estate again (once, however many events follow).
          known.add(event.pipelineName);
          void reload();
        }
      },
    );
    const offReconnect = onReconnect(() => void reload());
    return () => {
      alive = false;
      pending.forEach(clearTimeout);
      unsubscribe();
      offReconnect();
    };
  }, []);
  return estate;
}

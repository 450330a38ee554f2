import { PipelineControls } from './controls';
import { type PipelineView, type StageView } from './queries';
import { statusClass, statusHook } from './status';

/** One stage: its name and its actions, each coloured by its latest status. */
export function StageBox({ stage }: { stage: StageView }) {
  const status = stage.latestExecution?.status;
  return (
    <li class={`stage ${statusClass(status)}`} data-stage={stage.name} data-status={statusHook(status)}>
      <span class="stage-name">{stage.name}</span>
      <ul class="actions">
        {stage.actions.map((action) => (
          <li
            key={action.name}
            class={`action ${statusClass(action.latestExecution?.status)}`}
            data-action-name={action.name}
            data-status={statusHook(action.latestExecution?.status)}
            title={`${action.name}: ${statusHook(action.latestExecution?.status)}${action.latestExecution?.summary ? ` (${action.latestExecution.summary})` : ''}`}
          >
            {action.name}
          </li>
        ))}
      </ul>
    </li>
  );
}

/** A pipeline in the grid: name, latest execution status, stages; Start for those who may. */
export function PipelineCard({ pipeline, canOperate }: { pipeline: PipelineView; canOperate: boolean }) {
  const status = pipeline.latestExecution?.status;
  return (
    <article
      class={`pipeline ${statusClass(status)}`}
      data-pipeline={pipeline.name}
      data-status={statusHook(status)}
    >
      <header>
        <a href={`#/pipeline/${encodeURIComponent(pipeline.name)}`} class="pipeline-name">
          {pipeline.name}
        </a>
        <span class={`badge ${statusClass(status)}`}>{statusHook(status)}</span>
      </header>
      <ol class="stages">
        {pipeline.stages.map((stage) => (
          <StageBox key={stage.name} stage={stage} />
        ))}
      </ol>
      {canOperate && <PipelineControls pipeline={pipeline} />}
    </article>
  );
}

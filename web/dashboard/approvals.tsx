import { useEffect, useState } from 'preact/hooks';
import { gql, onReconnect, subscribe, type GraphQLFailure } from './api';
import { useMutation } from './controls';
import { ErrorNote } from './errors';
import { type Approval, APPROVALS, APPROVE, EVENTS } from './queries';
import { formatTime } from './status';

const REFRESH_DELAY_MS = 250;

/** Every approval waiting now, kept current by events (approvals needed, actions changing). */
export function useApprovals(): {
  approvals: Approval[] | undefined;
  error: GraphQLFailure | undefined;
  reload: () => void;
} {
  const [approvals, setApprovals] = useState<Approval[] | undefined>();
  const [error, setError] = useState<GraphQLFailure | undefined>();
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      gql<{ pendingApprovals: Approval[] }>(APPROVALS).then(
        (data) => {
          if (!alive) return;
          setApprovals(data.pendingApprovals);
          setError(undefined);
        },
        (err: GraphQLFailure) => alive && setError(err),
      );
    void load();
    const unsubscribe = subscribe(
      EVENTS,
      { filter: { kinds: ['APPROVAL_NEEDED', 'ACTION_EXECUTION_STATE_CHANGE'] } },
      () => {
        clearTimeout(timer);
        timer = setTimeout(() => void load(), REFRESH_DELAY_MS);
      },
    );
    const offReconnect = onReconnect(() => void load());
    return () => {
      alive = false;
      clearTimeout(timer);
      unsubscribe();
      offReconnect();
    };
  }, [generation]);
  return { approvals, error, reload: () => setGeneration((g) => g + 1) };
}

/** One waiting approval: what to review, a comment, and Approve / Reject for those who may answer. */
function ApprovalItem({
  approval,
  canOperate,
  onDone,
}: {
  approval: Approval;
  canOperate: boolean;
  onDone: () => void;
}) {
  const [comment, setComment] = useState('');
  const { busy, error, run } = useMutation();
  const decide = async (decision: 'APPROVED' | 'REJECTED') => {
    const ok = await run(APPROVE, {
      input: {
        pipelineName: approval.pipelineName,
        stageName: approval.stageName,
        actionName: approval.actionName,
        pipelineExecutionId: approval.pipelineExecutionId,
        decision,
        summary: comment.trim() === '' ? undefined : comment.trim(),
      },
    });
    if (ok) onDone();
  };
  return (
    <li
      class="approval"
      data-approval={`${approval.pipelineName}/${approval.stageName}/${approval.actionName}`}
      data-pipeline-name={approval.pipelineName}
      data-execution={approval.pipelineExecutionId}
    >
      <div>
        <a href={`#/pipeline/${encodeURIComponent(approval.pipelineName)}`}>{approval.pipelineName}</a> ·{' '}
        {approval.stageName} · {approval.actionName}
        <span class="muted"> waiting since {formatTime(approval.since)}</span>
      </div>
      {approval.summary ? <p>{approval.summary}</p> : null}
      {approval.externalEntityLink ? (
        <a href={approval.externalEntityLink} rel="noopener noreferrer" target="_blank">
          Review
        </a>
      ) : null}
      {canOperate && (
        <div class="controls">
          <input
            name="comment"
            placeholder="Comment (optional)"
            maxLength={512}
            value={comment}
            onInput={(e) => setComment((e.target as HTMLInputElement).value)}
          />
          <button type="button" data-action="approve" disabled={busy} onClick={() => decide('APPROVED')}>
            Approve
          </button>
          <button type="button" data-action="reject" disabled={busy} onClick={() => decide('REJECTED')}>
            Reject
          </button>
        </div>
      )}
      <ErrorNote error={error} />
    </li>
  );
}

/** The approvals inbox. */
export function ApprovalsInbox({ canOperate }: { canOperate: boolean }) {
  const { approvals, error, reload } = useApprovals();
  return (
    <section class="approvals">
      <h2>Approvals waiting</h2>
      <ErrorNote error={error} />
      {approvals === undefined ? (
        <p>Loading…</p>
      ) : approvals.length === 0 ? (
        <p class="muted">No approval is waiting.</p>
      ) : (
        <ul>
          {approvals.map((a) => (
            <ApprovalItem
              key={`${a.pipelineName}/${a.stageName}/${a.actionName}/${a.pipelineExecutionId}`}
              approval={a}
              canOperate={canOperate}
              onDone={reload}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

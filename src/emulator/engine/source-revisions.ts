import { createHash } from 'node:crypto';
import type { ActionDeclaration, SourceRevisionType } from '@aws-sdk/client-codepipeline';
import { type EmulatorTarget } from '../core/context';
import { fakeCommitSha, randomHex } from './ids';

/** What a source action reports about the revision it fetched. */
export interface RevisionDetails {
  revisionId: string;
  /** As AWS words it per provider (see {@link describeRevision}). */
  summary: string;
  url: string;
  /** Artifact `revisionChangeIdentifier`: the commit time for Git, the object's ETag for S3, undefined else. */
  changeId?: string;
}

/** The kind of revision each source provider fetches, which decides its id and the override type it takes. */
export type SourceKind = 'git' | 's3' | 'ecr';

/** Commit messages of the emulated repositories, chosen from the sha so a commit reads the same everywhere. */
const COMMIT_MESSAGES = [
  'Fix retry of failed webhook deliveries',
  'Bump aws-sdk to the latest minor version',
  'Add pagination to the orders endpoint',
  'Merge pull request #482 from feature/dark-mode',
  'Remove the deprecated v1 health check',
  'Cache exchange rates for five minutes',
  'Tighten the IAM policy of the deploy role',
  'Log the request id on every error response',
  'Handle empty carts in checkout',
  'Upgrade Node.js to 22 in the build image',
  'Split the settlement job into smaller batches',
  'Add an index on invoices.customer_id',
  'Fix flaky timeout in the integration suite',
  'Document the release process',
  'Rotate the signing key every 90 days',
  'Revert "Enable HTTP/2 on the load balancer"',
];

/** The kind of revision a source action fetches: Git commits, S3 object versions or ECR image digests. */
export function sourceKind(action: ActionDeclaration): SourceKind {
  switch (action.actionTypeId?.provider) {
    case 'S3':
      return 's3';
    case 'ECR':
      return 'ecr';
    default:
      return 'git';
  }
}

/** The `sourceRevisions` override types StartPipelineExecution accepts for each kind of source. */
export const OVERRIDE_TYPES: Record<SourceKind, readonly SourceRevisionType[]> = {
  git: ['COMMIT_ID'],
  s3: ['S3_OBJECT_VERSION_ID', 'S3_OBJECT_KEY'],
  ecr: ['IMAGE_DIGEST'],
};

/** The commit message of a sha, stable across pipelines and runs. */
export function commitMessage(sha: string): string {
  const index = createHash('sha1').update(sha).digest()[0] ?? 0;
  return COMMIT_MESSAGES[index % COMMIT_MESSAGES.length] ?? COMMIT_MESSAGES[0]!;
}

function s3VersionId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._';
  return Array.from({ length: 32 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
}

function gitDetails(
  action: ActionDeclaration,
  target: EmulatorTarget,
  sha: string,
  atMs: number,
): RevisionDetails {
  const config = action.configuration ?? {};
  const message = commitMessage(sha);
  const changeId = new Date(atMs).toISOString();
  switch (action.actionTypeId?.provider) {
    case 'CodeCommit': {
      const repo = config.RepositoryName ?? 'repository';
      const url =
        `https://${target.region}.console.aws.amazon.com/codesuite/codecommit/repositories/` +
        `${repo}/commit/${sha}?region=${target.region}`;
      return { revisionId: sha, summary: message, url, changeId };
    }
    case 'GitHub': {
      const url = `https://github.com/${config.Owner ?? 'owner'}/${config.Repo ?? 'repo'}/commit/${sha}`;
      return { revisionId: sha, summary: message, url, changeId };
    }
    default: {
      // CodeStarSourceConnection / CodeConnections report the provider and message as JSON, as AWS does.
      const repo = config.FullRepositoryId ?? 'owner/repo';
      return {
        revisionId: sha,
        summary: JSON.stringify({ ProviderType: 'GitHub', CommitMessage: message }),
        url: `https://github.com/${repo}/commit/${sha}`,
        changeId,
      };
    }
  }
}

/**
 * The revision a source action reports: `revisionId` given (an override or
 * PutActionRevision) or a fresh one of the right kind (a 40-hex commit, an S3
 * version id, an ECR digest), with the summary and URL AWS shows for that
 * provider. Git: the commit message (CodeStar connections wrap it as
 * `{"ProviderType":"GitHub","CommitMessage":...}`) and the commit's page on
 * GitHub or in the CodeCommit console.
 */
export function describeRevision(
  action: ActionDeclaration,
  target: EmulatorTarget,
  atMs: number,
  revisionId?: string,
): RevisionDetails {
  const config = action.configuration ?? {};
  const kind = sourceKind(action);
  switch (kind) {
    case 'git':
      return gitDetails(action, target, revisionId ?? fakeCommitSha(), atMs);
    case 's3': {
      const id = revisionId ?? s3VersionId();
      const bucket = config.S3Bucket ?? 'bucket';
      const key = config.S3ObjectKey ?? 'object';
      return {
        revisionId: id,
        summary: `Amazon S3 version id: ${id}`,
        url: `https://s3.console.aws.amazon.com/s3/object/${bucket}?region=${target.region}&prefix=${encodeURIComponent(key)}`,
        changeId: randomHex(16),
      };
    }
    case 'ecr': {
      const id = revisionId ?? `sha256:${randomHex(32)}`;
      const repo = config.RepositoryName ?? 'repository';
      return {
        revisionId: id,
        summary: `Image ${repo}:${config.ImageTag ?? 'latest'} (${id.slice(0, 19)})`,
        url: `https://${target.region}.console.aws.amazon.com/ecr/repositories/private/${target.accountId}/${repo}?region=${target.region}`,
      };
    }
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown source kind ${String(unreachable)}`);
    }
  }
}

import { GraphQLError } from 'graphql';
import {
  authorizeMutation,
  authorizeTagging,
  MUTATION_ROLES,
  pipelineNameFromArn,
} from '../../../src/schema/auth/permissions';
import {
  canSee,
  matchesGlob,
  type Principal,
  requireRole,
  roleAtLeast,
  scopeKey,
} from '../../../src/schema/auth/principal';

const viewer: Principal = { id: 'apikey:v', role: 'viewer', pipelinePatterns: ['team-a-*', 'shared'] };
const operator: Principal = { id: 'apikey:o', role: 'operator', pipelinePatterns: ['team-a-*'] };
const admin: Principal = { id: 'apikey:a', role: 'admin', pipelinePatterns: ['*'] };
const scopedAdmin: Principal = { id: 'apikey:sa', role: 'admin', pipelinePatterns: ['team-a-*'] };

function codeOf(run: () => void): unknown {
  try {
    run();
  } catch (err) {
    return err instanceof GraphQLError ? err.extensions.code : err;
  }
  return 'allowed';
}

describe('pipeline name globs', () => {
  it.each([
    ['*', 'anything-at-all', true],
    ['team-a-*', 'team-a-api', true],
    ['team-a-*', 'team-a-', true],
    ['team-a-*', 'team-b-api', false],
    ['team-a-*', 'xteam-a-api', false],
    ['app-?', 'app-1', true],
    ['app-?', 'app-12', false],
    ['a.b', 'a.b', true],
    ['a.b', 'axb', false],
    ['svc@prod', 'svc@prod', true],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(matchesGlob(pattern, name)).toBe(expected);
  });

  it('lets a principal see a pipeline when any of its patterns matches the whole name', () => {
    expect(canSee(viewer, 'team-a-web')).toBe(true);
    expect(canSee(viewer, 'shared')).toBe(true);
    expect(canSee(viewer, 'shared-too')).toBe(false);
    expect(canSee({ ...viewer, pipelinePatterns: [] }, 'team-a-web')).toBe(false);
  });
});

describe('roles', () => {
  it('orders viewer below operator below admin', () => {
    expect(roleAtLeast('admin', 'operator')).toBe(true);
    expect(roleAtLeast('operator', 'operator')).toBe(true);
    expect(roleAtLeast('viewer', 'operator')).toBe(false);
    expect(roleAtLeast('operator', 'admin')).toBe(false);
  });

  it('refuses a role that is too low with FORBIDDEN, naming the principal but no credential', () => {
    expect(codeOf(() => requireRole(viewer, 'operator'))).toBe('FORBIDDEN');
    expect(() => requireRole(viewer, 'admin')).toThrow(/admin role; apikey:v has the viewer role/);
    expect(codeOf(() => requireRole(admin, 'admin'))).toBe('allowed');
  });

  it('gives the same scope key to principals who see the same things, and different ones otherwise', () => {
    expect(scopeKey(viewer)).toBe(
      scopeKey({ ...viewer, id: 'other', pipelinePatterns: ['shared', 'team-a-*'] }),
    );
    expect(scopeKey(viewer)).not.toBe(scopeKey(operator));
    expect(scopeKey(operator)).not.toBe(scopeKey({ ...operator, role: 'viewer' }));
  });
});

describe('the permission table', () => {
  it('lets viewers run no write, operators run control writes and admins run everything', () => {
    const operations = Object.keys(MUTATION_ROLES) as (keyof typeof MUTATION_ROLES)[];
    const allowed = (p: Principal) =>
      operations.filter((op) => codeOf(() => authorizeMutation(p, op)) === 'allowed');
    expect(allowed(viewer)).toEqual([]);
    expect(allowed(operator)).toEqual(
      expect.arrayContaining(['StartPipelineExecution', 'PutApprovalResult', 'RollbackStage', 'PollForJobs']),
    );
    for (const op of [
      'CreatePipeline',
      'DeletePipeline',
      'PutWebhook',
      'CreateCustomActionType',
      'TagResource',
    ])
      expect(allowed(operator)).not.toContain(op);
    expect(allowed(admin)).toEqual(operations);
  });

  it('refuses a write on a pipeline outside the scope even when the role allows the operation', () => {
    expect(codeOf(() => authorizeMutation(operator, 'StartPipelineExecution', 'team-a-api'))).toBe('allowed');
    expect(codeOf(() => authorizeMutation(operator, 'StartPipelineExecution', 'team-b-api'))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(() => authorizeMutation(scopedAdmin, 'DeletePipeline', 'team-b-api'))).toBe('FORBIDDEN');
  });

  it('reads the pipeline out of a pipeline ARN and nothing out of webhook or action type ARNs', () => {
    expect(pipelineNameFromArn('arn:aws:codepipeline:us-east-1:123456789012:team-a-api')).toBe('team-a-api');
    expect(pipelineNameFromArn('arn:aws:codepipeline:us-east-1:123456789012:webhook:hook')).toBeUndefined();
    expect(
      pipelineNameFromArn('arn:aws:codepipeline:us-east-1:123456789012:actiontype:Custom/Build/X/1'),
    ).toBeUndefined();
    expect(pipelineNameFromArn('not-an-arn')).toBeUndefined();
  });

  it('lets a scoped admin tag only its own pipelines, and an unscoped admin tag anything', () => {
    const pipeline = (name: string) => `arn:aws:codepipeline:us-east-1:123456789012:${name}`;
    const webhook = 'arn:aws:codepipeline:us-east-1:123456789012:webhook:hook';
    expect(codeOf(() => authorizeTagging(scopedAdmin, 'TagResource', pipeline('team-a-api')))).toBe(
      'allowed',
    );
    expect(codeOf(() => authorizeTagging(scopedAdmin, 'TagResource', pipeline('team-b-api')))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(() => authorizeTagging(scopedAdmin, 'UntagResource', webhook))).toBe('FORBIDDEN');
    expect(codeOf(() => authorizeTagging(admin, 'TagResource', webhook))).toBe('allowed');
    expect(codeOf(() => authorizeTagging(operator, 'TagResource', pipeline('team-a-api')))).toBe('FORBIDDEN');
  });
});

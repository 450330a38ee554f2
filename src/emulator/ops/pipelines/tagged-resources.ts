import { type EmulatorTarget } from '../../core/context';
import { awsError } from '../../core/errors';
import { type EmulatorState } from '../../core/state';

/** The reference's pattern for the `resourceArn` of the tagging operations. */
const RESOURCE_ARN = /^arn:aws(-[\w]+)*:codepipeline:.+:[0-9]{12}:.+$/;

/** The ARN of a webhook, as AWS forms it. */
export function webhookArn(target: EmulatorTarget, name: string): string {
  return `arn:aws:codepipeline:${target.region}:${target.accountId}:webhook:${name}`;
}

function exists(state: EmulatorState, arn: string, resource: string): boolean {
  if (resource.startsWith('webhook:')) return state.webhooks.has(resource.slice('webhook:'.length));
  if (resource.startsWith('actiontype:')) {
    const [owner, category, provider, version, ...extra] = resource.slice('actiontype:'.length).split('/');
    if (extra.length > 0) return false;
    const type = state.actionTypes.get(`${owner}/${category}/${provider}/${version}`);
    return type !== undefined && !type.deleted;
  }
  return state.pipelines.get(resource)?.arn === arn;
}

/**
 * Checks that `arn` names a taggable resource of this account and Region: a
 * pipeline, a webhook (`...:webhook:<name>`) or a custom action type
 * (`...:actiontype:<Owner>/<Category>/<Provider>/<Version>`). A malformed ARN
 * is an `InvalidArnException`; a well-formed one naming nothing here a
 * `ResourceNotFoundException`.
 */
export function requireTaggedResource(state: EmulatorState, target: EmulatorTarget, arn: string): void {
  if (!RESOURCE_ARN.test(arn)) throw awsError('InvalidArnException', `The ARN '${arn}' is not valid`);
  const [, , , region, account, ...rest] = arn.split(':');
  const resource = rest.join(':');
  if (region !== target.region || account !== target.accountId || !exists(state, arn, resource)) {
    throw awsError('ResourceNotFoundException', `The resource with the ARN '${arn}' cannot be found`);
  }
}

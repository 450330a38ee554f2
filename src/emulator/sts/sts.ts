import { type IdentityRegistry } from './identities';
import { StsError, type XmlNode } from './query-protocol';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** Roles whose name starts with this are refused, so the refusal path can be tested. */
export const DENIED_ROLE_PREFIX = 'denied-';

/** An answer of STS: the action name and its result element tree. */
export interface StsAnswer {
  action: string;
  result: XmlNode;
}

function validation(field: string, value: string | null, rule: string): StsError {
  const shown = value === null ? 'null' : `'${value}'`;
  return new StsError(
    'ValidationError',
    `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${rule}`,
  );
}

function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function assumeRole(
  params: URLSearchParams,
  callerKey: string | undefined,
  ids: IdentityRegistry,
): StsAnswer {
  const roleArn = params.get('RoleArn');
  const sessionName = params.get('RoleSessionName');
  const externalId = params.get('ExternalId');
  const durationRaw = params.get('DurationSeconds');
  if (roleArn === null) throw validation('roleArn', null, 'Member must not be null');
  if (sessionName === null) throw validation('roleSessionName', null, 'Member must not be null');
  if (!SESSION_NAME.test(sessionName)) {
    throw validation(
      'roleSessionName',
      sessionName,
      'Member must satisfy regular expression pattern: [\\w+=,.@-]*',
    );
  }
  if (externalId !== null && !EXTERNAL_ID.test(externalId)) {
    throw validation(
      'externalId',
      externalId,
      'Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*',
    );
  }
  const duration = durationRaw === null ? 3600 : Number(durationRaw);
  if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
    throw validation('durationSeconds', durationRaw, 'Member must have value between 900 and 43200');
  }
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw new StsError('ValidationError', `${roleArn} is invalid`);
  const [, account = '', roleName = ''] = match;
  if (roleName.startsWith(DENIED_ROLE_PREFIX)) {
    const caller = ids.identify(callerKey);
    throw new StsError(
      'AccessDenied',
      `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403,
    );
  }
  const issued = ids.issue(account, roleName, sessionName, new Date(Date.now() + duration * 1000));
  return {
    action: 'AssumeRole',
    result: {
      AssumedRoleUser: { AssumedRoleId: issued.assumedRoleId, Arn: issued.arn },
      Credentials: {
        AccessKeyId: issued.accessKeyId,
        SecretAccessKey: issued.secretAccessKey,
        SessionToken: issued.sessionToken,
        Expiration: isoSeconds(issued.expiration),
      },
      PackedPolicySize: '0',
    },
  };
}

function getCallerIdentity(callerKey: string | undefined, ids: IdentityRegistry): StsAnswer {
  const identity = ids.identify(callerKey);
  return {
    action: 'GetCallerIdentity',
    result: { UserId: identity.userId, Account: identity.account, Arn: identity.arn },
  };
}

/**
 * Answers one STS Query protocol request (`Action=...&Version=2011-06-15`):
 * `AssumeRole` and `GetCallerIdentity`. Throws {@link StsError} for refusals.
 */
export function answerSts(
  params: URLSearchParams,
  callerKey: string | undefined,
  ids: IdentityRegistry,
): StsAnswer {
  const action = params.get('Action');
  switch (action) {
    case 'AssumeRole':
      return assumeRole(params, callerKey, ids);
    case 'GetCallerIdentity':
      return getCallerIdentity(callerKey, ids);
    case null:
      throw new StsError('MissingAction', 'Missing Action');
    default:
      throw new StsError('InvalidAction', `Could not find operation ${action} for version 2011-06-15`);
  }
}

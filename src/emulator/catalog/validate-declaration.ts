import type {
  ActionTypeDeclaration,
  ActionTypeExecutor,
  ActionTypeProperty,
  ActionTypeUrls,
  ExecutorConfiguration,
} from '@aws-sdk/client-codepipeline';
import { validationError } from '../core/errors';
import {
  type Input,
  optionalArray,
  optionalInt,
  optionalObject,
  optionalString,
  requireEnum,
  requireObject,
  requireString,
} from '../core/input';
import {
  PROVIDER_RULE,
  TYPE_CATEGORIES,
  VERSION_RULE,
  objectMembers,
  optionalBoolean,
  optionalUrl,
  requireArtifactDetails,
  requireBoolean,
} from './validate-common';

const ACCOUNT = /^[0-9]{12}$/;

/**
 * Validates UpdateActionType's `actionType` as the reference constrains an
 * ActionTypeDeclaration. The owner may be `AWS` or `ThirdParty` as
 * documented, and also `Custom`, so a custom type's declaration can be edited
 * in the emulator (the handler decides which owners may actually change).
 */
export function parseDeclaration(input: Input): ActionTypeDeclaration {
  const decl = requireObject(input, 'actionType');
  const id = requireObject(decl, 'id');
  return {
    description: optionalString(decl, 'description', { min: 1, max: 1024 }),
    executor: parseExecutor(requireObject(decl, 'executor')),
    id: {
      category: requireEnum(id, 'category', TYPE_CATEGORIES),
      owner: requireEnum(id, 'owner', ['AWS', 'ThirdParty', 'Custom'] as const),
      provider: requireString(id, 'provider', PROVIDER_RULE),
      version: requireString(id, 'version', VERSION_RULE),
    },
    inputArtifactDetails: requireArtifactDetails(decl, 'inputArtifactDetails', 10),
    outputArtifactDetails: requireArtifactDetails(decl, 'outputArtifactDetails', 10),
    permissions: parsePermissions(decl),
    properties: parseProperties(decl),
    urls: parseUrls(decl),
  };
}

function parseExecutor(executor: Input): ActionTypeExecutor {
  const type = requireEnum(executor, 'type', ['JobWorker', 'Lambda'] as const);
  const configuration = requireObject(executor, 'configuration');
  const parsed: ExecutorConfiguration = {};
  const lambda = optionalObject(configuration, 'lambdaExecutorConfiguration');
  if (lambda) {
    parsed.lambdaExecutorConfiguration = {
      lambdaFunctionArn: requireString(lambda, 'lambdaFunctionArn', { min: 1, max: 140 }),
    };
  }
  const worker = optionalObject(configuration, 'jobWorkerExecutorConfiguration');
  if (worker) {
    const accounts = stringList(worker, 'pollingAccounts', 1000);
    for (const a of accounts ?? []) {
      if (!ACCOUNT.test(a)) throw validationError(`pollingAccounts member ${a} is not a 12-digit account ID`);
    }
    parsed.jobWorkerExecutorConfiguration = {
      pollingAccounts: accounts,
      pollingServicePrincipals: stringList(worker, 'pollingServicePrincipals', 10),
    };
  }
  if (type === 'Lambda' && !parsed.lambdaExecutorConfiguration) {
    throw validationError('A Lambda executor needs configuration.lambdaExecutorConfiguration');
  }
  return {
    type,
    configuration: parsed,
    policyStatementsTemplate: optionalString(executor, 'policyStatementsTemplate', { min: 1, max: 2048 }),
    jobTimeout: optionalInt(executor, 'jobTimeout', 60, 43200),
  };
}

function stringList(input: Input, field: string, max: number): string[] | undefined {
  const list = optionalArray(input, field, max);
  if (list === undefined) return undefined;
  return list.map((v) => {
    if (typeof v !== 'string' || v.length < 1)
      throw validationError(`${field} members must be non-empty strings`);
    return v;
  });
}

function parsePermissions(decl: Input): ActionTypeDeclaration['permissions'] {
  const permissions = optionalObject(decl, 'permissions');
  if (!permissions) return undefined;
  const allowedAccounts = stringList(permissions, 'allowedAccounts', 1000);
  if (!allowedAccounts || allowedAccounts.length === 0) {
    throw validationError('permissions.allowedAccounts must list at least one account');
  }
  for (const a of allowedAccounts) {
    if (a !== '*' && !ACCOUNT.test(a))
      throw validationError(`allowedAccounts member ${a} is not an account ID`);
  }
  return { allowedAccounts };
}

function parseProperties(decl: Input): ActionTypeProperty[] | undefined {
  const list = optionalArray(decl, 'properties', 10);
  if (list === undefined) return undefined;
  const props = objectMembers(list, 'properties').map((m) => ({
    name: requireString(m, 'name', { min: 1, max: 50 }),
    optional: requireBoolean(m, 'optional'),
    key: requireBoolean(m, 'key'),
    noEcho: requireBoolean(m, 'noEcho'),
    queryable: optionalBoolean(m, 'queryable'),
    description: optionalString(m, 'description', { min: 1, max: 250 }),
  }));
  const queryable = props.filter((p) => p.queryable);
  if (queryable.length > 1) throw validationError('An action type can have at most one queryable property');
  for (const p of queryable) {
    if (p.optional || p.noEcho) {
      throw validationError(`Queryable property ${p.name} must be required (not optional) and not noEcho`);
    }
  }
  return props;
}

function parseUrls(decl: Input): ActionTypeUrls | undefined {
  const urls = optionalObject(decl, 'urls');
  if (!urls) return undefined;
  return {
    configurationUrl: optionalUrl(urls, 'configurationUrl'),
    entityUrlTemplate: optionalUrl(urls, 'entityUrlTemplate'),
    executionUrlTemplate: optionalUrl(urls, 'executionUrlTemplate'),
    revisionUrlTemplate: optionalUrl(urls, 'revisionUrlTemplate'),
  };
}

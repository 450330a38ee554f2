import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';

/**
 * The `TARGETS_FILE`: which accounts and regions the graph spans, and the
 * role through which each account is reached.
 *
 * ```yaml
 * targets:
 *   - account: "111111111111"
 *     alias: prod
 *     regions: [us-east-1, eu-west-1]
 *     roleArn: arn:aws:iam::111111111111:role/pipeline-gateway-read
 *     externalId: optional
 * ```
 *
 * The file is read once at start-up. Every fault names the file, the entry
 * (its index, alias and account) and the field, because an operator fixing
 * a list of fifty accounts needs to find the one line that is wrong.
 */

/** One entry of the file: an account, reached in one or more regions. */
export interface TargetEntry {
  /** 12 digits, kept as a string (an unquoted YAML number would lose leading zeros). */
  account: string;
  /** A short human name, shown in the graph (`targetAlias`) and in logs. */
  alias?: string;
  regions: string[];
  /** The role assumed from the base credentials; absent means the base credentials are used as they are. */
  roleArn?: string;
  /** The external id the role's trust policy asks for. */
  externalId?: string;
}

/** One account and region, with how it is reached: the unit of clients, budgets, pollers and health. */
export interface ConfiguredTarget {
  account: string;
  region: string;
  alias?: string;
  roleArn?: string;
  externalId?: string;
}

/** A fault in the targets file, naming the file, the entry and the field. */
export class TargetsFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly entry?: string,
    readonly field?: string,
  ) {
    super(`${file}: ${entry ? `${entry}: ` : ''}${message}`);
    this.name = 'TargetsFileError';
  }
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ALIAS = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
/** IAM role ARNs in any partition (aws, aws-cn, aws-us-gov). */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
/** STS `ExternalId`: 2 to 1224 characters of `[\w+=,.@:/-]`. */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const FIELDS = new Set(['account', 'alias', 'regions', 'roleArn', 'externalId']);

/** Reads and checks a targets file (YAML, or JSON when it ends in `.json`). */
export function readTargetsFile(file: string): TargetEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new TargetsFileError(file, `cannot be read (${code})`);
  }
  return parseTargetsFile(text, file);
}

/** Parses the text of a targets file; `file` names it in errors and chooses JSON for `.json`. */
export function parseTargetsFile(text: string, file: string): TargetEntry[] {
  let doc: unknown;
  try {
    doc = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new TargetsFileError(
      file,
      `is not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${reason}`,
    );
  }
  if (!isRecord(doc) || !Array.isArray(doc.targets)) {
    throw new TargetsFileError(file, 'must hold a `targets` list', undefined, 'targets');
  }
  if (doc.targets.length === 0) {
    throw new TargetsFileError(file, '`targets` is empty: list at least one account', undefined, 'targets');
  }
  const entries = doc.targets.map((raw, index) => parseEntry(file, raw, index));
  checkUnique(file, entries);
  return entries;
}

/** Expands entries into one target per account and region, in the file's order. */
export function expandTargets(entries: readonly TargetEntry[]): ConfiguredTarget[] {
  return entries.flatMap((entry) =>
    entry.regions.map((region) => ({
      account: entry.account,
      region,
      ...(entry.alias !== undefined ? { alias: entry.alias } : {}),
      ...(entry.roleArn !== undefined ? { roleArn: entry.roleArn } : {}),
      ...(entry.externalId !== undefined ? { externalId: entry.externalId } : {}),
    })),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `targets[1] (alias staging, account 222222222222)`: what an operator searches the file for. */
function entryName(index: number, raw: unknown): string {
  if (!isRecord(raw)) return `targets[${index}]`;
  const parts = [
    typeof raw.alias === 'string' ? `alias ${raw.alias}` : undefined,
    typeof raw.account === 'string' || typeof raw.account === 'number' ? `account ${raw.account}` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? `targets[${index}] (${parts.join(', ')})` : `targets[${index}]`;
}

function parseEntry(file: string, raw: unknown, index: number): TargetEntry {
  const entry = entryName(index, raw);
  const fail = (field: string, message: string): never => {
    throw new TargetsFileError(file, `${field} ${message}`, entry, field);
  };
  if (!isRecord(raw))
    return fail('entry', 'must be a mapping with account, regions and optionally alias, roleArn, externalId');
  for (const key of Object.keys(raw)) {
    if (!FIELDS.has(key)) fail(key, `is not a known field (known: ${[...FIELDS].join(', ')})`);
  }

  const { account, alias, regions, roleArn, externalId } = raw;
  if (typeof account === 'number')
    fail('account', `must be a quoted string of 12 digits, got the number ${account}`);
  if (typeof account !== 'string' || !ACCOUNT.test(account)) {
    fail('account', `must be 12 digits, got ${JSON.stringify(account)}`);
  }
  if (alias !== undefined && (typeof alias !== 'string' || !ALIAS.test(alias))) {
    fail('alias', `must be 1-63 letters, digits, '.', '_' or '-', got ${JSON.stringify(alias)}`);
  }
  if (!Array.isArray(regions) || regions.length === 0) {
    fail('regions', `must be a non-empty list of region names, got ${JSON.stringify(regions)}`);
  }
  const regionList = regions as unknown[];
  regionList.forEach((region, i) => {
    if (typeof region !== 'string' || !REGION.test(region)) {
      fail(`regions[${i}]`, `is not a region name: ${JSON.stringify(region)}`);
    }
    if (regionList.indexOf(region) !== i) fail(`regions[${i}]`, `repeats ${JSON.stringify(region)}`);
  });
  if (roleArn !== undefined) {
    const match = typeof roleArn === 'string' ? ROLE_ARN.exec(roleArn) : null;
    if (!match)
      fail(
        'roleArn',
        `must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got ${JSON.stringify(roleArn)}`,
      );
    // Assumed credentials act in the role's own account: another account's role would read the wrong pipelines.
    if (match?.[1] !== account)
      fail('roleArn', `is in account ${match?.[1]}, not the entry's account ${String(account)}`);
  }
  if (externalId !== undefined) {
    if (roleArn === undefined)
      fail('externalId', 'needs a roleArn: the external id is sent when the role is assumed');
    // The value is a shared secret of sorts: never echoed.
    if (typeof externalId !== 'string' || !EXTERNAL_ID.test(externalId)) {
      fail('externalId', "must be 2-1224 characters of letters, digits and '+=,.@:/-_'");
    }
  }
  return {
    account: account as string,
    regions: regionList as string[],
    ...(alias !== undefined ? { alias: alias as string } : {}),
    ...(roleArn !== undefined ? { roleArn: roleArn as string } : {}),
    ...(externalId !== undefined ? { externalId: externalId as string } : {}),
  };
}

/** One entry per account, and one account per alias: otherwise a lookup by either is ambiguous. */
function checkUnique(file: string, entries: readonly TargetEntry[]): void {
  const accounts = new Map<string, number>();
  const aliases = new Map<string, number>();
  entries.forEach((entry, index) => {
    const name = entryName(index, entry);
    const seenAccount = accounts.get(entry.account);
    if (seenAccount !== undefined) {
      throw new TargetsFileError(
        file,
        `account repeats targets[${seenAccount}]: list every region of an account in one entry`,
        name,
        'account',
      );
    }
    accounts.set(entry.account, index);
    if (entry.alias === undefined) return;
    const seenAlias = aliases.get(entry.alias);
    if (seenAlias !== undefined) {
      throw new TargetsFileError(file, `alias repeats targets[${seenAlias}]`, name, 'alias');
    }
    aliases.set(entry.alias, index);
  });
}

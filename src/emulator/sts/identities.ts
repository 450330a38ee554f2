import { randomBytes, randomUUID } from 'node:crypto';

/** Who a set of access keys belongs to, as GetCallerIdentity reports it. */
export interface Identity {
  account: string;
  arn: string;
  userId: string;
}

/** Temporary credentials issued by AssumeRole, with the identity they stand for. */
export interface IssuedCredentials extends Identity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  /** `AROA...:session`, as AssumedRoleUser.AssumedRoleId. */
  assumedRoleId: string;
}

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function keyId(prefix: string): string {
  const bytes = randomBytes(16);
  let out = prefix;
  for (const b of bytes) out += ALPHANUM[b % ALPHANUM.length];
  return out;
}

/**
 * The emulator's IAM: which account each access key belongs to.
 *
 * Keys issued by AssumeRole (`ASIA...`) map to the role's account; any other
 * key is a static key of the emulator's static account, as a developer's
 * `AKID` would be. Issued keys outlive `POST /_emulator/reset`, as a gateway
 * holding them would expect.
 */
export class IdentityRegistry {
  private issued = new Map<string, IssuedCredentials>();
  /** A stable role id per role ARN, as IAM keeps one per role. */
  private roleIds = new Map<string, string>();

  constructor(private readonly staticAccount: () => string) {}

  /** The identity of an access key: an assumed role's, or the static account's user. */
  identify(accessKeyId: string | undefined): Identity {
    const issued = accessKeyId ? this.issued.get(accessKeyId) : undefined;
    if (issued) return { account: issued.account, arn: issued.arn, userId: issued.userId };
    const account = this.staticAccount();
    return {
      account,
      arn: `arn:aws:iam::${account}:user/emulator`,
      userId: accessKeyId ?? 'AIDAEMULATOR',
    };
  }

  /** The account an access key acts in. */
  accountOf(accessKeyId: string | undefined): string {
    return this.identify(accessKeyId).account;
  }

  /** Issues temporary credentials for a role (`arn:aws:iam::ACCOUNT:role/[path/]NAME`). */
  issue(account: string, roleName: string, sessionName: string, expiration: Date): IssuedCredentials {
    const roleKey = `${account}/${roleName}`;
    const roleId = this.roleIds.get(roleKey) ?? keyId('AROA');
    this.roleIds.set(roleKey, roleId);
    const credentials: IssuedCredentials = {
      accessKeyId: keyId('ASIA'),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: Buffer.from(`emulator-session:${randomUUID()}`).toString('base64'),
      expiration,
      account,
      arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
      userId: `${roleId}:${sessionName}`,
      assumedRoleId: `${roleId}:${sessionName}`,
    };
    this.issued.set(credentials.accessKeyId, credentials);
    return credentials;
  }
}

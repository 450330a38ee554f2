import { type IncomingMessage } from 'node:http';
import { type Emulator } from '../emulator';
import { type SigV4Scope } from '../sts/sigv4';
import { type World } from '../world/world';

/**
 * The world a signed request acts in: the account of its access key (an
 * assumed role's account, or the static account) in the region of its SigV4
 * credential scope. A request without SigV4 (curl, a test's raw fetch) acts
 * in the default world.
 */
export function worldOfRequest(emulator: Emulator, scope: SigV4Scope | undefined): World {
  if (!scope) return emulator.world();
  return emulator.world({
    accountId: emulator.identities.accountOf(scope.accessKeyId),
    region: scope.region,
  });
}

/** Reads an optional `account`/`region` pair from an admin URL's query; the default world fills a missing half. */
export function worldOfQuery(emulator: Emulator, req: IncomingMessage): World | undefined {
  const params = new URL(req.url ?? '/', 'http://emulator').searchParams;
  const account = params.get('account');
  const region = params.get('region');
  if (account === null && region === null) return undefined;
  return emulator.world({
    accountId: account ?? emulator.defaultTarget.accountId,
    region: region ?? emulator.defaultTarget.region,
  });
}

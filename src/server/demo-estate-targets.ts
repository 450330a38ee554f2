import { type Target } from '../aws/target';
import { demoEstate } from '../emulator/seed/demo-estate';
import { type TargetsSetting } from './targets-config';

/**
 * The targets of `npm start`'s embedded demo: the emulator seeds a small
 * estate (its default world, the same account in a second region, and a
 * second account), and the gateway reaches it the way it reaches a real one.
 * The default account is read with the base (static) keys; the second account
 * through an AssumeRole on the emulator's STS, whose temporary keys the
 * emulator maps to the role's account.
 */

/** The role the demo's second account is reached through (any name the emulator's STS does not refuse). */
export const DEMO_ESTATE_ROLE = 'pipeline-gateway-read';

/** Where the demo estate's targets come from, in logs and errors that name the targets' source. */
export const DEMO_ESTATE_SOURCE = '(embedded demo estate)';

/** The demo estate's account-and-region pairs as targets, the default world first. */
export function demoEstateTargets(main: Pick<Target, 'accountId' | 'region'>): TargetsSetting {
  return {
    file: DEMO_ESTATE_SOURCE,
    targets: demoEstate({ accountId: main.accountId, region: main.region }).map(({ target }) =>
      target.accountId === main.accountId
        ? { account: target.accountId, region: target.region, alias: 'demo' }
        : {
            account: target.accountId,
            region: target.region,
            alias: 'demo-partner',
            roleArn: `arn:aws:iam::${target.accountId}:role/${DEMO_ESTATE_ROLE}`,
          },
    ),
  };
}

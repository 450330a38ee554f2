import { type EmulatorTarget } from '../core/context';
import { DEMO_FLEET, DEMO_ROLE, type DemoPipeline } from './declarations';

/** The demo estate's second account (its own small fleet, in the default region). */
export const DEMO_SECOND_ACCOUNT = '210987654321';

/** The demo estate's second region (a small fleet of the default account). */
export const DEMO_SECOND_REGION = 'eu-west-1';

/** One world of the demo estate and the pipelines it holds. */
export interface DemoWorld {
  target: EmulatorTarget;
  fleet: DemoPipeline[];
  /** Only the default world carries the webhook, the held transition and the approval gate's pending state. */
  main: boolean;
}

/** A demo pipeline copied into another account or region, under another name. */
function relocated(from: string, name: string, target: EmulatorTarget): DemoPipeline {
  const source = DEMO_FLEET.find((p) => p.declaration.name === from);
  if (!source) throw new Error(`demo estate: no demo pipeline named ${from}`);
  return {
    ...source,
    declaration: {
      ...source.declaration,
      name,
      roleArn: DEMO_ROLE.replace('123456789012', target.accountId),
      artifactStore: {
        type: 'S3',
        location: `demo-codepipeline-artifacts-${target.region}-${target.accountId}`,
      },
      triggers: undefined,
    },
  };
}

/**
 * The demo estate: the demo fleet in the default world, a small fleet of the
 * same account in a second region, and a small fleet of a second account, so
 * a multi-target dashboard has three account-and-region pairs to show.
 */
export function demoEstate(main: EmulatorTarget): DemoWorld[] {
  const region = main.region === DEMO_SECOND_REGION ? 'us-east-1' : DEMO_SECOND_REGION;
  const account = main.accountId === DEMO_SECOND_ACCOUNT ? '123456789012' : DEMO_SECOND_ACCOUNT;
  const secondRegion = { accountId: main.accountId, region };
  const secondAccount = { accountId: account, region: main.region };
  return [
    { target: main, fleet: DEMO_FLEET, main: true },
    {
      target: secondRegion,
      fleet: [
        relocated('web-frontend', 'web-frontend-eu', secondRegion),
        relocated('payments-api', 'payments-api-eu', secondRegion),
        relocated('flaky-integration-tests', 'gdpr-export', secondRegion),
      ],
      main: false,
    },
    {
      target: secondAccount,
      fleet: [
        relocated('data-etl', 'warehouse-loader', secondAccount),
        relocated('auth-service', 'partner-portal', secondAccount),
        relocated('docs-site', 'status-page', secondAccount),
      ],
      main: false,
    },
  ];
}

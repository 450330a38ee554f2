import { type ActionTypeRecord } from '../core/state';
import { AWS_APPROVAL_INVOKE_SPECS } from './aws/approval-invoke';
import { AWS_BUILD_TEST_SPECS } from './aws/build-test';
import { AWS_DEPLOY_SPECS } from './aws/deploy';
import { AWS_SOURCE_SPECS } from './aws/source';
import { builtIn } from './builders';

/**
 * The built-in AWS action types, in the order ListActionTypes reports them.
 * Artifact counts follow the user guide's "valid input and output artifacts"
 * table, so pipeline validation refuses what AWS refuses.
 */
export const AWS_ACTION_TYPES: readonly ActionTypeRecord[] = [
  ...AWS_SOURCE_SPECS,
  ...AWS_BUILD_TEST_SPECS,
  ...AWS_DEPLOY_SPECS,
  ...AWS_APPROVAL_INVOKE_SPECS,
].map((spec) => builtIn('AWS', spec));

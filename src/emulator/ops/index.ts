import { type OperationTable } from '../core/context';
import { actionTypesOperations } from './action-types';
import { approvalsOperations } from './approvals';
import { executionsOperations } from './executions';
import { historyOperations } from './history';
import { jobsOperations } from './jobs';
import { pipelinesOperations } from './pipelines';
import { revisionsOperations } from './revisions';
import { ruleTypesOperations } from './rule-types';
import { tagsOperations } from './tags';
import { thirdPartyJobsOperations } from './third-party-jobs';
import { transitionsOperations } from './transitions';
import { webhooksOperations } from './webhooks';

/** Every operation handler, by operation name. */
export const ALL_OPERATIONS: OperationTable = {
  ...pipelinesOperations,
  ...tagsOperations,
  ...webhooksOperations,
  ...executionsOperations,
  ...transitionsOperations,
  ...approvalsOperations,
  ...historyOperations,
  ...revisionsOperations,
  ...actionTypesOperations,
  ...ruleTypesOperations,
  ...jobsOperations,
  ...thirdPartyJobsOperations,
};

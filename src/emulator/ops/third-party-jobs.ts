import { type OperationTable } from '../core/context';

/** Handlers of this group's operations. (Filled in by its owner.) */
export const thirdPartyJobsOperations: OperationTable = {};

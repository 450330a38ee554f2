import { type OperationTable } from '../core/context';
import { optionalEnum, optionalString } from '../core/input';
import { RULE_TYPES } from '../catalog/rule-types';

/** Handlers of the rule type operations. */
export const ruleTypesOperations: OperationTable = {
  /**
   * Rule types are all AWS-owned and available in every Region, so the
   * filters only validate; the list is small enough that AWS returns it whole.
   */
  ListRuleTypes: (input) => {
    optionalEnum(input, 'ruleOwnerFilter', ['AWS'] as const);
    optionalString(input, 'regionFilter', { min: 4, max: 30 });
    return { ruleTypes: structuredClone([...RULE_TYPES]) };
  },
};

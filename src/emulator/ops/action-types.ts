import { type OperationTable } from '../core/context';
import { awsError } from '../core/errors';
import { optionalEnum, optionalString, requireEnum, requireString } from '../core/input';
import { parseTags } from '../catalog/custom-tags';
import { createCustomType, deleteCustomType } from '../catalog/custom-types';
import { actionTypeView, recordFromDeclaration } from '../catalog/declaration';
import { actionTypeKey, findActionType, listActionTypeRecords, lookupActionType } from '../catalog/lookup';
import { PROVIDER_RULE, TYPE_CATEGORIES, VERSION_RULE } from '../catalog/validate-common';
import { parseCustomTypeDefinition, parseCustomTypeName } from '../catalog/validate-custom';
import { parseDeclaration } from '../catalog/validate-declaration';

/**
 * ListActionTypes takes no maxResults; AWS pages it on its own. The emulator
 * pages at 50 so clients' nextToken loops are exercised with a realistic
 * catalog plus a few custom types.
 */
export const ACTION_TYPES_PAGE_SIZE = 50;

const OWNERS = ['AWS', 'ThirdParty', 'Custom'] as const;

/** Handlers of the action type operations. */
export const actionTypesOperations: OperationTable = {
  ListActionTypes: (input, ctx) => {
    const owner = optionalEnum(input, 'actionOwnerFilter', OWNERS);
    const region = optionalString(input, 'regionFilter', { min: 4, max: 30 });
    const nextToken = optionalString(input, 'nextToken', { min: 0 });
    // Custom types and updates are regional: another Region shows only the catalog.
    const otherRegion = region !== undefined && region !== ctx.target.region;
    const records = listActionTypeRecords(ctx.state, owner, otherRegion);
    const scope = `ListActionTypes:${owner ?? '*'}:${otherRegion ? region : ctx.target.region}`;
    const page = ctx.tokens.page(scope, records, ACTION_TYPES_PAGE_SIZE, nextToken);
    return { actionTypes: page.items.map(actionTypeView), nextToken: page.nextToken };
  },

  GetActionType: (input, ctx) => {
    const id = {
      category: requireEnum(input, 'category', TYPE_CATEGORIES),
      // The reference documents AWS | ThirdParty; Custom is also answered so custom types can be inspected.
      owner: requireEnum(input, 'owner', OWNERS),
      provider: requireString(input, 'provider', PROVIDER_RULE),
      version: requireString(input, 'version', VERSION_RULE),
    };
    const record = findActionType(ctx.state, id);
    if (!record) {
      throw awsError('ActionTypeNotFoundException', `Action type ${actionTypeKey(id)} could not be found`);
    }
    return { actionType: structuredClone(record.declaration) };
  },

  CreateCustomActionType: (input, ctx) => {
    const def = parseCustomTypeDefinition(input);
    const tags = parseTags(input);
    return createCustomType(ctx.state, ctx.target, def, tags);
  },

  DeleteCustomActionType: (input, ctx) => {
    const name = parseCustomTypeName(input);
    deleteCustomType(ctx.state, ctx.target, { ...name, owner: 'Custom' });
    return {};
  },

  UpdateActionType: (input, ctx) => {
    const declaration = parseDeclaration(input);
    const id = {
      category: declaration.id?.category,
      owner: declaration.id?.owner as (typeof OWNERS)[number],
      provider: declaration.id?.provider,
      version: declaration.id?.version,
    };
    const existing = lookupActionType(ctx.state, id);
    if (!existing) {
      throw awsError('ActionTypeNotFoundException', `Action type ${actionTypeKey(id)} could not be found`);
    }
    if (id.owner === 'AWS') {
      throw awsError(
        'RequestFailedException',
        `Action type ${actionTypeKey(id)} is owned by AWS and cannot be updated`,
      );
    }
    ctx.state.actionTypes.set(actionTypeKey(id), recordFromDeclaration(existing, declaration));
    return {};
  },
};

import {
  type CreateCustomActionTypeCommandInput,
  CreateCustomActionTypeCommand,
  DeleteCustomActionTypeCommand,
  GetActionTypeCommand,
  ListActionTypesCommand,
  UpdateActionTypeCommand,
  type ActionType,
} from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';

function jenkins(
  overrides: Partial<CreateCustomActionTypeCommandInput> = {},
): CreateCustomActionTypeCommandInput {
  return {
    category: 'Build',
    provider: 'JenkinsProviderName',
    version: '1',
    settings: {
      entityUrlTemplate: 'https://192.0.2.4/job/{Config:ProjectName}/',
      executionUrlTemplate:
        'https://192.0.2.4/job/{Config:ProjectName}/lastSuccessfulBuild/{ExternalExecutionId}/',
    },
    configurationProperties: [
      {
        name: 'ProjectName',
        required: true,
        key: true,
        secret: false,
        queryable: true,
        description: 'The name of the build project.',
        type: 'String',
      },
    ],
    inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
    outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
    ...overrides,
  };
}

async function listAll(emu: TestEmulator, owner?: 'AWS' | 'ThirdParty' | 'Custom'): Promise<ActionType[]> {
  const out: ActionType[] = [];
  let nextToken: string | undefined;
  do {
    const page = await emu.client.send(new ListActionTypesCommand({ actionOwnerFilter: owner, nextToken }));
    out.push(...(page.actionTypes ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

describe('action type operations', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  beforeEach(() => emu.emulator.reset());
  afterAll(async () => {
    await emu.close();
  });

  describe('ListActionTypes', () => {
    it('lists the built-in AWS types with their configuration properties', async () => {
      const types = await listAll(emu, 'AWS');
      const codebuild = types.find((t) => t.id?.provider === 'CodeBuild' && t.id.category === 'Build');
      expect(codebuild).toMatchObject({
        id: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
        inputArtifactDetails: { minimumCount: 1, maximumCount: 5 },
        outputArtifactDetails: { minimumCount: 0, maximumCount: 5 },
      });
      expect(codebuild?.actionConfigurationProperties).toContainEqual(
        expect.objectContaining({ name: 'ProjectName', required: true, key: true, secret: false }),
      );
      expect(types.every((t) => t.id?.owner === 'AWS')).toBe(true);
    });

    it('filters by owner and includes the custom types of the account', async () => {
      await emu.client.send(new CreateCustomActionTypeCommand(jenkins()));
      const custom = await listAll(emu, 'Custom');
      expect(custom.map((t) => t.id)).toEqual([
        { category: 'Build', owner: 'Custom', provider: 'JenkinsProviderName', version: '1' },
      ]);
      const thirdParty = await listAll(emu, 'ThirdParty');
      expect(thirdParty.length).toBeGreaterThan(0);
      expect(thirdParty.every((t) => t.id?.owner === 'ThirdParty')).toBe(true);
    });

    it('pages long lists with a nextToken and returns every type exactly once', async () => {
      for (let v = 1; v <= 30; v++) {
        await emu.client.send(new CreateCustomActionTypeCommand(jenkins({ version: String(v) })));
      }
      const first = await emu.client.send(new ListActionTypesCommand({}));
      expect(first.nextToken).toBeDefined();
      const all = await listAll(emu);
      const keys = all.map((t) => `${t.id?.owner}/${t.id?.category}/${t.id?.provider}/${t.id?.version}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(all.filter((t) => t.id?.owner === 'Custom')).toHaveLength(30);
    });

    it('shows only the catalog for another Region, since custom types are regional', async () => {
      await emu.client.send(new CreateCustomActionTypeCommand(jenkins()));
      const page = await emu.client.send(new ListActionTypesCommand({ regionFilter: 'eu-west-1' }));
      expect(page.actionTypes?.some((t) => t.id?.owner === 'Custom')).toBe(false);
    });

    it('refuses a forged nextToken', async () => {
      await expect(
        emu.client.send(new ListActionTypesCommand({ nextToken: 'forged' })),
      ).rejects.toMatchObject({
        name: 'InvalidNextTokenException',
      });
    });

    it('refuses an unknown owner filter', async () => {
      await expect(
        emu.client.send(new ListActionTypesCommand({ actionOwnerFilter: 'Someone' as 'AWS' })),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    });
  });

  describe('CreateCustomActionType', () => {
    it('creates a Custom-owned type and returns it with its tags', async () => {
      const out = await emu.client.send(
        new CreateCustomActionTypeCommand(jenkins({ tags: [{ key: 'team', value: 'build' }] })),
      );
      expect(out.actionType).toMatchObject({
        id: { category: 'Build', owner: 'Custom', provider: 'JenkinsProviderName', version: '1' },
        inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
        actionConfigurationProperties: [expect.objectContaining({ name: 'ProjectName', queryable: true })],
        settings: { entityUrlTemplate: 'https://192.0.2.4/job/{Config:ProjectName}/' },
      });
      expect(out.tags).toEqual([{ key: 'team', value: 'build' }]);
      expect(
        emu.emulator.state.tags.get(
          'arn:aws:codepipeline:us-east-1:123456789012:actiontype:Custom/Build/JenkinsProviderName/1',
        ),
      ).toEqual([{ key: 'team', value: 'build' }]);
    });

    it('is idempotent for an identical definition but refuses a different one under the same version', async () => {
      await emu.client.send(new CreateCustomActionTypeCommand(jenkins()));
      await expect(emu.client.send(new CreateCustomActionTypeCommand(jenkins()))).resolves.toMatchObject({
        actionType: { id: { version: '1' } },
      });
      await expect(
        emu.client.send(
          new CreateCustomActionTypeCommand(
            jenkins({ inputArtifactDetails: { minimumCount: 1, maximumCount: 1 } }),
          ),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    });

    it.each<[string, Partial<CreateCustomActionTypeCommandInput>]>([
      ['a provider with a space', { provider: 'My Provider' }],
      ['a provider longer than 35 characters', { provider: 'P'.repeat(36) }],
      ['a version longer than 9 characters', { version: '1234567890' }],
      ['an unknown category', { category: 'Compile' as 'Build' }],
      ['more than 5 input artifacts', { inputArtifactDetails: { minimumCount: 0, maximumCount: 6 } }],
      ['a minimum above the maximum', { outputArtifactDetails: { minimumCount: 2, maximumCount: 1 } }],
      [
        'more than 10 configuration properties',
        {
          settings: undefined,
          configurationProperties: Array.from({ length: 11 }, (_, i) => ({
            name: `P${i}`,
            required: false,
            key: false,
            secret: false,
          })),
        },
      ],
      [
        'two queryable properties',
        {
          settings: undefined,
          configurationProperties: ['A', 'B'].map((name) => ({
            name,
            required: true,
            key: false,
            secret: false,
            queryable: true,
          })),
        },
      ],
      [
        'a queryable secret property',
        {
          settings: undefined,
          configurationProperties: [{ name: 'A', required: true, key: false, secret: true, queryable: true }],
        },
      ],
      [
        'a URL template naming an unknown property',
        { settings: { entityUrlTemplate: 'https://x/{Config:Nope}' } },
      ],
    ])('refuses %s', async (_what, overrides) => {
      await expect(
        emu.client.send(new CreateCustomActionTypeCommand(jenkins(overrides))),
      ).rejects.toMatchObject({
        name: 'ValidationException',
      });
    });

    it('refuses reserved or duplicate tag keys and too many tags', async () => {
      await expect(
        emu.client.send(
          new CreateCustomActionTypeCommand(jenkins({ tags: [{ key: 'aws:owner', value: 'x' }] })),
        ),
      ).rejects.toMatchObject({ name: 'InvalidTagsException' });
      await expect(
        emu.client.send(
          new CreateCustomActionTypeCommand(
            jenkins({
              tags: [
                { key: 'a', value: '1' },
                { key: 'a', value: '2' },
              ],
            }),
          ),
        ),
      ).rejects.toMatchObject({ name: 'InvalidTagsException' });
      const tags = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
      await expect(
        emu.client.send(new CreateCustomActionTypeCommand(jenkins({ tags }))),
      ).rejects.toMatchObject({
        name: 'TooManyTagsException',
      });
    });

    it('refuses the 51st custom action type with LimitExceededException', async () => {
      for (let v = 1; v <= 50; v++) {
        await emu.client.send(new CreateCustomActionTypeCommand(jenkins({ version: String(v) })));
      }
      await expect(
        emu.client.send(new CreateCustomActionTypeCommand(jenkins({ version: '51' }))),
      ).rejects.toMatchObject({ name: 'LimitExceededException' });
    });
  });

  describe('DeleteCustomActionType', () => {
    it('hides a deleted type from lists but keeps its version reserved', async () => {
      await emu.client.send(new CreateCustomActionTypeCommand(jenkins()));
      await emu.client.send(
        new DeleteCustomActionTypeCommand({
          category: 'Build',
          provider: 'JenkinsProviderName',
          version: '1',
        }),
      );
      expect(await listAll(emu, 'Custom')).toEqual([]);
      await expect(
        emu.client.send(
          new CreateCustomActionTypeCommand(
            jenkins({ outputArtifactDetails: { minimumCount: 0, maximumCount: 0 } }),
          ),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    });

    it('restores a deleted type when the identical definition is sent again', async () => {
      await emu.client.send(new CreateCustomActionTypeCommand(jenkins()));
      await emu.client.send(
        new DeleteCustomActionTypeCommand({
          category: 'Build',
          provider: 'JenkinsProviderName',
          version: '1',
        }),
      );
      await emu.client.send(new CreateCustomActionTypeCommand(jenkins()));
      expect((await listAll(emu, 'Custom')).map((t) => t.id?.version)).toEqual(['1']);
    });

    it('refuses to delete a type that never existed', async () => {
      await expect(
        emu.client.send(
          new DeleteCustomActionTypeCommand({ category: 'Build', provider: 'Nobody', version: '1' }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    });
  });

  describe('GetActionType', () => {
    it('returns the declaration of a built-in type', async () => {
      const out = await emu.client.send(
        new GetActionTypeCommand({ category: 'Deploy', owner: 'AWS', provider: 'CodeDeploy', version: '1' }),
      );
      expect(out.actionType).toMatchObject({
        id: { category: 'Deploy', owner: 'AWS', provider: 'CodeDeploy', version: '1' },
        executor: { type: 'JobWorker' },
        inputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
        properties: expect.arrayContaining([
          expect.objectContaining({ name: 'ApplicationName', optional: false, key: true, noEcho: false }),
        ]),
      });
    });

    it('returns a custom type with properties and urls derived from its definition', async () => {
      await emu.client.send(new CreateCustomActionTypeCommand(jenkins()));
      const out = await emu.client.send(
        new GetActionTypeCommand({
          category: 'Build',
          owner: 'Custom',
          provider: 'JenkinsProviderName',
          version: '1',
        }),
      );
      expect(out.actionType).toMatchObject({
        executor: {
          type: 'JobWorker',
          configuration: { jobWorkerExecutorConfiguration: { pollingAccounts: ['123456789012'] } },
        },
        properties: [{ name: 'ProjectName', optional: false, key: true, noEcho: false, queryable: true }],
        urls: { entityUrlTemplate: 'https://192.0.2.4/job/{Config:ProjectName}/' },
        permissions: { allowedAccounts: ['123456789012'] },
      });
    });

    it('raises ActionTypeNotFoundException for an unknown type', async () => {
      await expect(
        emu.client.send(
          new GetActionTypeCommand({ category: 'Build', owner: 'AWS', provider: 'Nope', version: '1' }),
        ),
      ).rejects.toMatchObject({ name: 'ActionTypeNotFoundException' });
    });

    it('refuses a malformed provider', async () => {
      await expect(
        emu.client.send(
          new GetActionTypeCommand({ category: 'Build', owner: 'AWS', provider: 'a b', version: '1' }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    });
  });

  describe('UpdateActionType', () => {
    async function getBlazeMeter() {
      const out = await emu.client.send(
        new GetActionTypeCommand({
          category: 'Test',
          owner: 'ThirdParty',
          provider: 'BlazeMeter',
          version: '1',
        }),
      );
      if (!out.actionType) throw new Error('BlazeMeter missing');
      return out.actionType;
    }

    it('replaces the declaration of a third-party type and shows the change in both views', async () => {
      const decl = await getBlazeMeter();
      await emu.client.send(
        new UpdateActionTypeCommand({
          actionType: {
            ...decl,
            description: 'Load tests, updated',
            executor: { ...decl.executor, type: 'JobWorker', configuration: {}, jobTimeout: 600 },
            inputArtifactDetails: { minimumCount: 0, maximumCount: 2 },
            properties: [{ name: 'TestId', optional: false, key: true, noEcho: false, queryable: true }],
          },
        }),
      );
      const after = await getBlazeMeter();
      expect(after).toMatchObject({ description: 'Load tests, updated', executor: { jobTimeout: 600 } });
      const listed = (await listAll(emu, 'ThirdParty')).find((t) => t.id?.provider === 'BlazeMeter');
      expect(listed).toMatchObject({
        inputArtifactDetails: { minimumCount: 0, maximumCount: 2 },
        actionConfigurationProperties: [
          { name: 'TestId', required: true, key: true, secret: false, queryable: true },
        ],
      });
    });

    it('raises ActionTypeNotFoundException for an unknown type', async () => {
      const decl = await getBlazeMeter();
      await expect(
        emu.client.send(
          new UpdateActionTypeCommand({ actionType: { ...decl, id: { ...decl.id!, provider: 'Unknown' } } }),
        ),
      ).rejects.toMatchObject({ name: 'ActionTypeNotFoundException' });
    });

    it('raises RequestFailedException for an AWS-owned type', async () => {
      const out = await emu.client.send(
        new GetActionTypeCommand({ category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' }),
      );
      await expect(
        emu.client.send(new UpdateActionTypeCommand({ actionType: out.actionType })),
      ).rejects.toMatchObject({
        name: 'RequestFailedException',
      });
    });

    it('refuses a Lambda executor without a function and a job timeout out of range', async () => {
      const decl = await getBlazeMeter();
      await expect(
        emu.client.send(
          new UpdateActionTypeCommand({
            actionType: { ...decl, executor: { type: 'Lambda', configuration: {} } },
          }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException' });
      await expect(
        emu.client.send(
          new UpdateActionTypeCommand({
            actionType: { ...decl, executor: { type: 'JobWorker', configuration: {}, jobTimeout: 30 } },
          }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    });
  });
});

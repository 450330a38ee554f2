import { ListRuleTypesCommand } from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';

describe('ListRuleTypes', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  it('lists the AWS rule types with their configuration properties', async () => {
    const out = await emu.client.send(new ListRuleTypesCommand({ ruleOwnerFilter: 'AWS' }));
    const providers = out.ruleTypes?.map((t) => t.id?.provider);
    expect(providers).toEqual(
      expect.arrayContaining([
        'CloudWatchAlarm',
        'DeploymentWindow',
        'LambdaInvoke',
        'VariableCheck',
        'Commands',
      ]),
    );
    const window = out.ruleTypes?.find((t) => t.id?.provider === 'DeploymentWindow');
    expect(window).toMatchObject({
      id: { category: 'Rule', owner: 'AWS', version: '1' },
      inputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
    });
    expect(window?.ruleConfigurationProperties).toContainEqual(
      expect.objectContaining({ name: 'Cron', required: true, secret: false }),
    );
  });

  it('lists the same rule types without filters', async () => {
    const out = await emu.client.send(new ListRuleTypesCommand({}));
    expect(out.ruleTypes).toHaveLength(5);
  });

  it('refuses an unknown owner filter', async () => {
    await expect(
      emu.client.send(new ListRuleTypesCommand({ ruleOwnerFilter: 'Custom' as 'AWS' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

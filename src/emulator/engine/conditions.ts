import type { Condition } from '@aws-sdk/client-codepipeline';
import { type ConditionRun, type ExecutionRecord, type RuleRun, type StageRun } from '../core/state';
import { artifactDetails } from './artifacts';
import { type EngineCore } from './core';
import { declarationOf, timedPlan } from './declarations';
import { newId } from './ids';

/** The kinds of stage condition. */
export type ConditionKind = ConditionRun['conditionType'];

/** Aggregate state of a stage's conditions of one kind. */
export type ConditionsOutcome = 'none' | 'InProgress' | 'Succeeded' | 'Failed';

/** Starts every declared condition of a kind: one ConditionRun per condition, one RuleRun per rule. */
export function startConditions(
  core: EngineCore,
  exec: ExecutionRecord,
  stage: StageRun,
  kind: ConditionKind,
  conditions: Condition[],
  atMs: number,
): void {
  const at = new Date(atMs);
  const decl = declarationOf(core, exec);
  for (const condition of conditions) {
    const rules: RuleRun[] = (condition.rules ?? []).map((rule) => {
      const configuration = rule.configuration ?? {};
      const run: RuleRun = {
        pipelineName: exec.pipelineName,
        pipelineExecutionId: exec.pipelineExecutionId,
        pipelineVersion: exec.pipelineVersion,
        ruleExecutionId: newId(),
        stageName: stage.stageName,
        ruleName: rule.name ?? '',
        status: 'InProgress',
        startTime: at,
        lastUpdateTime: at,
        input: {
          ruleTypeId: rule.ruleTypeId,
          configuration,
          resolvedConfiguration: configuration,
          roleArn: rule.roleArn ?? decl?.roleArn,
          region: rule.region ?? core.target.region,
          inputArtifacts: artifactDetails(
            core,
            exec,
            (rule.inputArtifacts ?? []).flatMap((a) => (a.name ? [a.name] : [])),
          ),
        },
        output: {},
      };
      core.rulePlans.set(run, timedPlan(core, configuration, atMs));
      core.state.ruleExecutions.push(run);
      return run;
    });
    const dueAtMs = Math.max(atMs, ...rules.map((r) => core.rulePlans.get(r)?.dueAtMs ?? atMs));
    stage.conditions.push({
      conditionType: kind,
      status: rules.length === 0 ? 'Succeeded' : 'InProgress',
      lastStatusChange: at,
      dueAtMs: rules.length === 0 ? undefined : dueAtMs,
      rules,
    });
  }
}

/** Finishes a rule whose deadline came, and its condition once all its rules are done. */
export function finishRule(core: EngineCore, condition: ConditionRun, rule: RuleRun, atMs: number): void {
  const plan = core.rulePlans.get(rule);
  const failed = plan?.outcome === 'Failed';
  const at = new Date(atMs);
  rule.status = failed ? 'Failed' : 'Succeeded';
  rule.lastUpdateTime = at;
  rule.summary = failed
    ? `Rule ${rule.ruleName} failed (emulated)`
    : `Rule ${rule.ruleName} succeeded (emulated)`;
  rule.errorDetails = failed ? { code: 'RuleFailed', message: rule.summary } : undefined;
  rule.output = {
    executionResult: {
      externalExecutionId: rule.ruleExecutionId,
      externalExecutionSummary: rule.summary,
      errorDetails: rule.errorDetails,
    },
  };
  core.rulePlans.delete(rule);
  if (condition.rules.every((r) => r.status !== 'InProgress')) {
    condition.status = condition.rules.every((r) => r.status === 'Succeeded') ? 'Succeeded' : 'Failed';
    condition.summary = condition.status === 'Succeeded' ? 'All rules succeeded' : 'A rule failed';
    condition.lastStatusChange = at;
    condition.dueAtMs = undefined;
  }
}

/** Where a stage's conditions of one kind stand. */
export function conditionsOutcome(stage: StageRun, kind: ConditionKind): ConditionsOutcome {
  const runs = stage.conditions.filter((c) => c.conditionType === kind);
  if (runs.length === 0) return 'none';
  if (runs.some((c) => c.status === 'InProgress')) return 'InProgress';
  return runs.every((c) => c.status === 'Succeeded' || c.status === 'Overridden') ? 'Succeeded' : 'Failed';
}

/** Marks in-progress conditions (and their rules) with a final status: Overridden or Abandoned. */
export function closeConditions(
  stage: StageRun,
  kind: ConditionKind | undefined,
  status: 'Overridden' | 'Abandoned',
  atMs: number,
): number {
  let closed = 0;
  for (const condition of stage.conditions) {
    if (condition.status !== 'InProgress' || (kind !== undefined && condition.conditionType !== kind))
      continue;
    condition.status = status;
    condition.overridden = status === 'Overridden' ? true : condition.overridden;
    condition.summary = status === 'Overridden' ? 'Condition overridden' : 'Condition abandoned';
    condition.lastStatusChange = new Date(atMs);
    condition.dueAtMs = undefined;
    for (const rule of condition.rules) {
      if (rule.status !== 'InProgress') continue;
      rule.status = 'Abandoned';
      rule.lastUpdateTime = new Date(atMs);
    }
    closed++;
  }
  return closed;
}

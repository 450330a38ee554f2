/** What validation needs to know of an action type: artifact bounds and required configuration. */
export interface ActionTypeRules {
  inputArtifacts: { min: number; max: number };
  outputArtifacts: { min: number; max: number };
  /** Configuration keys a declaration must set. */
  requiredConfiguration: readonly string[];
}

function rules(
  input: [number, number],
  output: [number, number],
  requiredConfiguration: readonly string[] = [],
): ActionTypeRules {
  return {
    inputArtifacts: { min: input[0], max: input[1] },
    outputArtifacts: { min: output[0], max: output[1] },
    requiredConfiguration,
  };
}

/**
 * The common built-in action types (owner/category/provider/version), with the
 * artifact bounds and required configuration of the CodePipeline action
 * reference.
 *
 * Why a list here when catalog/lookup.ts exists: pipeline validation must not
 * depend on the catalog being complete. `lookupActionType` is asked first; this
 * list is the fallback for well-known types it does not answer for, so a
 * pipeline of everyday AWS actions validates the same way with or without it.
 */
export const KNOWN_ACTION_TYPES: ReadonlyMap<string, ActionTypeRules> = new Map([
  ['AWS/Source/S3/1', rules([0, 0], [1, 1], ['S3Bucket', 'S3ObjectKey'])],
  ['AWS/Source/CodeCommit/1', rules([0, 0], [1, 1], ['RepositoryName', 'BranchName'])],
  ['AWS/Source/ECR/1', rules([0, 0], [1, 1], ['RepositoryName'])],
  [
    'AWS/Source/CodeStarSourceConnection/1',
    rules([0, 0], [1, 1], ['ConnectionArn', 'FullRepositoryId', 'BranchName']),
  ],
  ['ThirdParty/Source/GitHub/1', rules([0, 0], [1, 1], ['Owner', 'Repo', 'Branch', 'OAuthToken'])],
  ['AWS/Build/CodeBuild/1', rules([1, 5], [0, 5], ['ProjectName'])],
  ['AWS/Build/ECRBuildAndPublish/1', rules([1, 1], [0, 0], ['ECRRepositoryName'])],
  ['AWS/Test/CodeBuild/1', rules([1, 5], [0, 5], ['ProjectName'])],
  ['AWS/Test/DeviceFarm/1', rules([1, 1], [0, 0], ['ProjectId'])],
  ['AWS/Deploy/S3/1', rules([1, 1], [0, 0], ['BucketName', 'Extract'])],
  ['AWS/Deploy/CodeDeploy/1', rules([1, 1], [0, 0], ['ApplicationName', 'DeploymentGroupName'])],
  ['AWS/Deploy/CloudFormation/1', rules([0, 10], [0, 1], ['ActionMode', 'StackName'])],
  ['AWS/Deploy/CloudFormationStackSet/1', rules([1, 10], [0, 0], ['StackSetName'])],
  ['AWS/Deploy/ECS/1', rules([1, 1], [0, 0], ['ClusterName', 'ServiceName'])],
  ['AWS/Deploy/CodeDeployToECS/1', rules([1, 5], [0, 0], ['ApplicationName', 'DeploymentGroupName'])],
  ['AWS/Deploy/ElasticBeanstalk/1', rules([1, 1], [0, 0], ['ApplicationName', 'EnvironmentName'])],
  ['AWS/Deploy/AppConfig/1', rules([1, 1], [0, 0], ['Application', 'Environment'])],
  ['AWS/Approval/Manual/1', rules([0, 0], [0, 0])],
  ['AWS/Invoke/Lambda/1', rules([0, 5], [0, 5], ['FunctionName'])],
  ['AWS/Invoke/StepFunctions/1', rules([0, 1], [0, 1], ['StateMachineArn'])],
  ['AWS/Compute/Commands/1', rules([1, 10], [0, 1])],
]);

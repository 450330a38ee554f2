/**
 * Links to the AWS console, so a dashboard row opens where an operator
 * would go next. The console picks the account from the signed-in session;
 * the region is in the host and the query, as the console writes its own links.
 */

/** The console host of a region's partition. */
function consoleBase(region: string): string {
  if (region.startsWith('cn-')) return `https://${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return `https://${region}.console.amazonaws-us-gov.com`;
  return `https://${region}.console.aws.amazon.com`;
}

/** The console page of a pipeline. */
export function pipelineConsoleUrl(region: string, pipelineName: string): string {
  return `${consoleBase(region)}/codesuite/codepipeline/pipelines/${encodeURIComponent(pipelineName)}/view?region=${region}`;
}

/** The console timeline of one execution. */
export function executionConsoleUrl(
  region: string,
  pipelineName: string,
  pipelineExecutionId: string,
): string {
  return (
    `${consoleBase(region)}/codesuite/codepipeline/pipelines/${encodeURIComponent(pipelineName)}` +
    `/executions/${encodeURIComponent(pipelineExecutionId)}/timeline?region=${region}`
  );
}

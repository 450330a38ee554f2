import { type BuiltInSpec, prop, serviceWorker } from '../builders';

/** AWS-owned Approval and Invoke actions. */
export const AWS_APPROVAL_INVOKE_SPECS: readonly BuiltInSpec[] = [
  {
    category: 'Approval',
    provider: 'Manual',
    description: 'Waits for a person to approve or reject with PutApprovalResult.',
    input: [0, 0],
    output: [0, 0],
    properties: [
      prop('NotificationArn', false, 'The SNS topic notified when approval is needed.'),
      prop('ExternalEntityLink', false, 'A URL reviewers should look at.'),
      prop('CustomData', false, 'A message shown to reviewers.'),
    ],
    executor: serviceWorker('codepipeline.amazonaws.com'),
  },
  {
    category: 'Invoke',
    provider: 'Lambda',
    description:
      'Invokes a Lambda function, which reports back with PutJobSuccessResult or PutJobFailureResult.',
    input: [0, 5],
    output: [0, 5],
    settings: {
      entityUrlTemplate: 'https://console.aws.amazon.com/lambda/home#/functions/{Config:FunctionName}',
      executionUrlTemplate: 'https://console.aws.amazon.com/lambda/home#/functions/{Config:FunctionName}',
    },
    properties: [
      prop('FunctionName', true, 'The name of the Lambda function.', { key: true }),
      prop('UserParameters', false, 'A string passed to the function in the job data.'),
    ],
    executor: serviceWorker('lambda.amazonaws.com'),
  },
  {
    category: 'Invoke',
    provider: 'StepFunctions',
    description: 'Starts a Step Functions state machine execution and waits for it to finish.',
    input: [0, 1],
    output: [0, 1],
    properties: [
      prop('StateMachineArn', true, 'The ARN of the state machine.', { key: true }),
      prop('ExecutionNamePrefix', false, 'The prefix of the execution name.'),
      prop('InputType', false, 'Literal (default) or FilePath.'),
      prop('Input', false, 'The execution input, or the path of the input file.'),
    ],
    executor: serviceWorker('states.amazonaws.com'),
  },
];

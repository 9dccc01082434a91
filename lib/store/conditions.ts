import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** A conditional write that DynamoDB refused because its condition did not hold. */
export const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException || (error as { name?: string })?.name === 'ConditionalCheckFailedException';

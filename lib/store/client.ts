import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';

let documentClient: DynamoDBDocumentClient | undefined;

/** One DynamoDB document client per process, created on first use. */
export function dynamo(): DynamoDBDocumentClient {
  if (!documentClient) {
    const endpoint = config.dynamodbEndpoint();
    const client = new DynamoDBClient({
      region: config.region(),
      ...(endpoint ? { endpoint } : {}),
      maxAttempts: 4,
    });
    documentClient = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }
  return documentClient;
}

/** For tests: forget the client so that the next call builds one from the current configuration. */
export function resetDynamoClient(): void {
  documentClient?.destroy();
  documentClient = undefined;
}

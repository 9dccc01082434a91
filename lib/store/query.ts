import { type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from './commands';
import { dynamo } from './client';

/** Every page of a query, following LastEvaluatedKey until the last one. */
export async function* queryPages(input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): AsyncGenerator<QueryCommandOutput> {
  let startKey: QueryCommandInput['ExclusiveStartKey'];
  do {
    const page = await dynamo().send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    yield page;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

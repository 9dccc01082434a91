import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach } from 'vitest';
import { forgetStoredCredentials } from '../../../lib/auth/storedCredentials';
import { forgetStoredSigningKey } from '../../../lib/auth/tokens';
import { resetDynamoClient } from '../../../lib/store/client';

/**
 * For strict-mode tests of code that may look a credential or the signing key up in the table: DynamoDB is mocked
 * (every GetItem and Query finds nothing unless a test says otherwise), and each test starts as a cold function would, with
 * nothing remembered. Returns the mock, for tests that give the table content or inspect the calls.
 */
export function useMockTable() {
  const ddb = mockClient(DynamoDBDocumentClient);
  beforeEach(() => {
    ddb.reset();
    ddb.on(GetCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [], Count: 0 });
    resetDynamoClient();
    forgetStoredCredentials();
    forgetStoredSigningKey();
  });
  afterAll(() => ddb.restore());
  return ddb;
}

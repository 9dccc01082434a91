import { createHash } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from './commands';
import { config } from '../config';
import { dynamo } from './client';
import { isConditionFailure } from './conditions';
import { CREDENTIALS_OWNER_PK, CREDENTIAL_SK, OWNER_INDEX, credentialPk } from './keys';
import { queryPages } from './query';

/**
 * Strict mode's credentials kept in the table, one item per credential. An item is found by the SHA-256 of the
 * credential string (`apikey:<key>` or `<user>:<password>`, as Basic auth carries it): the credential itself is never
 * stored, and never sent to DynamoDB.
 */
export interface StoredCredential {
  /** SHA-256 of the credential string, lower-case hex. */
  hash: string;
  /** The instance (owner GUID) the credential belongs to. */
  instanceId: string;
  /** When it was added (ISO 8601). */
  created: string;
  /** Free text for people (for example the instance's name). */
  label?: string;
}

const table = () => config.tableName();
const key = (hash: string) => ({ PK: credentialPk(hash), SK: CREDENTIAL_SK });

/** The hash a credential is stored and found under. */
export const credentialHash = (credential: string): string => createHash('sha256').update(credential, 'utf8').digest('hex');

function toCredential(item: Record<string, unknown>): StoredCredential {
  const credential: StoredCredential = { hash: String(item.hash), instanceId: String(item.instanceId), created: String(item.created) };
  if (typeof item.label === 'string') credential.label = item.label;
  return credential;
}

/** The stored credential with this hash, or undefined. An eventually consistent read: half the cost, and callers cache. */
export async function getStoredCredential(hash: string): Promise<StoredCredential | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: key(hash) }));
  return Item ? toCredential(Item) : undefined;
}

/** Stores a credential; false when one with the same hash exists and `replace` is not set. */
export async function putStoredCredential(credential: StoredCredential, { replace = false } = {}): Promise<boolean> {
  try {
    await dynamo().send(new PutCommand({
      TableName: table(),
      Item: {
        ...key(credential.hash),
        OwnerPK: CREDENTIALS_OWNER_PK,
        OwnerSK: `${credential.instanceId}#${credential.hash}`,
        ...credential,
      },
      ...(replace ? {} : { ConditionExpression: 'attribute_not_exists(PK)' }),
    }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Removes a stored credential; returns it, or undefined when there was none. */
export async function deleteStoredCredential(hash: string): Promise<StoredCredential | undefined> {
  const { Attributes } = await dynamo().send(new DeleteCommand({ TableName: table(), Key: key(hash), ReturnValues: 'ALL_OLD' }));
  return Attributes ? toCredential(Attributes) : undefined;
}

/** Every stored credential, by instance (from the owner index, where they share one key). */
export async function listStoredCredentials(): Promise<StoredCredential[]> {
  const credentials: StoredCredential[] = [];
  for await (const page of queryPages({
    TableName: table(),
    IndexName: OWNER_INDEX,
    KeyConditionExpression: 'OwnerPK = :credentials',
    ExpressionAttributeValues: { ':credentials': CREDENTIALS_OWNER_PK },
  })) {
    for (const item of page.Items ?? []) credentials.push(toCredential(item));
  }
  return credentials;
}

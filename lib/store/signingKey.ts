import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { dynamo } from './client';
import { readItem } from './reads';
import { isConditionFailure } from './conditions';
import { SETTING_SK, settingPk } from './keys';

/** Strict mode's token signing key when STT_TOKEN_SECRET is unset: made once, kept in the table. */
const KEY = { PK: settingPk('token-signing-key'), SK: SETTING_SK };
const table = () => config.tableName();

/** The stored signing key, or undefined when none was made yet. */
export async function readSigningKey(): Promise<string | undefined> {
  const item = await readItem(table(), KEY);
  return typeof item?.secret === 'string' ? item.secret : undefined;
}

/**
 * Stores `candidate` as the signing key unless one exists, and returns the key that is stored: racing cold starts
 * each offer their own, one write wins (a conditional put), and all of them then use the winner's.
 */
export async function createSigningKey(candidate: string, createdIso: string): Promise<string> {
  try {
    await dynamo().send(new PutCommand({
      TableName: table(),
      Item: { ...KEY, secret: candidate, created: createdIso },
      ConditionExpression: 'attribute_not_exists(PK)',
    }));
    return candidate;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const stored = await readSigningKey();
  if (stored === undefined) throw new Error('the token signing key exists but could not be read');
  return stored;
}

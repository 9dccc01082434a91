import { canonicalLanguage, findBaseModel, resolveDialect, type BaseModelSpec } from '../catalog/index';
import { badRequest } from '../errors';
import type { ModelKind } from '../store/modelRecord';

/** What a valid create body says (`POST /v1/customizations`, spec 4.1; `POST /v1/acoustic_customizations`, §10.3 A1). */
export interface NewModelInput {
  name: string;
  description: string;
  baseModel: BaseModelSpec;
  dialect: string;
}

const NAME_MAX = 256;
const DESCRIPTION_MAX = 128;
const FORBIDDEN_NAME_CHARACTERS = /[\\/:=&?]/;

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`Invalid value for '${field}': it must be a string.`);
  if (!value.isWellFormed()) throw badRequest(`Invalid value for '${field}': it is not well-formed Unicode.`);
  return value;
}

function requiredString(body: Record<string, unknown>, field: string): string {
  const value = optionalString(body, field);
  if (value === undefined || value.trim() === '') throw badRequest(`Required parameter '${field}' is missing.`);
  return value;
}

/** Validates a create body for a model of a kind; throws the service's 400 for the first problem found. */
export function validateNewModel(body: Record<string, unknown>, kind: ModelKind = 'language'): NewModelInput {
  const name = requiredString(body, 'name');
  if ([...name].length > NAME_MAX) {
    throw badRequest(`Invalid value for 'name': the name must not exceed ${NAME_MAX} characters.`);
  }
  if (FORBIDDEN_NAME_CHARACTERS.test(name)) {
    throw badRequest(`Invalid value for 'name': the name must not contain any of the characters \\ / : = & ?`);
  }
  const baseModelName = requiredString(body, 'base_model_name');
  const baseModel = findBaseModel(baseModelName);
  if (!baseModel) {
    throw badRequest(`Invalid value for 'base_model_name': '${baseModelName}' is not a valid base model.`);
  }
  if (kind === 'language' ? !baseModel.customLanguageModel : !baseModel.customAcousticModel) {
    throw badRequest(`The base model '${baseModelName}' does not support ${kind} model customization.`);
  }
  const description = optionalString(body, 'description') ?? '';
  if ([...description].length > DESCRIPTION_MAX) {
    throw badRequest(`Invalid value for 'description': the description must not exceed ${DESCRIPTION_MAX} characters.`);
  }
  const dialect = kind === 'language' ? resolveDialect(baseModel, optionalString(body, 'dialect')) : '';
  return { name, description, baseModel, dialect };
}

/** The `language` filter of list (spec 4.2): a known language id, else 400. */
export function validateLanguageFilter(language: string | null): string | undefined {
  if (language === null) return undefined;
  const canonical = canonicalLanguage(language);
  if (!canonical) throw badRequest(`Invalid value for 'language': '${language}' is not a supported language.`);
  return canonical;
}

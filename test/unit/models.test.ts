import { describe, expect, it } from 'vitest';
import { findBaseModel } from '../../lib/catalog';
import { ApiError } from '../../lib/errors';
import type { ModelRecord } from '../../lib/store/modelRecord';
import { modelState, settledJob } from '../../lib/customization/state';
import { validateLanguageFilter, validateNewModel } from '../../lib/customization/validate';
import { languageModelJson } from '../../lib/customization/view';
import { unknownParameterWarning } from '../../lib/params';

function refusal(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return (error as ApiError).toBody();
  }
  throw new Error('expected a refusal');
}

const bad = (error: string) => ({ code: 400, code_description: 'Bad Request', error });

describe('validateNewModel (spec 4.1)', () => {
  it('answers name, description, base model and dialect of a valid body', () => {
    const input = validateNewModel({ name: 'Cardiology terms', base_model_name: 'en-US_Telephony', description: 'calls', unknown: 1 });
    expect(input).toEqual({ name: 'Cardiology terms', description: 'calls', baseModel: findBaseModel('en-US_Telephony'), dialect: 'en-US' });
  });

  it('gives an empty description and the base language as dialect when they are absent or null', () => {
    expect(validateNewModel({ name: 'n', base_model_name: 'es-MX_BroadbandModel', description: null, dialect: null }))
      .toEqual({ name: 'n', description: '', baseModel: findBaseModel('es-MX_BroadbandModel'), dialect: 'es-MX' });
  });

  it('resolves the dialect case-insensitively', () => {
    expect(validateNewModel({ name: 'n', base_model_name: 'es-MX_NarrowbandModel', dialect: 'ES-us' }).dialect).toBe('es-US');
  });

  it('takes a deprecated alias, whose language is its replacement\'s', () => {
    const input = validateNewModel({ name: 'n', base_model_name: 'en-UK_NarrowbandModel' });
    expect([input.baseModel.name, input.baseModel.language, input.dialect]).toEqual(['en-UK_NarrowbandModel', 'en-GB', 'en-GB']);
  });

  it('requires name and base_model_name', () => {
    expect(refusal(() => validateNewModel({ base_model_name: 'en-US_Telephony' }))).toEqual(bad('Required parameter \'name\' is missing.'));
    expect(refusal(() => validateNewModel({ name: ' \t', base_model_name: 'en-US_Telephony' }))).toEqual(bad('Required parameter \'name\' is missing.'));
    expect(refusal(() => validateNewModel({ name: null, base_model_name: 'en-US_Telephony' }))).toEqual(bad('Required parameter \'name\' is missing.'));
    expect(refusal(() => validateNewModel({ name: 'n' }))).toEqual(bad('Required parameter \'base_model_name\' is missing.'));
    expect(refusal(() => validateNewModel({ name: 'n', base_model_name: '' }))).toEqual(bad('Required parameter \'base_model_name\' is missing.'));
    // name is checked first
    expect(refusal(() => validateNewModel({}))).toEqual(bad('Required parameter \'name\' is missing.'));
  });

  it('refuses non-string fields', () => {
    expect(refusal(() => validateNewModel({ name: 5, base_model_name: 'en-US_Telephony' }))).toEqual(bad('Invalid value for \'name\': it must be a string.'));
    expect(refusal(() => validateNewModel({ name: 'n', base_model_name: ['en-US_Telephony'] })))
      .toEqual(bad('Invalid value for \'base_model_name\': it must be a string.'));
    expect(refusal(() => validateNewModel({ name: 'n', base_model_name: 'en-US_Telephony', description: {} })))
      .toEqual(bad('Invalid value for \'description\': it must be a string.'));
    expect(refusal(() => validateNewModel({ name: 'n', base_model_name: 'en-US_Telephony', dialect: false })))
      .toEqual(bad('Invalid value for \'dialect\': it must be a string.'));
  });

  it('refuses strings that are not well-formed Unicode', () => {
    expect(refusal(() => validateNewModel({ name: 'a\uD800b', base_model_name: 'en-US_Telephony' })))
      .toEqual(bad('Invalid value for \'name\': it is not well-formed Unicode.'));
    expect(refusal(() => validateNewModel({ name: 'n', base_model_name: 'en-US_Telephony', description: '\uDC00' })))
      .toEqual(bad('Invalid value for \'description\': it is not well-formed Unicode.'));
  });

  it('counts the name in characters, at most 256', () => {
    expect(validateNewModel({ name: 'x'.repeat(256), base_model_name: 'en-US_Telephony' }).name).toHaveLength(256);
    expect(validateNewModel({ name: '😀'.repeat(256), base_model_name: 'en-US_Telephony' }).name).toHaveLength(512);
    expect(refusal(() => validateNewModel({ name: 'x'.repeat(257), base_model_name: 'en-US_Telephony' })))
      .toEqual(bad('Invalid value for \'name\': the name must not exceed 256 characters.'));
  });

  it('refuses the forbidden name characters \\ / : = & ?', () => {
    for (const c of ['\\', '/', ':', '=', '&', '?']) {
      expect(refusal(() => validateNewModel({ name: `a${c}b`, base_model_name: 'en-US_Telephony' })))
        .toEqual(bad('Invalid value for \'name\': the name must not contain any of the characters \\ / : = & ?'));
    }
    expect(validateNewModel({ name: 'a-b_c.d (e) ñ #1 + "q"', base_model_name: 'en-US_Telephony' }).name).toBe('a-b_c.d (e) ñ #1 + "q"');
  });

  it('refuses unknown base models and those without language customization', () => {
    expect(refusal(() => validateNewModel({ name: 'n', base_model_name: 'en-US_Nothing' })))
      .toEqual(bad('Invalid value for \'base_model_name\': \'en-US_Nothing\' is not a valid base model.'));
    expect(refusal(() => validateNewModel({ name: 'n', base_model_name: 'en-us_telephony' })))
      .toEqual(bad('Invalid value for \'base_model_name\': \'en-us_telephony\' is not a valid base model.'));
    for (const name of ['zh-CN_BroadbandModel', 'ar-MS_BroadbandModel', 'nl-NL']) {
      expect(refusal(() => validateNewModel({ name: 'n', base_model_name: name })))
        .toEqual(bad(`The base model '${name}' does not support language model customization.`));
    }
  });

  it('counts the description in characters, at most 128', () => {
    expect(validateNewModel({ name: 'n', base_model_name: 'en-US_Telephony', description: 'é'.repeat(128) }).description).toBe('é'.repeat(128));
    expect(refusal(() => validateNewModel({ name: 'n', base_model_name: 'en-US_Telephony', description: 'd'.repeat(129) })))
      .toEqual(bad('Invalid value for \'description\': the description must not exceed 128 characters.'));
  });

  it('refuses a dialect the base model does not take', () => {
    expect(refusal(() => validateNewModel({ name: 'n', base_model_name: 'es-LA_Telephony', dialect: 'es-US' }))).toEqual(
      bad('Invalid value for \'dialect\': \'es-US\' is not a supported dialect for base model \'es-LA_Telephony\'. Supported: \'es-LA\'.'));
  });
});

describe('validateLanguageFilter (spec 4.2)', () => {
  it('is undefined without a filter and canonical with one', () => {
    expect(validateLanguageFilter(null)).toBeUndefined();
    expect(validateLanguageFilter('en-US')).toBe('en-US');
    expect(validateLanguageFilter('EN-us')).toBe('en-US');
  });

  it('refuses an unknown language', () => {
    for (const value of ['xx-XX', '', 'es-US']) {
      expect(refusal(() => validateLanguageFilter(value))).toEqual(bad(`Invalid value for 'language': '${value}' is not a supported language.`));
    }
  });
});

const CREATED = Date.UTC(2024, 2, 5, 17, 2, 11, 408);
const UPDATED = Date.UTC(2024, 2, 5, 17, 9, 47, 120);

const record = (overrides: Partial<ModelRecord> = {}): ModelRecord => ({
  customizationId: '5d0c9a3e-7f1b-4c2d-9e8a-1b2c3d4e5f60',
  owner: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  name: 'Cardiology terms',
  description: 'Terms used by the cardiology call center',
  baseModelName: 'en-US_Telephony',
  language: 'en-US',
  dialect: 'en-US',
  versions: ['en-US_Telephony.v2024-02-01'],
  created: CREATED,
  updated: UPDATED,
  status: 'available',
  revision: 7,
  generation: 2,
  ...overrides,
});

describe('languageModelJson (spec 2.1)', () => {
  it('renders the spec example, fields in the service\'s order, no bookkeeping', () => {
    const json = languageModelJson(record({ lockOp: 'train', lockExpires: 1 }), UPDATED);
    expect(JSON.stringify(json)).toBe(JSON.stringify({
      customization_id: '5d0c9a3e-7f1b-4c2d-9e8a-1b2c3d4e5f60',
      created: '2024-03-05T17:02:11.408Z',
      updated: '2024-03-05T17:09:47.120Z',
      language: 'en-US',
      dialect: 'en-US',
      versions: ['en-US_Telephony.v2024-02-01'],
      owner: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      name: 'Cardiology terms',
      description: 'Terms used by the cardiology call center',
      base_model_name: 'en-US_Telephony',
      status: 'available',
      progress: 100,
    }));
    expect(Object.keys(json)).toEqual([
      'customization_id', 'created', 'updated', 'language', 'dialect', 'versions', 'owner', 'name', 'description', 'base_model_name',
      'status', 'progress',
    ]);
  });

  it('gives progress 100 only when available', () => {
    for (const status of ['pending', 'ready', 'training', 'upgrading', 'failed'] as const) {
      expect(languageModelJson(record({ status }), 0)).toMatchObject({ status, progress: 0 });
    }
    expect(languageModelJson(record({ status: 'available' }), 0).progress).toBe(100);
  });

  it('adds error (after progress) only when the record has one', () => {
    const error = '{"code":500,"code_description":"Internal Server Error","error":"Cannot compile grammar"}';
    const json = languageModelJson(record({ status: 'ready', error }), 0);
    expect(Object.keys(json).slice(-3)).toEqual(['status', 'progress', 'error']);
    expect(json.error).toBe(error);
    expect('error' in languageModelJson(record(), 0)).toBe(false);
    expect('warnings' in languageModelJson(record(), 0)).toBe(false);
  });

  it('copies versions rather than sharing the record\'s array', () => {
    const r = record({ versions: ['a.v1', 'a.v2'] });
    const json = languageModelJson(r, 0);
    expect(json.versions).toEqual(['a.v1', 'a.v2']);
    json.versions.push('x');
    expect(r.versions).toEqual(['a.v1', 'a.v2']);
  });
});

describe('unknownParameterWarning (spec 1.5)', () => {
  it('names each unknown parameter once, in order of appearance', () => {
    expect(unknownParameterWarning(new URLSearchParams('foo=1&bar=2&foo=3'), []))
      .toBe('Unexpected query parameter(s) [\'foo\', \'bar\'] detected');
    expect(unknownParameterWarning(new URLSearchParams('x'), [])).toBe('Unexpected query parameter(s) [\'x\'] detected');
  });

  it('leaves out known parameters and is undefined when none is unknown', () => {
    expect(unknownParameterWarning(new URLSearchParams('language=en-US&foo=1'), ['language'])).toBe('Unexpected query parameter(s) [\'foo\'] detected');
    expect(unknownParameterWarning(new URLSearchParams('language=en-US'), ['language'])).toBeUndefined();
    expect(unknownParameterWarning(new URLSearchParams(''), [])).toBeUndefined();
  });
});

describe('modelState', () => {
  const now = 1_000_000;

  it('is busy only while the lease runs', () => {
    expect(modelState(record({ lockOp: 'train', lockExpires: now + 1 }), now).busyWith).toBe('train');
    expect(modelState(record({ lockOp: 'train', lockExpires: now }), now).busyWith).toBeUndefined();
    expect(modelState(record({ lockOp: 'train', lockExpires: now - 1 }), now).busyWith).toBeUndefined();
    expect(modelState(record({ lockOp: 'train' }), now).busyWith).toBeUndefined();
    expect(modelState(record({ lockExpires: now + 10 }), now).busyWith).toBeUndefined();
  });

  it('answers the stored status with its progress', () => {
    const versions = record({}).versions;
    expect(modelState(record({ status: 'training', lockOp: 'train', lockExpires: now + 5 }), now))
      .toEqual({ status: 'training', progress: 0, busyWith: 'train', versions, trained: false });
    expect(modelState(record({ status: 'available' }), now)).toEqual({ status: 'available', progress: 100, busyWith: undefined, versions, trained: false });
  });

  it('marks an acoustic model trained, with the helper language model it used, once its training completes', () => {
    const helperModel = { id: 'lm-1', version: 'm.v1' };
    const job = { op: 'trainAcoustic', dueAt: now + 10, runningStatus: 'training' as const, thenStatus: 'available' as const, trains: true, helperModel };
    const training = record({ kind: 'acoustic', status: 'ready', versions: ['m.v1'], job });
    expect(modelState(training, now)).toEqual({ status: 'training', progress: 0, busyWith: 'trainAcoustic', versions: ['m.v1'], trained: false });
    expect(modelState(training, now + 10)).toEqual({
      status: 'available', progress: 100, busyWith: undefined, versions: ['m.v1'], trained: true, helperModel,
    });
    expect(settledJob(training, now + 10)).toEqual({
      changes: { status: 'available', versions: ['m.v1'], helperModel, trained: true }, remove: ['job'],
    });
    expect(modelState(record({ kind: 'acoustic', status: 'ready', trained: true }), now).trained).toBe(true);
  });

  it('shows a running job\'s status, then the status it leads to, and an upgrade\'s version once it is done', () => {
    const job = { op: 'upgrade', dueAt: now + 10, runningStatus: 'upgrading' as const, thenStatus: 'available' as const, versionAdded: 'm.v2' };
    const upgrading = record({ status: 'available', versions: ['m.v1'], job });
    expect(modelState(upgrading, now)).toEqual({ status: 'upgrading', progress: 0, busyWith: 'upgrade', versions: ['m.v1'], trained: false });
    expect(modelState(upgrading, now + 10)).toEqual({ status: 'available', progress: 100, busyWith: undefined, versions: ['m.v1', 'm.v2'], trained: false });
    expect(settledJob(upgrading, now)).toBeUndefined();
    expect(settledJob(upgrading, now + 10)).toEqual({ changes: { status: 'available', versions: ['m.v1', 'm.v2'] }, remove: ['job'] });
  });
});

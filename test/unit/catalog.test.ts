import { describe, expect, it } from 'vitest';
import {
  canonicalLanguage, currentVersion, findBaseModel, getSpeechModel, listSpeechModels, resolveDialect, speechModelJson, type BaseModelSpec,
} from '../../lib/catalog';
import { BASE_MODELS } from '../../lib/catalog/baseModels';
import { ApiError } from '../../lib/errors';

const URL = 'https://stt.example.com/instances/abc';

function model(name: string): BaseModelSpec {
  const found = findBaseModel(name);
  if (!found) throw new Error(`no base model ${name}`);
  return found;
}

function dialectError(name: string, dialect: string): unknown {
  try {
    resolveDialect(model(name), dialect);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return (error as ApiError).toBody();
  }
  throw new Error(`dialect ${dialect} was accepted for ${name}`);
}

const dialectBody = (dialect: string, name: string, supported: string[]) => ({
  code: 400,
  code_description: 'Bad Request',
  error: `Invalid value for 'dialect': '${dialect}' is not a supported dialect for base model '${name}'. `
    + `Supported: ${supported.map((value) => `'${value}'`).join(', ')}.`,
});

describe('resolveDialect (spec 5.5)', () => {
  it('is the base model\'s language when omitted', () => {
    expect(resolveDialect(model('en-US_BroadbandModel'), undefined)).toBe('en-US');
    expect(resolveDialect(model('es-MX_NarrowbandModel'), undefined)).toBe('es-MX');
    expect(resolveDialect(model('es-LA_Telephony'), undefined)).toBe('es-LA');
    expect(resolveDialect(model('en-WW_Medical_Telephony'), undefined)).toBe('en-WW');
    expect(resolveDialect(model('en-UK_NarrowbandModel'), undefined)).toBe('en-GB');
    expect(resolveDialect(model('pt-PT'), undefined)).toBe('pt-PT');
  });

  it('takes a non-Spanish model\'s own language in any case, answered canonically', () => {
    expect(resolveDialect(model('en-US_BroadbandModel'), 'EN-us')).toBe('en-US');
    expect(resolveDialect(model('fr-CA_Telephony'), 'fr-ca')).toBe('fr-CA');
    expect(resolveDialect(model('ja-JP'), 'JA-JP')).toBe('ja-JP');
  });

  it('refuses any other dialect for a non-Spanish model', () => {
    expect(dialectError('en-US_BroadbandModel', 'en-GB')).toEqual(dialectBody('en-GB', 'en-US_BroadbandModel', ['en-US']));
    expect(dialectError('en-US_Telephony', 'es-US')).toEqual(dialectBody('es-US', 'en-US_Telephony', ['en-US']));
    expect(dialectError('fr-FR_BroadbandModel', '')).toEqual(dialectBody('', 'fr-FR_BroadbandModel', ['fr-FR']));
    expect(dialectError('en-US_BroadbandModel', 'en_US')).toEqual(dialectBody('en_US', 'en-US_BroadbandModel', ['en-US']));
  });

  it('takes es-ES, es-LA, es-US and its own language for a previous-generation Spanish model', () => {
    expect(resolveDialect(model('es-MX_NarrowbandModel'), 'es-us')).toBe('es-US');
    expect(resolveDialect(model('es-MX_NarrowbandModel'), 'ES-la')).toBe('es-LA');
    expect(resolveDialect(model('es-MX_NarrowbandModel'), 'es-es')).toBe('es-ES');
    expect(resolveDialect(model('es-MX_NarrowbandModel'), 'es-mx')).toBe('es-MX');
    expect(resolveDialect(model('es-AR_BroadbandModel'), 'ES-LA')).toBe('es-LA');
    expect(resolveDialect(model('es-ES_BroadbandModel'), 'es-US')).toBe('es-US');
    expect(resolveDialect(model('es-ES_NarrowbandModel'), 'Es-Es')).toBe('es-ES');
  });

  it('refuses other Spanish dialects for a previous-generation Spanish model, listing the allowed ones once', () => {
    expect(dialectError('es-MX_NarrowbandModel', 'es-AR')).toEqual(dialectBody('es-AR', 'es-MX_NarrowbandModel', ['es-MX', 'es-ES', 'es-LA', 'es-US']));
    expect(dialectError('es-ES_BroadbandModel', 'es-MX')).toEqual(dialectBody('es-MX', 'es-ES_BroadbandModel', ['es-ES', 'es-LA', 'es-US']));
  });

  it('takes only its own language for next-generation and large Spanish models', () => {
    expect(resolveDialect(model('es-LA_Telephony'), 'ES-LA')).toBe('es-LA');
    expect(dialectError('es-LA_Telephony', 'es-US')).toEqual(dialectBody('es-US', 'es-LA_Telephony', ['es-LA']));
    expect(dialectError('es-ES_Telephony', 'es-LA')).toEqual(dialectBody('es-LA', 'es-ES_Telephony', ['es-ES']));
    expect(dialectError('es-ES_Multimedia', 'es-US')).toEqual(dialectBody('es-US', 'es-ES_Multimedia', ['es-ES']));
    expect(dialectError('es-MX', 'es-US')).toEqual(dialectBody('es-US', 'es-MX', ['es-MX']));
  });
});

describe('speechModelJson (spec 2.9)', () => {
  it('renders a previous-generation model without low_latency', () => {
    const json = speechModelJson(model('en-US_BroadbandModel'), URL);
    expect(json).toStrictEqual({
      name: 'en-US_BroadbandModel',
      language: 'en-US',
      rate: 16000,
      url: `${URL}/v1/models/en-US_BroadbandModel`,
      supported_features: { custom_language_model: true, custom_acoustic_model: true, speaker_labels: true },
      description: 'US English broadband model.',
    });
    expect(Object.keys(json.supported_features)).not.toContain('low_latency');
  });

  it('renders a next-generation model with low_latency true', () => {
    expect(speechModelJson(model('en-US_Telephony'), 'http://h')).toStrictEqual({
      name: 'en-US_Telephony',
      language: 'en-US',
      rate: 8000,
      url: 'http://h/v1/models/en-US_Telephony',
      supported_features: { custom_language_model: true, custom_acoustic_model: false, speaker_labels: true, low_latency: true },
      description: 'US English telephony model for narrowband audio (8kHz)',
    });
  });

  it('renders a large speech model with low_latency false (the docs\' en-US example)', () => {
    expect(speechModelJson(model('en-US'), 'http://h')).toStrictEqual({
      name: 'en-US',
      language: 'en-US',
      rate: 8000,
      url: 'http://h/v1/models/en-US',
      supported_features: { custom_language_model: true, custom_acoustic_model: false, speaker_labels: true, low_latency: false },
      description: 'Large US English model',
    });
  });

  it('renders a model that does not take language customization', () => {
    expect(speechModelJson(model('zh-CN_BroadbandModel'), 'http://h').supported_features)
      .toStrictEqual({ custom_language_model: false, custom_acoustic_model: true, speaker_labels: true });
  });
});

describe('listSpeechModels / getSpeechModel', () => {
  it('lists every listed model and no deprecated alias', () => {
    const { models } = listSpeechModels(URL);
    const names = models.map((m) => m.name);
    expect(names).toEqual(BASE_MODELS.filter((m) => m.listed).map((m) => m.name));
    expect(names).not.toContain('en-UK_NarrowbandModel');
    expect(names).not.toContain('en-UK_BroadbandModel');
    expect(names).not.toContain('ar-AR_BroadbandModel');
    expect(models).toHaveLength(BASE_MODELS.length - 3);
    for (const m of models) expect(m.url).toBe(`${URL}/v1/models/${m.name}`);
  });

  it('answers a deprecated alias by name, as its replacement', () => {
    expect(getSpeechModel('en-UK_NarrowbandModel', 'http://h')).toStrictEqual({
      name: 'en-UK_NarrowbandModel',
      language: 'en-GB',
      rate: 8000,
      url: 'http://h/v1/models/en-UK_NarrowbandModel',
      supported_features: { custom_language_model: true, custom_acoustic_model: true, speaker_labels: true },
      description: 'UK English narrowband model.',
    });
    expect(getSpeechModel('ar-AR_BroadbandModel', 'http://h').language).toBe('ar-MS');
  });

  it('answers 404 naming the model for an unknown name (names are case-sensitive)', () => {
    for (const name of ['nope', 'en-us_BroadbandModel', '']) {
      let error: unknown;
      try {
        getSpeechModel(name, 'http://h');
      } catch (e) {
        error = e;
      }
      expect((error as ApiError).status).toBe(404);
      expect((error as ApiError).toBody()).toEqual({ code: 404, code_description: 'No Such Resource', error: `Model ${name} not found` });
    }
  });
});

describe('canonicalLanguage / currentVersion', () => {
  it('answers the canonical spelling of a known language', () => {
    expect(canonicalLanguage('en-us')).toBe('en-US');
    expect(canonicalLanguage('ES-LA')).toBe('es-LA');
    expect(canonicalLanguage('pt-pt')).toBe('pt-PT');
    expect(canonicalLanguage('zh-cn')).toBe('zh-CN');
  });

  it('answers undefined for anything else (es-US is a dialect, not a language)', () => {
    for (const value of ['xx-XX', 'en', 'en_US', '', 'es-US', 'en-UK']) expect(canonicalLanguage(value)).toBeUndefined();
  });

  it('knows every language of the SDK enum (spec 4.2)', () => {
    const sdk = 'ar-MS cs-CZ de-DE en-AU en-GB en-IN en-US en-WW es-AR es-CL es-CO es-ES es-LA es-MX es-PE fr-CA fr-FR hi-IN it-IT ja-JP ko-KR nl-BE nl-NL pt-BR sv-SE zh-CN';
    for (const language of sdk.split(' ')) expect(canonicalLanguage(language.toLowerCase())).toBe(language);
  });

  it('is <name>.v<version>', () => {
    expect(currentVersion(model('en-US_BroadbandModel'))).toBe('en-US_BroadbandModel.v2018-07-31');
    expect(currentVersion(model('en-US_Telephony'))).toBe('en-US_Telephony.v2023-02-06');
    expect(currentVersion(model('en-US'))).toBe('en-US.v2025-06-16');
  });
});

describe('BASE_MODELS data', () => {
  const DATE = /^\d{4}-\d{2}-\d{2}$/;
  const isRealDate = (value: string) => DATE.test(value) && new Date(`${value}T00:00:00.000Z`).toISOString().startsWith(value);

  it('has unique names', () => {
    const names = BASE_MODELS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('has rate 16000 for *Broadband*/*Multimedia and 8000 for *Narrowband*/*Telephony and large models', () => {
    for (const m of BASE_MODELS) {
      const expected = /Broadband|Multimedia$/.test(m.name) ? 16000 : /Narrowband|Telephony$/.test(m.name) ? 8000 : undefined;
      if (m.generation === 'large') expect([m.name, m.rate]).toEqual([m.name, 8000]);
      else expect([m.name, m.rate]).toEqual([m.name, expected]);
    }
  });

  it('takes the language from the name, except for the deprecated aliases', () => {
    const aliases: Record<string, string> = { 'en-UK_NarrowbandModel': 'en-GB', 'en-UK_BroadbandModel': 'en-GB', 'ar-AR_BroadbandModel': 'ar-MS' };
    for (const m of BASE_MODELS) {
      const expected = aliases[m.name] ?? m.name.slice(0, 5);
      expect([m.name, m.language]).toEqual([m.name, expected]);
      if (m.generation === 'large') expect(m.name).toBe(m.language);
    }
    expect(BASE_MODELS.filter((m) => !m.listed).map((m) => m.name).sort()).toEqual(Object.keys(aliases).sort());
  });

  it('has a real YYYY-MM-DD version on every model, and a later newerVersion where one is given', () => {
    for (const m of BASE_MODELS) {
      expect([m.name, isRealDate(m.version)]).toEqual([m.name, true]);
      if (m.newerVersion !== undefined) {
        expect([m.name, isRealDate(m.newerVersion), m.newerVersion > m.version]).toEqual([m.name, true, true]);
      }
    }
    expect(BASE_MODELS.filter((m) => m.listed && m.customLanguageModel).length).toBeGreaterThan(60);
  });

  it('has acoustic customization exactly on previous-generation models and low_latency exactly on the others', () => {
    for (const m of BASE_MODELS) {
      expect([m.name, m.customAcousticModel]).toEqual([m.name, m.generation === 'previous']);
      expect([m.name, m.lowLatency === undefined]).toEqual([m.name, m.generation === 'previous']);
      if (m.improved) expect([m.name, m.generation]).toEqual([m.name, 'next']);
      if (m.generation === 'large') expect([m.name, m.grammars]).toEqual([m.name, false]);
    }
  });

  it('refuses language customization exactly where spec 5.6 says so', () => {
    expect(BASE_MODELS.filter((m) => !m.customLanguageModel).map((m) => m.name).sort()).toEqual([
      'ar-AR_BroadbandModel', 'ar-MS_BroadbandModel', 'it-IT', 'nl-NL', 'zh-CN_BroadbandModel', 'zh-CN_NarrowbandModel',
    ]);
  });

  it('lists the next-generation models of spec 5.6', () => {
    const next = 'ar-MS_Telephony zh-CN_Telephony cs-CZ_Telephony nl-BE_Telephony nl-NL_Telephony nl-NL_Multimedia en-AU_Telephony '
      + 'en-AU_Multimedia en-IN_Telephony en-GB_Telephony en-GB_Multimedia en-US_Telephony en-US_Multimedia en-WW_Medical_Telephony '
      + 'fr-CA_Telephony fr-CA_Multimedia fr-FR_Telephony fr-FR_Multimedia de-DE_Telephony de-DE_Multimedia hi-IN_Telephony '
      + 'it-IT_Telephony it-IT_Multimedia ja-JP_Telephony ja-JP_Multimedia ko-KR_Telephony ko-KR_Multimedia pt-BR_Telephony '
      + 'pt-BR_Multimedia es-ES_Telephony es-ES_Multimedia es-LA_Telephony sv-SE_Telephony';
    expect(BASE_MODELS.filter((m) => m.generation === 'next').map((m) => m.name).sort()).toEqual(next.split(' ').sort());
  });

  it('gives every model a language canonicalLanguage knows', () => {
    for (const m of BASE_MODELS) expect(canonicalLanguage(m.language.toUpperCase())).toBe(m.language);
  });
});

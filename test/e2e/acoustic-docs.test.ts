import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type SpeechToTextV1 from 'ibm-watson/speech-to-text/v1';
import {
  acousticModel, bearer, helperLanguageModel, nb, newAcousticModel, setTiming, tenMinutes, trainedAcousticModel, waitAcoustic,
} from '../support/acoustic';
import { http, newApiKey, sdkClient } from './support';

/**
 * IBM's documented curl examples of acoustic models and of user data (`/work/shared/conformance/docs-curl.json`, the
 * entries whose path holds `acoustic_customizations` or `user_data`; fields in SOURCES.md), replayed in both
 * platform variants (`-u apikey:{apikey}`, and a bearer token): each model is built so that the documented request
 * applies, then the request must answer the documented status (200 where the page states none: spec §10.3, §11.2)
 * and the documented body shape (none is shown for these requests: the SDK's `{}`).
 */

interface DocsEntry {
  id: string;
  page: string;
  platform: string;
  request_group: string;
  scope: string;
  method: string;
  path: string;
  query: Record<string, string>;
  auth: string;
  documented_status?: number;
  documented_response?: unknown;
}

const ENTRIES = (JSON.parse(readFileSync('/work/shared/conformance/docs-curl.json', 'utf8')) as DocsEntry[])
  .filter((entry) => entry.path.includes('acoustic_customizations') || entry.path.includes('user_data'));

/** What a documented request needs: the values of its placeholders, and what must hold after it. */
interface Setup {
  values: Record<string, string>;
  after: () => Promise<void>;
}

const NEW = 'en-US_NarrowbandModel.v2019-05-28';

/** Builds the state each documented request group applies to, in the instance of `apikey`. */
const SETUPS: Record<string, (stt: SpeechToTextV1, apikey: string) => Promise<Setup>> = {
  // custom-upgrade.md: upgrade an acoustic model (trained, no helper)
  'custom-upgrade.md#req3': async (stt, apikey) => {
    const id = await trainedAcousticModel(stt, apikey);
    return {
      values: { customization_id: id },
      after: async () => {
        expect(await waitAcoustic(apikey, id)).toEqual(expect.objectContaining({ status: 'available', versions: expect.arrayContaining([NEW]) }));
      },
    };
  },
  // custom-upgrade.md: upgrade an acoustic model trained with a helper, the helper upgraded first
  'custom-upgrade.md#req4': async (stt, apikey) => {
    const lm = await helperLanguageModel(stt);
    const id = await trainedAcousticModel(stt, apikey, { customLanguageModelId: lm });
    expect((await stt.upgradeLanguageModel({ customizationId: lm })).status).toBe(200);
    await stt.whenCustomizationReady({ customizationId: lm, interval: 100, times: 100 });
    return {
      values: { customization_id: id, custom_language_model_id: lm },
      after: async () => {
        expect(await waitAcoustic(apikey, id)).toEqual(expect.objectContaining({ status: 'available', versions: expect.arrayContaining([NEW]) }));
      },
    };
  },
  // acoustic-both.md: lightly supervised training (the page names the helper's id `{customization_id}` in the query too)
  'acoustic-both.md#req1': async (stt, apikey) => {
    const lm = await helperLanguageModel(stt);
    const id = await newAcousticModel(stt);
    await stt.addAudio({ customizationId: id, audioName: 'audio1', audioResource: tenMinutes(), contentType: 'application/zip' });
    expect((await acousticModel(apikey, id)).status).toBe('ready');
    return {
      values: { customization_id: id, 'query:customization_id': lm },
      after: async () => {
        expect(await waitAcoustic(apikey, id)).toEqual(expect.objectContaining({ status: 'available', progress: 100 }));
      },
    };
  },
  // information-security.md: delete the data tagged `my_customer_ID`
  'information-security.md#req2': async (stt) => {
    const id = await newAcousticModel(stt);
    const tag = { 'X-Watson-Metadata': 'customer_id=my_customer_ID' };
    await stt.addAudio({ customizationId: id, audioName: 'tagged', audioResource: nb(20, 1), contentType: 'audio/wav', headers: tag });
    await stt.addAudio({ customizationId: id, audioName: 'untagged', audioResource: nb(30, 2), contentType: 'audio/wav' });
    // the page's recognition request with the same tag (recognition data is not kept: nothing to check after)
    expect((await stt.recognize({ audio: nb(1, 3), contentType: 'audio/wav', model: 'en-US_NarrowbandModel', headers: tag })).status).toBe(200);
    return {
      values: {},
      after: async () => {
        expect((await stt.listAudio({ customizationId: id })).result.audio.map((audio) => audio.name)).toEqual(['untagged']);
      },
    };
  },
};

function fill(text: string, values: Record<string, string>, prefix = ''): string {
  return text.replace(/\{([a-z_]+)\}/g, (whole, name: string) => values[`${prefix}${name}`] ?? values[name] ?? whole);
}

describe('docs-curl.json: acoustic models and user data', () => {
  it('has the documented requests this file replays', () => {
    expect(ENTRIES.map((entry) => entry.id)).toEqual([
      'custom-upgrade.md#L133', 'custom-upgrade.md#L141', 'custom-upgrade.md#L154', 'custom-upgrade.md#L162',
      'acoustic-both.md#L79', 'acoustic-both.md#L87', 'information-security.md#L137', 'information-security.md#L145',
    ]);
    for (const entry of ENTRIES) expect(Object.keys(SETUPS)).toContain(entry.request_group);
    // none of them shows a response body
    expect(ENTRIES.filter((entry) => entry.documented_response !== undefined)).toEqual([]);
  });

  it.each(ENTRIES.map((entry) => [entry.id, entry.platform, entry] as const))('%s (%s)', async (_id, _platform, entry) => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { '*': { mode: 'immediate' } });
    const { values, after } = await SETUPS[entry.request_group](stt, apikey);

    const path = fill(entry.path, values);
    const query = new URLSearchParams(Object.entries(entry.query).map(([name, value]): [string, string] => [name, fill(value, values, 'query:')])).toString();
    expect(path + query).not.toMatch(/[{}]/);
    const authorization = entry.auth === 'bearer {token}' ? { authorization: `Bearer ${await bearer(apikey)}` } : { apikey };
    expect(['bearer {token}', 'basic apikey:{apikey}']).toContain(entry.auth);

    const answered = await http(entry.method, `${path}${query ? `?${query}` : ''}`, authorization);
    expect(answered.status, answered.text).toBe(entry.documented_status ?? 200);
    expect(answered.contentType).toMatch(/^application\/json/);
    expect(answered.body).toEqual({});
    await after();
  });
});

import { describe, expect, it } from 'vitest';
import {
  ApiError, CODE_DESCRIPTIONS, badRequest, conflict, modelNotAccessible, notFound, payloadTooLarge, unauthorized, unsupportedMediaType,
} from '../../lib/errors';

describe('ApiError', () => {
  it('is an Error named ApiError carrying its status and message', () => {
    const error = new ApiError(409, 'busy');
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.status, error.message, error.body]).toEqual(['ApiError', 409, 'busy', undefined]);
  });

  it('renders the envelope with the reason phrase of the status, or "Error" for an unknown one', () => {
    expect(new ApiError(503, 'later').toBody()).toEqual({ code: 503, code_description: 'Service Unavailable', error: 'later' });
    expect(new ApiError(418, 'teapot').toBody()).toEqual({ code: 418, code_description: 'Error', error: 'teapot' });
  });

  it('has the spec 1.4 reason phrases', () => {
    expect(CODE_DESCRIPTIONS).toEqual({
      400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'No Such Resource', 405: 'Method Not Allowed',
      406: 'Not Acceptable', 409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests',
      500: 'Internal Server Error', 503: 'Service Unavailable',
    });
  });

  it('renders a custom body as it is', () => {
    const error = new ApiError(400, 'x', { errorCode: 'E1', errorMessage: 'x' });
    expect(error.toBody()).toEqual({ errorCode: 'E1', errorMessage: 'x' });
  });

  it('builds the named errors', () => {
    expect(badRequest('bad').toBody()).toEqual({ code: 400, code_description: 'Bad Request', error: 'bad' });
    expect(notFound().toBody()).toEqual({ code: 404, code_description: 'No Such Resource', error: 'No such child resource.' });
    expect(notFound('Model x not found').toBody()).toEqual({ code: 404, code_description: 'No Such Resource', error: 'Model x not found' });
    expect(conflict('c').toBody()).toEqual({ code: 409, code_description: 'Conflict', error: 'c' });
    expect(unsupportedMediaType('u').toBody()).toEqual({ code: 415, code_description: 'Unsupported Media Type', error: 'u' });
    expect(payloadTooLarge('p').toBody()).toEqual({ code: 413, code_description: 'Payload Too Large', error: 'p' });
  });

  it('gives the gateway 401 without code_description', () => {
    const error = unauthorized();
    expect(error.status).toBe(401);
    expect(JSON.stringify(error.toBody())).toBe('{"code":401,"error":"Unauthorized"}');
  });

  it('gives 401 with the service text for an inaccessible model', () => {
    const error = modelNotAccessible('ABC');
    expect(error.status).toBe(401);
    expect(error.toBody()).toEqual({ code: 401, code_description: 'Unauthorized', error: 'Invalid customization_id (ABC) for user' });
  });
});

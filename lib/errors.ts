/**
 * The one error type of the emulator. Anything thrown as an ApiError is answered with the Watson error
 * envelope `{"code","code_description","error"}`; anything else is a real fault (500, logged with the request id).
 */

/** Reason phrases the service puts in `code_description` (spec 1.4; the ones not seen in sources are the HTTP phrases). */
export const CODE_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'No Such Resource',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** A body other than the standard envelope (the gateway's 401, IAM's token errors). */
    readonly body?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The JSON body the client receives. */
  toBody(): Record<string, unknown> {
    if (this.body) return this.body;
    return { code: this.status, code_description: CODE_DESCRIPTIONS[this.status] ?? 'Error', error: this.message };
  }
}

export const badRequest = (message: string) => new ApiError(400, message);
export const notFound = (message = 'No such child resource.') => new ApiError(404, message);
export const conflict = (message: string) => new ApiError(409, message);
export const unsupportedMediaType = (message: string) => new ApiError(415, message);
export const payloadTooLarge = (message: string) => new ApiError(413, message);

/** The gateway's answer to missing or bad credentials: no `code_description` (spec 1.4). */
export const unauthorized = () => new ApiError(401, 'Unauthorized', { code: 401, error: 'Unauthorized' });

/** The answer for a customization id that does not exist or belongs to another instance (spec 1.6). */
export const modelNotAccessible = (customizationId: string) =>
  new ApiError(
    401,
    `Invalid customization_id (${customizationId}) for user`,
  );

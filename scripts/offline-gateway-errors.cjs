// Preloaded into serverless-offline by scripts/local-stack.mjs (NODE_OPTIONS=--require). Where API Gateway would
// refuse a request before any function runs (a body over the 10 MB limit, a path that does not decode), the local
// HTTP server (hapi) answers with its own error JSON; this turns those answers into the Watson error envelope.
'use strict';

const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');

// Resolve hapi the way serverless-offline does, from its own folder.
const offlineDir = dirname(dirname(require.resolve('serverless-offline')));
const hapi = createRequire(join(offlineDir, 'package.json'))('@hapi/hapi');
const createServer = hapi.Server;
const httpPort = Number(process.env.PORT);

const DESCRIPTIONS = {
  400: 'Bad Request', 404: 'No Such Resource', 405: 'Method Not Allowed', 408: 'Request Timeout',
  413: 'Payload Too Large', 415: 'Unsupported Media Type',
};

function envelope(request, h) {
  const response = request.response;
  if (!response || !response.isBoom) return h.continue;
  const status = response.output.statusCode;
  const message = status === 413
    ? 'The request body is larger than the 10 MB that the API accepts.'
    : status === 404 ? 'No such child resource.'
      : status === 400 ? 'The request is malformed: its path, query or headers could not be parsed.'
        : `${response.output.payload.message || DESCRIPTIONS[status] || 'Error'}`;
  return h
    .response(JSON.stringify({ code: status, code_description: DESCRIPTIONS[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error'), error: message }))
    .code(status)
    .type('application/json; charset=utf-8');
}

/*
 * API Gateway HTTP APIs hand a function every body whose media type is not text base64-encoded (isBase64Encoded), so
 * audio arrives byte for byte. serverless-offline does so only for application/octet-stream and multipart/form-data
 * and decodes every other body as UTF-8, which corrupts audio. Its choice reads hapi's `request.headers`, while the
 * event's headers come from the raw header list: marking a non-text media type there makes the body arrive as on AWS
 * and leaves the Content-Type the function sees unchanged.
 */
const TEXT_TYPE = /^\s*(text\/|application\/(json|javascript|xml|x-www-form-urlencoded)\b|[^;]*\+(json|xml)\b)/i;
const BINARY_MARK = '; x-offline-binary=application/octet-stream';

function markBinaryBody(request, h) {
  const type = request.headers['content-type'];
  if (!TEXT_TYPE.test(type ?? '')) request.headers['content-type'] = `${type ?? ''}${BINARY_MARK}`;
  return h.continue;
}

function Server(options) {
  const server = createServer(options);
  if (options && Number(options.port) === httpPort) {
    server.ext('onPreResponse', envelope);
    server.ext('onPostAuth', markBinaryBody);
  }
  return server;
}

hapi.Server = Server;
hapi.server = Server;

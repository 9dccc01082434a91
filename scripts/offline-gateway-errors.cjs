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

function Server(options) {
  const server = createServer(options);
  if (options && Number(options.port) === httpPort) server.ext('onPreResponse', envelope);
  return server;
}

hapi.Server = Server;
hapi.server = Server;

// The processor of bench/load.yml: what Artillery's YAML cannot say on its own. Each virtual user gets an API key
// of its own (so its own instance in open mode) and its timings through the control API; every request carries the
// key and waits as long as `rate` asks; every answer is remembered, and the loops of the script ask these functions
// whether their step is done. Counters and histograms it adds to Artillery's report: load.scenarios_completed,
// load.scenario_ms (from create to delete), load.scenarios_given_up, load.timing_not_set.<status>.
// Node.js built-ins only: on Fargate and Lambda, Artillery ships this file to its workers as it is.
import { randomUUID } from 'node:crypto';

/** The timings `timing` names, set through `PUT /_emulator/timing` (`keep`: none). */
export const TIMINGS = {
  instant: { '*': { mode: 'immediate' } },
  realistic: {
    corpus: { mode: 'delay', seconds: 10 },
    words: { mode: 'delay', seconds: 5 },
    grammar: { mode: 'delay', seconds: 10 },
    training: { mode: 'delay', seconds: 30 },
    upgrade: { mode: 'delay', seconds: 30 },
  },
  keep: undefined,
};

/** A new user: its API key, and until when it starts scenarios (`duration`) and waits in one (`grace` more). */
export function newUser(context, _events, next) {
  const { vars } = context;
  vars.authorization = `Basic ${Buffer.from(`apikey:load-${randomUUID()}`).toString('base64')}`;
  vars.deadline = Date.now() + Number(vars.duration) * 1000;
  vars.stopBy = vars.deadline + Number(vars.grace) * 1000;
  vars.nextAt = 0;
  vars.started = null;
  vars.abandoned = false;
  next();
}

/** Every request: the user's credentials, after the wait that `rate` (requests per second per user) asks for. */
export function asUser(request, context, _events, next) {
  const { vars } = context;
  request.headers = { ...request.headers, authorization: vars.authorization };
  const rate = Number(vars.rate);
  if (!(rate > 0)) return next();
  const now = Date.now();
  const at = Math.max(now, vars.nextAt);
  vars.nextAt = at + 1000 / rate;
  setTimeout(next, at - now);
}

/** Every answer: its status and its JSON body (null when it has none). */
export function remember(_request, response, context, _events, next) {
  context.vars.status = response.statusCode;
  try {
    context.vars.answer = JSON.parse(response.body);
  } catch {
    context.vars.answer = null;
  }
  next();
}

export const settingTiming = (vars) => Boolean(TIMINGS[vars.timing]);

export function timingBody(request, context, _events, next) {
  request.json = TIMINGS[context.vars.timing];
  next();
}

/** The control API off (strict mode) or refusing: the user runs with the emulator's own timings. */
export function timingSet(_request, response, _context, events, next) {
  if (response.statusCode !== 200) events.emit('counter', `load.timing_not_set.${response.statusCode}`, 1);
  next();
}

/** The steps after create run while the user has not given up the scenario. */
export const onTrack = (vars) => !vars.abandoned;

/** Create repeats until the model is created, or `duration` is over (no scenario was started then). */
export function notCreated(context, next) {
  const { vars } = context;
  if (vars.status === 201) {
    vars.started = Date.now();
    vars.abandoned = false;
    return next(false);
  }
  if (Date.now() >= vars.deadline) {
    vars.abandoned = true;
    return next(false);
  }
  return next(true);
}

/** A loop that repeats its step until `done(status, answer)`, or the user gives up (after `duration` + `grace`). */
const until = (done) => (context, next) => {
  const { vars } = context;
  if (vars.abandoned || done(vars.status, vars.answer)) return next(false);
  if (Date.now() >= vars.stopBy) {
    vars.abandoned = true;
    return next(false);
  }
  return next(true);
};
export const not200 = until((status) => status === 200);
export const not201 = until((status) => status === 201);
export const notAnalyzed = until((status, answer) => status === 200 && answer?.status === 'analyzed');
export const notReady = until((status, answer) => status === 200 && answer?.status === 'ready');
export const notAvailable = until((status, answer) => status === 200 && answer?.status === 'available');
/** Delete repeats while the model is busy (409). */
export const busy = until((status) => status !== 409);

/** The end of one scenario: completed when the delete answered 200. */
export function scenarioDone(context, events, next) {
  const { vars } = context;
  if (vars.started !== null) {
    if (!vars.abandoned && vars.status === 200) {
      events.emit('counter', 'load.scenarios_completed', 1);
      events.emit('histogram', 'load.scenario_ms', Date.now() - vars.started);
    } else {
      events.emit('counter', 'load.scenarios_given_up', 1);
    }
  }
  vars.started = null;
  next();
}

/** Another scenario while `duration` is not over. */
export function timeLeft(context, next) {
  next(!context.vars.abandoned && Date.now() < context.vars.deadline);
}

/**
 * The console page's script: plain ES2017 run by the browser, no library. It talks to the same origin only, with the
 * credential the user typed (HTTP Basic), and marks every request `X-Emulator-Journal: off` so that its polling stays
 * out of the request journal. Data reaches the page through textContent and attributes only (never innerHTML), so a
 * model, corpus or word name cannot inject markup.
 * Written as String.raw (backslashes reach the browser as written); it must contain no backtick and no dollar-brace.
 */
export const SCRIPT = String.raw`
(function () {
  'use strict';
  var BASE = location.pathname.replace(/\/_emulator\/console\/?$/, '');
  var STORE = 'stt-emulator-console';
  var POLL_MS = 1500;
  var TABS = ['models', 'jobs', 'controls', 'journal'];
  var OPERATIONS = ['*', 'listModels', 'getModel', 'createLanguageModel', 'listLanguageModels', 'getLanguageModel',
    'deleteLanguageModel', 'resetLanguageModel', 'trainLanguageModel', 'upgradeLanguageModel', 'listCorpora', 'addCorpus',
    'getCorpus', 'deleteCorpus', 'listGrammars', 'addGrammar', 'getGrammar', 'deleteGrammar', 'listWords', 'addWords',
    'addWord', 'getWord', 'deleteWord', 'createAcousticModel', 'listAcousticModels', 'getAcousticModel',
    'deleteAcousticModel', 'trainAcousticModel', 'resetAcousticModel', 'upgradeAcousticModel', 'listAudio', 'addAudio',
    'getAudio', 'deleteAudio', 'recognize', 'deleteUserData', 'registerCallback', 'unregisterCallback', 'createJob',
    'checkJobs', 'checkJob', 'deleteJob'];
  var SVG = 'http://www.w3.org/2000/svg';

  var S = { auth: '', who: '', tab: 'models', selected: '', live: true, models: [], words: [], wordsText: null, sigs: {}, warnings: {}, generation: 0 };
  var timer = 0;
  var running = null;
  var again = false;

  function $(id) { return document.getElementById(id); }

  /** An element with properties (text, cls, on: {event: fn}, other keys as attributes) and children (nested arrays allowed). */
  function h(tag, props, kids) {
    var e = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        var v = props[k];
        if (v === undefined || v === null || v === false) return;
        if (k === 'text') e.textContent = String(v);
        else if (k === 'cls') { if (v) e.className = v; }
        else if (k === 'on') Object.keys(v).forEach(function (ev) { e.addEventListener(ev, v[ev]); });
        else e.setAttribute(k, v === true ? '' : String(v));
      });
    }
    append(e, kids);
    return e;
  }
  function append(e, kids) {
    if (kids === undefined || kids === null || kids === false) return;
    if (Array.isArray(kids)) { kids.forEach(function (k) { append(e, k); }); return; }
    e.appendChild(typeof kids === 'object' ? kids : document.createTextNode(String(kids)));
  }

  /** Replaces a region's content, keeping the keyboard focus on the element with the same data-key, if any. */
  function put(container, node) {
    var active = document.activeElement;
    var key = active && container.contains(active) ? active.getAttribute('data-key') : null;
    container.replaceChildren();
    append(container, node);
    if (key) {
      var same = Array.prototype.find.call(container.querySelectorAll('[data-key]'), function (x) { return x.getAttribute('data-key') === key; });
      if (same) same.focus();
    }
  }

  /** True when the value differs from the one last drawn under this name (so unchanged data is not redrawn). */
  function changed(name, value) {
    var sig = JSON.stringify(value);
    if (S.sigs[name] === sig) return false;
    S.sigs[name] = sig;
    return true;
  }

  function b64(text) {
    var bytes = new TextEncoder().encode(text);
    var bin = '';
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin);
  }

  /** One request to the emulator: the answer's status, its text exactly as sent, and its JSON when it is JSON. */
  function api(method, path, opts) {
    opts = opts || {};
    var headers = { 'X-Emulator-Journal': 'off', 'Accept': 'application/json' };
    if (S.auth) headers.Authorization = S.auth;
    var body;
    if ('json' in opts) { headers['Content-Type'] = 'application/json'; body = JSON.stringify(opts.json); }
    else if ('body' in opts) { headers['Content-Type'] = opts.type || 'text/plain'; body = opts.body; }
    return fetch(BASE + path, { method: method, headers: headers, body: body, credentials: 'omit', cache: 'no-store', redirect: 'error' })
      .then(function (res) {
        return res.text().then(function (text) {
          var data = null;
          try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
          return { method: method, path: path, status: res.status, text: text, data: data };
        });
      }, function (err) {
        return { method: method, path: path, status: 0, text: 'No answer: ' + (err && err.message ? err.message : String(err)), data: null };
      });
  }

  var answers = 0;
  function showResponse(r) {
    answers++;
    $('response-panel').setAttribute('data-answers', String(answers));
    $('response-request').textContent = r.method + ' ' + r.path;
    var st = $('response-status');
    st.textContent = r.status ? String(r.status) : 'no answer';
    st.className = 'st' + String(r.status).charAt(0);
    var body = $('response-body');
    body.textContent = r.text === '' ? '' : ($('response-pretty').checked && r.data !== null ? JSON.stringify(r.data, null, 2) : r.text);
    body.setAttribute('data-raw', r.text);
    var log = $('response-log');
    log.insertBefore(h('li', null, [h('strong', { cls: 'st' + String(r.status).charAt(0), text: r.status || 'no answer' }), ' ', h('span', { cls: 'mono', text: r.method + ' ' + r.path }), ' ', h('span', { cls: 'muted', text: new Date().toLocaleTimeString() })]), log.firstChild);
    while (log.children.length > 25) log.removeChild(log.lastChild);
  }

  /** A user's action: the answer goes to the response panel, then the views refresh. */
  function act(method, path, opts) {
    var generation = S.generation;
    return api(method, path, opts).then(function (r) {
      if (!S.auth || generation !== S.generation) return r;
      showResponse(r);
      refresh();
      return r;
    });
  }

  function enc(s) { return encodeURIComponent(s); }
  function modelPath(id) { return '/v1/customizations/' + enc(id); }
  function when(iso) { return iso ? h('time', { datetime: iso, title: iso, text: String(iso).replace('T', ' ').replace(/\.\d+Z$/, 'Z') }) : ''; }
  function badge(status) { return h('span', { cls: 'badge s-' + String(status).replace(/[^a-z_]/g, ''), text: status }); }
  function statusCell(status, progress) {
    return [badge(status), h('progress', { max: 100, value: progress || 0, 'aria-label': 'progress' }), h('span', { cls: 'muted', text: ' ' + (progress || 0) + '%' })];
  }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }
  function empty(text) { return h('p', { cls: 'empty', text: text }); }

  /** A table: columns are [label, cell(row), class?]; rowProps(row) gives the row's attributes. Narrow screens show cards. */
  function table(cols, rows, rowProps) {
    return h('div', { cls: 'tw' }, h('table', { cls: 'cards' }, [
      h('thead', null, h('tr', null, cols.map(function (c) { return h('th', { scope: 'col', text: c[0] }); }))),
      h('tbody', null, rows.map(function (row) {
        return h('tr', rowProps ? rowProps(row) : null, cols.map(function (c) { return h('td', { 'data-label': c[0], cls: c[2] }, h('div', null, c[1](row))); }));
      })),
    ]));
  }
  function button(text, key, onClick, cls) {
    return h('button', { type: 'button', cls: cls || 'secondary', 'data-key': key, text: text, on: { click: onClick } });
  }
  /** A dangerous button asks again: the first press arms it, a second within 5 s acts. */
  function armed(btn, label, fn) {
    var timeout = 0;
    btn.addEventListener('click', function () {
      if (btn.classList.contains('armed')) {
        clearTimeout(timeout);
        btn.classList.remove('armed');
        btn.textContent = label;
        fn();
        return;
      }
      btn.classList.add('armed');
      btn.textContent = 'Press again to confirm';
      timeout = setTimeout(function () { btn.classList.remove('armed'); btn.textContent = label; }, 5000);
    });
  }

  // ---- polling ----

  function refresh() {
    if (!S.auth) return Promise.resolve();
    if (running) { again = true; return running; }
    var generation = S.generation;
    var problems = [];
    running = load(problems).then(function () {
      if (generation !== S.generation) return;
      $('updated').textContent = 'Updated ' + new Date().toLocaleTimeString();
      var alert = $('poll-error');
      if (problems.length) {
        alert.textContent = 'Could not read the instance: ' + problems.map(function (r) { return r.method + ' ' + r.path + ' answered ' + (r.status || 'nothing') + ' ' + r.text; }).join(' | ');
        alert.hidden = false;
      } else alert.hidden = true;
    }, function (e) {
      $('poll-error').textContent = 'The console failed: ' + e;
      $('poll-error').hidden = false;
    }).then(function () {
      running = null;
      if (again) { again = false; return refresh(); }
    });
    return running;
  }

  function loop() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (!S.auth) return;
      (S.live && !document.hidden ? refresh() : Promise.resolve()).then(loop);
    }, POLL_MS);
  }

  function get(path, draw, problems) {
    var generation = S.generation;
    return api('GET', path).then(function (r) {
      if (!S.auth || generation !== S.generation) return r;
      if (r.status === 200 && r.data && typeof r.data === 'object') draw(r.data, r.text);
      else problems.push(r);
      return r;
    });
  }

  function load(problems) {
    if (S.tab === 'models') return loadModels(problems);
    if (S.tab === 'jobs') return Promise.all([get('/v1/recognitions', drawJobs, problems), get('/v1/acoustic_customizations', drawAcoustic, problems)]);
    if (S.tab === 'controls') {
      return Promise.all([get('/_emulator/timing', drawTiming, problems), get('/_emulator/faults', drawFaults, problems),
        get('/_emulator/transcripts', drawTranscripts, problems)]);
    }
    return loadJournal(problems);
  }

  // ---- language models ----

  function loadModels(problems) {
    return get('/v1/customizations', drawModels, problems).then(function () {
      var id = S.selected;
      if (!id) return;
      if (!S.models.some(function (m) { return m.customization_id === id; })) { select(''); return; }
      var query = 'sort=' + enc($('word-sort').value) + '&word_type=' + enc($('word-type').value);
      var mine = [];
      function only(draw, check) { return function (d, text) { if (S.selected === id && (!check || check())) draw(d, text); }; }
      return Promise.all([
        get(modelPath(id) + '/corpora', only(drawCorpora), mine),
        get(modelPath(id) + '/grammars', only(drawGrammars), mine),
        get(modelPath(id) + '/words?' + query, only(drawWordsData, function () {
          return query === 'sort=' + enc($('word-sort').value) + '&word_type=' + enc($('word-type').value);
        }), mine),
      ]).then(function () { if (S.selected === id) Array.prototype.push.apply(problems, mine); });
    });
  }

  function drawModels(d) {
    var list = Array.isArray(d.customizations) ? d.customizations : [];
    S.models = list;
    if (changed('models', [list, S.selected])) {
      $('models-count').textContent = plural(list.length, 'model', 'models');
      put($('models'), list.length === 0 ? empty('No custom language models yet.') : table([
        ['Name', function (m) {
          var on = m.customization_id === S.selected;
          return [h('button', { type: 'button', cls: 'link', 'data-key': 'select-' + m.customization_id, 'aria-pressed': on ? 'true' : 'false', text: m.name || '(no name)',
            on: { click: function () { select(on ? '' : m.customization_id); } } }), h('br'), h('code', { text: m.customization_id })];
        }],
        ['Status', function (m) { return statusCell(m.status, m.progress); }, 'status'],
        ['Base model', function (m) { return m.base_model_name; }],
        ['Language', function (m) { return m.dialect && m.dialect !== m.language ? m.language + ' (' + m.dialect + ')' : m.language; }],
        ['Versions', function (m) { return (m.versions || []).join(', '); }, 'versions'],
        ['Created', function (m) { return when(m.created); }],
        ['Updated', function (m) { return when(m.updated); }],
        ['Error', function (m) { return m.error || ''; }, 'err'],
      ], list, function (m) {
        return { 'data-id': m.customization_id, cls: m.customization_id === S.selected ? 'sel' : '', 'aria-selected': m.customization_id === S.selected ? 'true' : null };
      }));
    }
    drawDetail();
  }

  function selectedModel() {
    return S.models.find(function (m) { return m.customization_id === S.selected; });
  }

  function drawDetail() {
    var m = selectedModel();
    $('detail').hidden = !m;
    if (!m) return;
    if (!changed('detail', [m, S.warnings[m.customization_id] || null])) return;
    $('detail-title').textContent = 'Model: ' + (m.name || '(no name)');
    $('detail-meta').textContent = m.customization_id + ' · ' + m.status + ' · progress ' + m.progress + '% · ' + m.base_model_name;
    var lines = [];
    if (m.warnings) lines.push(String(m.warnings));
    (S.warnings[m.customization_id] || []).forEach(function (w) { lines.push(w.code + ': ' + w.message); });
    put($('warnings'), lines.length ? h('ul', null, lines.map(function (l) { return h('li', { cls: 'err', text: l }); })) : empty('No training warnings.'));
  }

  function select(id) {
    S.selected = id;
    ['corpora', 'grammars', 'detail'].forEach(function (k) { delete S.sigs[k]; });
    S.words = [];
    S.wordsText = null;
    ['corpora', 'grammars', 'words'].forEach(function (k) { $(k).replaceChildren(); $(k + '-count').textContent = ''; });
    drawModels({ customizations: S.models });
    if (id) refresh();
  }

  function drawCorpora(d) {
    var list = d.corpora || [];
    if (!changed('corpora', list)) return;
    $('corpora-count').textContent = plural(list.length, 'corpus', 'corpora');
    put($('corpora'), list.length === 0 ? empty('No corpora.') : table([
      ['Name', function (c) { return h('code', { text: c.name }); }],
      ['Status', function (c) { return badge(c.status); }, 'status'],
      ['Total words', function (c) { return c.total_words; }],
      ['OOV words', function (c) { return c.out_of_vocabulary_words; }],
      ['Error', function (c) { return c.error || ''; }, 'err'],
      ['', function (c) {
        return button('Delete', 'corpus-del-' + c.name, function () { act('DELETE', modelPath(S.selected) + '/corpora/' + enc(c.name)); }, 'danger');
      }],
    ], list, function (c) { return { 'data-name': c.name }; }));
  }

  function drawGrammars(d) {
    var list = d.grammars || [];
    if (!changed('grammars', list)) return;
    $('grammars-count').textContent = plural(list.length, 'grammar', 'grammars');
    put($('grammars'), list.length === 0 ? empty('No grammars.') : table([
      ['Name', function (g) { return h('code', { text: g.name }); }],
      ['Status', function (g) { return badge(g.status); }, 'status'],
      ['OOV words', function (g) { return g.out_of_vocabulary_words; }],
      ['Error', function (g) { return g.error || ''; }, 'err'],
      ['', function (g) {
        return button('Delete', 'grammar-del-' + g.name, function () { act('DELETE', modelPath(S.selected) + '/grammars/' + enc(g.name)); }, 'danger');
      }],
    ], list, function (g) { return { 'data-name': g.name }; }));
  }

  /** Words lists can be long (90,000 words): they are redrawn only when the answer's text changes, or the search. */
  function drawWordsData(d, text) {
    if (S.wordsText === text) return;
    S.wordsText = text;
    S.words = Array.isArray(d.words) ? d.words : [];
    drawWords();
  }

  function wordErrors(w) {
    return (w.error || []).map(function (e) {
      return Object.keys(e).map(function (k) { return k + ': ' + e[k]; }).join('; ');
    });
  }

  var MAX_WORD_ROWS = 500;
  function drawWords() {
    var q = $('word-search').value.trim().toLowerCase();
    var all = S.words;
    var shown = q ? all.filter(function (w) {
      return String(w.word).toLowerCase().indexOf(q) >= 0 || String(w.display_as || '').toLowerCase().indexOf(q) >= 0;
    }) : all;
    var invalid = all.filter(function (w) { return w.error && w.error.length; }).length;
    $('words-count').textContent = 'showing ' + shown.length + ' of ' + plural(all.length, 'word', 'words') + (invalid ? ', ' + invalid + ' invalid' : '');
    if (shown.length === 0) { put($('words'), empty(all.length ? 'No word matches the search.' : 'No words.')); return; }
    var rows = shown.slice(0, MAX_WORD_ROWS);
    put($('words'), [table([
      ['Word', function (w) { return [h('span', { cls: 'word', text: w.word }), w.error && w.error.length ? [' ', h('span', { cls: 'badge s-failed', text: 'invalid' })] : '']; }],
      ['Display as', function (w) { return w.display_as; }],
      ['Sounds like', function (w) { return (w.sounds_like || []).join(', '); }],
      ['Count', function (w) { return w.count; }, 'count'],
      ['Source', function (w) { return (w.source || []).join(', '); }, 'source'],
      ['Error', function (w) { return wordErrors(w).join(' | '); }, 'err'],
      ['', function (w) {
        return button('Delete', 'word-del-' + w.word, function () { act('DELETE', modelPath(S.selected) + '/words/' + enc(w.word)); }, 'danger');
      }],
    ], rows, function (w) { return { 'data-word': w.word, cls: w.error && w.error.length ? 'invalid' : '' }; }),
    shown.length > rows.length ? empty('The first ' + rows.length + ' are shown: search to narrow them.') : null]);
  }

  // ---- recognition jobs, acoustic models ----

  function drawJobs(d) {
    var list = d.recognitions || [];
    if (!changed('jobs', list)) return;
    $('jobs-count').textContent = plural(list.length, 'job', 'jobs');
    put($('jobs'), list.length === 0 ? empty('No recognition jobs.') : table([
      ['ID', function (j) { return h('code', { text: j.id }); }],
      ['Status', function (j) { return badge(j.status); }, 'status'],
      ['Created', function (j) { return when(j.created); }],
      ['Updated', function (j) { return when(j.updated); }],
      ['User token', function (j) { return j.user_token || ''; }],
    ], list, function (j) { return { 'data-id': j.id }; }));
  }

  function drawAcoustic(d) {
    var list = d.customizations || [];
    if (!changed('acoustic', list)) return;
    $('acoustic-count').textContent = plural(list.length, 'model', 'models');
    put($('acoustic'), list.length === 0 ? empty('No custom acoustic models.') : table([
      ['Name', function (m) { return [h('strong', { text: m.name || '(no name)' }), h('br'), h('code', { text: m.customization_id })]; }],
      ['Status', function (m) { return statusCell(m.status, m.progress); }, 'status'],
      ['Base model', function (m) { return m.base_model_name; }],
      ['Versions', function (m) { return (m.versions || []).join(', '); }],
      ['Created', function (m) { return when(m.created); }],
      ['Updated', function (m) { return when(m.updated); }],
      ['Error', function (m) { return m.error || ''; }, 'err'],
    ], list, function (m) { return { 'data-id': m.customization_id }; }));
  }

  // ---- controls ----

  function drawTiming(d) {
    if (!changed('timing', d)) return;
    var ops = Object.keys(d);
    put($('timing'), table([
      ['Operation', function (op) { return h('code', { text: op }); }],
      ['Mode', function (op) { return d[op].mode; }, 'mode'],
      ['Seconds', function (op) { return d[op].seconds === undefined ? '' : d[op].seconds; }],
      ['Reads', function (op) { return d[op].reads === undefined ? '' : d[op].reads; }],
      ['Source', function (op) { return d[op].source || ''; }],
    ], ops, function (op) { return { 'data-op': op }; }));
  }

  function drawFaults(d) {
    var list = d.faults || [];
    if (!changed('faults', list)) return;
    $('faults-count').textContent = plural(list.length, 'rule', 'rules');
    put($('faults'), list.length === 0 ? empty('No fault rules.') : table([
      ['Operation', function (f) { return [h('code', { text: f.operation }), h('br'), h('small', { cls: 'muted mono', text: f.fault_id })]; }],
      ['Status', function (f) { return f.status === undefined ? '' : f.status; }, 'fstatus'],
      ['Calls left', function (f) { return f.count === undefined ? '' : f.count; }, 'fcount'],
      ['Probability', function (f) { return f.probability === undefined ? '' : f.probability; }],
      ['Delay (ms)', function (f) { return f.delay_ms === undefined ? '' : f.delay_ms; }],
      ['Error', function (f) { return f.error || ''; }],
      ['Created', function (f) { return when(f.created); }],
      ['', function (f) { return button('Remove', 'fault-del-' + f.fault_id, function () { act('DELETE', '/_emulator/faults/' + enc(f.fault_id)); }, 'danger'); }],
    ], list, function (f) { return { 'data-id': f.fault_id, 'data-operation': f.operation }; }));
  }

  function drawTranscripts(d) {
    var list = d.transcripts || [];
    if (!changed('transcripts', list)) return;
    $('transcripts-count').textContent = plural(list.length, 'transcript', 'transcripts');
    put($('transcripts'), list.length === 0 ? empty('No transcripts: recognition hears silence.') : table([
      ['Key', function (t) { return h('code', { text: t.key }); }],
      ['Transcript', function (t) { return t.transcript; }],
      ['Created', function (t) { return when(t.created); }],
      ['', function (t) { return button('Remove', 'transcript-del-' + t.key, function () { act('DELETE', '/_emulator/transcripts/' + enc(t.key)); }, 'danger'); }],
    ], list, function (t) { return { 'data-key-name': t.key }; }));
  }

  // ---- request journal ----

  function loadJournal(problems) {
    return api('GET', '/_emulator/requests?limit=200').then(function (r) {
      if (!S.auth) return;
      if (r.status === 200 && r.data && Array.isArray(r.data.requests)) { drawJournal(r.data); return; }
      if (r.status === 404) {
        if (!changed('journal', '404')) return;
        $('journal-status').textContent = 'This emulator has no request journal (GET /_emulator/requests answered 404).';
        $('journal-clear-btn').disabled = true;
        $('journal').replaceChildren();
        $('journal-chart').replaceChildren();
        $('journal-legend').replaceChildren();
        return;
      }
      problems.push(r);
    });
  }

  function statusClass(status) { return status >= 500 ? 5 : status >= 400 ? 4 : 2; }

  function drawJournal(d) {
    var list = d.requests;
    if (!changed('journal', d)) return;
    $('journal-clear-btn').disabled = false;
    $('journal-status').textContent = d.enabled === false
      ? 'The request journal is off on this emulator: no requests are recorded.'
      : plural(list.length, 'request', 'requests') + (list.length >= 200 ? ' (the most recent 200)' : '') + ' by this instance; the console\'s own requests are not recorded.';
    drawChart(list);
    put($('journal'), list.length === 0 ? empty('No requests recorded yet.') : table([
      ['Time', function (q) { return h('time', { datetime: q.time, text: String(q.time).replace('T', ' ').replace('Z', '') }); }, 'mono'],
      ['SDK method', function (q) { return h('code', { text: q.operation }); }, 'operation'],
      ['Method', function (q) { return q.method; }, 'method'],
      ['Path', function (q) { return h('code', { text: q.path }); }, 'path'],
      ['Status', function (q) { return h('strong', { cls: 'st' + statusClass(q.status), text: q.status }); }, 'status'],
      ['Duration (ms)', function (q) { return q.duration_ms; }],
      ['Fault', function (q) { return q.fault ? h('span', { cls: 'badge fault', text: 'fault' }) : ''; }, 'fault'],
    ], list, function (q) { return { 'data-request-id': q.request_id }; }));
  }

  var STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];
  function svg(tag, attrs, kids) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    (kids || []).forEach(function (k) { e.appendChild(k); });
    return e;
  }
  function svgText(x, y, text, anchor) {
    var t = svg('text', { x: x, y: y, 'text-anchor': anchor || 'start' });
    t.textContent = text;
    return t;
  }

  /** Requests per time bucket, stacked by status class (2xx and other successes, 4xx, 5xx), as an inline SVG. */
  function drawChart(list) {
    var totals = { 2: 0, 4: 0, 5: 0 };
    list.forEach(function (q) { totals[statusClass(q.status)]++; });
    $('journal-legend').replaceChildren.apply($('journal-legend'), [2, 4, 5].map(function (c) {
      return h('li', { id: 'legend-' + c + 'xx' }, [h('i', { cls: 'c' + c }), c + 'xx: ' + totals[c]]);
    }));
    var times = list.map(function (q) { return Date.parse(q.time); }).filter(function (t) { return !isNaN(t); });
    if (times.length === 0) { $('journal-chart').replaceChildren(empty('No requests to chart.')); return; }
    var min = Math.min.apply(null, times);
    var max = Math.max.apply(null, times);
    var step = STEPS[STEPS.length - 1] * 1000;
    for (var i = 0; i < STEPS.length; i++) if ((max - min) / (STEPS[i] * 1000) < 30) { step = STEPS[i] * 1000; break; }
    var start = Math.floor(min / step) * step;
    var n = Math.floor((max - start) / step) + 1;
    var buckets = [];
    for (var b = 0; b < n; b++) buckets.push({ 2: 0, 4: 0, 5: 0 });
    list.forEach(function (q) {
      var t = Date.parse(q.time);
      if (!isNaN(t)) buckets[Math.min(n - 1, Math.floor((t - start) / step))][statusClass(q.status)]++;
    });
    var top = Math.max.apply(null, buckets.map(function (x) { return x[2] + x[4] + x[5]; }));
    var W = 640, H = 170, L = 34, R = 10, T = 10, B = 24;
    var plotW = W - L - R, plotH = H - T - B, slot = plotW / n, barW = Math.max(2, Math.min(slot * 0.8, 48));
    var kids = [svg('line', { x1: L, y1: T + plotH, x2: W - R, y2: T + plotH, class: 'ax' }), svg('line', { x1: L, y1: T, x2: L, y2: T + plotH, class: 'ax' })];
    kids.push(svgText(L - 4, T + 9, String(top), 'end'), svgText(L - 4, T + plotH, '0', 'end'));
    var clock = function (ms) { return new Date(ms).toISOString().slice(11, 19); };
    kids.push(svgText(L, H - 6, clock(start)), svgText(W - R, H - 6, clock(start + n * step) + ' UTC', 'end'));
    kids.push(svgText(L + plotW / 2, H - 6, 'buckets of ' + (step >= 60000 ? step / 60000 + ' min' : step / 1000 + ' s'), 'middle'));
    buckets.forEach(function (x, k) {
      var y = T + plotH;
      [2, 4, 5].forEach(function (c) {
        if (!x[c]) return;
        var hgt = (x[c] / top) * plotH;
        y -= hgt;
        var title = svg('title');
        title.textContent = clock(start + k * step) + ': ' + x[c] + ' ' + c + 'xx';
        kids.push(svg('rect', { class: 'c' + c, x: (L + k * slot + (slot - barW) / 2).toFixed(1), y: y.toFixed(1), width: barW.toFixed(1), height: Math.max(hgt, 0.5).toFixed(1) }, [title]));
      });
    });
    var label = 'Requests over time by status class: ' + totals[2] + ' 2xx, ' + totals[4] + ' 4xx, ' + totals[5] + ' 5xx.';
    $('journal-chart').replaceChildren(svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': label }, kids));
  }

  // ---- forms and buttons ----

  function num(id) { var v = $(id).value.trim(); return v === '' ? undefined : Number(v); }
  function say(id, text) { $(id).textContent = text; }

  function wire() {
    document.querySelectorAll('input[name=kind]').forEach(function (r) {
      r.addEventListener('change', function () {
        var basic = $('kind-basic').checked;
        $('basic-fields').hidden = !basic;
        $('apikey-fields').hidden = basic;
      });
    });
    $('signin-form').addEventListener('submit', function (e) { e.preventDefault(); signIn(); });
    $('signout-btn').addEventListener('click', signOut);
    $('refresh-btn').addEventListener('click', function () { refresh(); });
    $('live-btn').addEventListener('click', function () {
      S.live = !S.live;
      $('live-btn').setAttribute('aria-pressed', S.live ? 'true' : 'false');
      $('live-btn').textContent = 'Live updates: ' + (S.live ? 'on' : 'off');
      if (S.live) refresh();
    });
    TABS.forEach(function (t, i) {
      var tab = $('tab-' + t);
      tab.addEventListener('click', function () { showTab(t); });
      tab.addEventListener('keydown', function (e) {
        var to = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : null;
        if (to === null) return;
        e.preventDefault();
        var name = TABS[(to + TABS.length) % TABS.length];
        showTab(name);
        $('tab-' + name).focus();
      });
    });
    $('response-pretty').addEventListener('change', function () {
      var body = $('response-body');
      var raw = body.getAttribute('data-raw');
      if (raw === null) return;
      var data = null;
      try { data = JSON.parse(raw); } catch (e) { data = null; }
      body.textContent = $('response-pretty').checked && data !== null ? JSON.stringify(data, null, 2) : raw;
    });

    $('create-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var body = { name: $('create-name').value, base_model_name: $('create-base').value.trim() };
      if ($('create-description').value) body.description = $('create-description').value;
      act('POST', '/v1/customizations', { json: body }).then(function (r) {
        if (r.status === 201) { $('create-name').value = ''; $('create-description').value = ''; }
      });
    });
    $('train-btn').addEventListener('click', function () {
      var id = S.selected;
      act('POST', modelPath(id) + '/train' + ($('train-strict').checked ? '' : '?strict=false')).then(function (r) {
        if (r.status === 200 && r.data) { S.warnings[id] = r.data.warnings || []; drawDetail(); }
      });
    });
    $('upgrade-btn').addEventListener('click', function () { act('POST', modelPath(S.selected) + '/upgrade_model'); });
    $('reset-btn').addEventListener('click', function () { act('POST', modelPath(S.selected) + '/reset'); });
    $('advance-model-btn').addEventListener('click', function () { act('POST', '/_emulator/advance', { json: { customization_id: S.selected } }); });
    armed($('delete-btn'), 'Delete model', function () {
      var id = S.selected;
      act('DELETE', modelPath(id)).then(function (r) { if (r.status === 200 && S.selected === id) select(''); });
    });

    $('corpus-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var file = $('corpus-file').files[0];
      var text = $('corpus-text').value;
      var name = $('corpus-name').value.trim() || (file ? file.name.replace(/\.[^.]*$/, '') : '');
      if (!name) { say('corpus-msg', 'Give the corpus a name.'); return; }
      if (!file && !text) { say('corpus-msg', 'Choose a text file or paste some text.'); return; }
      say('corpus-msg', '');
      var path = modelPath(S.selected) + '/corpora/' + enc(name) + ($('corpus-overwrite').checked ? '?allow_overwrite=true' : '');
      act('POST', path, { body: file || text, type: 'text/plain' }).then(function (r) {
        if (r.status === 201) { $('corpus-form').reset(); }
      });
    });
    $('grammar-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var file = $('grammar-file').files[0];
      var name = $('grammar-name').value.trim() || (file ? file.name.replace(/\.[^.]*$/, '') : '');
      if (!name || !file) { say('grammar-msg', 'Choose a grammar file (and a name).'); return; }
      say('grammar-msg', '');
      act('POST', modelPath(S.selected) + '/grammars/' + enc(name), { body: file, type: $('grammar-type').value }).then(function (r) {
        if (r.status === 201) { $('grammar-form').reset(); }
      });
    });
    $('word-search').addEventListener('input', drawWords);
    ['word-sort', 'word-type'].forEach(function (id) {
      $(id).addEventListener('change', function () { S.wordsText = null; refresh(); });
    });
    $('word-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var word = $('word-word').value.trim();
      var body = {};
      var sounds = $('word-sounds').value.split(',').map(function (s) { return s.trim(); }).filter(Boolean);
      if (sounds.length) body.sounds_like = sounds;
      if ($('word-display').value) body.display_as = $('word-display').value;
      act('PUT', modelPath(S.selected) + '/words/' + enc(word), { json: body }).then(function (r) {
        if (r.status === 201) $('word-form').reset();
      });
    });

    $('advance-all-btn').addEventListener('click', function () { act('POST', '/_emulator/advance'); });
    armed($('reset-instance-btn'), 'Reset the instance', function () { act('POST', '/_emulator/reset'); });
    $('timing-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var setting = { mode: $('timing-mode').value };
      if (setting.mode === 'delay' && num('timing-seconds') !== undefined) setting.seconds = num('timing-seconds');
      if (setting.mode === 'manual' && num('timing-reads') !== undefined) setting.reads = num('timing-reads');
      var body = {};
      body[$('timing-op').value] = setting;
      act('PUT', '/_emulator/timing', { json: body });
    });
    $('fault-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var body = { operation: $('fault-op').value.trim() };
      var fields = { status: 'fault-status', count: 'fault-count', probability: 'fault-probability', delay_ms: 'fault-delay' };
      Object.keys(fields).forEach(function (k) { var v = num(fields[k]); if (v !== undefined) body[k] = v; });
      if (body.probability !== undefined) delete body.count;
      if ($('fault-error').value) body.error = $('fault-error').value;
      act('POST', '/_emulator/faults', { json: body });
    });
    $('faults-clear-btn').addEventListener('click', function () { act('DELETE', '/_emulator/faults'); });
    $('transcript-form').addEventListener('submit', function (e) {
      e.preventDefault();
      act('PUT', '/_emulator/transcripts/' + enc($('transcript-key').value.trim()), { json: { transcript: $('transcript-text').value } });
    });
    $('journal-clear-btn').addEventListener('click', function () { act('DELETE', '/_emulator/requests'); });

    $('operations').replaceChildren.apply($('operations'), OPERATIONS.map(function (op) { return h('option', { value: op }); }));
  }

  function showTab(name) {
    if (TABS.indexOf(name) < 0) name = 'models';
    S.tab = name;
    TABS.forEach(function (t) {
      $('tab-' + t).setAttribute('aria-selected', t === name ? 'true' : 'false');
      $('panel-' + t).hidden = t !== name;
    });
    if (location.hash !== '#' + name) history.replaceState(null, '', '#' + name);
    refresh();
  }

  // ---- signing in and out ----

  function credentialFromForm() {
    if ($('kind-basic').checked) {
      var user = $('username').value;
      var password = $('password').value;
      if (!user || !password) return null;
      return { auth: 'Basic ' + b64(user + ':' + password), who: 'user ' + user };
    }
    var key = $('apikey').value.trim();
    if (!key) return null;
    return { auth: 'Basic ' + b64('apikey:' + key), who: 'API key …' + key.slice(-4) };
  }

  function signIn() {
    var c = credentialFromForm();
    if (!c) { say('signin-error', 'Enter an API key, or a username and a password.'); return; }
    say('signin-error', '');
    S.auth = c.auth;
    api('GET', '/v1/customizations').then(function (r) {
      if (r.status !== 200) {
        S.auth = '';
        say('signin-error', 'The service refused the credential: ' + r.status + ' ' + r.text);
        return;
      }
      try { sessionStorage.setItem(STORE, JSON.stringify(c)); } catch (e) { /* storage off: signed in for this page only */ }
      $('apikey').value = '';
      $('password').value = '';
      enter(c, r);
    });
  }

  function enter(c, first) {
    S.auth = c.auth;
    S.who = c.who;
    S.generation++;
    $('who').textContent = 'Signed in with ' + c.who;
    $('signin').hidden = true;
    $('app').hidden = false;
    $('session').hidden = false;
    if (first && first.data) drawModels(first.data);
    api('GET', '/v1/models').then(function (r) {
      if (r.status === 200 && r.data && Array.isArray(r.data.models)) {
        $('base-models').replaceChildren.apply($('base-models'), r.data.models.map(function (m) { return m.name; }).sort().map(function (n) { return h('option', { value: n }); }));
      }
    });
    showTab(location.hash.slice(1) || 'models');
    loop();
  }

  function signOut() {
    clearTimeout(timer);
    S.auth = '';
    S.who = '';
    S.selected = '';
    S.models = [];
    S.words = [];
    S.wordsText = null;
    S.sigs = {};
    S.warnings = {};
    S.generation++;
    try { sessionStorage.removeItem(STORE); } catch (e) { /* nothing kept */ }
    ['models', 'corpora', 'grammars', 'words', 'jobs', 'acoustic', 'timing', 'faults', 'transcripts', 'journal', 'journal-chart',
      'journal-legend', 'response-log', 'warnings'].forEach(function (id) { $(id).replaceChildren(); });
    ['models-count', 'corpora-count', 'grammars-count', 'words-count', 'jobs-count', 'acoustic-count', 'faults-count',
      'transcripts-count', 'journal-status', 'response-body', 'response-status', 'who', 'updated'].forEach(function (id) { $(id).textContent = ''; });
    $('response-request').textContent = 'No request sent yet.';
    $('response-body').removeAttribute('data-raw');
    $('journal-clear-btn').disabled = false;
    document.querySelectorAll('form').forEach(function (f) { f.reset(); });
    $('basic-fields').hidden = true;
    $('apikey-fields').hidden = false;
    $('detail').hidden = true;
    $('poll-error').hidden = true;
    $('app').hidden = true;
    $('session').hidden = true;
    $('signin').hidden = false;
    $('apikey').focus();
  }

  wire();
  var kept = null;
  try { kept = JSON.parse(sessionStorage.getItem(STORE) || 'null'); } catch (e) { kept = null; }
  if (kept && typeof kept.auth === 'string') {
    S.auth = kept.auth;
    api('GET', '/v1/customizations').then(function (r) {
      if (r.status === 200) enter(kept, r);
      else { S.auth = ''; try { sessionStorage.removeItem(STORE); } catch (e) { /* nothing kept */ } }
    });
  }
})();
`;

/**
 * The console page's body: every form control has a label, every action is a real <button>, and the script
 * (lib/console/script.ts) fills the regions marked by id. No inline event handlers and no style attributes: the
 * page's Content-Security-Policy allows only its one <script> and one <style>.
 */
export const MARKUP = String.raw`
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <h1>Watson STT emulator <span>console</span></h1>
  <div id="session" hidden>
    <span id="who"></span>
    <span id="updated"></span>
    <button type="button" id="live-btn" aria-pressed="true">Live updates: on</button>
    <button type="button" id="refresh-btn">Refresh now</button>
    <button type="button" id="signout-btn">Sign out</button>
  </div>
</header>
<main id="main" tabindex="-1">
  <section id="signin" class="card" aria-labelledby="signin-h">
    <h2 id="signin-h">Sign in</h2>
    <p>Use the credential your application uses: the console calls the service (<code>/v1/…</code>) and the control
      API (<code>/_emulator/…</code>) with it, and sees exactly what that instance sees. It stays in this browser tab
      (sessionStorage) until you sign out.</p>
    <form id="signin-form" autocomplete="off">
      <fieldset>
        <legend>Credential</legend>
        <label class="check"><input type="radio" name="kind" value="apikey" id="kind-apikey" checked> API key</label>
        <label class="check"><input type="radio" name="kind" value="basic" id="kind-basic"> Username and password</label>
      </fieldset>
      <div class="row" id="apikey-fields">
        <span class="field grow"><label for="apikey">API key</label><input id="apikey" type="password" spellcheck="false"></span>
      </div>
      <div class="row" id="basic-fields" hidden>
        <span class="field"><label for="username">Username</label><input id="username" type="text" spellcheck="false"></span>
        <span class="field"><label for="password">Password</label><input id="password" type="password"></span>
      </div>
      <div class="row"><button type="submit" id="signin-btn">Sign in</button></div>
      <p id="signin-error" class="msg" role="alert"></p>
    </form>
  </section>

  <div id="app" hidden>
    <div role="tablist" aria-label="Views">
      <button type="button" role="tab" id="tab-models" aria-controls="panel-models" aria-selected="true">Language models</button>
      <button type="button" role="tab" id="tab-jobs" aria-controls="panel-jobs" aria-selected="false">Recognition jobs &amp; acoustic models</button>
      <button type="button" role="tab" id="tab-controls" aria-controls="panel-controls" aria-selected="false">Timing, faults &amp; transcripts</button>
      <button type="button" role="tab" id="tab-journal" aria-controls="panel-journal" aria-selected="false">Request journal</button>
    </div>
    <p id="poll-error" class="alert" role="alert" hidden></p>
    <div class="layout">
      <div class="views">
        <section role="tabpanel" id="panel-models" aria-labelledby="tab-models">
          <div class="card">
            <h2>Custom language models <small id="models-count"></small></h2>
            <div id="models"></div>
            <h3>Create a model</h3>
            <form id="create-form" class="row">
              <span class="field"><label for="create-name">Name</label><input id="create-name" required></span>
              <span class="field"><label for="create-base">Base model</label><input id="create-base" list="base-models" value="en-US_BroadbandModel" required></span>
              <datalist id="base-models"></datalist>
              <span class="field grow"><label for="create-description">Description</label><input id="create-description"></span>
              <button type="submit">Create model</button>
            </form>
          </div>

          <div id="detail" class="card" hidden aria-labelledby="detail-title">
            <h2 id="detail-title"></h2>
            <p id="detail-meta" class="muted"></p>
            <div class="row">
              <button type="button" id="train-btn">Train</button>
              <label class="check" for="train-strict"><input type="checkbox" id="train-strict" checked> strict (fail on any invalid resource)</label>
              <button type="button" id="upgrade-btn" class="secondary">Upgrade</button>
              <button type="button" id="reset-btn" class="secondary">Reset</button>
              <button type="button" id="advance-model-btn" class="secondary">Advance this model</button>
              <button type="button" id="delete-btn" class="danger">Delete model</button>
            </div>
            <h3>Training warnings</h3>
            <div id="warnings"></div>

            <h3>Corpora <small id="corpora-count"></small></h3>
            <div id="corpora"></div>
            <form id="corpus-form">
              <div class="row">
                <span class="field"><label for="corpus-name">Corpus name</label><input id="corpus-name" placeholder="from the file name"></span>
                <span class="field"><label for="corpus-file">Text file</label><input id="corpus-file" type="file" accept=".txt,text/plain"></span>
                <label class="check" for="corpus-overwrite"><input type="checkbox" id="corpus-overwrite"> allow_overwrite</label>
              </div>
              <span class="field grow"><label for="corpus-text">… or paste the text</label><textarea id="corpus-text" rows="2"></textarea></span>
              <div class="row"><button type="submit">Add corpus</button></div>
              <p class="msg" id="corpus-msg" role="status"></p>
            </form>

            <h3>Grammars <small id="grammars-count"></small></h3>
            <div id="grammars"></div>
            <form id="grammar-form" class="row">
              <span class="field"><label for="grammar-name">Grammar name</label><input id="grammar-name"></span>
              <span class="field"><label for="grammar-file">Grammar file</label><input id="grammar-file" type="file"></span>
              <span class="field"><label for="grammar-type">Format</label><select id="grammar-type">
                <option value="application/srgs">ABNF (application/srgs)</option>
                <option value="application/srgs+xml">XML (application/srgs+xml)</option>
              </select></span>
              <button type="submit">Add grammar</button>
              <p class="msg" id="grammar-msg" role="status"></p>
            </form>

            <h3>Words <small id="words-count"></small></h3>
            <div class="row">
              <span class="field grow"><label for="word-search">Search (word or display_as)</label><input id="word-search" type="search" spellcheck="false"></span>
              <span class="field"><label for="word-sort">Sort</label><select id="word-sort">
                <option value="+alphabetical">word (A to Z)</option>
                <option value="-alphabetical">word (Z to A)</option>
                <option value="-count">count (highest first)</option>
                <option value="+count">count (lowest first)</option>
              </select></span>
              <span class="field"><label for="word-type">Type</label><select id="word-type">
                <option value="all">all</option>
                <option value="user">user</option>
                <option value="corpora">corpora</option>
                <option value="grammars">grammars</option>
              </select></span>
            </div>
            <div id="words"></div>
            <form id="word-form" class="row">
              <span class="field"><label for="word-word">Word</label><input id="word-word" required spellcheck="false"></span>
              <span class="field grow"><label for="word-sounds">Sounds like (comma-separated)</label><input id="word-sounds" spellcheck="false"></span>
              <span class="field"><label for="word-display">Display as</label><input id="word-display" spellcheck="false"></span>
              <button type="submit">Add word</button>
            </form>
          </div>
        </section>

        <section role="tabpanel" id="panel-jobs" aria-labelledby="tab-jobs" hidden>
          <div class="card">
            <h2>Recognition jobs <small id="jobs-count"></small></h2>
            <div id="jobs"></div>
          </div>
          <div class="card">
            <h2>Custom acoustic models <small id="acoustic-count"></small></h2>
            <div id="acoustic"></div>
          </div>
        </section>

        <section role="tabpanel" id="panel-controls" aria-labelledby="tab-controls" hidden>
          <div class="card">
            <h2>Running operations</h2>
            <div class="row">
              <button type="button" id="advance-all-btn">Advance all running operations</button>
              <button type="button" id="reset-instance-btn" class="danger">Reset the instance</button>
            </div>
          </div>
          <div class="card">
            <h2>Timing</h2>
            <div id="timing"></div>
            <form id="timing-form" class="row">
              <span class="field"><label for="timing-op">Operation</label><select id="timing-op">
                <option value="*">* (all)</option><option>corpus</option><option>words</option><option>grammar</option>
                <option>training</option><option>upgrade</option><option>audio</option><option>recognition</option>
              </select></span>
              <span class="field"><label for="timing-mode">Mode</label><select id="timing-mode">
                <option>immediate</option><option>delay</option><option>manual</option><option>default</option>
              </select></span>
              <span class="field"><label for="timing-seconds">Seconds (delay)</label><input id="timing-seconds" type="number" min="0" step="0.1"></span>
              <span class="field"><label for="timing-reads">Reads (manual)</label><input id="timing-reads" type="number" min="1" step="1"></span>
              <button type="submit">Set timing</button>
            </form>
          </div>
          <div class="card">
            <h2>Fault rules <small id="faults-count"></small></h2>
            <div id="faults"></div>
            <form id="fault-form" class="row">
              <span class="field"><label for="fault-op">Operation (SDK method or *)</label><input id="fault-op" list="operations" required spellcheck="false"></span>
              <datalist id="operations"></datalist>
              <span class="field"><label for="fault-status">Status</label><input id="fault-status" type="number" min="400" max="599" value="503"></span>
              <span class="field"><label for="fault-count">Count</label><input id="fault-count" type="number" min="1" value="1"></span>
              <span class="field"><label for="fault-probability">or probability</label><input id="fault-probability" type="number" min="0" max="1" step="0.05"></span>
              <span class="field"><label for="fault-delay">Delay (ms)</label><input id="fault-delay" type="number" min="0" max="20000"></span>
              <span class="field grow"><label for="fault-error">Error message (optional)</label><input id="fault-error"></span>
              <button type="submit">Add fault rule</button>
              <button type="button" id="faults-clear-btn" class="danger">Remove all rules</button>
            </form>
          </div>
          <div class="card">
            <h2>Transcripts <small id="transcripts-count"></small></h2>
            <div id="transcripts"></div>
            <form id="transcript-form">
              <div class="row">
                <span class="field grow"><label for="transcript-key">Key: default, or the audio's SHA-256 (hex)</label><input id="transcript-key" value="default" required spellcheck="false"></span>
              </div>
              <span class="field grow"><label for="transcript-text">Transcript (the words spoken)</label><textarea id="transcript-text" rows="2" required></textarea></span>
              <div class="row"><button type="submit">Save transcript</button></div>
            </form>
          </div>
        </section>

        <section role="tabpanel" id="panel-journal" aria-labelledby="tab-journal" hidden>
          <div class="card">
            <h2>Request journal</h2>
            <p id="journal-status" role="status"></p>
            <div class="row"><button type="button" id="journal-clear-btn" class="danger">Clear the journal</button></div>
            <h3>Requests over time</h3>
            <div id="journal-chart" class="chart"></div>
            <ul id="journal-legend" class="legend"></ul>
            <h3>Requests, newest first</h3>
            <div id="journal"></div>
          </div>
        </section>
      </div>

      <aside id="response-panel" class="card" aria-labelledby="response-h">
        <h2 id="response-h">Last response</h2>
        <p><span id="response-request" class="mono">No request sent yet.</span> <strong id="response-status"></strong></p>
        <label class="check" for="response-pretty"><input type="checkbox" id="response-pretty"> indent JSON</label>
        <pre id="response-body" tabindex="0" aria-label="Response body"></pre>
        <h3>Earlier responses</h3>
        <ol id="response-log" reversed></ol>
      </aside>
    </div>
  </div>
</main>
`;

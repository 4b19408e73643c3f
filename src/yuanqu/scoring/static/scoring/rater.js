/* The rater's scoring page. Every card is written to localStorage before it is sent, sent with an idempotency
 * key that its retries reuse, and retried with backoff until the server confirms it (or refuses it for good).
 * States per stop: 未提交 (nothing), 待发送 (queued on the phone), 已确认 (the server holds this version),
 * 未通过 (refused: closed stop, bounds …). No library; works offline once the page has loaded. Its texts come
 * translated from the page (#rater-labels, see core/labels.js). */
(function () {
  "use strict";
  var root = document.getElementById("rater");
  if (!root) return;
  var API = root.dataset.api, UNDO = root.dataset.undo, STORE = root.dataset.store;
  var UNDO_MS = (+root.dataset.undoSeconds || 60) * 1000;
  var server = JSON.parse(document.getElementById("rater-cards").textContent);
  var label = window.yuanquLabels("rater-labels");
  var byId = {};
  server.stops.forEach(function (s) { byId[s.id] = s; });
  var net = document.getElementById("net-state");
  var local = load();
  var sending = false, retryTimer = null, backoff = 1000;

  function load() {
    try { return JSON.parse(localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }
  function save() {
    try { localStorage.setItem(STORE, JSON.stringify(local)); } catch (e) { /* storage full: the send still runs */ }
  }
  function newKey(stopId) {
    var rnd = (window.crypto && crypto.getRandomValues) ? crypto.getRandomValues(new Uint32Array(2)).join("") :
      String(Math.random()).slice(2);
    return stopId + "-" + Date.now().toString(36) + "-" + rnd;
  }

  // What the server rendered wins over a confirmed local copy; a queued (unsent) entry always stays.
  server.stops.forEach(function (s) {
    var e = local[s.id];
    if (e && e.status === "queued") return;
    if (s.version && (!e || (e.version || 0) <= s.version)) {
      local[s.id] = { status: s.values ? "confirmed" : "withdrawn", values: s.values, version: s.version,
        confirmedAt: e && e.version === s.version ? e.confirmedAt : 0 };
    }
  });
  save();

  function formOf(stopId) { return root.querySelector('form.score-form[data-stop="' + stopId + '"]'); }

  function total(form) {
    var sum = 0, weights = 0, complete = true;
    form.querySelectorAll("input[type=number]").forEach(function (input) {
      var w = +input.dataset.weight, max = +input.dataset.max, v = input.value === "" ? NaN : +input.value;
      weights += w;
      if (isNaN(v)) complete = false; else sum += w * v / max;
    });
    return complete && weights ? (sum / weights * 100) : null;
  }

  function render() {
    var scored = 0, queued = 0;
    server.stops.forEach(function (s) {
      var form = formOf(s.id);
      if (!form) return;
      var e = local[s.id], state = form.querySelector(".state"), undo = form.querySelector(".undo");
      var closed = s.closed || (e && e.code === "stop_closed");
      if (e && e.values && (e.status === "queued" || e.status === "confirmed")) scored++;
      if (e && e.status === "queued") queued++;
      if (e && e.values && !form.dataset.touched) {
        form.querySelectorAll("input[type=number]").forEach(function (input) {
          if (e.values[input.name] !== undefined) input.value = e.values[input.name];
        });
      }
      var t = total(form);
      form.querySelector(".total-value").textContent = t === null ? "—" : t.toFixed(2);
      state.className = "state";
      if (!e || e.status === "withdrawn") {
        state.textContent = label(e ? "withdrawn" : "unsubmitted");
      } else if (e.status === "queued") {
        state.textContent = label("queued");
        state.classList.add("queued");
      } else if (e.status === "confirmed") {
        state.textContent = label("confirmed", { version: e.version });
        state.classList.add("confirmed");
      } else if (e.status === "refused") {
        state.textContent = label("refused", { reason: e.message });
        state.classList.add("refused");
      }
      var undoable = e && e.status === "confirmed" && e.confirmedAt && Date.now() - e.confirmedAt < UNDO_MS;
      undo.hidden = !undoable || closed;
      if (undoable) {
        undo.textContent = label("undo", { seconds: Math.ceil((UNDO_MS - (Date.now() - e.confirmedAt)) / 1000) });
      }
      form.querySelectorAll("input, button[type=submit]").forEach(function (el) { el.disabled = !!closed; });
      if (closed && !(e && e.status === "refused")) {
        state.textContent = e && e.status === "confirmed" ? label("confirmed_closed", { version: e.version }) :
          label("closed");
      }
    });
    document.getElementById("scored-count").textContent = scored;
    var offline = navigator.onLine === false;
    net.classList.toggle("offline", offline);
    net.textContent = (offline ? label("offline") : "") +
      (queued ? " " + label("queued_count", { count: queued }) : "");
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST", headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body), credentials: "omit", cache: "no-store"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = setTimeout(function () { retryTimer = null; flush(); }, backoff);
    backoff = Math.min(backoff * 2, 30000);
  }

  function flush() {
    if (sending) return;
    var ids = Object.keys(local).filter(function (id) { return local[id].status === "queued"; });
    if (!ids.length) { render(); return; }
    sending = true;
    var id = ids[0], entry = local[id];
    post(API, { stop: +id, values: entry.values, idempotency_key: entry.key, client_time: entry.clientTime })
      .then(function (r) {
        sending = false;
        if (local[id] !== entry) { flush(); return; } // edited meanwhile: the newer entry is sent next
        if (r.status >= 200 && r.status < 300) {
          local[id] = { status: "confirmed", values: r.data.values, version: r.data.version, key: entry.key,
            confirmedAt: r.data.replayed && entry.confirmedAt ? entry.confirmedAt : Date.now() };
          backoff = 1000;
        } else if (r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429) {
          local[id] = { status: "refused", values: entry.values,
            message: r.data.detail || label("http_error", { status: r.status }), code: r.data.code };
        } else {
          save(); render(); scheduleRetry(); return;
        }
        save(); render(); flush();
      }, function () { // network error: keep it queued and try again later
        sending = false;
        render(); scheduleRetry();
      });
  }

  root.addEventListener("input", function (ev) {
    var form = ev.target.closest("form.score-form");
    if (!form) return;
    form.dataset.touched = "1";
    form.querySelector(".total-value").textContent = (total(form) === null ? "—" : total(form).toFixed(2));
  });

  root.addEventListener("submit", function (ev) {
    var form = ev.target.closest("form.score-form");
    if (!form) return;
    ev.preventDefault();
    var values = {}, problem = null;
    form.querySelectorAll("input[type=number]").forEach(function (input) {
      var name = input.closest("label").querySelector("span").firstChild.textContent.trim();
      var v = input.value === "" ? NaN : +input.value, max = +input.dataset.max;
      if (problem) return;
      if (isNaN(v)) problem = label("required", { criterion: name });
      else if (v < 0 || v > max) problem = label("out_of_range", { criterion: name, max: max });
      values[input.name] = v;
    });
    var error = form.querySelector(".error");
    error.hidden = !problem;
    error.textContent = problem || "";
    if (problem) return;
    var id = form.dataset.stop;
    local[id] = { status: "queued", values: values, key: newKey(id), clientTime: new Date().toISOString(),
      version: local[id] && local[id].version };
    delete form.dataset.touched;
    save(); render(); flush();
  });

  root.addEventListener("click", function (ev) {
    var button = ev.target.closest("button.undo");
    if (!button) return;
    var form = button.closest("form.score-form"), id = form.dataset.stop, entry = local[id];
    if (!entry || entry.status !== "confirmed") return;
    button.disabled = true;
    post(UNDO, { stop: +id, version: entry.version }).then(function (r) {
      button.disabled = false;
      if (r.status === 200) {
        local[id] = { status: r.data.withdrawn ? "withdrawn" : "confirmed", values: r.data.withdrawn ? null : r.data.values,
          version: r.data.version, confirmedAt: 0 };
        form.querySelectorAll("input[type=number]").forEach(function (input) {
          input.value = r.data.withdrawn ? "" : r.data.values[input.name];
        });
        save();
      } else {
        form.querySelector(".error").hidden = false;
        form.querySelector(".error").textContent = r.data.detail || label("undo_failed");
      }
      render();
    }, function () {
      button.disabled = false;
      form.querySelector(".error").hidden = false;
      form.querySelector(".error").textContent = label("undo_offline");
    });
  });

  window.addEventListener("online", function () { backoff = 1000; clearTimeout(retryTimer); retryTimer = null; flush(); });
  window.addEventListener("offline", render);
  setInterval(function () { render(); if (!sending && !retryTimer) flush(); }, 1000);
  if ("serviceWorker" in navigator && root.dataset.sw) {
    navigator.serviceWorker.register(root.dataset.sw).catch(function () { /* no offline reload then */ });
  }
  render();
  flush();
})();

// Café dialogue table hosts: notes are saved with fetch() as they are written. Each note is put in
// this browser's storage (per table link) before it is sent and stays there until the server has
// it, so a dropped connection loses nothing: it is sent again when the connection is back, every
// 5 seconds, and on the next page load. The server stores a resend once (same client note id).
// A note the server can never take (its round was removed, the link revoked) is marked as not
// saved, with the reason, and stays in the browser to be copied; the other notes still go.
// Progressive enhancement only: without this script the forms post and the page reloads.
(function () {
  "use strict";

  var RETRY_MS = 5000;
  var TIMEOUT_MS = 10000;
  // Answers after which sending the note again cannot help.
  var PERMANENT = [404, 410, 413, 422];

  function newId() {
    var bytes = new Uint8Array(18);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    var out = "";
    for (var i = 0; i < bytes.length; i++) { out += ("0" + bytes[i].toString(16)).slice(-2); }
    return out;
  }

  // Storage, falling back to memory when the browser refuses (private mode, full quota).
  var memory = {};
  function readList(key) {
    var raw = null;
    try { raw = window.localStorage.getItem(key); } catch (e) { raw = memory[key] || null; }
    if (raw === null && memory[key]) { raw = memory[key]; }
    try {
      var list = JSON.parse(raw || "[]");
      return Array.isArray(list) ? list : [];
    } catch (e) { return []; }
  }
  function writeList(key, list) {
    var raw = JSON.stringify(list);
    memory[key] = list.length ? raw : null;
    try {
      if (list.length) { window.localStorage.setItem(key, raw); } else { window.localStorage.removeItem(key); }
    } catch (e) { /* kept in memory for as long as the page is open */ }
  }

  function noteItem(kindLabel, kind, body, clientId, language) {
    var li = document.createElement("li");
    li.className = "host-note host-note-" + kind;
    li.setAttribute("data-client-id", clientId);
    var kindEl = document.createElement("span");
    kindEl.className = "host-note-kind";
    kindEl.textContent = kindLabel;
    var bodyEl = document.createElement("span");
    bodyEl.className = "host-note-body";
    bodyEl.setAttribute("dir", "auto");
    if (language) { bodyEl.setAttribute("lang", language); }
    bodyEl.textContent = body;
    var status = document.createElement("span");
    status.className = "host-note-status";
    li.appendChild(kindEl);
    li.appendChild(bodyEl);
    li.appendChild(status);
    return li;
  }

  // --- A link that no longer works: show what this browser still holds, so it can be copied. ---
  var unsent = document.querySelector("[data-host-unsent]");
  if (unsent) {
    var held = readList(unsent.getAttribute("data-storage-key"));
    var list = unsent.querySelector("[data-unsent-list]");
    held.forEach(function (entry) {
      list.appendChild(noteItem(entry.kindLabel || "", entry.kind || "point", entry.body || "", entry.id, entry.language));
    });
    if (held.length) { unsent.hidden = false; }
    return;
  }

  var page = document.querySelector("[data-host-notes]");
  if (!page || !window.fetch) { return; }

  var storageKey = page.getAttribute("data-storage-key");
  var pageUrl = page.getAttribute("data-page-url");
  var noteMax = parseInt(page.getAttribute("data-note-max"), 10) || 2000;
  var liveRegion = page.querySelector("[data-connection]");
  var inFlight = {};
  var flushing = false;

  function msg(name) { return page.getAttribute("data-msg-" + name) || ""; }
  function announce(text) { if (liveRegion) { liveRegion.textContent = text; } }

  function csrfToken() {
    var input = page.querySelector("input[name$='csrf_token']");
    return input ? input.value : "";
  }

  function held() { return readList(storageKey); }
  // Waiting to be sent (not those refused for good).
  function pending() { return held().filter(function (e) { return !e.failed; }); }
  function keep(entry) {
    var list = held().filter(function (e) { return e.id !== entry.id; });
    list.push(entry);
    writeList(storageKey, list);
  }
  function forget(id) {
    writeList(storageKey, held().filter(function (e) { return e.id !== id; }));
  }

  function listFor(roundId) { return page.querySelector("[data-round-notes='" + roundId + "']"); }
  function itemFor(id) {
    var items = page.querySelectorAll("[data-client-id]");
    for (var i = 0; i < items.length; i++) {
      if (items[i].getAttribute("data-client-id") === id) { return items[i]; }
    }
    return null;
  }
  function showEmpty(roundId) {
    var section = document.getElementById("round-" + roundId);
    var empty = section && section.querySelector("[data-no-notes]");
    var list = listFor(roundId);
    if (empty && list) { empty.hidden = list.children.length > 0; }
  }

  // Notes whose round is no longer on the page are shown in a list of their own.
  function failedList() {
    var box = page.querySelector("[data-host-failed]");
    if (!box) { return null; }
    box.hidden = false;
    return box.querySelector("[data-failed-list]");
  }

  function setState(entry, state) {
    var li = itemFor(entry.id);
    if (!li) {
      var list = listFor(entry.round) || (state === "failed" ? failedList() : null);
      if (!list) { return; }
      li = noteItem(entry.kindLabel, entry.kind, entry.body, entry.id, entry.language);
      list.appendChild(li);
      showEmpty(entry.round);
    }
    li.classList.toggle("host-note-pending", state === "pending" || state === "sending");
    li.classList.toggle("host-note-failed", state === "failed");
    var status = li.querySelector(".host-note-status");
    status.textContent = "";
    if (state === "saved") {
      var link = document.createElement("a");
      link.href = entry.editUrl;
      link.textContent = msg("edit");
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = " (" + entry.kindLabel + ": " + entry.body.slice(0, 40) + ")";
      link.appendChild(hidden);
      status.appendChild(link);
    } else if (state === "failed") {
      status.textContent = msg("failed") + (entry.error ? " " + entry.error : "");
    } else {
      status.textContent = state === "sending" ? msg("sending") : msg("pending");
    }
  }

  // The server will never take this note (the round was removed, the link no longer works):
  // keep it in the browser, marked, with the reason, and stop sending it.
  function refused(entry, error) {
    entry.failed = true;
    entry.error = error || "";
    keep(entry);
    setState(entry, "failed");
    announce(msg("failed") + (entry.error ? " " + entry.error : ""));
  }

  function fieldError(form, text) {
    var textarea = form.querySelector("textarea");
    var box = textarea.closest(".field");
    var id = textarea.id + "-error";
    var error = document.getElementById(id);
    if (!text) {
      if (error) { error.parentNode.removeChild(error); }
      box.classList.remove("has-error");
      textarea.removeAttribute("aria-invalid");
      var rest = (textarea.getAttribute("aria-describedby") || "").split(" ").filter(function (x) { return x && x !== id; });
      if (rest.length) { textarea.setAttribute("aria-describedby", rest.join(" ")); } else { textarea.removeAttribute("aria-describedby"); }
      return;
    }
    if (!error) {
      error = document.createElement("p");
      error.className = "error";
      error.id = id;
      box.insertBefore(error, textarea);
      var ids = (textarea.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      ids.push(id);
      textarea.setAttribute("aria-describedby", ids.join(" "));
    }
    error.textContent = text;
    box.classList.add("has-error");
    textarea.setAttribute("aria-invalid", "true");
    textarea.focus();
  }

  function formFor(roundId) { return page.querySelector("form[data-note-form][data-round='" + roundId + "']"); }

  // The server refused the note itself (too long, empty): give it back to the host to fix.
  function rejected(entry, error) {
    forget(entry.id);
    var li = itemFor(entry.id);
    if (li) { li.parentNode.removeChild(li); showEmpty(entry.round); }
    var form = formFor(entry.round);
    if (!form) { return; }
    var textarea = form.querySelector("textarea");
    if (!textarea.value.trim()) {
      textarea.value = entry.body;
      var radio = form.querySelector("input[type=radio][value='" + entry.kind + "']");
      if (radio) { radio.checked = true; }
      var language = form.querySelector("select[name$='-language']");
      if (language && entry.language) { language.value = entry.language; }
    }
    fieldError(form, error);
  }

  // The session's form token may have changed (a new session): fetch a fresh one from the page.
  function refreshToken() {
    return fetch(pageUrl, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (!html || !window.DOMParser) { return; }
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector("input[name$='csrf_token']");
        if (!fresh) { return; }
        var inputs = page.querySelectorAll("input[name$='csrf_token']");
        for (var i = 0; i < inputs.length; i++) { inputs[i].value = fresh.value; }
      })
      .catch(function () { /* tried again with the next resend */ });
  }

  // Send one note. Resolves to true when it is settled (stored, given back to fix, or refused
  // for good), false when it has to be sent again later.
  function send(entry) {
    if (inFlight[entry.id]) { return Promise.resolve(false); }
    inFlight[entry.id] = true;
    setState(entry, "sending");
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    var prefix = "round" + entry.round + "-";
    var body = new URLSearchParams();
    body.append(prefix + "csrf_token", csrfToken());
    body.append(prefix + "client_note_id", entry.id);
    body.append(prefix + "kind", entry.kind);
    body.append(prefix + "body", entry.body);
    if (entry.language) { body.append(prefix + "language", entry.language); }
    return fetch(entry.url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
        "X-CSRFToken": csrfToken()
      },
      body: body.toString(),
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") !== -1;
      if (response.ok && json) {
        return response.json().then(function (data) {
          forget(entry.id);
          entry.editUrl = data.edit_url;
          setState(entry, "saved");
          announce(msg("saved"));
          return true;
        });
      }
      if (response.status === 400 && json) {
        return response.json().then(function (data) { rejected(entry, data.error); return true; });
      }
      if (PERMANENT.indexOf(response.status) !== -1) {
        // The link was revoked or the round removed: keep the note on this phone and say so.
        var reason = json ? response.json().catch(function () { return {}; }) : Promise.resolve({});
        return reason.then(function (data) {
          refused(entry, data.error);
          return true;
        });
      }
      if (response.status === 400) { return refreshToken().then(function () { return false; }); }
      return false;
    }).catch(function () {
      return false;
    }).then(function (settled) {
      if (timer) { window.clearTimeout(timer); }
      delete inFlight[entry.id];
      if (!settled && itemFor(entry.id) && !itemFor(entry.id).classList.contains("host-note-failed")) {
        setState(entry, "pending");
        announce(msg("pending"));
      }
      return settled;
    });
  }

  // Send what is waiting, one note after another; stop at the first that cannot go yet (the
  // connection is likely down). Notes refused for good are settled and do not stop the rest.
  function flush() {
    if (flushing) { return; }
    var queue = pending();
    if (!queue.length) { return; }
    flushing = true;
    var next = function (i) {
      if (i >= queue.length) { flushing = false; return; }
      send(queue[i]).then(function (settled) {
        if (settled) { next(i + 1); } else { flushing = false; }
      });
    };
    next(0);
  }

  // Notes left from an earlier visit: drop those the page already shows (the server has them).
  held().forEach(function (entry) {
    if (itemFor(entry.id)) { forget(entry.id); } else { setState(entry, entry.failed ? "failed" : "pending"); }
  });

  Array.prototype.forEach.call(page.querySelectorAll("form[data-note-form]"), function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var textarea = form.querySelector("textarea");
      var text = textarea.value.replace(/\r\n?/g, "\n").trim();
      if (!text) { fieldError(form, msg("empty")); return; }
      if (Array.from(text).length > noteMax) { fieldError(form, msg("too-long")); return; }
      fieldError(form, null);
      var checked = form.querySelector("input[type=radio]:checked") || form.querySelector("input[type=radio]");
      var label = checked ? form.querySelector("label[for='" + checked.id + "']") : null;
      var idField = form.querySelector("input[name$='client_note_id']");
      var language = form.querySelector("select[name$='-language']");
      var entry = {
        id: idField.value || newId(),
        round: form.getAttribute("data-round"),
        url: form.getAttribute("action").split("#")[0],
        kind: checked ? checked.value : "point",
        kindLabel: label ? label.textContent.trim() : "",
        body: text,
        language: language ? language.value : "",
        queuedAt: Date.now()
      };
      // The next notes, in every round, are offered in the language just used.
      if (language) {
        Array.prototype.forEach.call(page.querySelectorAll("select[name$='-language']"), function (other) {
          other.value = language.value;
        });
      }
      keep(entry);  // on this phone before it is sent
      idField.value = newId();  // the next note is a new one
      textarea.value = "";
      setState(entry, "pending");
      send(entry).then(function (settled) { if (settled) { flush(); } });
    });
  });

  window.addEventListener("online", function () { announce(msg("online")); flush(); });
  window.addEventListener("offline", function () { announce(msg("offline")); });
  window.setInterval(flush, RETRY_MS);
  flush();
})();

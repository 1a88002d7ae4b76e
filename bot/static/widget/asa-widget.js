/*
 * AsA-Assistent chat widget. Embed with one tag:
 *   <script src="https://…/static/widget/asa-widget.js" defer
 *           data-bot-url="https://…" data-api-url="https://…" data-audience="youth"
 *           data-color="#1f4e79" data-greeting="…"></script>
 * It talks to Rasa's REST channel (POST {botUrl}/webhooks/rest/webhook) with fetch().
 * Messages are rendered as text only (textContent): no HTML from a message is ever executed.
 */
(function () {
  "use strict";
  if (window.AsaWidget) return;

  var script = document.currentScript || document.querySelector("script[src*='asa-widget.js']");
  var data = (script && script.dataset) || {};
  var origin = script ? new URL(script.src, location.href).origin : location.origin;
  var user = window.AsaWidgetConfig || {};
  var config = {
    botUrl: (user.botUrl || data.botUrl || origin.replace(/:\d+$/, ":5005")).replace(/\/$/, ""),
    apiUrl: (user.apiUrl || data.apiUrl || origin).replace(/\/$/, ""),
    audience: user.audience || data.audience || "",
    color: user.color || data.color || "#1f4e79",
    greeting: user.greeting || data.greeting || "",
    title: user.title || data.title || "AsA-Assistent",
    open: String(user.open || data.open || "") === "true",
    // after this long without a reply the person is told that it is on its way, not lost
    slowNoticeMs: Number(user.slowNoticeMs || data.slowNoticeMs) || 8000,
  };
  var AUDIENCE_INTENTS = { youth: "/i_am_youth", parent: "/i_am_parent", company: "/i_am_company" };
  var KEY = "asaWidget.v1";
  var MAX_CHARS = 1000;
  var TEXT = {
    launcher: "Fragen zur AsA? Chat öffnen",
    close: "Chat schließen",
    privacyTitle: "Bevor es losgeht",
    privacy: "Der AsA-Assistent ist ein Computerprogramm. Er beantwortet Fragen zur Assistierten Ausbildung. " +
      "Ihre Nachrichten werden gespeichert, damit das Gespräch weitergehen kann, und nach 30 Tagen gelöscht. " +
      "Bitte schreiben Sie keine Namen, Adressen oder Telefonnummern. Sie können das Gespräch jederzeit löschen.",
    privacyLink: "Mehr zum Datenschutz",
    accept: "Einverstanden – Chat starten",
    inputLabel: "Ihre Nachricht",
    placeholder: "Frage eingeben …",
    send: "Senden",
    typing: "Der Assistent schreibt …",
    remove: "Gespräch löschen",
    removeConfirm: "Soll das Gespräch wirklich gelöscht werden? Es wird auch auf dem Server gelöscht.",
    removed: "Das Gespräch wurde gelöscht.",
    removeFailed: "Das Löschen hat nicht geklappt. Bitte später noch einmal versuchen.",
    conversation: "Gesprächsnummer",
    you: "Sie",
    bot: "Assistent",
    error: "Der Assistent ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.",
    slow: "Die Antwort dauert länger als sonst. Bitte warten Sie noch einen Moment.",
    tooLong: "Die Nachricht ist zu lang (höchstens " + MAX_CHARS + " Zeichen).",
    note: "Der Assistent informiert. Die Entscheidung trifft die Agentur für Arbeit oder das Jobcenter.",
  };

  // ---- state kept across page reloads --------------------------------------------------------------
  function newId() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return "web-" + Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function load() {
    try {
      var saved = JSON.parse(localStorage.getItem(KEY) || "null");
      if (saved && typeof saved.sender === "string" && Array.isArray(saved.messages)) return saved;
    } catch (e) { /* unreadable storage: start anew */ }
    return { sender: newId(), consent: false, messages: [], open: false };
  }
  var state = load();
  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: keep in memory */ }
  }

  // ---- DOM helpers ---------------------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  var LINK = /(https?:\/\/[^\s<>"')\]]+|www\.[^\s<>"')\]]+|\b0800[\d ]{5,}\d)/g;
  // Text with safe links: URLs become <a> (http/https only), phone numbers tel: links; the rest stays text.
  function richText(text) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    String(text).replace(LINK, function (match, _g, offset) {
      var clean = match.replace(/[.,;:!?]+$/, "");
      fragment.appendChild(document.createTextNode(text.slice(last, offset)));
      var href = /^0800/.test(clean) ? "tel:" + clean.replace(/\s/g, "")
        : (/^www\./.test(clean) ? "https://" + clean : clean);
      var link = el("a", { href: href, text: clean, rel: "noopener noreferrer" });
      if (!/^tel:/.test(href)) link.setAttribute("target", "_blank");
      fragment.appendChild(link);
      last = offset + clean.length;
      return match;
    });
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  // ---- the widget ----------------------------------------------------------------------------------
  var root = el("div", { className: "asa-widget", "data-asa-widget": "" });
  root.style.setProperty("--asa-color", config.color);
  var launcher = el("button", { type: "button", className: "asa-launcher", "aria-expanded": "false",
    "aria-controls": "asa-panel", text: TEXT.launcher });
  var panel = el("section", { id: "asa-panel", className: "asa-panel", role: "dialog", "aria-modal": "false",
    "aria-labelledby": "asa-title", hidden: "" });
  var closeButton = el("button", { type: "button", className: "asa-close", "aria-label": TEXT.close, text: "×" });
  var idLine = el("p", { className: "asa-id" });
  var header = el("header", { className: "asa-header" }, [
    el("h2", { id: "asa-title", text: config.title }), closeButton]);
  var log = el("div", { className: "asa-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
    "aria-label": "Gesprächsverlauf", tabindex: "0" });
  var typing = el("p", { className: "asa-typing", hidden: "", role: "status" }, [
    el("span", { className: "asa-dots", "aria-hidden": "true", text: "• • •" }), el("span", { text: " " + TEXT.typing })]);
  var status = el("p", { className: "asa-status", role: "status", "aria-live": "polite" });
  var input = el("input", { id: "asa-input", type: "text", autocomplete: "off", maxlength: String(MAX_CHARS),
    placeholder: TEXT.placeholder });
  var form = el("form", { className: "asa-form" }, [
    el("label", { for: "asa-input", className: "asa-visually-hidden", text: TEXT.inputLabel }), input,
    el("button", { type: "submit", text: TEXT.send })]);
  var removeButton = el("button", { type: "button", className: "asa-remove", text: TEXT.remove });
  var footer = el("footer", { className: "asa-footer" }, [el("p", { text: TEXT.note }), idLine, removeButton]);
  var privacyAccept = el("button", { type: "button", className: "asa-accept", text: TEXT.accept });
  var privacy = el("div", { className: "asa-privacy" }, [
    el("h3", { text: TEXT.privacyTitle }), el("p", { text: TEXT.privacy }),
    el("p", {}, [el("a", { href: config.apiUrl + "/datenschutz", target: "_blank", rel: "noopener noreferrer",
      text: TEXT.privacyLink })]), privacyAccept]);
  var chat = el("div", { className: "asa-chat" }, [log, typing, status, form, footer]);
  panel.appendChild(header);
  panel.appendChild(privacy);
  panel.appendChild(chat);
  root.appendChild(panel);
  root.appendChild(launcher);

  function render() {
    privacy.hidden = state.consent;
    chat.hidden = !state.consent;
    idLine.textContent = TEXT.conversation + ": " + state.sender;
  }

  function addMessage(message, restoring) {
    var who = message.from === "user" ? "asa-user" : "asa-bot";
    var item = el("div", { className: "asa-message " + who }, [
      el("span", { className: "asa-visually-hidden", text: (message.from === "user" ? TEXT.you : TEXT.bot) + ": " })]);
    if (message.text) {
      var body = el("p", { className: "asa-text" });
      body.appendChild(richText(message.text));
      item.appendChild(body);
    }
    if (message.image && /^https?:\/\//.test(message.image)) {
      item.appendChild(el("img", { src: message.image, alt: "" }));
    }
    log.appendChild(item);
    if (message.buttons && message.buttons.length) {
      var group = el("div", { className: "asa-buttons", role: "group", "aria-label": "Antwortmöglichkeiten" });
      message.buttons.forEach(function (button) {
        var b = el("button", { type: "button", className: "asa-quick", text: button.title });
        b.addEventListener("click", function () { send(button.payload, button.title); });
        group.appendChild(b);
      });
      log.appendChild(group);
    }
    if (!restoring) log.scrollTop = log.scrollHeight;
  }

  function disableOldButtons() {
    Array.prototype.forEach.call(log.querySelectorAll(".asa-quick"), function (b) { b.disabled = true; });
  }
  function enableNewestButtons() {
    var lastGroup = log.querySelector(".asa-buttons:last-child");
    if (!lastGroup) return;
    Array.prototype.forEach.call(lastGroup.querySelectorAll("button"), function (b) { b.disabled = false; });
  }

  // A message the server did not take leaves the conversation again, so that sending it once more
  // does not show it twice.
  function withdraw(message) {
    var index = state.messages.lastIndexOf(message);
    if (index >= 0) state.messages.splice(index, 1);
    save();
    var items = log.querySelectorAll(".asa-user");
    if (items.length) log.removeChild(items[items.length - 1]);
  }

  var busy = false;
  // Resolves to true when the server took the message, false when it was not sent.
  function send(text, shown, hidden) {
    text = String(text || "").trim();
    if (!text || busy) return Promise.resolve(false);
    if (text.length > MAX_CHARS) { status.textContent = TEXT.tooLong; return Promise.resolve(false); }
    status.textContent = "";
    disableOldButtons();
    var mine = null;
    if (!hidden) {
      mine = { from: "user", text: shown || text };
      state.messages.push(mine);
      addMessage(mine);
      save();
    }
    busy = true;
    typing.hidden = false;
    var slow = setTimeout(function () { status.textContent = TEXT.slow; }, config.slowNoticeMs);
    return fetch(config.botUrl + "/webhooks/rest/webhook", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.sender, message: text }),
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (replies) {
      (Array.isArray(replies) ? replies : []).forEach(function (reply) {
        var message = { from: "bot", text: typeof reply.text === "string" ? reply.text : "",
          buttons: (reply.buttons || []).filter(function (b) { return b && b.title && b.payload; })
            .map(function (b) { return { title: String(b.title), payload: String(b.payload) }; }),
          image: typeof reply.image === "string" ? reply.image : "" };
        state.messages.push(message);
        addMessage(message);
      });
      save();
      if (status.textContent === TEXT.slow) status.textContent = "";
      return true;
    }).catch(function () {
      status.textContent = TEXT.error;
      if (mine) withdraw(mine);
      enableNewestButtons();
      return false;
    }).then(function (sent) {
      clearTimeout(slow);
      busy = false;
      typing.hidden = true;
      return sent;
    });
  }

  function start() {
    if (state.messages.length) return Promise.resolve();
    if (config.greeting) {
      var greeting = { from: "bot", text: config.greeting };
      state.messages.push(greeting);
      addMessage(greeting);
      save();
    }
    return send(AUDIENCE_INTENTS[config.audience] || "/greet", "", true);
  }

  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.hidden = true;
    state.open = true;
    save();
    (state.consent ? input : privacyAccept).focus();
    // the greeting did not arrive last time (bot unreachable): try again
    if (state.consent && !state.messages.length && !busy) start();
  }
  function close() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    save();
    launcher.focus();
  }

  function remove() {
    if (!window.confirm(TEXT.removeConfirm)) return;
    fetch(config.apiUrl + "/api/v1/conversations/" + encodeURIComponent(state.sender), { method: "DELETE" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        state = { sender: newId(), consent: true, messages: [], open: true };
        save();
        log.textContent = "";
        render();
        status.textContent = TEXT.removed;
        input.focus();
      }).catch(function () { status.textContent = TEXT.removeFailed; });
  }

  launcher.addEventListener("click", open);
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") close(); });
  privacyAccept.addEventListener("click", function () {
    state.consent = true;
    save();
    render();
    input.focus();
    start();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim()) return;
    if (text.length > MAX_CHARS) { status.textContent = TEXT.tooLong; return; }
    input.value = "";
    send(text).then(function (sent) {
      // not sent (server away, or still answering the last one): the typed text is not lost
      if (!sent && !input.value) input.value = text;
    });
  });
  removeButton.addEventListener("click", remove);

  function mount() {
    var css = el("link", { rel: "stylesheet", href: origin + "/static/widget/asa-widget.css" });
    document.head.appendChild(css);
    document.body.appendChild(root);
    state.messages.forEach(function (message) { addMessage(message, true); });
    disableOldButtons();
    enableNewestButtons();
    log.scrollTop = log.scrollHeight;
    render();
    if (state.open || config.open) open();
  }

  window.AsaWidget = { open: open, close: close, config: config, conversationId: function () { return state.sender; } };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();

/*
 * The website's JavaScript, as Frappe's website pages have it (no build step, no framework):
 * frappe.call, frappe.msgprint, frappe.session.user, frappe.csrf_token, frappe.ready and __().
 * Loaded by the base template; see docs/portal.md and docs/i18n.md.
 */
(function () {
  "use strict";
  var frappe = (window.frappe = window.frappe || {});

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute("content") : "";
  }

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  // A logged-in user's page (never cached) carries its token; a guest's may come from the page
  // cache, so it carries none and the cookie (if any) is read. Guests' calls need no token.
  frappe.session = { user: meta("frappe-user") || "Guest" };
  frappe.csrf_token = meta("csrf-token") || cookie("csrftoken");

  // The page's catalog (the <meta> of {% frappe_translations %}: a versioned address, cached for a
  // year; none when the page's language has nothing to translate), fetched once; frappe.ready waits
  // for it, so __() speaks the page's language in ready callbacks.
  frappe._messages = frappe._messages || {};
  var catalogUrl = meta("frappe-translations");
  var catalogLoaded = !catalogUrl ? Promise.resolve() : fetch(catalogUrl, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : {}; })
    .then(function (data) { Object.assign(frappe._messages, (data && data.catalog) || {}); })
    .catch(function () { /* untranslated text rather than no page script at all */ });

  // __(text, replace, context): as Frappe's, the translation of text (within context, if given),
  // with {0}, {1}... replaced by replace[0], replace[1]...; the text itself when it has none.
  window.__ = function (text, replace, context) {
    var key = text == null ? "" : String(text);
    var translated = (context && frappe._messages[context + "\u0004" + key]) || frappe._messages[key] || key;
    if (Array.isArray(translated)) translated = translated[0];  // a plural entry: its singular
    if (replace && typeof replace === "object") {
      translated = translated.replace(/\{(\d+)\}/g, function (match, index) {
        return replace[index] === undefined ? match : replace[index];
      });
    }
    return translated;
  };

  frappe.ready = function (fn) {
    var run = function () { catalogLoaded.then(function () { fn(); }); };
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", run);
    } else {
      setTimeout(run, 0);
    }
  };

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  // frappe.msgprint(message) or frappe.msgprint({message, title, indicator}); the message is HTML,
  // as Frappe's (the server escapes what it did not write itself).
  frappe.msgprint = function (message, title) {
    var options = typeof message === "object" && message !== null ? message : { message: message, title: title };
    var dialog = document.createElement("div");
    dialog.className = "frappe-msgprint indicator-" + (options.indicator || "blue");
    dialog.setAttribute("role", "alertdialog");
    dialog.innerHTML =
      '<div class="msgprint-content"><h4 class="msgprint-title">' + escapeHtml(options.title || __("Message")) +
      '</h4><div class="msgprint-message">' + (options.message == null ? "" : String(options.message)) +
      '</div><button type="button" class="btn msgprint-close">' + escapeHtml(__("Close")) + '</button></div>';
    dialog.querySelector(".msgprint-close").addEventListener("click", function () { dialog.remove(); });
    document.body.appendChild(dialog);
    return dialog;
  };

  function showServerMessages(data) {
    var shown = false;
    if (data && data._server_messages) {
      JSON.parse(data._server_messages).forEach(function (raw) {
        var message = typeof raw === "string" ? JSON.parse(raw) : raw;
        frappe.msgprint(message);
        shown = true;
      });
    }
    return shown;
  }

  function encodeArgs(args) {
    var params = new URLSearchParams();
    Object.keys(args || {}).forEach(function (key) {
      var value = args[key];
      if (value === undefined || value === null) return;
      params.append(key, typeof value === "object" ? JSON.stringify(value) : value);
    });
    return params.toString();
  }

  // frappe.call({method, args, type, callback, error}) or frappe.call(method, args): a promise of
  // the response body ({message: ...}); a failed call shows its messages (or its exception) and
  // rejects with the body.
  frappe.call = function (options, args) {
    if (typeof options === "string") options = { method: options, args: args };
    var type = (options.type || "POST").toUpperCase();
    var url = "/api/method/" + options.method;
    var init = { method: type, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (frappe.csrf_token) init.headers["X-Frappe-CSRF-Token"] = frappe.csrf_token;
    if (type === "GET" || type === "HEAD") {
      var query = encodeArgs(options.args);
      if (query) url += "?" + query;
    } else {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.args || {});
    }
    return fetch(url, init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        data = data || {};
        data.http_status_code = response.status;
        var shown = showServerMessages(data);
        if (!response.ok) {
          if (!shown) {
            var text = data.exception || data.message || response.statusText || __("Server Error");
            frappe.msgprint({ message: escapeHtml(text), title: __("Error"), indicator: "red" });
          }
          if (options.error) options.error(data);
          throw data;
        }
        if (options.callback) options.callback(data);
        return data;
      });
    });
  };

  // The top bar's menu button (base.html): on phones the links hide behind it. The page is marked
  // now, before it is drawn, so the stylesheet hides them only when this script runs (without
  // JavaScript they stay in view); Escape closes the menu and gives the focus back to the button.
  document.documentElement.classList.add("fw-js");

  function setMenu(button, open) {
    var links = document.getElementById(button.getAttribute("aria-controls"));
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (links) links.classList.toggle("is-open", open);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".navbar-toggle");
    if (button) setMenu(button, button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var button = document.querySelector('.navbar-toggle[aria-expanded="true"]');
    if (button) {
      setMenu(button, false);
      button.focus();
    }
  });
})();

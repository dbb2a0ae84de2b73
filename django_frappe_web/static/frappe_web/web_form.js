/* Web form pages, made nicer with JavaScript (they work without it; the server decides).
 *
 * - depends_on: fields whose condition is false are hidden as the visitor types. The
 *   conditions are parsed with the same small grammar as the server's
 *   (django_frappe_web/web_forms/conditions.py), never evaluated as code.
 * - child tables: "Add a row" adds a blank row in the page instead of posting the form;
 *   max rows is respected (the server checks it again).
 * - frappe.web_form, for a form's custom script (served as its own file, after this one):
 *   on(fieldname, fn) calls fn(value) when the field changes; get_value(fieldname);
 *   set_value(fieldname, value); validate = function () {...} returning false stops a submission.
 */
(function () {
  "use strict";

  var handlers = {};
  var api = {
    validate: null,
    on: function (fieldname, fn) { (handlers[fieldname] = handlers[fieldname] || []).push(fn); },
    get_value: function (fieldname) { var form = theForm(); return form ? values(form)[fieldname] : undefined; },
    set_value: function (fieldname, value) {
      var form = theForm(), element = form && form.elements[fieldname];
      if (!element) return;
      if (element.length !== undefined && !element.tagName) element = element[element.length - 1];  // a checkbox after its hidden "false"
      if (element.type === "checkbox") element.checked = !!value && value !== "0";
      else element.value = value === null || value === undefined ? "" : String(value);
      element.dispatchEvent(new Event("change", { bubbles: true }));
    }
  };
  window.frappe = window.frappe || {};
  window.frappe.web_form = api;

  function theForm() { return document.querySelector(".web-form form"); }

  var TOKEN = /\s*(?:("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(\d+(?:\.\d+)?)|(===|!==|==|!=|<=|>=|&&|\|\||[<>!()])|([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)|(\S))/g;
  var LITERALS = { "true": true, "false": false, "null": null, "undefined": null };

  function tokenize(text) {
    var tokens = [], match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text)) !== null) {
      if (match[5]) throw new Error("not allowed: " + match[5]);
      if (match[1]) tokens.push(["lit", match[1].slice(1, -1).replace(/\\(.)/g, "$1")]);
      else if (match[2]) tokens.push(["lit", Number(match[2])]);
      else if (match[3]) tokens.push(["op", match[3]]);
      else if (match[4]) tokens.push(["name", match[4]]);
      if (TOKEN.lastIndex >= text.length) break;
    }
    return tokens;
  }

  function parse(source) {
    source = (source || "").trim();
    if (!source) return null;
    if (source.indexOf("eval:") !== 0) return ["ref", source];
    var tokens = tokenize(source.slice(5)), pos = 0;
    function peek(op) { var t = tokens[pos]; return t && t[0] === "op" && t[1] === op; }
    function take() { if (pos >= tokens.length) throw new Error("ends too early"); return tokens[pos++]; }
    function or() { var n = and(); while (peek("||")) { pos++; n = ["or", n, and()]; } return n; }
    function and() { var n = not(); while (peek("&&")) { pos++; n = ["and", n, not()]; } return n; }
    function not() { if (peek("!")) { pos++; return ["not", not()]; } return cmp(); }
    function cmp() {
      var n = primary(), t = tokens[pos];
      if (t && t[0] === "op" && ["===", "!==", "==", "!=", "<=", ">=", "<", ">"].indexOf(t[1]) >= 0) {
        pos++; n = ["cmp", t[1], n, primary()];
      }
      return n;
    }
    function primary() {
      var t = take();
      if (t[0] === "op" && t[1] === "(") { var n = or(); if (!peek(")")) throw new Error("( not closed"); pos++; return n; }
      if (t[0] === "lit") return ["lit", t[1]];
      if (t[0] === "name") {
        if (Object.prototype.hasOwnProperty.call(LITERALS, t[1])) return ["lit", LITERALS[t[1]]];
        var parts = t[1].split(".");
        if (parts[0] !== "doc" || parts.length !== 2 || peek("(")) throw new Error("only doc.<field>");
        return ["ref", parts[1]];
      }
      throw new Error("unexpected " + t[1]);
    }
    var tree = or();
    if (pos !== tokens.length) throw new Error("unexpected token");
    return tree;
  }

  function truthy(v) { return !(v === null || v === undefined || v === "" || v === 0 || v === false || v !== v); }
  function num(v) { if (typeof v === "number") return v; if (typeof v === "string" && v.trim() !== "" && !isNaN(v)) return Number(v); return null; }
  function equal(a, b) {
    a = a === null || a === undefined ? "" : a; b = b === null || b === undefined ? "" : b;
    var x = num(a), y = num(b);
    if (x !== null && y !== null && (typeof a !== "string" || typeof b !== "string")) return x === y;
    return String(a) === String(b);
  }
  function compare(op, a, b) {
    if (op === "==" || op === "===") return equal(a, b);
    if (op === "!=" || op === "!==") return !equal(a, b);
    var x = num(a), y = num(b);
    if (x === null || y === null) { x = a === null ? "" : String(a); y = b === null ? "" : String(b); }
    return op === "<" ? x < y : op === "<=" ? x <= y : op === ">" ? x > y : x >= y;
  }
  function evaluate(node, doc) {
    switch (node[0]) {
      case "lit": return node[1];
      case "ref": return doc[node[1]] === undefined ? null : doc[node[1]];
      case "not": return !truthy(evaluate(node[1], doc));
      case "and": return truthy(evaluate(node[1], doc)) && truthy(evaluate(node[2], doc));
      case "or": return truthy(evaluate(node[1], doc)) || truthy(evaluate(node[2], doc));
      default: return compare(node[1], evaluate(node[2], doc), evaluate(node[3], doc));
    }
  }

  function values(form) {
    var doc = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name.charAt(0) === "_" || el.name.indexOf("-") >= 0) return;
      if (el.type === "checkbox") doc[el.name] = el.checked ? 1 : 0;
      else if (el.type === "radio") { if (el.checked) doc[el.name] = el.value; }
      else if (el.type !== "hidden" || !(el.name in doc)) doc[el.name] = el.value;
    });
    return doc;
  }

  function applyConditions(form) {
    var doc = values(form);
    form.querySelectorAll("[data-depends-on]").forEach(function (entry) {
      var tree;
      try { tree = parse(entry.getAttribute("data-depends-on")); } catch (e) { return; }
      var shown = !tree || truthy(evaluate(tree, doc));
      entry.hidden = !shown;
      if (!shown) {  // a hidden field (or everything in a hidden section) reads as empty further on
        [entry].concat(Array.prototype.slice.call(entry.querySelectorAll("[data-fieldname]"))).forEach(function (el) {
          if (el.getAttribute("data-fieldname")) doc[el.getAttribute("data-fieldname")] = null;
        });
      }
    });
  }

  function addRow(table) {
    var prefix = table.getAttribute("data-table");
    var total = table.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var count = parseInt(total.value, 10);
    var max = parseInt(table.getAttribute("data-max-rows"), 10);
    var button = table.querySelector(".web-form-add-row");
    if (count >= max) return;
    var html = table.querySelector("template.web-form-row-template").innerHTML.replace(/__prefix__/g, String(count));
    table.querySelector("tbody").insertAdjacentHTML("beforeend", html);
    total.value = String(count + 1);
    if (count + 1 >= max) button.disabled = true;
  }

  function init(form) {
    applyConditions(form);
    form.addEventListener("input", function () { applyConditions(form); });
    form.addEventListener("change", function (event) {
      applyConditions(form);
      var name = event.target.name;
      if (name && handlers[name]) {
        var value = values(form)[name];
        handlers[name].forEach(function (fn) { fn(value); });
      }
    });
    form.addEventListener("submit", function (event) {
      var action = event.submitter && event.submitter.value;
      if (action === "previous" || action === "save_draft" || (action || "").indexOf("add_row:") === 0) return;
      if (typeof api.validate === "function" && api.validate() === false) event.preventDefault();
    });
    form.querySelectorAll("fieldset.web-form-table").forEach(function (table) {
      var button = table.querySelector(".web-form-add-row");
      if (!button) return;
      button.addEventListener("click", function (event) { event.preventDefault(); addRow(table); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".web-form form").forEach(init);
  });
})();

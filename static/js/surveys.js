// Surveys: show and hide conditional questions on the same page as soon as they apply.
// Progressive enhancement only: without this script the server shows them on the next step.
// The rules mirror dialog/surveys/conditions.py.
(function () {
  "use strict";

  var form = document.querySelector("form[data-survey-form]");
  if (!form) { return; }

  var marker = document.createElement("input");
  marker.type = "hidden";
  marker.name = "js";
  marker.value = "1";
  form.appendChild(marker);

  var base = {};
  try { base = JSON.parse(form.getAttribute("data-values") || "{}"); } catch (e) { base = {}; }
  var questions = Array.prototype.slice.call(form.querySelectorAll(".survey-question[data-code]"));

  function answered(value) {
    return !(value === undefined || value === null || value === "" ||
             (Array.isArray(value) && value.length === 0));
  }

  function toNumber(value) {
    if (typeof value === "number") { return value; }
    if (typeof value !== "string" || value.trim() === "") { return null; }
    var text = value.trim().replace(",", ".");
    return /^[-+]?\d+(\.\d+)?$/.test(text) ? parseFloat(text) : null;
  }

  function readValue(box) {
    var kind = box.getAttribute("data-kind");
    var name = "q" + box.getAttribute("data-qid");
    if (kind === "multiple_choice") {
      return Array.prototype.map.call(
        box.querySelectorAll("input[name='" + name + "']:checked"),
        function (input) { return input.getAttribute("data-option"); });
    }
    if (kind === "single_choice" || kind === "yes_no" || kind === "scale") {
      var picked = box.querySelector("input[name='" + name + "']:checked");
      if (picked) { return kind === "scale" ? toNumber(picked.value) : picked.getAttribute("data-option"); }
      var select = box.querySelector("select[name='" + name + "']");
      if (select && select.selectedIndex > 0) {
        return select.options[select.selectedIndex].getAttribute("data-option");
      }
      return null;
    }
    if (kind === "consent") {
      var box2 = box.querySelector("input[name='" + name + "']");
      return box2 && box2.checked ? "yes" : null;
    }
    var field = box.querySelector("[name='" + name + "']");
    if (!field || field.value.trim() === "") { return null; }
    if (kind === "integer" || kind === "decimal") { return toNumber(field.value); }
    return field.value.trim();
  }

  function rule(r, values) {
    var value = values[r.question];
    var target = r.value;
    switch (r.op) {
      case "answered": return answered(value);
      case "not_answered": return !answered(value);
      case "selected":
      case "not_selected": {
        var list = Array.isArray(value) ? value : (answered(value) ? [value] : []);
        var found = list.indexOf(String(target)) !== -1 || list.indexOf(target) !== -1;
        return r.op === "selected" ? found : !found;
      }
      case "equals":
      case "not_equals": {
        var same;
        if (Array.isArray(value)) { same = value.indexOf(target) !== -1; }
        else if (toNumber(value) !== null && toNumber(target) !== null) { same = toNumber(value) === toNumber(target); }
        else { same = answered(value) && String(value) === String(target); }
        return r.op === "equals" ? same : !same;
      }
      default: {
        if (!answered(value)) { return false; }
        var left = toNumber(value), right = toNumber(target);
        if (left === null || right === null) {
          if (typeof value === "string" && typeof target === "string") { left = value; right = target; }
          else { return false; }
        }
        if (r.op === "gt") { return left > right; }
        if (r.op === "ge") { return left >= right; }
        if (r.op === "lt") { return left < right; }
        if (r.op === "le") { return left <= right; }
        return false;
      }
    }
  }

  function holds(condition, values) {
    if (!condition || !condition.rules || condition.rules.length === 0) { return true; }
    var results = condition.rules.map(function (r) { return rule(r, values); });
    return condition.match === "any" ? results.indexOf(true) !== -1 : results.indexOf(false) === -1;
  }

  function update() {
    var values = {};
    Object.keys(base).forEach(function (code) { values[code] = base[code]; });
    questions.forEach(function (box) { delete values[box.getAttribute("data-code")]; });
    questions.forEach(function (box) {
      var condition = null;
      var raw = box.getAttribute("data-condition");
      if (raw) { try { condition = JSON.parse(raw); } catch (e) { condition = null; } }
      var show = holds(condition, values);
      box.hidden = !show;
      Array.prototype.forEach.call(box.querySelectorAll("input, select, textarea"), function (input) {
        input.disabled = !show;
      });
      if (show) {
        var value = readValue(box);
        if (answered(value)) { values[box.getAttribute("data-code")] = value; }
      }
    });
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
}());

// Survey pages. The survey works without this script; with it:
// - focus moves to the error summary, so keyboard and screen reader users hear what needs fixing;
// - answers in progress are kept on this device (localStorage, one entry per round), never on
//   the server, so someone who leaves part-way finds their answers again when they come back;
// - the thank-you page deletes that copy;
// - the progress bar counts the questions answered as they are answered.
(function () {
  "use strict";

  var SKIP = { csrfmiddlewaretoken: true, back: true, next: true };

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // storage switched off: the survey still works, page by page
    }
  }

  // Every answer in the form, visible or carried: {question key: [values]}.
  function formAnswers(form) {
    var answers = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || SKIP[field.name] || field.disabled) { return; }
      if ((field.type === "radio" || field.type === "checkbox") && !field.checked) { return; }
      if (field.type === "submit" || field.value === "") { return; }
      (answers[field.name] = answers[field.name] || []).push(field.value);
    });
    return answers;
  }

  function save(form, store) {
    try {
      store.setItem(form.dataset.surveyStore, JSON.stringify(formAnswers(form)));
    } catch (error) { /* full or refused: nothing to do */ }
  }

  function visibleFields(form, name) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name === name && field.type !== "hidden";
    });
  }

  function restore(form, store) {
    var saved;
    try {
      saved = JSON.parse(store.getItem(form.dataset.surveyStore) || "{}");
    } catch (error) {
      return;
    }
    Object.keys(saved).forEach(function (name) {
      if (SKIP[name] || !Array.isArray(saved[name])) { return; }
      var values = saved[name].map(String);
      var fields = visibleFields(form, name);
      if (fields.length) {
        fields.forEach(function (field) {
          if (field.type === "radio" || field.type === "checkbox") {
            field.checked = values.indexOf(field.value) !== -1;
          } else {
            field.value = values[0] || "";
          }
        });
        return;
      }
      // A question of another page: carry it with the form, as the server does.
      Array.prototype.forEach.call(form.querySelectorAll("input[type=hidden][data-survey-carried]"), function (field) {
        if (field.name === name) { field.remove(); }
      });
      values.forEach(function (value) {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = name;
        hidden.value = value;
        hidden.setAttribute("data-survey-carried", "");
        form.appendChild(hidden);
      });
    });
  }

  function progressShow(form) {
    var progress = document.querySelector("[data-survey-total]");
    if (!progress) { return; }
    var total = Number(progress.getAttribute("data-survey-total"));
    var answered = Object.keys(formAnswers(form)).length;
    progress.querySelector("progress").value = answered;
    progress.querySelector("[data-survey-answered-text]").textContent =
      answered + " of " + total + " question" + (total === 1 ? "" : "s") + " answered";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }

    var store = storage();
    if (!store) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-survey-clear]"), function (marker) {
      store.removeItem(marker.getAttribute("data-survey-clear"));
    });
    var form = document.querySelector("form[data-survey-store]");
    if (!form) { return; }
    if (form.hasAttribute("data-survey-restore")) { restore(form, store); }
    save(form, store);
    progressShow(form);
    form.addEventListener("change", function () { save(form, store); progressShow(form); });
    form.addEventListener("input", function () { save(form, store); progressShow(form); });
    form.addEventListener("submit", function () { save(form, store); });
    form.setAttribute("data-survey-ready", ""); // set up: answers restored, saving on change
  });
})();

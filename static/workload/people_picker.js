/* The meeting form's list of people: with scripts, a search box above the ticks narrows the
   list to names containing what is typed (ticked people stay listed). Without scripts the list
   works as plain tick boxes. */
(function () {
  "use strict";
  var box = document.getElementById("div_id_people");
  if (!box) return;
  var rows = Array.prototype.slice.call(box.querySelectorAll(".form-check"));
  if (!rows.length) return;
  var wrap = document.createElement("div");
  wrap.className = "mb-2";
  var label = document.createElement("label");
  label.className = "form-label";
  label.htmlFor = "people-search";
  label.textContent = "Search people by name or school";
  var input = document.createElement("input");
  input.type = "search";
  input.id = "people-search";
  input.className = "form-control";
  input.autocomplete = "off";
  var status = document.createElement("p");
  status.className = "form-text";
  status.setAttribute("aria-live", "polite");
  wrap.appendChild(label);
  wrap.appendChild(input);
  wrap.appendChild(status);
  rows[0].parentNode.insertBefore(wrap, rows[0]);
  input.addEventListener("input", function () {
    var words = input.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var ticked = row.querySelector("input").checked;
      var match = ticked || words.every(function (w) { return text.indexOf(w) !== -1; });
      row.hidden = !match;
      if (match) shown += 1;
    });
    status.textContent = words.length ? shown + " of " + rows.length + " people shown" : "";
  });
})();

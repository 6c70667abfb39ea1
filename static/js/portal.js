/* A table or chart that is wider than the screen scrolls sideways inside its box. So that
   keyboard users can scroll it too, such a box becomes focusable and is named after its caption
   (WCAG 2.1.1). Boxes that fit are left alone. */
(function () {
  "use strict";
  var SCROLLERS = ".table-responsive, .chart-scroll";

  function nameFor(box) {
    var caption = box.querySelector("caption, figcaption");
    var text = caption ? caption.textContent.trim() : "";
    if (!text) {
      var figure = box.closest("figure");
      var figcaption = figure && figure.querySelector("figcaption");
      text = figcaption ? figcaption.textContent.trim() : "Table";
    }
    return text + " (scrolls sideways)";
  }

  function mark() {
    document.querySelectorAll(SCROLLERS).forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", nameFor(box));
        box.dataset.portalScroller = "1";
      } else if (!scrolls && box.dataset.portalScroller) {
        ["tabindex", "role", "aria-label", "data-portal-scroller"].forEach(function (name) {
          box.removeAttribute(name);
        });
      }
    });
  }

  // A data table inside a closed <details> only takes up room once it is opened.
  document.addEventListener("toggle", mark, true);
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(mark, 150);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
})();

/* A form sent with errors: focus moves to the error summary, so keyboard and screen reader users
   hear what needs fixing first; its links then take them to each field. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  });
})();

/* Copy buttons: a button with data-copy-target copies that field's text and says so. Hidden
   until this script shows it, so without JavaScript (or a clipboard) nobody sees a dead button. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-copy-target"));
      var status = button.parentElement.querySelector(".copy-status");
      if (!field || !navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value.trim()).then(function () {
          if (status) { status.textContent = "Copied. Paste it into your calendar app."; }
        }, function () {
          field.select();
          if (status) { status.textContent = "Select the address and copy it."; }
        });
      });
    });
  });
})();

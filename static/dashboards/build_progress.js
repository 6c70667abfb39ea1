// Follow a background job (a report build, a committee pack): poll its progress and reload the
// page when it has finished, so the stages list, the link to the report or the PDF, or the reason
// for a failure appear. Without JavaScript the page has a "Check again" link instead.
(function () {
  var box = document.getElementById("build-progress");
  if (!box || box.dataset.finished === "true") return;
  var bar = document.getElementById("build-bar");
  var state = document.getElementById("build-state");
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.value = data.percent;
        state.textContent = data.status_text + ": " + data.current + " (" + data.percent + "% done)";
        if (data.finished) { window.location.reload(); }
        else { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1500);
})();

// Poll a background import (absence or staff) and update the progress bar; reload when it has finished.
(function () {
  var box = document.getElementById("import-progress");
  if (!box || box.dataset.status === "done" || box.dataset.status === "failed") return;
  var bar = document.getElementById("import-bar");
  var state = document.getElementById("import-state");
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.value = data.percent;
        state.textContent = data.stage.charAt(0).toUpperCase() + data.stage.slice(1) + ": " + data.percent + "% done";
        if (data.status === "done" || data.status === "failed") { window.location.reload(); }
        else { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();

// Polls the import's status endpoint and updates the progress bar; reloads when finished.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || box.dataset.finished === "1") { return; }
  var url = box.dataset.statusUrl;
  function update(data) {
    box.querySelectorAll("[data-field]").forEach(function (el) {
      var value = data[el.dataset.field];
      if (value === undefined) { return; }
      if (el.tagName === "PROGRESS") { el.value = value; el.textContent = value + "%"; }
      else { el.textContent = value; }
    });
    if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
      .then(update)
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 500);
})();

// Live progress of the reports being built: polls each one's JSON status and reloads the
// page once one is finished, so its download links appear.
(function () {
  "use strict";
  var INTERVAL = 2000;
  var MAX_POLLS = 900; // half an hour

  function poll(row, count) {
    if (count > MAX_POLLS) { return; }
    fetch(row.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        var bar = row.querySelector("progress");
        if (bar) { bar.value = data.progress; bar.textContent = data.progress + "%"; }
        var status = row.querySelector(".report-status");
        if (status) { status.textContent = data.status_label; }
        var percent = row.querySelector(".report-percent");
        if (percent) { percent.textContent = data.progress + "%"; }
        if (data.finished) {
          window.location.reload();
        } else {
          window.setTimeout(function () { poll(row, count + 1); }, INTERVAL);
        }
      })
      .catch(function () {
        window.setTimeout(function () { poll(row, count + 1); }, INTERVAL * 3);
      });
  }

  document.querySelectorAll(".report-row[data-finished='0']").forEach(function (row) {
    poll(row, 0);
  });
})();

// Progress of a background job without reloading the page: polls the job's JSON endpoint
// (web/jobs.py) and moves the <progress> bar; shows the download link when the result is ready.
// The sign-in page uses the same loop for the demo's construction (data-demo-status).
(function () {
  "use strict";
  var DELAY_MS = 1000;

  function setField(root, name, value) {
    root.querySelectorAll('[data-job-field="' + name + '"]').forEach(function (el) {
      el.textContent = value === null || value === undefined ? "" : String(value);
      if (name === "error" || name === "note") { el.hidden = !value; }
    });
  }

  function render(root, data) {
    ["status_label", "done", "total", "percent", "error", "note"].forEach(function (name) {
      setField(root, name, data[name]);
    });
    var bar = root.querySelector("progress");
    if (bar) {
      bar.max = data.total || 1;
      bar.value = data.status === "done" ? bar.max : data.done;
      bar.textContent = data.percent + "%";
    }
    var result = root.querySelector(".job-result");
    if (result) { result.hidden = !data.has_result; }
    var cancel = root.querySelector(".job-cancel");
    if (cancel && data.finished) { cancel.hidden = true; }
    root.setAttribute("data-state", data.status || "");
  }

  function poll(root, url, finished) {
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data === null) { return; }
        render(root, data);
        if (!finished(data)) { window.setTimeout(function () { poll(root, url, finished); }, DELAY_MS); }
      })
      .catch(function () { window.setTimeout(function () { poll(root, url, finished); }, DELAY_MS * 3); });
  }

  document.querySelectorAll("[data-job-status]").forEach(function (root) {
    poll(root, root.getAttribute("data-job-status"), function (data) { return data.finished; });
  });
  document.querySelectorAll("[data-demo-status]").forEach(function (root) {
    poll(root, root.getAttribute("data-demo-status"), function (data) {
      root.hidden = !data.building;
      return !data.building;
    });
  });
})();

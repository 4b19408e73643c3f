// A job's page follows the job while it is queued or running: its live state (core.jobs.live) every second, then
// one reload when it ends, so the page shows the result, the error and the buttons the server renders.
(function () {
  const box = document.getElementById("job");
  if (!box || !["queued", "running"].includes(box.dataset.status)) return;
  const bar = document.getElementById("job-progress");
  const count = document.getElementById("job-count");
  const status = document.getElementById("job-status");
  const log = document.getElementById("job-log");
  function poll() {
    fetch(box.dataset.statusUrl, {headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then((response) => (response.ok ? response.json() : null))
      .then((state) => {
        if (!state) return setTimeout(poll, 2000);
        if (!["queued", "running"].includes(state.status)) return window.location.reload();
        status.textContent = state.status_label;
        if (state.total) { bar.max = state.total; bar.value = state.done; count.textContent = state.done + " / " + state.total; }
        log.textContent = state.log.join("\n");
        setTimeout(poll, 1000);
      })
      .catch(() => setTimeout(poll, 2000));
  }
  setTimeout(poll, 500);
})();

// Follows a running job's log on its page: appends each line the stream
// sends, as text (never as HTML). The browser's EventSource reconnects by
// itself and sends Last-Event-ID, so the server resumes after the last line.
"use strict";
(function () {
  const log = document.getElementById("log");
  if (!log || log.dataset.live !== "true") return;
  const url = `/api/v1/jobs/${log.dataset.job}/logs/stream?from=${log.dataset.next}`;
  const source = new EventSource(url);
  source.addEventListener("line", (event) => {
    const line = JSON.parse(event.data);
    const span = document.createElement("span");
    span.className = "line";
    span.dataset.number = String(line.number);
    span.textContent = line.line + "\n";
    log.appendChild(span);
  });
  source.addEventListener("end", () => {
    source.close();
    log.dataset.live = "ended";
  });
})();

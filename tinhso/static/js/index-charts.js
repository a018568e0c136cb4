// The index dashboard's charts, drawn by Chart.js (installed from npm, served from our own static files).
// The same figures are in the page's tables, for screen readers and printing.
(function () {
  "use strict";
  function ready(fn) { document.readyState !== "loading" ? fn() : document.addEventListener("DOMContentLoaded", fn); }
  ready(function () {
    var node = document.getElementById("index-chart-data");
    if (!node || typeof window.Chart === "undefined") return;
    var data = JSON.parse(node.textContent);
    var blue = "#0a4f8f", soft = "#9dbbe0", base = { responsive: true, maintainAspectRatio: false, animation: false };
    var trend = document.getElementById("chart-trend");
    if (trend) new window.Chart(trend, {
      type: "line",
      data: { labels: data.trend.labels, datasets: [{ label: trend.dataset.label || "", data: data.trend.values, borderColor: blue, backgroundColor: blue, tension: 0.2 }] },
      options: Object.assign({}, base, { plugins: { legend: { display: false } }, scales: { y: { min: 0, max: 100 } } })
    });
    var groups = document.getElementById("chart-groups");
    if (groups) new window.Chart(groups, {
      type: "bar",
      data: { labels: data.groups.labels, datasets: [
        { label: "●", data: data.groups.values, backgroundColor: blue },
        { label: "○", data: data.groups.max, backgroundColor: soft }
      ] },
      options: Object.assign({}, base, { indexAxis: "y", plugins: { legend: { display: false } } })
    });
    var ranking = document.getElementById("chart-ranking");
    if (ranking && data.ranking.labels.length) {
      ranking.parentNode.style.height = Math.max(240, data.ranking.labels.length * 16) + "px";
      new window.Chart(ranking, {
        type: "bar",
        data: { labels: data.ranking.labels, datasets: [{ data: data.ranking.values, backgroundColor: blue }] },
        options: Object.assign({}, base, { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { min: 0, max: 100 } } })
      });
    }
  });
})();

// Draws each lightcurve plot of a page from the JSON data block beside it. The data comes as
// <script type="application/json"> (never executed) and is read with JSON.parse, so no value from a
// FITS header or an archive can run as script; the page's Content-Security-Policy forbids inline script.
(function () {
  document.querySelectorAll('script.lightcurve-data').forEach(function (block) {
    var plot = JSON.parse(block.textContent);
    var target = document.getElementById(plot.element);
    if (!target) return;
    var points = function () { return null; };
    new uPlot({
      title: plot.title, width: 880, height: 320,
      scales: {x: {time: false}, y: {dir: plot.magnitudes ? -1 : 1}},
      axes: [{label: 'time (d)'}, {label: plot.magnitudes ? 'magnitude' : 'flux'}],
      series: [{},
        {label: 'good', stroke: '#1f5fbf', paths: points, points: {show: true, size: 5, fill: '#1f5fbf'}},
        {label: 'flagged', stroke: '#c81e1e', paths: points, points: {show: true, size: 6, fill: '#c81e1e'}}]
    }, plot.data, target);
  });
})();

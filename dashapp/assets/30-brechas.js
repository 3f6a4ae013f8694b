/* /brechas: draw the shared municipalities layer (background, not interactive) and, over it, the table's rows (hideout.rows = {cvegeo: [status, rank]}).
   Tooltips are built with textContent, never HTML. */
window.mapa3x1Gaps = (function () {
  var COLORS = { no_projects: "#a33b00", with_projects: "#0b5cad", no_data: "#8c959f" };
  var LABELS = {
    es: { no_projects: "sin proyectos", with_projects: "con proyectos", no_data: "sin datos" },
    en: { no_projects: "no projects", with_projects: "with projects", no_data: "no data" }
  };
  function rowOf(feature, context) {
    var hideout = (context && context.hideout) || {};
    return (hideout.rows || {})[feature.properties.cvegeo];
  }
  return {
    background: { weight: 0.3, color: "#c9d1d9", fillColor: "#f6f8fa", fillOpacity: 1 },
    filter: function (feature, context) { return Boolean(rowOf(feature, context)); },
    style: function (feature, context) {
      var row = rowOf(feature, context) || ["", null];
      var color = COLORS[row[0]] || "#57606a";
      return { weight: 1.5, color: color, fillColor: color, fillOpacity: 0.85,
               dashArray: row[0] === "no_data" ? "3 3" : null };
    },
    onEach: function (feature, layer, context) {
      var row = rowOf(feature, context);
      if (!row) { return; }
      var lang = (context.hideout && context.hideout.lang) === "en" ? "en" : "es";
      var tip = document.createElement("span");
      tip.textContent = (row[1] ? "#" + row[1] + " " : "") + (feature.properties.n || feature.properties.cvegeo) +
        " — " + LABELS[lang][row[0]];
      layer.bindTooltip(tip, { sticky: true });
      layer.on("add", function () {  // the table is the keyboard route: keep 25 shapes out of the Tab order
        var element = layer.getElement && layer.getElement();
        if (element) { element.setAttribute("tabindex", "-1"); element.setAttribute("aria-hidden", "true"); }
      });
    }
  };
})();

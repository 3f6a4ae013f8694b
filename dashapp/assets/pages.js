/* The small scripts of every page (the explorer's map has map.js), in one file so the browser asks
   for one file instead of four. One section per page. */

/* ==== every page ==== */
/* The header is plain HTML written by the server for the address it was asked (dashapp/chrome.py).
   When the address changes without a page load (filters written into the query string, a search
   suggestion opened inside the app), the language link is pointed at the new address: the same
   page and view in the other language. */
window.mapa3x1Shell = (function () {
  function followAddress() {
    var link = document.getElementById(window.mapa3x1Config.ids.langSwitch);
    if (!link) { return; }
    var params = new URLSearchParams(window.location.search);
    if (params.get("lang") === "en") { params.delete("lang"); } else { params.set("lang", "en"); }
    var query = params.toString();
    link.setAttribute("href", window.location.pathname + (query ? "?" + query : ""));
  }
  window.mapa3x1Framework.onDashNavigation(followAddress);  // the back button, dcc.Location and dcc.Link
  return { followAddress: followAddress };
})();

/* The texts the scripts show, from the same catalogue as the server's (dashapp/locale): the page
   carries the messages they use, in its language (dashapp/i18n.py browser_messages_tag). A plural
   message holds one text per CLDR plural category; `count` picks it. Unknown keys show as themselves. */
window.mapa3x1Text = (function () {
  var messages = null;
  var plurals = null;
  return function (key, values, count) {
    if (!messages) {
      var node = document.getElementById("mapa3x1-messages");
      messages = node ? JSON.parse(node.textContent) : {};
      plurals = new Intl.PluralRules(document.documentElement.lang || "es");
    }
    var text = messages.hasOwnProperty(key) ? messages[key] : key;
    if (typeof text === "object") { text = text[plurals.select(count)] || text.other; }
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return values && values.hasOwnProperty(name) ? String(values[name]) : all;
    });
  };
})();

/* ==== /brechas ==== */
/* /brechas: draw the shared municipalities layer (background, not interactive) and, over it, the table's rows (hideout.rows = {cvegeo: {status, rank}}).
   Tooltips are built with textContent, never HTML. */
window.mapa3x1Gaps = (function () {
  var COLORS = { no_projects: "#a33b00", with_projects: "#0b5cad", no_data: "#8c959f" };
  var LABELS = { no_projects: "gaps.status.no_projects", with_projects: "gaps.status.with_projects",
                 no_data: "gaps.status.no_data" };
  function rowOf(feature, context) {
    var hideout = (context && context.hideout) || {};
    return (hideout.rows || {})[feature.properties.cvegeo];
  }
  return {
    background: { weight: 0.3, color: "#c9d1d9", fillColor: "#f6f8fa", fillOpacity: 1 },
    filter: function (feature, context) { return Boolean(rowOf(feature, context)); },
    style: function (feature, context) {
      var row = rowOf(feature, context) || { status: "", rank: null };
      var color = COLORS[row.status] || "#57606a";
      return { weight: 1.5, color: color, fillColor: color, fillOpacity: 0.85,
               dashArray: row.status === "no_data" ? "3 3" : null };
    },
    onEach: function (feature, layer, context) {
      var row = rowOf(feature, context);
      if (!row) { return; }
      var tip = document.createElement("span");
      tip.textContent = (row.rank ? "#" + row.rank + " " : "") + (feature.properties.n || feature.properties.cvegeo) +
        " — " + window.mapa3x1Text(LABELS[row.status]);
      layer.bindTooltip(tip, { sticky: true });
      layer.on("add", function () {  // the table is the keyboard route: keep 25 shapes out of the Tab order
        var element = layer.getElement && layer.getElement();
        if (element) { element.setAttribute("tabindex", "-1"); element.setAttribute("aria-hidden", "true"); }
      });
    }
  };
})();

/* ==== /proyectos ==== */
/* /proyectos: AG Grid value formatters (money in es-MX / en-US, yes/no from the catalogue). Values are
   formatted as text; no HTML renderer is used, so project and club names can never inject markup. */
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

(function () {
  var formats = {};
  function format(lang, options) {
    var key = lang + JSON.stringify(options);
    if (!formats[key]) {
      var locales = window.mapa3x1Config.locales;  // dashapp/browser_contract.py
      formats[key] = new Intl.NumberFormat(locales[lang] || locales.es, options);
    }
    return formats[key];
  }

  dagfuncs.mx3x1Money = function (value, lang) {
    if (value === null || value === undefined || value === "" || isNaN(value)) { return "—"; }
    return format(lang, { style: "currency", currency: "MXN", maximumFractionDigits: 0 }).format(value);
  };

  dagfuncs.mx3x1Number = function (value, lang) {
    if (value === null || value === undefined || value === "" || isNaN(value)) { return "—"; }
    return format(lang, { maximumFractionDigits: 0 }).format(value);
  };

  dagfuncs.mx3x1YesNo = function (value) {
    if (value === null || value === undefined) { return "—"; }
    var yes = value === true || value === 1 || value === "1" || value === "true";
    return window.mapa3x1Text(yes ? "common.yes" : "common.no");
  };

  dagfuncs.mx3x1Text = function (value) {
    return value === null || value === undefined || value === "" ? "—" : String(value);
  };
})();

/* ==== /datos ==== */
/* In-page anchors (/datos#cargar) on a page Dash renders after load: scroll to the target once it exists. */
(function () {
  function scrollToHash() {
    var id = decodeURIComponent((window.location.hash || "").slice(1));
    if (!id) { return; }
    var tries = 0;
    var timer = setInterval(function () {
      var target = document.getElementById(id);
      tries += 1;
      if (target) { clearInterval(timer); target.scrollIntoView(); }
      else if (tries > 50) { clearInterval(timer); }
    }, 100);
  }
  window.addEventListener("load", scrollToHash);
  window.addEventListener("hashchange", scrollToHash);
})();

/* The explorer map (dashapp/pages/explorer.py): styles, tooltips and clicks of the geobuf layers.
   The features carry `i` (position in the cvegeo-sorted list); the hideout carries the values in that
   order: need.k (one class character per municipality, "x" = no data), need.v (values), crisis (one
   bitmask character: the OR of the bits of config.crisis), money.m (amount; the radius follows money.max on a square-root scale).
   The constants shared with the server (component ids, crisis bits, zoom, money formats) come from the
   page's config (window.mapa3x1Config: dashapp/browser_contract.py, parsed by framework.js).
   Every text is put in the page with textContent: names from the store are never parsed as HTML. */
window.mapa3x1 = (function () {
  "use strict";
  var config = window.mapa3x1Config, ID = config.ids;
  var CRISIS_DASH = {};  // bit -> dash pattern of the outline (null: solid)
  config.crisis.forEach(function (g) { CRISIS_DASH[g.bit] = g.dash; });

  function locale(lang) { return config.locales[lang] || config.locales.es; }

  function number(value, lang, digits) {
    return new Intl.NumberFormat(locale(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits })
      .format(value);
  }

  function money(value, lang, perPerson) {
    var symbol = config.money.symbol[lang] || config.money.symbol.es;
    if (perPerson && Math.abs(value) < config.money.centsBelow) { return symbol + number(value, lang, 2); }
    if (perPerson || Math.abs(value) < config.money.compactFrom) { return symbol + number(value, lang, 0); }
    return symbol + new Intl.NumberFormat(locale(lang), { notation: "compact", maximumFractionDigits: 1 })
      .format(value);
  }

  function needText(h, i) {
    var need = h.need;
    var k = need.k.charAt(i);
    var cls = (k === "x" || k === "") ? -1 : Number(k);
    if (need.kind === "grade") { return cls >= 0 ? need.labels[cls] : h.nodata; }
    var v = need.v ? need.v[i] : null;
    if (v === null || v === undefined) { return h.nodata; }
    var n = number(v, h.lang, need.digits);
    if (need.kind === "pct") { return n + "\u00a0%"; }
    if (need.kind === "usd") { return (config.money.usd[h.lang] || config.money.usd.es) + n; }
    return n;
  }

  function crisisCode(h, i) {
    return (h.showCrisis && h.crisis) ? Number(h.crisis.charAt(i)) || 0 : 0;
  }

  function line(tag, text, className) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) { node.className = className; }
    return node;
  }

  /* The latest hideout of each layer, set by the clientside callback below. dash-leaflet keeps the
     options it had when a file started loading; a hideout that arrives while the file is in flight
     would otherwise be lost. Reading the latest one here makes the order of arrival irrelevant. */
  var latest = {};
  function hideoutOf(context) {
    return (context && context.id && latest[context.id]) || (context && context.hideout) || {};
  }

  var names = {};  // i -> name, filled by the polygon layers (the circles' file carries no names)
  var mapBox = null;
  var theMap = null;
  function markLoaded(map) {  // hides the "loading the map" text once the first shape is styled
    if (mapBox && mapBox.isConnected && mapBox.classList.contains("is-loaded")) { return; }
    theMap = map || theMap;
    mapBox = document.querySelector(".ex-map");
    if (mapBox) { mapBox.classList.add("is-loaded"); }
    if (map && map.getZoom) { fitNarrow(map); lastCountry = countryView(map); }
    // after the frame that draws the shapes (Leaflet's canvas redraw is queued for that same frame,
    // after this callback): the page may now ask for what comes below the map
    window.requestAnimationFrame(function () { window.setTimeout(painted, 0); });
  }

  /* At the default view (no place, state or view in the address) a phone-wide map shows only part of
     the country at zoom 5: it opens one step out, before its shapes are first drawn. */
  function fitNarrow(map) {
    var params = new URLSearchParams(window.location.search);
    if (params.has("vista") || params.has("sel") || params.has("estado")) { return; }
    if (map.getZoom() === 5 && map.getSize().x < 600) { map.setZoom(4, { animate: false }); }
  }

  /* Once the municipalities are drawn: the state outlines and the circles get their files (their URLs
     are data attributes of the map's box, see _explorer_map.after_paint), and the page is told (store
     ids.EX_PAINTED) so that it builds the filter controls and the table twin. Also called by
     national_layer.js when the municipalities' file fails or has not arrived after 8 s. */
  function painted() {
    var box = document.querySelector(".ex-map");
    if (!box || box.dataset.painted) { return; }
    box.dataset.painted = "1";
    var set = window.dash_clientside.set_props;
    var sameZoom = !theMap || String(theMap.getZoom()) === box.dataset.startZoom;
    if (box.dataset.statesUrl && sameZoom) { set(ID.states, { url: box.dataset.statesUrl }); }
    if (box.dataset.circlesUrl) { set(ID.circles, { url: box.dataset.circlesUrl }); }
    set(ID.painted, { data: Date.now() });
  }

  /* The map is drawn on a canvas (explorer.py: preferCanvas), so a zoom-dependent look is a style, not
     CSS: while the whole country is in view (zoom < config.stateViewZoom) the crisis outlines are
     thinner. Crossing that zoom restyles the polygon layers once. */
  var lastCountry = null;
  function countryView(map) { return !map || !map.getZoom || map.getZoom() < config.stateViewZoom; }

  function zoomStyle(e) {
    var map = e.target;
    var now = countryView(map);
    var crossed = lastCountry !== null && now !== lastCountry;
    lastCountry = now;
    if (!crossed) { return; }
    map.eachLayer(function (layer) {
      if (layer instanceof L.GeoJSON && typeof layer.options.style === "function") { layer.resetStyle(); }
    });
    window.mapa3x1National.restyle(true);
  }

  function radius(money, i) {  // square-root scale, as dashapp/queries/explorer.py radii()
    var m = money.m[i];
    if (!m || !money.max) { return 0; }
    return Math.max(money.rmax * Math.sqrt(m / money.max), money.rmin);
  }

  /* The circles and the localities are drawn with SVG: a canvas covers the whole map and takes every
     pointer event over it, so a canvas above the municipalities' one would keep the pointer from
     them. An SVG only answers on its shapes (app.css lets the rest through, as it does for the panes
     of the outlines, which nobody clicks). One renderer per map and pane. */
  function svgFor(map, pane) {
    var key = "_mapa3x1Svg_" + pane;
    if (!map[key]) { map[key] = L.svg({ pane: pane }); }
    return map[key];
  }

  var toRaise = [];  // [map, layer]
  function raiseAll() {
    var layers = toRaise;
    toRaise = [];
    layers.forEach(function (pair) {
      if (pair[0] && pair[0].hasLayer(pair[1]) && pair[1].bringToFront) { pair[1].bringToFront(); }
    });
  }

  function clickHandler(e, context) {
    var props = e.layer && e.layer.feature && e.layer.feature.properties;
    if (!props || !props.cvegeo) { return; }
    context.setProps({ n_clicks: (context.n_clicks || 0) + 1,
                       clickData: { cvegeo: props.cvegeo, at: Date.now() } });
  }

  /* The legend and the summary strip (explorer.restyle_outputs: data.legend and data.summary, every
     text formatted by the server) drawn into #ex-legend and #ex-summary, which Dash renders empty: as
     ~70 Dash components they slowed the page's first render and every restyle (each component Dash
     mounts has a cost; see the README). Same markup, styled by app.css. */
  function el(tag, className, children) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    children.forEach(function (child) { node.appendChild(child); });
    return node;
  }
  function mark(className, style) {
    var span = line("span", "", className);
    span.setAttribute("aria-hidden", "true");
    Object.assign(span.style, style || {});
    return span;
  }
  /* Fills the element `id` with what build(content) returns, once per new content; an element not in
     the page yet is filled after the next frame. */
  var drawn = {};
  function drawInto(id, content, build) {
    var box = document.getElementById(id);
    if (!box) {
      window.requestAnimationFrame(function () { if (document.getElementById(id)) { drawInto(id, content, build); } });
      return;
    }
    if (drawn[id] === content && box.firstChild) { return; }
    drawn[id] = content;
    box.replaceChildren.apply(box, build(content));
  }

  function legendNodes(legend) {
    var need = legend.need, circles = legend.circles, crisis = legend.crisis;
    var inv = [line("h3", circles.title)];
    if (circles.sizes) {
      inv.push(el("ul", "ex-circles", circles.sizes.map(function (size) {
        var d = size.diameter + "px";
        return el("li", "", [mark("ex-circle", { width: d, height: d, background: circles.colour }), line("span", size.label)]);
      })));
      inv.push(line("p", circles.note, "ex-unit"));
    } else {
      inv.push(line("p", circles.empty, "empty-state"));
    }
    return [
      el("div", "ex-legend-need", [line("h3", need.title), line("p", need.unit, "ex-unit"),
        el("ul", "ex-classes", need.classes.map(function (c) {
          return el("li", "", [mark("ex-swatch", { background: c.colour }), line("span", c.label), line("span", c.count, "ex-count")]);
        }))]),
      el("div", "ex-legend-inv", inv),
      el("div", "ex-legend-crisis", [line("h3", crisis.title), el("ul", "ex-lines", crisis.lines.map(function (l) {
        return el("li", "", [mark("ex-line ex-line-" + l.bit), line("span", l.label)]);
      }))]),
      el("div", "ex-legend-loc", [el("ul", "ex-lines", [el("li", "", [mark("ex-dot"), line("span", legend.localities)])])])];
  }

  /* The table twin (explorer._table_outputs: texts formatted by the server; each row an object keyed
     as browser_contract.TABLE_COLUMNS). A municipality's button selects it as a tap on the map does,
     and the map flies to it (select: fly). */
  function tableNodes(table) {
    var numeric = table.columns.map(function (c) { return c.numeric; });
    function cell(tag, text, column) { return line(tag, text, numeric[column] ? "num" : ""); }
    var head = el("tr", "", table.columns.map(function (c, column) {
      var th = cell("th", c.heading, column);
      th.scope = "col";
      return th;
    }));
    var rows = table.rows.map(function (r) {
      var pick = line("button", r.name, "linklike");
      pick.type = "button";
      pick.title = r.pick;
      pick.dataset.cvegeo = r.cvegeo;
      var link = line("a", table.link);
      link.href = "/municipio/" + encodeURIComponent(r.cvegeo) + table.suffix;
      return el("tr", "", [cell("td", r.rank, 0), el("td", "", [pick]), cell("td", r.state, 2), cell("td", r.value, 3),
                           cell("td", r.projects, 4), cell("td", r.money, 5), cell("td", r.declarations, 6),
                           el("td", "", [link])]);
    });
    var nodes = [el("table", "plain ex-table", [line("caption", table.caption), el("thead", "", [head]),
                                                el("tbody", "", rows)])];
    if (table.note) { nodes.push(line("p", table.note, "ex-unit")); }
    return nodes;
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("#" + ID.table + " button[data-cvegeo]");
    if (button) {
      window.dash_clientside.set_props(ID.mun, { data: { cvegeo: button.dataset.cvegeo, at: Date.now(), fly: true } });
    }
  });

  /* The strip above the map (explorer.summary_strip: items of {figure, text after it, note or null}). */
  function summaryNodes(summary) {
    if (summary.empty) { return [line("p", summary.empty, "empty-state")]; }
    var items = summary.items.map(function (item) {
      var parts = [line("strong", item.figure), document.createTextNode(item.text)];
      if (item.note) { parts.push(document.createElement("br"), line("small", item.note)); }
      return el("div", "", parts);
    });
    if (summary.synthetic) { items.push(el("div", "ex-synthetic", [line("small", summary.synthetic)])); }
    return items;
  }

  /* The layers' hideouts from a restyle payload (explorer.restyle_outputs), the overlays shown and the
     focused state (its municipalities come from the state band's file, so the national layer hides them). */
  function hideouts(data, overlays, focus) {
    var on = overlays || [];
    var base = { need: data.need, crisis: data.crisis, crisisNames: data.crisisNames, lang: data.lang,
                 nodata: data.nodata, showCrisis: on.indexOf("crisis") >= 0 };
    var h = {};
    h[ID.mun] = Object.assign({}, base, { hide: focus || null });
    h[ID.munState] = Object.assign({}, base, { hide: null });
    h[ID.circles] = { money: data.money, lang: data.lang, showMoney: on.indexOf("inv") >= 0 };
    return h;
  }

  /* The latest payload: the one a filter change brought (store ex-data), else the first view's. */
  var payload = null;
  function show(data, overlays, focus) {
    payload = data;
    var h = hideouts(data, overlays, focus);
    Object.keys(h).forEach(function (id) { latest[id] = h[id]; });
    if (data.legend) { drawInto(ID.legend, data.legend, legendNodes); }
    if (data.summary) { drawInto(ID.summary, data.summary, summaryNodes); }
    return h;
  }

  return {
    latest: latest,
    painted: painted,
    table: function (table) { drawInto(ID.table, table, tableNodes); },
    show: show,
    payload: function () { return payload; },
    /* The first view, written by the layout into the map's box (national_layer.js reads it when the
       map is created): {data: restyle payload, overlays, focus}. */
    firstView: function (first) { show(first.data, first.overlays, first.focus); },
    legendClass: function (overlays) {  // as browser_contract.legend_class
      var on = overlays || [];
      return config.legendClass + config.overlays.filter(function (o) { return on.indexOf(o) < 0; })
        .map(function (o) { return " no-" + o; }).join("");
    },
    outlined: function (feature, context) { return Boolean(crisisCode(hideoutOf(context), feature.properties.i)); },

    style: function (feature, context) {
      var h = hideoutOf(context);
      var props = feature.properties;
      markLoaded(context && context.map);
      if (!h.need) { return { fillColor: "#d8dee4", fillOpacity: 0.7, color: "#ffffff", weight: 0.4 }; }
      if (h.hide && props.cvegeo.indexOf(h.hide) === 0) { return { stroke: false, fill: false }; }
      var k = h.need.k.charAt(props.i);
      var style = { fillColor: (k === "x" || k === "") ? h.need.nd : h.need.pal[Number(k)], fillOpacity: 0.88,
                    color: "#ffffff", weight: 0.35, opacity: 0.9, dashArray: null, lineCap: "round" };
      var c = crisisCode(h, props.i);
      if (c) {
        style.color = "#111111";
        var country = countryView(context && context.map);
        style.opacity = country ? 0.75 : 1;
        style.weight = country ? 0.8 : (CRISIS_DASH.hasOwnProperty(c) ? 1.6 : 2.4);  // several groups: thicker
        style.dashArray = CRISIS_DASH.hasOwnProperty(c) ? CRISIS_DASH[c] : null;
      }
      return style;
    },

    /* A polygon only records its name when it is added; its tooltip is made when the pointer first
       reaches it (hover): binding 2,475 tooltips up front delayed the first paint. */
    tooltip: function (feature) {
      var props = feature.properties;
      if (props.n) { names[props.i] = props.n; }
    },

    hover: function (e, context) {
      var layer = e.layer;
      var props = layer && layer.feature && layer.feature.properties;
      if (!props || layer.getTooltip()) { return; }
      layer.bindTooltip(function () {
        var h = hideoutOf(context);
        var box = document.createElement("div");
        box.appendChild(line("strong", props.n || props.cvegeo));
        if (h.need) { box.appendChild(line("div", h.need.title + ": " + needText(h, props.i))); }
        var c = crisisCode(h, props.i);
        if (c) {
          var groups = config.crisis.filter(function (g) { return c & g.bit; })
            .map(function (g) { return h.crisisNames[g.bit]; });
          box.appendChild(line("div", "\u26a0 " + groups.join(", "), "ex-tip-crisis"));
        }
        return box;
      }, { sticky: true, direction: "top", opacity: 0.95 });
      layer.openTooltip(e.latlng);  // this pointer event came before the tooltip's own listeners
    },

    click: clickHandler,
    zoomStyle: zoomStyle,

    /* Outlined (declared) municipalities are drawn last so their neighbours' edges do not cover them:
       collected while a file's shapes are added (one synchronous loop), then raised together right
       after it, before the first frame draws them: a later task would cost a second full redraw. */
    raise: function (e, context) {
      var h = hideoutOf(context);
      var props = e.layer && e.layer.feature && e.layer.feature.properties;
      if (!props || !crisisCode(h, props.i)) { return; }
      toRaise.push([context && context.map, e.layer]);
      if (toRaise.length === 1) { window.queueMicrotask(raiseAll); }
    },

    hasMoney: function (feature, context) {
      var h = hideoutOf(context);
      return Boolean(h.showMoney && h.money && radius(h.money, feature.properties.i) > 0);
    },

    circle: function (feature, latlng, context) {
      var h = hideoutOf(context);
      var i = feature.properties.i;
      var marker = L.circleMarker(latlng, { radius: radius(h.money, i), fillColor: h.money.colour || "#54278f", fillOpacity: 0.5,
                                            color: "#ffffff", weight: 1, pane: context.pane,
                                            renderer: svgFor(context.map, context.pane) });
      marker.bindTooltip(function () {
        var box = document.createElement("div");
        box.appendChild(line("strong", names[i] || feature.properties.cvegeo));
        box.appendChild(line("div", window.mapa3x1Text(h.money.perPerson ? "map.tip.money_per_person" : "map.tip.money",
                                                       { money: money(h.money.m[i], h.lang, h.money.perPerson) })));
        return box;
      }, { direction: "top", opacity: 0.95 });
      return marker;
    },

    locality: function (feature, latlng, context) {
      var h = hideoutOf(context);
      var props = feature.properties;
      var marker = L.circleMarker(latlng, { radius: 4, fillColor: "#1b1b1b", fillOpacity: 0.9, color: "#ffffff",
                                            weight: 1.2, pane: context.pane,
                                            renderer: svgFor(context.map, context.pane) });
      marker.bindTooltip(function () {
        var box = document.createElement("div");
        box.appendChild(line("strong", props.n));
        var values = { n: number(props.p, h.lang, 0), money: money(props.m, h.lang, false) };
        box.appendChild(line("div", window.mapa3x1Text("map.tip.locality", values, props.p)));
        return box;
      }, { direction: "top", opacity: 0.95 });
      return marker;
    }
  };
})();

window.dash_clientside = Object.assign({}, window.dash_clientside, {
  mapa3x1: {
    /* The restyle payload (server; none until a filter changes: the first view's came with the map) +
       overlay switches + focused state -> the layers' hideouts (the national layer's is read by
       national_layer.js) and the legend's class. */
    apply: function (data, overlays, focus) {
      var none = window.dash_clientside.no_update;
      data = data || window.mapa3x1.payload();
      if (!data) { return [none, none, none]; }
      var h = window.mapa3x1.show(data, overlays, focus);
      window.mapa3x1National.restyle(false);
      var ID = window.mapa3x1Config.ids;
      return [h[ID.munState], h[ID.circles], window.mapa3x1.legendClass(overlays)];
    },

    /* The filter controls -> the stores the page's callbacks read: the EX_FILTERS store holds
       {key: value} for the keys of config.controls (browser_contract.CONTROLS), in the order of the
       arguments. The last argument is the store: when the controls first appear they echo its values
       (Dash calls these callbacks then), and an unchanged store is not written, so nothing
       downstream runs again. */
    values: function () {
      var args = arguments, keys = window.mapa3x1Config.controls, current = args[keys.length] || {};
      var values = {}, same = true;
      keys.forEach(function (key, i) {
        values[key] = args[i];
        same = same && JSON.stringify(args[i]) === JSON.stringify(current[key]);
      });
      return same ? window.dash_clientside.no_update : values;
    },
    value: function (value, current) {
      return JSON.stringify(value) === JSON.stringify(current) ? window.dash_clientside.no_update : value;
    },

    /* Draws the table twin (store ex-table-data); one click listener on the document answers every
       row's button (mapa3x1.tableNodes). */
    table: function (table) {
      if (table) { window.mapa3x1.table(table); }
    },

    /* A click on a shape or a circle, a table button, or the panel's close button -> the selection. */
    select: function () {
      var ctx = window.dash_clientside.callback_context;
      var none = window.dash_clientside.no_update;
      var fired = ctx.triggered && ctx.triggered[0];
      if (!fired || !fired.value) { return none; }
      var id = fired.prop_id.split(".")[0];
      if (id === window.mapa3x1Config.ids.panelClose) { return { cvegeo: null, fly: false }; }
      // ex-mun: a municipality of the national layer, or a table row's button (fly: the map goes there)
      return fired.value.cvegeo ? { cvegeo: fired.value.cvegeo, fly: Boolean(fired.value.fly) } : none;
    },

    /* Write the view's query string into the address bar (no navigation); the header's language
       link follows (assets/pages.js). No output: the address is the result. */
    writeUrl: function (search) {
      if (search === null || search === undefined) { return; }
      var url = window.location.pathname + search + window.location.hash;
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(window.history.state, "", url);
        window.mapa3x1Shell.followAddress();
      }
    }
  }
});

/* The explorer's national layer: every municipality (layers/mun_national.bin), drawn as soon as the
   map exists (dashapp/pages/_explorer_map.py).

   A dash-leaflet GeoJSON asks for its file only once its lazily loaded component has rendered, after
   the map is created; then it turns the geobuf into GeoJSON and every vertex into a Leaflet LatLng
   before projecting it. Here the file, preloaded by the page head, is fetched while Dash is still
   starting. It holds the band as pixel rings (geodata/pixel_rings.py): every vertex already projected
   to Web Mercator pixels at zoom 0, read as an Int32Array view with no per-vertex decoding. The shapes
   are ordinary Leaflet polygons on the map's canvas renderer that project those pixels at each zoom (a
   multiplication), so clicks, hover, tooltips and styles work as on any Leaflet layer. The README's
   performance section gives the figures.

   Styles come from the hideout that map.js `apply` computes for "ex-mun", like the other layers'. When
   the map is created, before Dash's first callback, the first view comes from the map's box: the layout
   writes the first restyle payload into its `data-first` attribute (JSON). The map's panes are made
   here too: the national layer is the first thing drawn into them. */
window.mapa3x1National = (function () {
  "use strict";
  var config = window.mapa3x1Config;
  var ID = config.ids.mun;  // the id map.js's hideouts and the select callback know this layer by

  /* A pixel-rings file (geodata/pixel_rings.py: a JSON header, then every vertex as int32 Web Mercator
     pixels at zoom 0 times `scale`) -> [{feature (properties only), rings (Int32Array views), unit}].
     Nothing is read vertex by vertex: the coordinates stay in the file's buffer. */
  function shapesOf(buffer) {
    var size = new DataView(buffer).getUint32(0, true);
    var header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, size)));
    var xy = new Int32Array(buffer, 4 + size), unit = 1 / header.scale, at = 0;  // little-endian, as every browser
    return header.properties.map(function (properties, f) {
      var rings = header.rings[f].map(function (count) {
        at += 2 * count;
        return xy.subarray(at - 2 * count, at);
      });
      return { feature: { type: "Feature", properties: properties }, rings: rings, unit: unit };
    });
  }

  /* A municipality: a polygon of zoom-0 pixels (framework.js PixelPolygon). The band is coarse (0.03°,
     37k vertices in all): Leaflet neither clips it to the view nor simplifies it further (noClip,
     smoothFactor 0), which spares two copies of every ring at each zoom; adding the layer took 78
     instead of 99 ms (13 interleaved cold loads, median). */
  var MUNICIPALITY = { pane: config.panes.fill, noClip: true, smoothFactor: 0 };

  /* url -> decoded shapes (or a promise of them). */
  var decoded = {}, pending = {};
  function absolute(url) { return new URL(url, document.baseURI).href; }  // as a link's href reads
  function load(url) {  // url: absolute
    if (!pending[url]) {
      pending[url] = fetch(url).then(function (response) {
        if (!response.ok) { throw new Error(url + ": HTTP " + response.status); }
        return response.arrayBuffer();
      }).then(function (buffer) {
        decoded[url] = shapesOf(buffer);
        return decoded[url];
      }).catch(function (error) {
        delete pending[url];  // the next map asks again
        console.error("national layer " + url + ":", error);
        throw error;
      });
    }
    return pending[url];
  }
  var preload = document.getElementById(config.ids.nationalPreload);  // dashapp/app.py: preload_links
  if (preload) { load(preload.href).catch(function () {}); }

  var current = null;  // {map, group, shown}: the explorer map on the page and its national layer
  var context = { id: ID };  // what map.js's style, tooltip and hover functions read

  function style(feature) { return window.mapa3x1.style(feature, context); }

  function styleKey(h) {  // what the style function reads of a hideout
    return JSON.stringify([h.need && [h.need.k, h.need.pal, h.need.nd], h.crisis, Boolean(h.showCrisis),
                           h.hide || null, context.map ? context.map.getZoom() < config.stateViewZoom : null]);
  }

  /* Declared (outlined) municipalities are drawn last, so their neighbours' edges do not cover them. */
  function raiseOutlined(group) {
    group.eachLayer(function (layer) {
      if (window.mapa3x1.outlined(layer.feature, context)) { layer.bringToFront(); }
    });
  }

  function add(state, shapes) {
    if (current !== state || state.group) { return; }
    var map = state.map;
    context.map = map;
    var layers = shapes.map(function (shape) {
      window.mapa3x1.tooltip(shape.feature);  // records the name for the circles' tooltips
      return new window.mapa3x1Framework.PixelPolygon(shape, Object.assign({}, MUNICIPALITY, style(shape.feature)));
    });
    state.group = L.featureGroup(layers).on({
      click: function (e) {
        var props = e.layer.feature.properties;
        window.dash_clientside.set_props(ID, { data: { cvegeo: props.cvegeo, at: Date.now() } });
      },
      mouseover: function (e) { window.mapa3x1.hover(e, context); }
    }).addTo(map);
    state.shown = styleKey(window.mapa3x1.latest[ID] || {});
    raiseOutlined(state.group);
  }

  /* A new explorer map (Dash pages make one each time the page is opened): its panes, its first view,
     then its municipalities, at once if their file is decoded, or when it is. */
  L.Map.addInitHook(function () {
    var container = this.getContainer(), box = container.closest(".ex-map");
    if (container.id !== config.ids.map || !box) { return; }
    var map = this;
    Object.keys(config.panes).forEach(function (key, i) {  // bottom to top
      map.createPane(config.panes[key]).style.zIndex = String(config.paneZIndex + 10 * i);
    });
    if (box.dataset.first) { window.mapa3x1.firstView(JSON.parse(box.dataset.first)); }
    var state = current = { map: map, group: null, shown: null };
    var url = absolute(box.dataset.nationalUrl);
    /* After React's commit, in the same task: dash-leaflet sets the map's zoom from its props when it
       mounts, and a phone-wide map opens one step out (map.js fitNarrow, on the first shape styled). */
    map.whenReady(function () {
      window.queueMicrotask(function () {
        if (decoded[url]) { add(state, decoded[url]); return; }
        /* Without its file (network error, HTTP error, a file that cannot be read) the page still gets
           what follows the first paint: controls, table twin, state outlines and circles (map.js
           painted). So does a file that never arrives, after 8 s. */
        var late = window.setTimeout(window.mapa3x1.painted, 8000);
        load(url).then(function (shapes) { window.clearTimeout(late); add(state, shapes); },
                       function () { window.clearTimeout(late); window.mapa3x1.painted(); });
      });
    });
  });

  return {
    /* Restyles the municipalities from the latest hideout (map.js apply; zoomStyle with force). */
    restyle: function (force) {
      var state = current, h = window.mapa3x1.latest[ID];
      if (!state || !state.group || !h || !state.map.hasLayer(state.group)) { return; }
      var key = styleKey(h);
      if (key === state.shown && !force) { return; }
      state.shown = key;
      state.group.eachLayer(function (layer) { layer.setStyle(style(layer.feature)); });
      raiseOutlined(state.group);
    }
  };
})();

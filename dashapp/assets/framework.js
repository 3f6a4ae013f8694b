/* Loaded before the other scripts (Dash loads the assets in alphabetical order).

   1. The page's config: the constants the scripts share with the server (dashapp/browser_contract.py,
      rendered into every page as <script type="application/json" id="mapa3x1-config">), parsed once.
   2. Where the scripts rely on Leaflet's or Dash's internals, in one place (dashapp/framework.py lists
      every workaround with the figure that keeps it, and checks the Dash and dash-leaflet versions).
      Leaflet's version is checked here: another one than these were written for gets a console
      warning naming both. */
window.mapa3x1Config = (function () {
  "use strict";
  var node = document.getElementById("mapa3x1-config");
  if (!node) { throw new Error("mapa3x1: the page has no #mapa3x1-config (dashapp/browser_contract.py)"); }
  return JSON.parse(node.textContent);
})();

window.mapa3x1Framework = (function () {
  "use strict";
  var expected = window.mapa3x1Config.framework.leaflet;
  if (window.L && L.version !== expected) {
    console.warn("mapa3x1: Leaflet " + L.version + " is loaded, but assets/framework.js's PixelPolygon " +
                 "(L.Polygon's _project, _latlngs, _bounds) was written for Leaflet " + expected);
  }

  function latLngOf(x, y, unit) { return L.CRS.EPSG3857.pointToLatLng(L.point(x * unit, y * unit), 0); }

  /* An L.Polygon whose vertices are kept as Web Mercator pixels at zoom 0 times 1/unit (Int32Array
     rings, as geodata/pixel_rings.py writes them) instead of LatLngs: drawing it projects those pixels
     (a multiplication) and never makes a LatLng. Kept because the explorer's national file is read in
     3-6 ms instead of 47 ms of geobuf decoding and 10 ms of projection (commit 3fe1d50; interleaved
     cold loads 0.620 s against 0.675 s). It overrides Leaflet 1.9's private _project (as L.Polyline's:
     rings of layer points, rounded, and their pixel bounds) and makes _latlngs and _bounds getters.
     shape: {feature, rings, unit}. */
  var PixelPolygon = window.L && L.Polygon.extend({
    initialize: function (shape, options) {
      L.setOptions(this, options);
      this.feature = shape.feature;
      this._zoomZero = shape.rings;
      this._unit = shape.unit;
    },
    isEmpty: function () { return false; },
    _project: function () {
      var map = this._map, k = map.options.crs.scale(map.getZoom()) / 256 * this._unit, origin = map.getPixelOrigin();
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      this._rings = this._zoomZero.map(function (pixels) {
        var n = pixels.length / 2, points = new Array(n);
        for (var j = 0; j < n; j++) {
          var x = Math.round(pixels[2 * j] * k) - origin.x, y = Math.round(pixels[2 * j + 1] * k) - origin.y;
          points[j] = new L.Point(x, y);
          if (x < x0) { x0 = x; } if (x > x1) { x1 = x; } if (y < y0) { y0 = y; } if (y > y1) { y1 = y; }
        }
        return points;
      });
      this._rawPxBounds = new L.Bounds([x0, y0], [x1, y1]);
      this._updateBounds();
    }
  });
  /* LatLngs (getLatLngs, getCenter) and their bounds (getBounds) are made from the pixels the first
     time they are asked for: drawing needs neither. */
  if (PixelPolygon) {
    Object.defineProperty(PixelPolygon.prototype, "_latlngs", { get: function () {
      if (!this._fromPixels) {
        var unit = this._unit;
        this._fromPixels = this._zoomZero.map(function (pixels) {
          var ring = [];
          for (var j = 0; j < pixels.length; j += 2) { ring.push(latLngOf(pixels[j], pixels[j + 1], unit)); }
          return ring;
        });
      }
      return this._fromPixels;
    } });
    Object.defineProperty(PixelPolygon.prototype, "_bounds", { get: function () {
      if (!this._boundsOfPixels) {
        var bounds = L.latLngBounds([]);
        this._latlngs.forEach(function (ring) { bounds.extend(ring); });
        this._boundsOfPixels = bounds;
      }
      return this._boundsOfPixels;
    } });
  }

  /* fn runs after every navigation without a page load: the back button, and Dash's dcc.Location and
     dcc.Link, which announce theirs with the event "_dashprivate_pushstate" (Dash 4.4's renderer). */
  function onDashNavigation(fn) {
    window.addEventListener("popstate", fn);
    window.addEventListener("_dashprivate_pushstate", fn);
  }

  return { PixelPolygon: PixelPolygon, onDashNavigation: onDashNavigation };
})();

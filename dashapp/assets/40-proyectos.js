/* /proyectos: AG Grid value formatters (money in es-MX / en-US, yes/no). Values are formatted as
   text; no HTML renderer is used, so project and club names can never inject markup. */
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

(function () {
  var formats = {};
  function format(lang, options) {
    var key = lang + JSON.stringify(options);
    if (!formats[key]) {
      formats[key] = new Intl.NumberFormat(lang === "en" ? "en-US" : "es-MX", options);
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

  dagfuncs.mx3x1YesNo = function (value, lang) {
    if (value === null || value === undefined) { return "—"; }
    var yes = value === true || value === 1 || value === "1" || value === "true";
    return lang === "en" ? (yes ? "yes" : "no") : (yes ? "sí" : "no");
  };

  dagfuncs.mx3x1Text = function (value) {
    return value === null || value === undefined || value === "" ? "—" : String(value);
  };
})();

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

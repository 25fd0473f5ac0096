/* The map takes the rest of the window: the page's style sizes it to
 * calc(100vh - var(--sm-map-top)) (webapp/presenter.py MAP_CSS), and this script keeps
 * --sm-map-top at the top of the map's place, however tall the title, the controls or the
 * presenter's caption are at this width. The page's style starts with the usual value, so the
 * map's place has its height from the first: it is changed only when it is off by more than a
 * few pixels, and only once the map is drawn (while the page loads, elements above the map come
 * and go; measured then, the map grew and shrank). Runs in the page (same origin) next to clicker.js. */
(function () {
  "use strict";
  var doc = window.parent.document;
  var root = doc.documentElement;

  function scroller(node) {  // Streamlit scrolls its main area, not the window
    for (var n = node && node.parentElement; n; n = n.parentElement) {
      if (n.scrollHeight > n.clientHeight && /(auto|scroll)/.test(window.parent.getComputedStyle(n).overflowY)) return n;
    }
    return null;
  }

  function drawn(box) {
    var frame = box.querySelector("iframe[title='streamlit_folium.st_folium']");
    try { return !!(frame && frame.contentDocument.body.hasAttribute("data-story-drawn")); } catch (err) { return false; }
  }
  function whenDrawn() {  // a check per frame until the map is drawn, then measure once
    var box = doc.querySelector(".st-key-map-box");
    if (box && drawn(box)) measure(); else window.requestAnimationFrame(whenDrawn);
  }

  function measure() {
    var box = doc.querySelector(".st-key-map-box");
    if (!box || !drawn(box)) return;
    var s = scroller(box);
    var top = Math.round(box.getBoundingClientRect().top + (s ? s.scrollTop - s.getBoundingClientRect().top : 0));
    var now = parseFloat(window.parent.getComputedStyle(root).getPropertyValue("--sm-map-top")) || 0;
    if (top > 0 && Math.abs(top - now) > 8) root.style.setProperty("--sm-map-top", top + "px");
  }

  if (doc.__smMapFit) doc.__smMapFit.disconnect();
  var watch = new ResizeObserver(measure);
  var main = doc.querySelector('[data-testid="stMainBlockContainer"]');
  if (main) watch.observe(main);
  doc.__smMapFit = watch;
  window.parent.addEventListener("resize", measure);
  whenDrawn();
})();

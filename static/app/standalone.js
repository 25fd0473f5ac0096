/* The standalone export's page: the day control, language and mode switches, and print sheets.
 *
 * Everything is precomputed by geo/render/standalone.py and embedded as JSON (#sm-data, #sm-basemap);
 * this script only switches between data sets. Story text reaches the page through StoryMap
 * (textContent) or textContent here; the only HTML strings are the layer control's labels,
 * whose names were escaped in Python (nameHtml), and fixed markup.
 *
 * URL parameters (query or #hash): lang=vi|en, day=YYYY-MM-DD, mode=day|cumulative,
 * print=all|YYYY-MM-DD (print mode: one A4-landscape sheet per day, then
 * body[data-print-ready] is set).
 */
(function () {
  "use strict";
  var SM = window.StoryMap;
  var DATA = JSON.parse(document.getElementById("sm-data").textContent);
  var BASEMAP = JSON.parse(document.getElementById("sm-basemap").textContent);
  var LABELS = JSON.parse(document.getElementById("sm-labels").textContent);
  var LAST = DATA.days.length - 1;

  function $(id) { return document.getElementById(id); }

  function urlParams() {
    var out = {};
    [location.search.slice(1), location.hash.slice(1)].forEach(function (part) {
      new URLSearchParams(part).forEach(function (value, key) { out[key] = value; });
    });
    return out;
  }

  var P = urlParams();
  var state = {
    lang: DATA.langs.indexOf(P.lang) >= 0 ? P.lang : DATA.lang,
    mode: P.mode === "cumulative" ? "cumulative" : "day",
    day: Math.max(0, DATA.days.indexOf(P.day || "")),
    playing: false
  };

  function words() { return DATA.words[state.lang]; }

  /* A map with the offline basemap and a marker cluster; `still` for print sheets. */
  function makeMap(container, still) {
    var map = L.map(container, {
      minZoom: 2, maxZoom: 18, worldCopyJump: true, zoomSnap: 0.5, attributionControl: false,
      zoomControl: !still, zoomAnimation: !still, fadeAnimation: !still, markerZoomAnimation: !still
    });
    L.control.attribution({ prefix: DATA.attribution }).addTo(map);  /* plain text, no link */
    map.fitBounds(DATA.region, { padding: [20, 20] });
    var ready = SM.basemap(map, BASEMAP);
    var cluster = L.markerClusterGroup({ maxClusterRadius: 36, spiderfyOnMaxZoom: true,
      showCoverageOnHover: false, animate: !still });
    map.addLayer(cluster);
    SM.labelsByZoom(map, 6);
    SM.keepPopupsReadable(map);
    return { map: map, cluster: cluster, ready: ready };
  }

  /* Properties of a view's events by id. */
  function propsById(view) {
    var props = {};
    Object.keys(view).forEach(function (layerId) {
      view[layerId].features.forEach(function (f) { props[f.properties.id] = f.properties; });
    });
    return props;
  }

  function whenText(p) {
    return p.date + (p.time ? " · " + p.time : "") + " · " + p.place;
  }

  /* ---- print mode ------------------------------------------------------------------------ */

  function captionsFit(list) {
    return list.scrollHeight <= list.clientHeight + 1 && list.scrollWidth <= list.clientWidth + 1;
  }

  /* Make a day's captions fit its sheet: smaller type, then a narrower map and more columns. */
  function fitCaptions(sheet, list) {
    var layouts = [[false, 1, 7], [true, 2, 7], [true, 3, 4]];
    for (var n = 0; n < layouts.length; n++) {
      sheet.classList.toggle("sm-sheet-wide", layouts[n][0]);
      list.style.columnCount = String(layouts[n][1]);
      for (var size = 10; size >= layouts[n][2]; size -= 0.5) {
        list.style.fontSize = size + "pt";
        if (captionsFit(list)) return;
      }
    }
    sheet.setAttribute("data-captions-cut", "true");  /* overflow: hidden keeps one page per day */
  }

  function buildPrint(which) {
    var lang = state.lang, w = DATA.words[lang];
    document.body.classList.add("sm-print");
    document.documentElement.lang = lang;
    document.title = DATA.title[lang];
    var indices = which === "all" ? DATA.days.map(function (_, i) { return i; })
      : [Math.max(0, DATA.days.indexOf(which))];
    var root = $("sm-print"), ready = [];
    indices.forEach(function (i) {
      var view = DATA.views[lang].day[i], props = propsById(view);
      var sheet = SM.el("section", "sm-sheet");
      sheet.setAttribute("data-day", DATA.days[i]);
      var head = SM.el("header");
      head.appendChild(SM.el("h1", null, DATA.title[lang]));
      head.appendChild(SM.el("h2", null, DATA.labels[lang][i]));
      sheet.appendChild(head);
      var box = SM.el("div", "sm-sheet-map");
      box.setAttribute("aria-label", w.map_label);
      sheet.appendChild(box);
      var list = SM.el("ul", "sm-captions");
      sheet.appendChild(list);
      DATA.order.day[i].forEach(function (id) {
        var p = props[id];
        if (!p) return;
        var li = SM.el("li");
        li.style.setProperty("--sm-c", SM.safeColor(p.color));
        li.appendChild(SM.el("span", "sm-cap-title", p.title));
        /* the sheet names the day; a span begun earlier keeps its dates */
        var when = (p.status === "active" ? p.date + " · " : "") + (p.time ? p.time + " · " : "") + p.place;
        li.appendChild(SM.el("p", "sm-when", when));
        if (p.summary) li.appendChild(SM.el("p", "sm-summary", p.summary));
        list.appendChild(li);
      });
      if (!list.children.length) list.appendChild(SM.el("li", null, w.no_events));
      root.appendChild(sheet);
      fitCaptions(sheet, list);  /* before the map: it may narrow the map */

      var m = makeMap(box, true);
      Object.keys(view).forEach(function (layerId) { SM.addEvents(m.map, m.cluster, view[layerId], DATA.popup[lang]); });
      SM.legend(m.map, DATA.layers[lang], w.legend);
      if (DATA.bounds.day[i]) m.map.fitBounds(DATA.bounds.day[i], { maxZoom: 8, padding: [30, 30] });
      ready.push(m.ready);
    });
    Promise.all(ready).then(function () {
      requestAnimationFrame(function () {
        document.body.setAttribute("data-print-ready", String(indices.length));
      });
    });
  }

  if (P.print) {
    buildPrint(P.print);
    return;
  }

  /* ---- interactive page ---------------------------------------------------------------- */

  var slider = $("sm-slider"), playBtn = $("sm-play"), modeSel = $("sm-mode");
  slider.max = String(Math.max(0, LAST));
  slider.value = String(state.day);
  modeSel.value = state.mode;

  var base = makeMap("sm-map", false);
  var map = base.map, cluster = base.cluster;
  window.storyCluster = cluster;  /* as in the app: StoryMap.focus un-clusters through it */
  window.storyMapStandalone = map;
  /* Place names, as in the app, from the names this file carries. */
  var labels = SM.mapLabels(map, { lang: state.lang, world: LABELS.world, tiles: LABELS.tiles }, base.ready);

  var groups = {};
  DATA.layers[state.lang].forEach(function (layer) {
    groups[layer.id] = L.featureGroup.subGroup(cluster);
    map.addLayer(groups[layer.id]);
  });
  var layersCtl = null, legendCtl = null, regionCtl = null;

  function swatch(color) {
    return '<span class="sm-swatch" style="background:' + SM.safeColor(color) + '"></span>';
  }

  function currentView() { return DATA.views[state.lang][state.mode][state.day]; }

  function drawList() {
    var view = currentView(), props = propsById(view), ol = $("sm-events");
    ol.textContent = "";
    DATA.order[state.mode][state.day].forEach(function (id) {
      var p = props[id];
      if (!p || !map.hasLayer(groups[p.layer])) return;
      var li = SM.el("li", p.status === "earlier" ? "sm-earlier-item" : null);
      li.style.setProperty("--sm-c", SM.safeColor(p.color));
      var b = SM.el("button", "sm-event", p.title);
      b.type = "button";
      b.setAttribute("data-event", id);
      b.addEventListener("click", function () {
        SM.focus(map, { day: DATA.days[state.day], event: id, bounds: null, eventZoom: DATA.eventZoom[id] });
      });
      li.appendChild(b);
      li.appendChild(SM.el("p", "sm-when", whenText(p)));
      if (p.summary) li.appendChild(SM.el("p", "sm-summary", p.summary));
      ol.appendChild(li);
    });
    var empty = $("sm-empty");
    empty.textContent = words().no_events;
    empty.hidden = ol.children.length > 0;
  }

  /* Draw the current view's events; refit the map to them on a new day or mode. */
  function drawEvents(refit) {
    var lang = state.lang, view = currentView();
    map.closePopup();
    SM.registry = {};
    Object.keys(groups).forEach(function (id) {
      groups[id].clearLayers();
      if (view[id]) SM.addEvents(map, groups[id], view[id], DATA.popup[lang]);
    });
    if (layersCtl) map.removeControl(layersCtl);
    layersCtl = L.control.layers(null, null, { collapsed: window.innerWidth < 900 });
    DATA.layers[lang].forEach(function (layer) {
      var n = view[layer.id] ? view[layer.id].features.length : 0;
      layersCtl.addOverlay(groups[layer.id], swatch(layer.color) + layer.nameHtml + " (" + n + ")");
    });
    layersCtl.addTo(map);
    layersCtl.getContainer().setAttribute("aria-label", words().layers);
    drawList();
    SM.focus(map, { day: DATA.days[state.day], event: null, maxZoom: 8,
      bounds: refit ? DATA.bounds[state.mode][state.day] : null });
  }

  map.on("overlayadd overlayremove", drawList);

  function writeHash() {
    var q = new URLSearchParams({ lang: state.lang, day: DATA.days[state.day], mode: state.mode });
    try { history.replaceState(null, "", "#" + q.toString()); } catch (e) { /* some browsers refuse on file:// */ }
  }

  function showDay() {
    var label = DATA.labels[state.lang][state.day];
    slider.value = String(state.day);
    slider.setAttribute("aria-valuetext", label);
    $("sm-day-label").textContent = label;
    $("sm-prev").disabled = state.day <= 0;
    $("sm-next").disabled = state.day >= LAST;
    document.body.setAttribute("data-story-mode", state.mode);
  }

  function showPlay() {
    playBtn.textContent = state.playing ? words().pause : words().play;
    playBtn.setAttribute("aria-pressed", state.playing ? "true" : "false");
    playBtn.disabled = LAST <= 0;
  }

  function go(i) {
    i = Math.max(0, Math.min(LAST, i));
    if (i === state.day) { showDay(); return; }
    state.day = i;
    showDay();
    drawEvents(true);
    writeHash();
  }

  var timer = null;
  function setPlaying(on) {
    clearTimeout(timer);
    state.playing = on && LAST > 0;
    if (state.playing) {
      if (state.day >= LAST) go(0);
      timer = setTimeout(tick, DATA.playSeconds * 1000);
    }
    showPlay();
  }
  function tick() {
    go(state.day + 1);
    if (state.day >= LAST) setPlaying(false);
    else timer = setTimeout(tick, DATA.playSeconds * 1000);
  }
  function step(i) { if (state.playing) setPlaying(false); go(i); }

  function applyLanguage() {
    var lang = state.lang, w = words();
    document.documentElement.lang = lang;
    if (labels) labels.setLang(lang);
    document.title = DATA.title[lang];
    $("sm-title").textContent = DATA.title[lang];
    Array.prototype.forEach.call(document.querySelectorAll(".sm-lang"), function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-lang") === lang ? "true" : "false");
    });
    $("sm-langs").setAttribute("aria-label", w.language);
    $("sm-daybar").setAttribute("aria-label", w.day);
    $("sm-prev").textContent = w.previous;
    $("sm-next").textContent = w.next;
    $("sm-day-word").textContent = w.day;
    $("sm-mode-word").textContent = w.mode;
    modeSel.options[0].textContent = w.mode_day;
    modeSel.options[1].textContent = w.mode_cumulative;
    $("sm-list-title").textContent = w.events_of_day;
    map.getContainer().setAttribute("aria-label", w.map_label);
    if (legendCtl) map.removeControl(legendCtl);
    if (regionCtl) map.removeControl(regionCtl);
    regionCtl = SM.regionControl(map, DATA.region, w.whole_region);
    legendCtl = SM.legend(map, DATA.layers[lang], w.legend);
    showDay();
    showPlay();
  }

  /* ---- controls ------------------------------------------------------------------------- */

  $("sm-prev").addEventListener("click", function () { step(state.day - 1); });
  $("sm-next").addEventListener("click", function () { step(state.day + 1); });
  slider.addEventListener("input", function () { step(parseInt(slider.value, 10) || 0); });
  playBtn.addEventListener("click", function () { setPlaying(!state.playing); });
  modeSel.addEventListener("change", function () {
    state.mode = modeSel.value === "cumulative" ? "cumulative" : "day";
    showDay();
    drawEvents(true);
    writeHash();
  });
  Array.prototype.forEach.call(document.querySelectorAll(".sm-lang"), function (b) {
    b.addEventListener("click", function () {
      var lang = b.getAttribute("data-lang");
      if (DATA.langs.indexOf(lang) < 0 || lang === state.lang) return;
      state.lang = lang;
      applyLanguage();
      drawEvents(false);
      writeHash();
    });
  });

  var STEPS = { ArrowLeft: -1, ArrowRight: 1, PageUp: -1, PageDown: 1 };
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    var t = e.target, tag = t && t.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || (t && t.isContentEditable)) return;
    var inMap = !!(t && t.closest && t.closest(".leaflet-container"));
    var k = e.key;
    if (STEPS.hasOwnProperty(k)) {
      if (inMap && (k === "ArrowLeft" || k === "ArrowRight")) return;  /* the map pans */
      e.preventDefault();
      step(state.day + STEPS[k]);
    } else if (k === "Home" || k === "End") {
      e.preventDefault();
      step(k === "Home" ? 0 : LAST);
    } else if (k === " " || k === "Spacebar") {
      if (tag === "BUTTON" || tag === "A" || tag === "SUMMARY") return;  /* they act on Space */
      e.preventDefault();
      setPlaying(!state.playing);
    }
  });

  applyLanguage();
  showDay();
  drawEvents(true);
})();

/* StoryMap: draws a story's events on a Leaflet map.
 *
 * All story text reaches the page through textContent or DOM attributes, never through
 * innerHTML, so a story cannot run script. Colours and icon names are checked against
 * fixed patterns before they are used in markup.
 * Used by the Streamlit app (through folium) and by the standalone HTML export.
 */
(function () {
  "use strict";
  var SM = (window.StoryMap = window.StoryMap || {});
  SM.registry = SM.registry || {};
  SM.drawn = SM.drawn || 0;

  var ICONS = {
    talks: '<path d="M3 4h11a2 2 0 0 1 2 2v5a2 2 0 0 1-2 2H9l-4 3v-3H3a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/><path d="M18 8h3a2 2 0 0 1 2 2v5a2 2 0 0 1-2 2h-1v3l-4-3h-4a2 2 0 0 1-2-2v-1h5a4 4 0 0 0 4-4z"/>',
    agreement: '<path d="M5 2h10l5 5v15H5z"/><path d="M8 11h9M8 14h9M8 17h6" stroke="var(--sm-c)" stroke-width="1.6"/>',
    island: '<path d="M2 17c3-5 6-7 10-7s7 2 10 7z"/><path d="M2 20.5c2.5-1.5 4.5-1.5 7 0s4.5 1.5 7 0 4.5-1.5 6 0" fill="none" stroke="#fff" stroke-width="1.6"/><path d="M12 10V4m0 0c-2-1-4 0-5 1m5-1c2-1 4 0 5 1" fill="none" stroke="#fff" stroke-width="1.6"/>',
    activity: '<path d="M2 12c3-5 9-6 13-2l6-4v12l-6-4c-4 4-10 3-13-2z"/><circle cx="7" cy="11" r="1.3" fill="var(--sm-c)"/>',
    commentary: '<path d="M4 6h6v6l-3 6H4l2-6H4zM13 6h6v6l-3 6h-3l2-6h-2z"/>',
    place: '<circle cx="12" cy="12" r="6"/>'
  };

  function safeColor(c) { return /^#[0-9a-fA-F]{6}$/.test(c) ? c : "#555555"; }
  function iconSvg(name) { return ICONS.hasOwnProperty(name) ? ICONS[name] : ICONS.place; }
  SM.iconSvg = iconSvg;
  SM.safeColor = safeColor;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  SM.el = el;

  /* A marker icon: the layer's glyph in white on the layer's colour. */
  SM.icon = function (p) {
    var size = p.status === "new" || p.selected ? 38 : 30;
    var cls = "sm-pin sm-" + (/^[a-z]+$/.test(p.status) ? p.status : "active") + (p.selected ? " sm-selected" : "");
    var html = '<div class="' + cls + '" style="--sm-c:' + safeColor(p.color) + '">' +
      '<svg viewBox="0 0 24 24" aria-hidden="true" fill="#fff">' + iconSvg(p.icon) + "</svg></div>";
    return L.divIcon({ className: "sm-icon", html: html, iconSize: [size, size], iconAnchor: [size / 2, size / 2],
      popupAnchor: [0, -size / 2], tooltipAnchor: [size / 2, 0] });
  };

  /* The popup of one event, built from text only. */
  SM.popup = function (p, words) {
    if (p.summary === undefined) {  // texts not sent with the marker: the page's, else ask for them
      var more = SM.detailsOf && SM.detailsOf(p.id);
      if (more) p = Object.assign({}, p, more);
    }
    var root = el("article", "sm-popup");
    var head = el("div", "sm-popup-layer");
    var sw = el("span", "sm-swatch");
    sw.style.background = safeColor(p.color);
    head.appendChild(sw);
    head.appendChild(el("span", null, p.layer_name));
    if (p.status === "new" || p.status === "earlier") head.appendChild(el("span", "sm-badge sm-badge-" + p.status, words[p.status]));
    root.appendChild(head);
    root.appendChild(el("h2", "sm-title", p.title));
    root.appendChild(el("p", "sm-meta", p.date + (p.time ? " · " + p.time : "")));
    root.appendChild(el("p", "sm-meta", words.place + ": " + p.place + " (" + words.precision + ": " + p.precision + ")"));
    if (p.summary === undefined) {
      var wait = el("p", "sm-loading", words.loading_details);
      wait.setAttribute("role", "status");
      root.appendChild(wait);
      if (SM.askDetails) SM.askDetails(p.id);
      return root;
    }
    if (p.summary) root.appendChild(el("p", "sm-summary", p.summary));  // a summary and quotes are optional
    if (p.quote_vi || p.quote_en) {
      var fig = el("figure", "sm-quote");
      if (p.quote_vi) {
        fig.appendChild(el("figcaption", null, words.article_says));
        var qvi = el("blockquote", null, p.quote_vi); qvi.lang = "vi"; fig.appendChild(qvi);
      }
      if (p.quote_en) {
        fig.appendChild(el("figcaption", null, words.translation));
        var qen = el("blockquote", null, p.quote_en); qen.lang = "en"; fig.appendChild(qen);
      }
      root.appendChild(fig);
    }
    if (p.facts && p.facts.length) {
      root.appendChild(el("h3", null, words.geography));
      var ul = el("ul", "sm-facts");
      p.facts.forEach(function (f) { ul.appendChild(el("li", null, f)); });
      root.appendChild(ul);
    }
    if (p.note) {
      root.appendChild(el("h3", null, words.note));
      root.appendChild(el("p", "sm-note", p.note));
    }
    if (p.sources && p.sources.length) {
      root.appendChild(el("h3", null, words.sources));
      var ol = el("ol", "sm-sources");
      p.sources.forEach(function (s) {
        var li = el("li");
        if (s.url && /^https?:\/\//i.test(s.url)) {
          var a = el("a", null, s.title);
          a.href = s.url; a.target = "_blank"; a.rel = "noopener noreferrer";
          li.appendChild(a);
        } else {
          li.textContent = s.title;
        }
        ol.appendChild(li);
      });
      root.appendChild(ol);
    }
    return root;
  };

  function shapeStyle(p) {
    var c = safeColor(p.color);
    var muted = p.status === "earlier";
    return {
      color: p.selected ? "#000000" : c, weight: p.selected ? 4 : (p.kind === "shape" && p.status !== "background" ? 4 : 2),
      opacity: muted ? 0.5 : 0.95, fillColor: c, fillOpacity: muted ? 0.12 : (p.selected ? 0.5 : 0.3),
      dashArray: p.status === "background" || muted ? null : (p.kind === "shape" ? "10 8" : null)
    };
  }

  /* A thematic layer's group inside the shared cluster. markercluster fails ("'_leaflet_id' in
   * undefined") when markers are removed while their cluster is spiderfied, as after opening an
   * event in a crowded place; so the cluster is folded back, without animation, first. */
  SM.subGroup = function (cluster) {
    if (!cluster || !L.featureGroup.subGroup) return L.featureGroup();
    var group = L.featureGroup.subGroup(cluster);
    var remove = group.onRemove;
    group.onRemove = function (map) {
      var open = cluster._spiderfied;
      if (open && open._noanimationUnspiderfy) {
        open._noanimationUnspiderfy();
        cluster._spiderfied = null;
      }
      return remove.call(this, map);
    };
    return group;
  };

  /* Add one layer's FeatureCollection to a (sub)group; remembers each event's Leaflet layer. */
  SM.addEvents = function (map, group, collection, words) {
    var geo = L.geoJSON(collection, {
      pointToLayer: function (f, latlng) {
        var p = f.properties;
        return L.marker(latlng, { icon: SM.icon(p), title: p.title, alt: p.title, keyboard: true,
          riseOnHover: true, zIndexOffset: p.status === "new" ? 1000 : (p.status === "earlier" ? -500 : 0) });
      },
      style: function (f) { return shapeStyle(f.properties); },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        // An event at several places (MultiPoint) is a group of markers that live in the
        // cluster, not on the map: each marker gets the popup, the first one stands for the event.
        var parts = layer instanceof L.FeatureGroup ? layer.getLayers() : [layer];
        parts.forEach(function (part) {
          part.bindPopup(function () { return SM.popup(p, words); }, { maxWidth: 420, minWidth: 260, autoPanPadding: [20, 20] });
          if (p.label) {
            part.bindTooltip(el("span", null, p.label), { permanent: true, direction: "center", className: "sm-label" });
          } else {
            part.bindTooltip(el("span", null, p.title), { direction: "top", className: "sm-tip" });
          }
          part.storyEventId = p.id;
          part.storyPlace = p.place;
        });
        SM.registry[p.id] = parts[0];
      }
    });
    geo.eachLayer(function (layer) { group.addLayer(layer); });
    return geo;
  };

  /* Refill a layer's group. Taken off the map meanwhile, so the cluster removes and adds its
   * markers in one batch each (thousands of events); a layer the reader switched off stays off. */
  function refillGroup(map, group, collection, words) {
    var shown = map.hasLayer(group);
    SM.movingGroups = (SM.movingGroups || 0) + 1;
    try {
      if (shown) map.removeLayer(group);  // subGroup's onRemove folds a spiderfied cluster back first
      group.clearLayers();
      if (collection) SM.addEvents(map, group, collection, words);
      if (shown) map.addLayer(group);
    } finally { SM.movingGroups -= 1; }
  }

  /* The map inside the Streamlit app is drawn once; each view (day, statuses, chosen event) is
   * handed over by the page (webapp/map_driver.py) through window.parent.__storyData[key]:
   * { features: {id: marker Feature}, details: {id: popup texts}, view: { items: [[id, status]],
   * focus: {...} }, ask(id) }. The page keeps what it was sent, so a step sends only ids, and a
   * map frame that is rebuilt finds everything again. `layers` is the story's layer table. */
  SM.bindView = function (map, key, groups, layers, words) {
    var host = window.parent && window.parent !== window ? window.parent : window;
    var applied = null;
    var counts = {}, trueCounts = null;
    var slotOf = function () { return host.__storyData && host.__storyData[key]; };
    SM.detailsOf = function (id) { var slot = slotOf(); return slot && slot.details[id]; };
    SM.askDetails = function (id) { var slot = slotOf(); if (slot && slot.ask) slot.ask(id); };
    function showCounts() {
      var slots = map.getContainer().querySelectorAll(".sm-count[data-layer]");
      Array.prototype.forEach.call(slots, function (slot) {
        // a layer switched on: what the view draws (also a view drawn ahead, at a click); switched
        // off: what it would draw, as the server counted it
        var layerId = slot.getAttribute("data-layer"), on = groups[layerId] && map.hasLayer(groups[layerId]);
        slot.textContent = "(" + ((on || !trueCounts ? counts : trueCounts)[layerId] || 0) + ")";
      });
    }
    function apply() {
      syncLayers();
      var slot = slotOf();
      if (!slot || !slot.view || slot.view === applied) return;
      var view = slot.view, byLayer = {};
      applied = view;
      counts = {};
      var selected = view.focus && view.focus.event;
      view.items.forEach(function (item) {
        var base = slot.features[item[0]];
        if (!base) return;  // the page asks the server for it again (missing Features)
        var layer = layers[base.properties.layer] || {};
        var p = Object.assign({ layer_name: layer.name, color: layer.color, icon: layer.icon }, base.properties,
          { status: item[1], selected: item[0] === selected });
        (byLayer[p.layer] = byLayer[p.layer] || []).push({ type: "Feature", geometry: base.geometry, properties: p });
        counts[p.layer] = (counts[p.layer] || 0) + 1;
      });
      map.closePopup();
      SM.registry = {};
      Object.keys(groups).forEach(function (layerId) {
        var features = byLayer[layerId];
        refillGroup(map, groups[layerId], features && { type: "FeatureCollection", features: features }, words);
      });
      showCounts();
      SM.focus(map, view.focus);
      if (SM.refreshLabels) SM.refreshLabels();
      if (slot.reportDrawn) slot.reportDrawn();  // the page's first view waits for it (webapp/map_driver.py)
    }
    /* Popup texts arrived: an open popup of one of these events shows them. */
    function details(ids) {
      ids.forEach(function (id) {
        var layer = SM.registry[id];
        var popup = layer && layer.getPopup && layer.getPopup();
        if (popup && popup.isOpen()) popup.update();
      });
    }
    /* The layer control follows the page's choice of layers (its groups on or off, the day's
     * counts of every layer); a switch flipped in the control goes back to the page. */
    var layersText = null;
    function syncLayers() {
      var slot = slotOf(), state = slot && slot.layers;
      if (!state) return;
      var text = JSON.stringify(state);
      if (text === layersText) return;
      layersText = text;
      trueCounts = state.counts || {};
      SM.movingGroups = (SM.movingGroups || 0) + 1;
      try {
        Object.keys(groups).forEach(function (layerId) {
          var on = state.shown.indexOf(layerId) >= 0;
          if (on && !map.hasLayer(groups[layerId])) map.addLayer(groups[layerId]);
          if (!on && map.hasLayer(groups[layerId])) map.removeLayer(groups[layerId]);
        });
      } finally { SM.movingGroups -= 1; }
      showCounts();
    }
    map.on("overlayadd overlayremove", function () {
      if (SM.movingGroups) return;  // our own refill or sync, not the reader's click in the control
      var slot = slotOf();
      var shown = Object.keys(groups).filter(function (layerId) { return map.hasLayer(groups[layerId]); });
      if (slot && slot.layers) { slot.layers = { shown: shown, counts: slot.layers.counts }; layersText = JSON.stringify(slot.layers); }
      if (slot && slot.setLayers) slot.setLayers(shown);
    });
    map.on("overlayadd overlayremove baselayerchange", showCounts);  // the layer control redraws its labels
    host.__storyMaps = host.__storyMaps || {};
    host.__storyMaps[key] = { apply: apply, details: details, layers: syncLayers };
    apply();
    return apply;
  };

  /* Show a marker that lives in the cluster: go to it, unfold its cluster if it is still
   * folded, open its popup. Not markercluster's zoomToShowLayer: its pending handlers outlive
   * the markers of a previous view and then throw on every later move. A newer focus wins. */
  SM.focusGeneration = SM.focusGeneration || 0;
  function showClustered(map, cluster, target, zoom, animate) {
    var generation = ++SM.focusGeneration;
    var current = function () { return generation === SM.focusGeneration && cluster.hasLayer(target); };
    var reveal = function () {
      if (!current()) return;
      if (cluster._inZoomAnimation) { cluster.once("animationend", reveal); return; }  // let it regroup first
      var parent = cluster.getVisibleParent(target);
      if (parent && parent !== target && parent.spiderfy) {
        cluster.once("spiderfied", function () { if (current()) target.openPopup(); });
        parent.spiderfy();
      } else {
        target.openPopup();
      }
    };
    map.once("moveend", function () { setTimeout(reveal, 0); });
    map.setView(target.getLatLng(), Math.max(zoom || 9, 3), { animate: animate });
  }

  /* Move the map to the day's events or to the chosen event, then mark the page as drawn. */
  SM.focus = function (map, spec) {
    var target = spec.event ? SM.registry[spec.event] : null;
    var cluster = window.storyCluster;
    // The first view is set without animation: the frame is still being sized, which would cut it short.
    var animate = SM.drawn > 0;
    SM.drawn += 1;
    var body = document.body;
    body.setAttribute("data-story-day", spec.day || "");
    body.setAttribute("data-story-event", spec.event || "");
    body.setAttribute("data-story-drawn", String(SM.drawn));
    if (target && target.getLatLng && cluster && cluster.hasLayer(target)) {
      showClustered(map, cluster, target, spec.eventZoom, animate);
    } else if (target && (map.hasLayer(target))) {
      SM.focusGeneration += 1;
      if (target.getLatLng) {
        map.setView(target.getLatLng(), Math.max(map.getZoom(), spec.eventZoom || 9), { animate: animate });
        target.openPopup();
      } else {
        map.fitBounds(target.getBounds(), { maxZoom: spec.eventZoom || 9, padding: [40, 40], animate: animate });
        // at the shape's box centre: Leaflet's own centre of a shape uses its outline as last
        // projected, which the first (unanimated) fit has not redone yet: the popup opened far off
        target.openPopup(target.getBounds().getCenter());
      }
    } else if (spec.bounds) {
      SM.focusGeneration += 1;
      map.closePopup();
      map.fitBounds(spec.bounds, { maxZoom: spec.maxZoom || 8, padding: [40, 40], animate: animate });
    }
  };

  /* Island labels only where they do not crowd each other. */
  SM.labelsByZoom = function (map, minZoom) {
    var sync = function () { map.getContainer().classList.toggle("sm-hide-labels", map.getZoom() < minZoom); };
    map.on("zoomend", sync); sync();
  };

  /* The world's land also one world to the east and to the west, where a view round the Pacific
   * needs it (Leaflet draws vector layers once, between -180° and 180°): the Americas east of the
   * antimeridian, Asia and Oceania west of it. */
  function worldCopies(data, options) {
    var lons = function (coords, out) {
      if (typeof coords[0] === "number") { out.push(coords[0]); return out; }
      coords.forEach(function (c) { lons(c, out); });
      return out;
    };
    var side = function (rings) {
      var xs = lons(rings, []);
      return Math.max.apply(null, xs) < 0 ? 1 : (Math.min.apply(null, xs) > 0 ? -1 : 0);
    };
    var polygons = [];  // each polygon on its own: Russia's Chukotka lies west of -180°, the rest east
    data.features.forEach(function (f) {
      var g = f.geometry;
      if (g && g.type === "Polygon") polygons.push(g.coordinates);
      if (g && g.type === "MultiPolygon") polygons = polygons.concat(g.coordinates);
    });
    return [1, -1].map(function (dir) {
      var mine = polygons.filter(function (rings) { return side(rings) === dir; });
      return L.geoJSON({ type: "MultiPolygon", coordinates: mine }, Object.assign({}, options, {
        coordsToLatLng: function (c) { return L.latLng(c[1], c[0] + 360 * dir); }
      }));
    });
  }

  /* The offline basemap: vector land and borders drawn in a pane below any tiles. The world comes
   * first; a region's detail (drawn from its minZoom on) is fetched and parsed once the world is
   * drawn, so it does not hold back the land of the first view. */
  SM.basemap = function (map, sources) {
    if (!map.getPane("sm-basemap")) {
      var pane = map.createPane("sm-basemap");
      pane.style.zIndex = 150;
      pane.style.pointerEvents = "none";
    }
    var style = { pane: "sm-basemap", interactive: false, color: "#7d7d73", weight: 0.8, fillColor: "#f2efe6", fillOpacity: 1 };
    var styled = { pane: "sm-basemap", interactive: false, style: function () { return style; } };
    var load = function (src) {
      return src.data ? Promise.resolve(src.data) : fetch(src.url).then(function (r) {
        if (!r.ok) throw new Error("basemap " + r.status);
        return r.json();
      });
    };
    var draw = function (src, data) {
      var layer = L.geoJSON(data, styled);
      if (src.minZoom) {
        var sync = function () { if (map.getZoom() >= src.minZoom) layer.addTo(map); else map.removeLayer(layer); };
        map.on("zoomend", sync); sync();
        return layer;
      }
      SM.worldData = data;
      // The copies east and west are built the first time a view reaches past the antimeridian.
      var land = L.featureGroup([layer]).addTo(map), copied = false;
      var copyWhenSeen = function () {
        var b = map.getBounds();
        if (copied || (b.getWest() >= -180 && b.getEast() <= 180)) return;
        copied = true;
        worldCopies(data, styled).forEach(function (copy) { land.addLayer(copy); });
      };
      map.on("moveend", copyWhenSeen); copyWhenSeen();
      return land;
    };
    var shown = function (src) { return load(src).then(function (data) { return draw(src, data); }); };
    var world = Promise.all(sources.filter(function (src) { return !src.minZoom; }).map(shown));
    var details = sources.filter(function (src) { return src.minZoom; }).map(function (src) {
      var after = function () { return shown(src); };
      return world.then(after, after);
    });
    return Promise.all([world].concat(details)).then(function () {
      document.body.setAttribute("data-basemap", "drawn");
    }, function (err) {
      document.body.setAttribute("data-basemap", "failed");
      if (window.console) console.warn(err);
    });
  };

  /* Student tools: a mini-map on the offline basemap, and distance/area measuring. */
  SM.tools = function (map, basemapReady) {
    if (L.control.measure) {
      L.control.measure({ position: "topleft", primaryLengthUnit: "kilometers", secondaryLengthUnit: "miles",
        primaryAreaUnit: "sqkilometers", secondaryAreaUnit: "hectares", activeColor: "#D55E00",
        completedColor: "#0072B2" }).addTo(map);
    }
    if (L.Control.MiniMap && basemapReady) {
      basemapReady.then(function () {
        if (!SM.worldData) return;
        var small = { interactive: false,
          style: function () { return { color: "#7d7d73", weight: 0.5, fillColor: "#f2efe6", fillOpacity: 1 }; } };
        var copy = L.featureGroup([L.geoJSON(SM.worldData, small)].concat(worldCopies(SM.worldData, small)));
        new L.Control.MiniMap(copy, { position: "bottomright", toggleDisplay: true, zoomLevelOffset: -5,
          width: 160, height: 120, aimingRectOptions: { color: "#D55E00", weight: 2 } }).addTo(map);
      });
    }
  };

  /* A note shown when these online tiles fail (no network), gone once another base map is chosen. */
  SM.watchTiles = function (map, layers, message) {
    var note = null;
    layers.forEach(function (layer) {
      layer.on("tileerror", function () {
        if (note || !map.hasLayer(layer)) return;
        note = L.control({ position: "bottomright" });
        note.onAdd = function () { var d = el("div", "sm-notice", message); d.setAttribute("role", "status"); return d; };
        note.addTo(map);
      });
    });
    map.on("baselayerchange", function (e) {
      if (note && layers.indexOf(e.layer) < 0) { note.remove(); note = null; }
    });
  };

  /* An open popup is drawn under the map's controls (Leaflet puts them above every pane): the
   * controls at the bottom it overlaps (legend, scale, mini-map, notes) step aside until it closes
   * or moves off them, so its text and sources can be read whole. */
  SM.keepPopupsReadable = function (map) {
    var container = map.getContainer();
    var overlap = function (a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; };
    var open = null;  // not the DOM's .leaflet-popup: a closed one fades out there for 0.2 s
    var check = function () {
      var box = open && open.isOpen() && open.getElement() ? open.getElement().getBoundingClientRect() : null;
      Array.prototype.forEach.call(container.querySelectorAll(".leaflet-bottom .leaflet-control"), function (ctl) {
        ctl.classList.toggle("sm-under-popup", !!box && overlap(box, ctl.getBoundingClientRect()));
      });
    };
    /* The popup opens inside the map: a popup cut at an edge (opened during a move, which stops
     * Leaflet's own autoPan, or grown when its texts arrived) moves the map until it is whole, its
     * top first when it is taller than the map (its text scrolls inside). */
    var inside = function () {
      if (!open || !open.isOpen() || !open.getElement() || map._animatingZoom || (map._panAnim && map._panAnim._inProgress)) return;
      var r = open.getElement().getBoundingClientRect(), c = container.getBoundingClientRect(), pad = 10;
      if (c.width < 100 || c.height < 100) return;  // not laid out yet
      if (!map.getBounds().contains(open.getLatLng())) {  // the map was moved off it (a resize while it opened)
        map.panTo(open.getLatLng(), { animate: false });
        return;  // its moveend comes back here
      }
      // the controls at the top are drawn above popups: a popup reaching down beside them keeps clear of them
      var minLeft = c.left + pad, maxRight = c.right - pad;
      Array.prototype.forEach.call(container.querySelectorAll(".leaflet-top .leaflet-control"), function (ctl) {
        var b = ctl.getBoundingClientRect();
        if (!b.width || r.top >= b.bottom) return;
        if (ctl.parentNode.classList.contains("leaflet-left")) minLeft = Math.max(minLeft, b.right + pad);
        else maxRight = Math.min(maxRight, b.left - pad);
      });
      if (r.width > maxRight - minLeft) maxRight = minLeft + r.width;  // too wide for both: the left wins
      var dx = r.left < minLeft ? r.left - minLeft : (r.right > maxRight ? Math.min(r.right - maxRight, r.left - minLeft) : 0);
      var dy = r.top < c.top + pad ? r.top - c.top - pad : (r.bottom > c.bottom - pad ? Math.min(r.bottom - c.bottom + pad, r.top - c.top - pad) : 0);
      if (Math.abs(dx) >= 1 || Math.abs(dy) >= 1) map.panBy([Math.round(dx), Math.round(dy)], { animate: false });
    };
    SM.keepPopupInside = inside;
    map.on("popupopen", function (e) {
      open = e.popup;
      if (!e.popup.__smInside) { e.popup.__smInside = true; e.popup.on("contentupdate", function () { setTimeout(inside, 0); }); }
    });
    map.on("popupclose", function (e) { if (open === e.popup) open = null; });
    map.on("popupopen moveend zoomend resize", function () { setTimeout(inside, 0); });
    map.on("popupopen popupclose moveend zoomend resize", function () { setTimeout(check, 0); });
  };


  /* ---- Place names on the offline basemap ---------------------------------------------------
   * Countries, seas and cities (static/basemap/labels/, scripts/build_labels.py) and the story's
   * own places, in the reader's language, as text elements in a pane of their own. After each
   * move the names are placed again, most important first (the story's places, countries, seas,
   * cities by population), each where it covers no marker, control or name already placed, else
   * left out. Smaller cities come in tiles, fetched when the map is zoomed in on them. */
  var CITY_POPULATION = [[3, 10e6], [4, 4e6], [5, 1.5e6], [6, 4e5], [7, 1.5e5], [8, 6e4], [9, 2.5e4]];
  var TILE_ZOOM = 7;  // below it the cities of world.json (400,000 people or more, build_labels.py) suffice
  var MAX_LABELS = 80;

  function cityPopulation(zoom) {
    for (var i = 0; i < CITY_POPULATION.length; i++) if (zoom < CITY_POPULATION[i][0]) return CITY_POPULATION[i][1];
    return 0;
  }
  function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
  function rectIn(r, box) {
    return { left: r.left - box.left, top: r.top - box.top, right: r.right - box.left, bottom: r.bottom - box.top };
  }
  function ringHas(ring, x, y) {  // even-odd rule on [lon, lat] pairs
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var a = ring[i], b = ring[j];
      if ((a[1] > y) !== (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]) inside = !inside;
    }
    return inside;
  }
  /* The basemap's countries as polygons with bounding boxes, to name a country seen up close. */
  function countryShapes(data) {
    var shapes = [];
    data.features.forEach(function (f) {
      var g = f.geometry;
      if (!g) return;
      (g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : []).forEach(function (rings) {
        var b = [180, 90, -180, -90];
        rings[0].forEach(function (c) {
          b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1]); b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1]);
        });
        shapes.push({ name: f.properties && f.properties.name, rings: rings, box: b });
      });
    });
    return shapes;
  }
  function countryAt(shapes, lon, lat) {
    for (var i = 0; i < shapes.length; i++) {
      var s = shapes[i];
      if (lon < s.box[0] || lon > s.box[2] || lat < s.box[1] || lat > s.box[3] || !ringHas(s.rings[0], lon, lat)) continue;
      var hole = false;
      for (var k = 1; k < s.rings.length && !hole; k++) hole = ringHas(s.rings[k], lon, lat);
      if (!hole) return s.name;
    }
    return null;
  }

  SM.mapLabels = function (map, opts, basemapReady) {
    var lang = opts.lang === "vi" ? "vi" : "en";
    if (!map.getPane("sm-labels")) {
      var p = map.createPane("sm-labels");
      p.style.zIndex = 350;  // above the basemap and tiles, below shapes, markers and popups
      p.style.pointerEvents = "none";
    }
    var pane = map.getPane("sm-labels");
    pane.setAttribute("lang", lang);
    var world = null, shapes = [], tiles = {}, known = {}, pending = null;
    // Online tiles carry their own names: over them only the story's places are named.
    var onTiles = false;
    map.eachLayer(function (layer) { if (layer instanceof L.TileLayer) onTiles = true; });
    map.on("baselayerchange", function (e) { onTiles = e.layer instanceof L.TileLayer; schedule(); });
    var name = function (en, vi) { return lang === "vi" && vi ? vi : en; };
    // Asked again after a pause when it fails: a classroom server busy for a moment must not leave
    // the map without names for the rest of the lesson.
    var fetchJson = function (url, tries) {
      tries = tries === undefined ? 3 : tries;
      return fetch(url).then(function (r) { if (!r.ok) throw new Error(url + " " + r.status); return r.json(); })
        .catch(function (err) {
          if (tries <= 1) throw err;
          return new Promise(function (done) { setTimeout(done, 1000); }).then(function () { return fetchJson(url, tries - 1); });
        });
    };
    var useWorld = function (data) {
      world = data;
      (data.tiles || []).forEach(function (k) { known[k] = true; });
      schedule();
    };
    // The one-file export carries the names it needs (opts.world, opts.tiles) and fetches nothing.
    if (opts.world) { Object.assign(tiles, opts.tiles || {}); useWorld(opts.world); }
    else fetchJson(opts.url + "world.json").then(useWorld, function (err) { if (window.console) console.warn(err); });
    if (basemapReady) basemapReady.then(function () { if (SM.worldData) { shapes = countryShapes(SM.worldData); schedule(); } });

    /* The city tiles a view needs, fetched once each. */
    function loadTiles(bounds) {
      var deg = world.tileDeg;
      var west = Math.floor(bounds.getWest() / deg), east = Math.floor(bounds.getEast() / deg);
      var south = Math.floor(Math.max(bounds.getSouth(), -89.9) / deg), north = Math.floor(Math.min(bounds.getNorth(), 89.9) / deg);
      var count = 360 / deg;
      for (var x = west; x <= east && x - west < count; x++) {
        for (var y = south; y <= north; y++) {
          var key = (((x + count / 2) % count + count) % count - count / 2) + "_" + y;
          if (!known[key] || tiles[key] || opts.world) continue;
          tiles[key] = "loading";
          (function (key) {
            fetchJson(opts.url + "cities/" + key + ".json").then(function (rows) { tiles[key] = rows; schedule(); },
              function (err) { tiles[key] = []; if (window.console) console.warn(err); });
          })(key);
        }
      }
    }
    /* The copy of a longitude nearest the view's centre (the map wraps round the world). */
    function nearLon(lon, center) { return lon + 360 * Math.round((center - lon) / 360); }

    /* The story's places: one name per marker or cluster shown, the reader's language. */
    function storyPlaces() {
      var out = [], seen = {};
      var cluster = window.storyCluster;
      Object.keys(SM.registry).forEach(function (id) {
        var m = SM.registry[id];
        if (!m || !m.getLatLng || !m.storyPlace) return;
        var shown = cluster && cluster.hasLayer(m) ? cluster.getVisibleParent(m) : (map.hasLayer(m) ? m : null);
        if (!shown) return;
        // once per marker or cluster, and once per name: the unfolded markers of one place share it
        var ll = shown.getLatLng(), key = ll.lat.toFixed(5) + "," + ll.lng.toFixed(5);
        if (seen[key] || seen["name:" + m.storyPlace]) return;
        seen[key] = seen["name:" + m.storyPlace] = true;
        out.push({ kind: "story", text: m.storyPlace, lat: ll.lat, lon: ll.lng, around: 22 });
      });
      return out;
    }
    /* Countries in view: at their own point when it is in view and free, else (zoomed in) at a
     * point of their land in view, found by sampling the view on a grid. */
    function countries(zoom, bounds, center) {
      var byName = {}, anchors = {}, order = [];
      world.countries.forEach(function (c) {
        if (zoom < c[5]) return;
        byName[c[0]] = c;
        var lon = nearLon(c[3], center.lng);
        if (bounds.contains([c[4], lon])) { anchors[c[0]] = [L.latLng(c[4], lon)]; order.push(c[0]); }
      });
      if (zoom >= 4 && shapes.length) {
        var size = map.getSize(), spots = {};
        for (var i = 1; i < 8; i++) {
          for (var j = 1; j < 6; j++) {
            var ll = map.containerPointToLatLng([size.x * i / 8, size.y * j / 6]);
            var hit = countryAt(shapes, ((ll.lng + 540) % 360) - 180, ll.lat);
            if (hit && byName[hit]) (spots[hit] = spots[hit] || []).push(ll);
          }
        }
        Object.keys(spots).sort().forEach(function (key) {
          var pts = spots[key];
          var mean = pts.reduce(function (a, p) { return L.latLng(a.lat + p.lat / pts.length, a.lng + p.lng / pts.length); }, L.latLng(0, 0));
          pts.sort(function (a, b) { return map.distance(a, mean) - map.distance(b, mean); });
          if (!anchors[key]) { anchors[key] = []; order.push(key); }
          anchors[key] = anchors[key].concat(pts);
        });
      }
      return order.map(function (key) {
        var c = byName[key];
        return { kind: "country", text: name(c[1], c[2]), spots: anchors[key], area: true };
      });
    }
    function seas(zoom, bounds, center) {
      return world.seas.filter(function (s) { return zoom >= s[4] && zoom <= s[5]; }).map(function (s) {
        return { kind: "sea", text: name(s[0], s[1]), lat: s[3], lon: nearLon(s[2], center.lng), area: true };
      }).filter(function (s) { return bounds.contains([s.lat, s.lon]); });
    }
    function cities(zoom, bounds, center) {
      var least = cityPopulation(zoom), rows = world.cities.slice();
      if (zoom >= TILE_ZOOM) {
        loadTiles(bounds);
        Object.keys(tiles).forEach(function (k) { if (tiles[k] !== "loading") rows = rows.concat(tiles[k]); });
      }
      return rows.filter(function (r) { return r[2] >= least; }).map(function (r) {
        return { kind: "city", text: name(r[3], r[4]), lat: r[1], lon: nearLon(r[0], center.lng), population: r[2], around: 4 };
      }).filter(function (c) { return bounds.contains([c.lat, c.lon]); })
        .sort(function (a, b) { return b.population - a.population; }).slice(0, 400);
    }

    /* Where a name may go around its point: right, left, above, below (centred for an area). */
    function spotsFor(c, pt, w, h) {
      if (c.area) return [[pt.x - w / 2, pt.y - h / 2], [pt.x - w / 2, pt.y - 1.6 * h], [pt.x - w / 2, pt.y + 0.6 * h],
                          [pt.x - w - 8, pt.y - h / 2], [pt.x + 8, pt.y - h / 2]];
      var g = c.around + 2;
      return [[pt.x + g, pt.y - h / 2], [pt.x - g - w, pt.y - h / 2], [pt.x - w / 2, pt.y - g - h], [pt.x - w / 2, pt.y + g]];
    }

    function place() {
      pending = null;
      if (!world || map._animatingZoom) return;  // zoomend places them again
      pane.style.display = "";  // hidden while zooming: names are measured shown
      var zoom = map.getZoom(), bounds = map.getBounds(), center = map.getCenter(), size = map.getSize();
      var box = map.getContainer().getBoundingClientRect();
      var taken = [];  // markers, clusters, the islands' own names and the controls are obstacles
      Array.prototype.forEach.call(map.getContainer().querySelectorAll(
        ".leaflet-marker-icon, .sm-label, .leaflet-control"), function (node) {
        var r = node.getBoundingClientRect();
        if (r.width && r.height) taken.push(rectIn(r, box));
      });
      var wanted = onTiles ? storyPlaces() : storyPlaces().concat(countries(zoom, bounds, center), seas(zoom, bounds, center),
                                                                  cities(zoom, bounds, center));
      while (pane.firstChild) pane.removeChild(pane.firstChild);
      // every candidate is measured in one layout pass, then kept or dropped
      var nodes = wanted.map(function (c) {
        var node = el("div", "sm-maplabel sm-maplabel-" + c.kind, c.text);
        node.style.visibility = "hidden";
        pane.appendChild(node);
        return node;
      });
      var sizes = nodes.map(function (node) { return [node.offsetWidth, node.offsetHeight]; });
      var kept = 0, counts = {};
      wanted.forEach(function (c, i) {
        var node = nodes[i], w = sizes[i][0], h = sizes[i][1], spot = null;
        var anchors = c.spots || [L.latLng(c.lat, c.lon)];
        if (c.kind === "city") {  // a city's dot must not sit under a marker or another name either
          var d = map.latLngToContainerPoint(anchors[0]);
          var dotBox = { left: d.x - 3, top: d.y - 3, right: d.x + 3, bottom: d.y + 3 };
          if (taken.some(function (t) { return overlaps(dotBox, t); })) anchors = [];
        }
        for (var a = 0; a < anchors.length && !spot && kept < MAX_LABELS; a++) {
          var pt = map.latLngToContainerPoint(anchors[a]);
          var tries = spotsFor(c, pt, w, h);
          for (var k = 0; k < tries.length; k++) {
            var r = { left: tries[k][0], top: tries[k][1], right: tries[k][0] + w, bottom: tries[k][1] + h };
            if (r.left < 2 || r.top < 2 || r.right > size.x - 2 || r.bottom > size.y - 2) continue;
            if (taken.some(function (t) { return overlaps(r, t); })) continue;
            spot = r;
            if (c.kind === "city") taken.push({ left: pt.x - 3, top: pt.y - 3, right: pt.x + 3, bottom: pt.y + 3, dot: pt });
            break;
          }
        }
        if (!spot) { pane.removeChild(node); return; }
        taken.push(spot);
        kept += 1;
        counts[c.kind] = (counts[c.kind] || 0) + 1;
        L.DomUtil.setPosition(node, map.containerPointToLayerPoint([spot.left, spot.top]));
        node.style.visibility = "";
        if (c.kind === "city") {
          var dot = el("div", "sm-citydot");
          dot.setAttribute("aria-hidden", "true");
          L.DomUtil.setPosition(dot, map.containerPointToLayerPoint(map.latLngToContainerPoint([c.lat, c.lon])));
          pane.appendChild(dot);
        }
      });
      document.body.setAttribute("data-labels", JSON.stringify(counts));
    }
    function schedule() { if (!pending) pending = window.requestAnimationFrame(place); }
    map.on("zoomstart", function () { pane.style.display = "none"; });
    map.on("moveend zoomend resize layeradd layerremove", schedule);
    if (window.storyCluster) window.storyCluster.on("animationend spiderfied unspiderfied", schedule);
    SM.refreshLabels = schedule;
    return {
      refresh: schedule,
      setLang: function (code) { lang = code === "vi" ? "vi" : "en"; pane.setAttribute("lang", lang); schedule(); }
    };
  };

  /* A cluster click zooms to where its markers stand apart with room round them, no closer than a
   * street's scale (markercluster's own zoom fitted them tightly, ~1 km for the Kantei's markers,
   * which then sat at the map's edges); markers still together there are spread out instead. */
  SM.clusterClicks = function (map, cluster) {
    cluster.on("clusterclick", function (e) {
      var group = e.layer, bounds = group.getBounds();
      var zoom = Math.min(map.getBoundsZoom(bounds, false, L.point(240, 240)), 15);
      if (zoom <= map.getZoom()) { group.spiderfy(); return; }
      map.setView(bounds.getCenter(), zoom);
    });
  };

  /* A button that fits the whole story region. */
  SM.regionControl = function (map, bounds, label) {
    var ctl = L.control({ position: "topleft" });
    ctl.onAdd = function () {
      var box = el("div", "leaflet-bar sm-region");
      var a = el("a", null, "⤢");
      a.href = "#"; a.title = label; a.setAttribute("role", "button"); a.setAttribute("aria-label", label);
      L.DomEvent.on(a, "click", function (e) { L.DomEvent.stop(e); map.closePopup(); map.fitBounds(bounds, { padding: [20, 20] }); });
      L.DomEvent.disableClickPropagation(box);
      box.appendChild(a);
      return box;
    };
    return ctl.addTo(map);
  };

  /* The legend: each layer's colour, glyph and name (names as text). */
  SM.legend = function (map, layers, title) {
    var ctl = L.control({ position: "bottomleft" });
    ctl.onAdd = function () {
      var box = el("details", "sm-legend");
      // closed where it would cover much of the map: on a projector (large type) and on a phone
      box.open = !document.body.classList.contains("sm-present") && map.getSize().x >= 500;
      box.setAttribute("aria-label", title);
      box.appendChild(el("summary", "sm-legend-title", title));
      layers.forEach(function (layer) {
        var row = el("div", "sm-legend-row");
        var pin = el("span", "sm-pin sm-legend-pin");
        pin.style.setProperty("--sm-c", safeColor(layer.color));
        pin.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true" fill="#fff">' + iconSvg(layer.icon) + "</svg>";
        row.appendChild(pin);
        row.appendChild(el("span", null, layer.name));
        box.appendChild(row);
      });
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return ctl.addTo(map);
  };
})();

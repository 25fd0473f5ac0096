/* Clicker keys for the story: a presenter's remote sends PageDown/PageUp (or arrows, Space,
 * Home/End). The keys press the app's own step buttons, also while the map (an iframe) has
 * focus. Loaded once into the Streamlit page by app.py; the mode is read on every key. */
(function () {
  "use strict";
  var doc = window.parent.document;
  // This script's own (invisible) frame must not be a Tab stop: focus would vanish into it.
  if (window.frameElement) window.frameElement.tabIndex = -1;
  var KEYS = { PageDown: "next", PageUp: "prev", Home: "first", End: "last",
    ArrowRight: "next", ArrowLeft: "prev", " ": "next" };
  var PRESENTER_ONLY = { ArrowRight: 1, ArrowLeft: 1, " ": 1 };

  function press(action) {
    var names = ["step_" + action, action];
    for (var i = 0; i < names.length; i++) {
      var button = doc.querySelector(".st-key-" + names[i] + " button");
      if (button) { if (!button.disabled) button.click(); return true; }
    }
    return false;
  }

  function onKey(event) {
    var action = KEYS[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target || {};
    var tag = (target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable) return;
    if (target.getAttribute && target.getAttribute("role") === "slider") return;
    if (event.key === " " && (tag === "button" || tag === "a" || tag === "summary")) return;
    var presenting = doc.body.getAttribute("data-sm-present") === "1";
    if (PRESENTER_ONLY[event.key] && !presenting) return;
    if (press(action)) { event.preventDefault(); event.stopPropagation(); }
  }

  // The mark sits on the document, not the window: a frame that loads its page after an
  // about:blank start keeps its window but gets a new document (and loses its listeners).
  // Streamlit may also re-create this script's frame on a rerun; the newest copy takes over
  // (the previous copy's functions die with its frame).
  function attach(win) {
    try {
      var target = win && win.document;
      if (!target || target.__smKeys === onKey) return;
      if (target.__smKeys) target.removeEventListener("keydown", target.__smKeys, true);
      target.__smKeys = onKey;
      target.addEventListener("keydown", onKey, true);
    } catch (err) { /* a frame from another origin: not ours */ }
  }

  function scan() {
    attach(window.parent);
    var frames = doc.querySelectorAll("iframe");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      attach(frame.contentWindow);
      if (frame.__smLoadHook !== onLoad) {
        if (frame.__smLoadHook) frame.removeEventListener("load", frame.__smLoadHook);
        frame.__smLoadHook = onLoad;
        frame.addEventListener("load", onLoad);
      }
    }
  }

  function onLoad(event) { attach(event.target.contentWindow); }

  if (doc.__smClicker) doc.__smClicker.disconnect();
  scan();
  doc.__smClicker = new MutationObserver(scan);
  doc.__smClicker.observe(doc.body, { childList: true, subtree: true });
})();

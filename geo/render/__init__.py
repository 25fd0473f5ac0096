"""Output: map data and the map view, exports, the standalone page, the handout, escaping, i18n."""

"""Places: the gazetteer, the city index, geocoding and the geography facts."""

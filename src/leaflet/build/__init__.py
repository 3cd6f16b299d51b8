"""Stage 4, building: one job per leaflet and language, the build record, parallel runs
and `leaflet watch`."""

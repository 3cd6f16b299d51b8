"""Stage 1, the user's files: YAML with positions, the field tables, validation into the
typed model, translations, editor schemas and `leaflet new`."""

"""Stage 2, layout: fonts, styles, hyphenation, flowables, panels and the checks made
before anything is drawn."""

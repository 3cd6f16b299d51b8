"""leaflet: typeset printable, fold-ready leaflets from YAML.

The commands are in cli.py; the stages, in the order the data flows through them:
source/ (the user's files → the typed model), layout/, render/, build/, booklet/.
"""

__version__ = "0.1.0"

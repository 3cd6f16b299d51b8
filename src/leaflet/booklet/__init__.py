"""Stage 5, booklets: the booklet file, its pages, their drawing and the imposition for
saddle stitching."""

"""Cross-experiment comparison (``expreport compare A B [C ...]``).

- ``build.py``   the orchestration: :func:`~.build.build_comparison` (names, scope, views,
  figures, files) and the terminal table
- ``tables.py``  the side-by-side table, the document (rendered by the report's Markdown and
  HTML renderers) and compare.json
- ``figures.py`` the comparison's figures (experiment as facet or hue, resource colours)

Every number comes from the views ``queries/views/4NN_experiment_*.sql``.
"""

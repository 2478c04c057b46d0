"""The experiment report (``expreport report``): metrics, recommendations, figures, files.

- ``metrics.py``   the metric catalogue (one record per headline number)
- ``recommend.py`` the recommendation rules (one view each, thresholds in report_thresholds)
- ``document.py``  the report as one document model; ``text.py``, ``markdown.py``, ``html.py``
  lay it out as summary.txt, report.md and report.html
- ``build.py``     the orchestration: :func:`build_report`
"""

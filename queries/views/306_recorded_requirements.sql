-- recorded_requirements: one row per requirement of metric_requirements (007_metric_catalogue.sql):
-- whether the source files of the attempts in scope record it, and what to say when they do
-- not. The one place "not recorded" is decided for summary, report and metrics.json (a view
-- row may carry its own flag: transfer_input_timing.timing_recorded,
-- report_resource_extras.usage_recorded, right_sizing.requests_recorded per resource).
--
-- Columns:
--   requires   'gpus', 'bytes', 'input_timing', 'usage' or 'requests'
--   recorded   some file in scope records it (report_coverage's flags; requests: some file
--              is an event log, the only source with request_* attributes)
--   note       the words shown with a null value (metric_requirements.note)
-- grain: requires
CREATE OR REPLACE VIEW recorded_requirements AS
SELECT r.requires,
       CASE r.requires WHEN 'gpus' THEN c.gpus_recorded WHEN 'bytes' THEN c.bytes_recorded
                       WHEN 'input_timing' THEN c.input_timing_recorded
                       WHEN 'usage' THEN c.usage_recorded
                       WHEN 'requests' THEN coalesce(c.sources LIKE '%event log%', false) END AS recorded,
       r.note
FROM metric_requirements r CROSS JOIN report_coverage c;

-- report_redone_epochs: one row per resource with successful attempts of named epochs in
-- scope: the cost of completing epochs that were already complete.
--
-- Derived columns:
--   successful_epoch_attempts  successful attempts of named epochs on the resource
--   redone_attempts    those that are not their epoch's first success (attempts.first_success,
--                      as in the epochs view): the epoch was already done, here or elsewhere
--   redone_gpu_hours   GPU-hours of the redone attempts
--   redone_run_hours   run hours of the redone attempts
-- grain: resource
-- cache: report
CREATE OR REPLACE VIEW report_redone_epochs AS
SELECT
    resource,
    count(*) AS successful_epoch_attempts,
    count(*) FILTER (WHERE NOT first_success) AS redone_attempts,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE NOT first_success), 0)) AS redone_gpu_hours,
    coalesce(sum(run_hours) FILTER (WHERE NOT first_success), 0) AS redone_run_hours
FROM attempts
WHERE outcome = 'success' AND epoch IS NOT NULL
GROUP BY resource
ORDER BY resource_rank(resource), resource;

-- resource_summary: one row per resource with attempts in scope: the headline numbers of the
-- summary (terminal, summary.txt, report, metrics.json), joined from the metric views.
--
-- Derived columns (see the named views for their definitions):
--   attempts, attempt_success_pct        success_rates
--   run_hours, gpu_hours, productive_gpu_hours, wasted_gpu_hours, productive_pct
--                                        compute_time_by_resource
--   main_waste_kind      the waste_kind with the most wasted GPU-hours (NULL when nothing wasted)
--   epochs, redone_epochs, epoch_equivalents   epochs_by_resource
--   gpu_hours_per_epoch     the headline "GPU-hours per epoch": GPU-hours per completed epoch
--                       over all attempts of the epoch's node (epochs_by_resource: evicted and
--                       failed attempts before the success included)
--   median_hours_per_epoch  the successful attempt's hours per epoch: median run hours of the
--                       resource's successful attempts of named epochs (after a checkpoint
--                       this can be minutes, so it is not what an epoch cost)
--   median_input_minutes    transfer_input_timing (NULL when not recorded)
--   gib_in, gib_out         transfer_volumes
--   epochs_per_100_gpu_hours  epochs / gpu_hours x 100 (all GPU-hours, wasted included)
CREATE OR REPLACE VIEW resource_summary AS
WITH waste AS (
    SELECT resource, arg_max(waste_kind, h) AS main_waste_kind
    FROM (SELECT resource, waste_kind, sum(gpu_hours) AS h
          FROM attempts WHERE NOT productive GROUP BY ALL HAVING sum(gpu_hours) > 0)
    GROUP BY resource
),
epoch_time AS (
    SELECT resource, median(run_hours) AS median_hours_per_epoch
    FROM attempts WHERE outcome = 'success' AND epoch IS NOT NULL
    GROUP BY resource
)
SELECT
    c.resource,
    c.attempts,
    s.attempt_success_pct,
    c.run_hours,
    c.gpu_hours,
    c.productive_gpu_hours,
    c.wasted_gpu_hours,
    c.productive_pct,
    w.main_waste_kind,
    e.epochs,
    e.redone_epochs,
    e.epoch_equivalents,
    e.gpu_hours_per_epoch,
    t.median_hours_per_epoch,
    x.median_input_minutes,
    v.gib_in,
    v.gib_out,
    100.0 * e.epochs / nullif(c.gpu_hours, 0) AS epochs_per_100_gpu_hours
FROM compute_time_by_resource c
JOIN success_rates s USING (resource)
JOIN epochs_by_resource e USING (resource)
JOIN transfer_volumes v USING (resource)
JOIN transfer_input_timing x USING (resource)
LEFT JOIN waste w USING (resource)
LEFT JOIN epoch_time t USING (resource)
ORDER BY resource_rank(c.resource), c.resource;

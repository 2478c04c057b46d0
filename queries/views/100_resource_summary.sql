-- resource_summary: one row per resource with attempts in scope: the headline numbers of the
-- summary (terminal, summary.txt, report, metrics.json), joined from the metric views.
--
-- Derived columns (see the named views for their definitions):
--   attempts, attempt_success_pct        success_rates
--   run_hours, gpu_hours, productive_gpu_hours, wasted_gpu_hours, productive_pct
--                                        compute_time_by_resource
--   main_waste_kind      the waste_kind with the most wasted GPU-hours (NULL when nothing wasted;
--                        of a tie, the kind name that sorts last)
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
-- The columns of the named views are read from summary_scan (one scan of attempts for all of
-- them) and epoch_node_cost (025_summary_scan.sql), where they are computed.
-- grain: resource
-- cache: report
CREATE OR REPLACE VIEW resource_summary AS
SELECT
    s.resource,
    s.attempts,
    s.attempt_success_pct,
    s.run_hours,
    s.gpu_hours,
    s.productive_gpu_hours,
    s.wasted_gpu_hours,
    s.productive_pct,
    list_max(list_filter([
        {'h': s.wasted_failed_gpu_hours, 'k': 'failed'}, {'h': s.wasted_evicted_gpu_hours, 'k': 'evicted'},
        {'h': s.wasted_aborted_gpu_hours, 'k': 'aborted'}, {'h': s.wasted_held_gpu_hours, 'k': 'held/released'},
        {'h': s.wasted_rescued_gpu_hours, 'k': 'RESCUED'}, {'h': s.wasted_unknown_gpu_hours, 'k': 'unknown'},
        {'h': s.wasted_other_gpu_hours, 'k': 'other'}], lambda x: x.h > 0)).k AS main_waste_kind,
    s.epochs,
    s.redone_epochs,
    s.epoch_equivalents,
    n.gpu_hours_per_epoch,
    s.median_success_epoch_hours AS median_hours_per_epoch,
    s.median_input_minutes,
    s.gib_in,
    s.gib_out,
    epochs_per_100_gpu_hours(s.epochs, s.gpu_hours) AS epochs_per_100_gpu_hours
FROM summary_scan s
LEFT JOIN epoch_node_cost n USING (resource)
ORDER BY resource_rank(s.resource), s.resource;

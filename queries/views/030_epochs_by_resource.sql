-- epochs_by_resource: one row per resource with attempts in scope.
--
-- Derived columns:
--   epochs              completed epochs credited to this resource: its attempts that are the
--                       first success of their epoch (attempts.first_success)
--   epoch_completions   Sum of Epochs Completed over this resource's successful attempts of
--                       named epochs (re-runs included)
--   redone_epochs       epoch_completions - epochs: completions that added no new epoch
--                       (the epoch was already done, here or elsewhere)
--   epoch_equivalents   each completed epoch's credit (1) split across resources in
--                       proportion to the productive GPU-hours (checkpoint and success
--                       attempts) its attempts spent there: sum of attempts.epoch_share
--   node_gpu_hours      sum of epochs.gpu_hours (the node cost: GPU-hours of every attempt in
--                       scope of the epoch's node, any outcome, any resource) over the epochs
--                       credited here; NULL without epochs
--   gpu_hours_per_epoch node_gpu_hours / epochs: GPU-hours per completed epoch over all
--                       attempts of the epoch's node (an evicted 5 h attempt and a 0.5 h
--                       success on 2 GPUs cost 11 GPU-hours); NULL without epochs
-- The aggregates are computed once for all these views in summary_scan (025_summary_scan.sql).
-- node_gpu_hours and gpu_hours_per_epoch come from epoch_node_cost (same file).
-- grain: resource
-- cache: report
CREATE OR REPLACE VIEW epochs_by_resource AS
SELECT s.resource, s.epochs, s.epoch_completions, s.redone_epochs, s.epoch_equivalents,
    n.node_gpu_hours, n.gpu_hours_per_epoch
FROM summary_scan s
LEFT JOIN epoch_node_cost n USING (resource)
ORDER BY resource_rank(s.resource), s.resource;

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
CREATE OR REPLACE VIEW epochs_by_resource AS
SELECT
    resource,
    coalesce(sum(epochs_credited), 0) AS epochs,
    coalesce(sum(epoch_completions), 0)
        AS epoch_completions,
    coalesce(sum(epoch_completions), 0)
        - coalesce(sum(epochs_credited), 0) AS redone_epochs,
    coalesce(sum(epoch_share), 0) AS epoch_equivalents
FROM attempts
GROUP BY resource
ORDER BY resource_rank(resource), resource;

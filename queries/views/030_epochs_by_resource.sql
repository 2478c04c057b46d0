-- epochs_by_resource: one row per resource with attempts in scope.
--
-- Derived columns:
--   epochs              completed epochs credited to this resource (see epochs: the
--                       resource of each epoch's first successful attempt)
--   epoch_completions   Sum of Epochs Completed over this resource's successful attempts
--                       of named epochs (re-runs included)
--   redone_epochs       epoch_completions - epochs: completions that did not add a new
--                       epoch (the epoch was already done here or elsewhere)
--   epoch_equivalents   each completed epoch's credit (1) split across resources in
--                       proportion to the productive GPU-hours (checkpoint and success
--                       attempts) its attempts spent there; sums to the number of epochs
--                       (an epoch with no productive GPU-hours is credited whole to its resource)
CREATE OR REPLACE VIEW epochs_by_resource AS
WITH scoped AS (
    SELECT DISTINCT resource FROM attempts
),
credited AS (
    SELECT resource, count(*) AS epochs FROM epochs GROUP BY resource
),
completions AS (
    SELECT resource, sum(epochs_completed) AS epoch_completions
    FROM attempts WHERE outcome = 'success' AND epoch IS NOT NULL
    GROUP BY resource
),
shares AS (
    SELECT a.resource,
           sum(CASE WHEN e.productive_gpu_hours > 0
                    THEN coalesce(a.gpu_hours, 0) / e.productive_gpu_hours
                    WHEN a.resource = e.resource AND a.outcome = 'success'
                    THEN 1.0 / e.successful_attempts ELSE 0 END) AS epoch_equivalents
    FROM attempts a
    JOIN epochs e ON a.experiment = e.experiment AND a.run_key IS NOT DISTINCT FROM e.run_key
                 AND a.epoch = e.epoch
    WHERE a.productive
    GROUP BY a.resource
)
SELECT
    s.resource,
    coalesce(c.epochs, 0) AS epochs,
    coalesce(p.epoch_completions, 0) AS epoch_completions,
    coalesce(p.epoch_completions, 0) - coalesce(c.epochs, 0) AS redone_epochs,
    coalesce(sh.epoch_equivalents, 0) AS epoch_equivalents
FROM scoped s
LEFT JOIN credited c USING (resource)
LEFT JOIN completions p USING (resource)
LEFT JOIN shares sh USING (resource)
ORDER BY resource_rank(s.resource), s.resource;

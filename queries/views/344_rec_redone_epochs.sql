-- rec_redone_epochs: one row when epochs were completed more than once: campaign_totals.
-- redone_epochs >= min_redone (threshold min_redone = 1). The GPU-hours of the repeated
-- completions come from report_redone_epochs.
-- Thresholds: report_thresholds (rule 'redone_epochs').
-- Columns: as in rec_high_waste. Evidence: redone_epochs, epochs, epoch_completions,
-- redone_gpu_hours, and one item per resource with redone attempts (name = 'redone_attempts:'
-- || resource).
--
-- rule: redone_epochs
-- rule_order: 3
-- title: Re-done epochs
-- advice: Completed epochs ran again: check DAG retries and re-submissions (rescue DAGs) so
--     that a node whose epoch is complete is not run twice.
-- fires_when: at least min_redone epoch completions did not add a new epoch
-- grain: (one row)
CREATE OR REPLACE VIEW rec_redone_epochs AS
WITH r AS (
    SELECT
        sum(redone_gpu_hours) AS gpu_h,
        string_agg(printf('%s %,d (%,.1f GPU-hours)', resource, redone_attempts, redone_gpu_hours),
                   ', ' ORDER BY resource_rank(resource), resource)
            FILTER (WHERE redone_attempts > 0) AS by_resource,
        list(rec_ev('redone_attempts:' || resource, redone_attempts, 'attempts')
             ORDER BY resource_rank(resource), resource) FILTER (WHERE redone_attempts > 0) AS items
    FROM report_redone_epochs
)
SELECT
    'redone_epochs' AS rule,
    'campaign' AS subject,
    'warning' AS severity,
    CAST(t.redone_epochs AS DOUBLE) AS weight,
    printf('%,d epoch completion(s) repeated an epoch that was already complete (%,d completions for %,d epochs), costing %,.1f GPU-hours',
           t.redone_epochs, t.epoch_completions, t.epochs, coalesce(r.gpu_h, 0))
        || coalesce('; by resource: ' || r.by_resource, '') AS message,
    list_concat([rec_ev('redone_epochs', t.redone_epochs, 'epochs'),
                 rec_ev('epochs', t.epochs, 'epochs'),
                 rec_ev('epoch_completions', t.epoch_completions, 'completions'),
                 rec_ev('redone_gpu_hours', coalesce(r.gpu_h, 0), 'GPU-hours')],
                coalesce(r.items, [])) AS evidence
FROM campaign_totals t, r
WHERE t.redone_epochs >= report_threshold('redone_epochs', 'min_redone');

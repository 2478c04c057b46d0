-- source_difference_summary: one row per (field, reason) of source_differences: how many
-- differences and clusters, with one example (cluster.attempt: A value -> B value).
-- grain: field, reason
CREATE OR REPLACE VIEW source_difference_summary AS
SELECT
    field,
    reason,
    count(*) AS differences,
    count(DISTINCT cluster_id) AS clusters,
    arg_min(cluster_id || '.' || attempt_seq || ': ' || coalesce(value_a, '—') || ' -> ' || coalesce(value_b, '—'),
            (cluster_id, attempt_seq)) AS example,
    any_value(explanation) AS explanation,
    min(field_pos) AS field_pos
FROM source_differences
GROUP BY field, reason
ORDER BY field_pos, differences DESC, reason;

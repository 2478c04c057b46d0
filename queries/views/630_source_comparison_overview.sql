-- source_comparison_overview: one row (the two experiments of source_pairs): attempts in each,
-- paired, only in one, paired attempts whose start times agree, differences and how many are
-- unexplained.
-- grain: (one row)
CREATE OR REPLACE VIEW source_comparison_overview AS
SELECT
    any_value(experiment_a) AS experiment_a, any_value(kind_a) AS kind_a,
    any_value(experiment_b) AS experiment_b, any_value(kind_b) AS kind_b,
    count(*) FILTER (WHERE (CASE WHEN c_is_a THEN c ELSE l END) IS NOT NULL) AS attempts_a,
    count(*) FILTER (WHERE (CASE WHEN c_is_a THEN l ELSE c END) IS NOT NULL) AS attempts_b,
    count(*) FILTER (WHERE c IS NOT NULL AND l IS NOT NULL) AS paired,
    count(*) FILTER (WHERE (CASE WHEN c_is_a THEN l ELSE c END) IS NULL) AS only_a,
    count(*) FILTER (WHERE (CASE WHEN c_is_a THEN c ELSE l END) IS NULL) AS only_b,
    count(*) FILTER (WHERE c.start_time = l.start_time) AS same_start,
    any_value(d.differences) AS differences,
    any_value(d.unexplained) AS unexplained
FROM source_pairs
CROSS JOIN (SELECT count(*) AS differences, count(*) FILTER (WHERE reason = 'unexplained') AS unexplained
            FROM source_differences) d;

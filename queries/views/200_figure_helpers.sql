-- Helpers of the figure views (200-299).
--
-- box_stats(x): the distribution of x within a GROUP BY group, as a struct to UNNEST into
-- columns: n (non-NULL values), min, p10, p25, median, p75, p90, max (continuous quantiles).
-- Figures draw boxes from these (box p25-p75, line at the median, whiskers p10-p90, dots at
-- min and max), so a figure of 10M attempts reads one row per group.
CREATE OR REPLACE MACRO box_stats(x) AS struct_pack(
    n := count(x),
    min := min(x),
    p10 := quantile_cont(x, [0.1, 0.25, 0.5, 0.75, 0.9])[1],
    p25 := quantile_cont(x, [0.1, 0.25, 0.5, 0.75, 0.9])[2],
    median := quantile_cont(x, [0.1, 0.25, 0.5, 0.75, 0.9])[3],
    p75 := quantile_cont(x, [0.1, 0.25, 0.5, 0.75, 0.9])[4],
    p90 := quantile_cont(x, [0.1, 0.25, 0.5, 0.75, 0.9])[5],
    max := max(x));

-- waste_rank(kind): the fixed order of the waste kinds in tables and figures (the order of
-- style.KIND_ORDER): failed, evicted, aborted, held/released, RESCUED, unknown, other.
CREATE OR REPLACE MACRO waste_rank(k) AS
    coalesce(list_position(['failed', 'evicted', 'aborted', 'held/released', 'RESCUED',
                            'unknown', 'other'], k), 100);

-- Formulas shared by the views, each defined once here (macros, inlined where used, so a view
-- computes exactly what it did when the formula was typed in it). tests/test_sql_formulas.py
-- fails on any of these raw forms typed in another .sql file.
--
-- Units:
--   gib_of_bytes(b)   bytes -> GiB: b / 1073741824.0 (2^30)
--   gib_of_mb(mb)     MB    -> GiB: mb / 1024.0
--   gib_of_kb(kb)     KB    -> GiB: kb / 1048576.0 (1024^2)
--   hours_of(s)       seconds -> hours: s / 3600.0
--   minutes_of(s)     seconds -> minutes: s / 60.0
CREATE OR REPLACE MACRO gib_of_bytes(b) AS b / 1073741824.0;
CREATE OR REPLACE MACRO gib_of_mb(mb) AS mb / 1024.0;
CREATE OR REPLACE MACRO gib_of_kb(kb) AS kb / 1048576.0;
CREATE OR REPLACE MACRO hours_of(s) AS s / 3600.0;
CREATE OR REPLACE MACRO minutes_of(s) AS s / 60.0;

-- pct_of(n, d): n as a percent of d: 100.0 * n / d, NULL when d is 0 or NULL (a share of
-- nothing is unknown, not 0 and not infinite). NULL when n is NULL.
CREATE OR REPLACE MACRO pct_of(n, d) AS 100.0 * n / nullif(d, 0);

-- gpu_hours_of(run_seconds, gpus): GPU-hours of one attempt: its run seconds times its GPUs,
-- in hours (NULL when either is NULL; 0 for 0 GPUs).
CREATE OR REPLACE MACRO gpu_hours_of(s, g) AS hours_of(s * g);

-- The headline ratios (arguments are the group's sums):
--   productive_pct(productive, settled)   productive GPU-hours as a percent of the settled ones
--                                         (productive + wasted; running attempts are neither)
--   attempt_success_pct(successful, attempts)   successful attempts as a percent of attempts
--   epochs_per_100_gpu_hours(epochs, gpu_hours) epochs credited per 100 GPU-hours
CREATE OR REPLACE MACRO productive_pct(p, settled) AS pct_of(p, settled);
CREATE OR REPLACE MACRO attempt_success_pct(ok, n) AS pct_of(ok, n);
CREATE OR REPLACE MACRO epochs_per_100_gpu_hours(e, h) AS pct_of(e, h);

-- productive_gpu_pct(flag, gpu_hours, productive): aggregate: productive_pct of a group of
-- attempts (or attempt_cells): the GPU-hours of its productive attempts as a percent of those of
-- its settled ones (productive IS NOT NULL; running attempts are neither). NULL when no file of
-- the group recorded GPU columns (flag: has_gpu_columns, see if_recorded) or nothing settled.
CREATE OR REPLACE MACRO productive_gpu_pct(flag, h, p) AS
    productive_pct(if_recorded(flag, coalesce(sum(h) FILTER (WHERE p), 0)),
                   sum(h) FILTER (WHERE p IS NOT NULL));

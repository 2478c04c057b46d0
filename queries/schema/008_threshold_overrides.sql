-- 008: user overrides of the recommendation thresholds.
--
-- One row of threshold_overrides is one threshold (rule, name) of report_thresholds whose value
-- the user set (`expreport thresholds set RULE NAME VALUE`); report_thresholds reads the value
-- from here when a row exists, else its default (queries/views/300_report_thresholds.sql).
-- `expreport thresholds reset` deletes rows. A (rule, name) that report_thresholds does not
-- define is refused by the command, so a row here always names a known threshold.
CREATE TABLE threshold_overrides (
    rule   VARCHAR NOT NULL,
    name   VARCHAR NOT NULL,
    value  DOUBLE NOT NULL,
    note   VARCHAR,
    set_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    PRIMARY KEY (rule, name)
);

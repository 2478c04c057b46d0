-- 004: attempts still running when their event log ends.
--
-- running_until: for an event-log attempt whose execute event (001) has no end event before
-- the log ends, the log's last event time (the latest time of any event in the file): the
-- attempt is known to have run at least until then. NULL for every other attempt and for
-- every CSV row (a CSV's blank Final Status does not say whether the job was still running).
-- The attempts view makes such attempts outcome 'running' with this as their stop time.
ALTER TABLE attempt_records ADD COLUMN running_until TIMESTAMP;

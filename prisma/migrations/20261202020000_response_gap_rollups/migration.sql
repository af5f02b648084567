-- Response gaps are kept in the latency histograms too (metrics response_gap and
-- heard_gap): a change to a call's gaps notes its hour, as a change to its turns does.
CREATE TRIGGER latency_gaps_inserted AFTER INSERT ON response_gaps REFERENCING NEW TABLE AS changed_turns
  FOR EACH STATEMENT EXECUTE FUNCTION latency_note_turns();
CREATE TRIGGER latency_gaps_deleted AFTER DELETE ON response_gaps REFERENCING OLD TABLE AS changed_turns
  FOR EACH STATEMENT EXECUTE FUNCTION latency_note_turns();

INSERT INTO latency_changes (hour)
SELECT DISTINCT date_trunc('hour', c.sort_time, 'UTC') FROM calls c WHERE EXISTS (SELECT 1 FROM response_gaps g WHERE g.call_id = c.id);

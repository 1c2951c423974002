-- An ACH refund enrollment that becomes ACTIVE (new, re-activated, or with new bank details) releases the
-- refunds held for want of one (DOMAIN "No ACH refund enrollment"). The release itself is the processing
-- worker's: this queues its graphile-worker task `cape.refunds.release-held` with payload
-- {"partyIds": [...]}, the parties now enrolled (null when a bulk load enrolled more than 1,000: check every
-- held refund). One job per statement, not per row. Re-encryption under a new key (only account_ciphertext
-- changes) queues none. Until the worker has installed its schema nothing is queued.

CREATE FUNCTION ach_enrollments_activated() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
  DECLARE
    v_party_ids uuid[];
  BEGIN
    IF to_regprocedure('graphile_worker.add_job(text,json,text,timestamptz,integer,text,integer,text[],text)') IS NULL THEN
      RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
      SELECT array_agg(DISTINCT n.party_id) INTO v_party_ids FROM activated_rows n WHERE n.status = 'ACTIVE';
    ELSE
      SELECT array_agg(DISTINCT n.party_id) INTO v_party_ids
        FROM activated_rows n JOIN previous_rows o ON o.id = n.id
       WHERE n.status = 'ACTIVE' AND (o.status <> 'ACTIVE' OR o.updated_at <> n.updated_at);
    END IF;
    IF v_party_ids IS NOT NULL THEN
      PERFORM graphile_worker.add_job(
        'cape.refunds.release-held',
        json_build_object('partyIds', CASE WHEN cardinality(v_party_ids) > 1000 THEN NULL ELSE v_party_ids END));
    END IF;
    RETURN NULL;
  END $$;
REVOKE ALL ON FUNCTION ach_enrollments_activated() FROM PUBLIC;

CREATE TRIGGER ach_enrollments_activated_insert AFTER INSERT ON ach_refund_enrollments
  REFERENCING NEW TABLE AS activated_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ach_enrollments_activated();
CREATE TRIGGER ach_enrollments_activated_update AFTER UPDATE ON ach_refund_enrollments
  REFERENCING OLD TABLE AS previous_rows NEW TABLE AS activated_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ach_enrollments_activated();

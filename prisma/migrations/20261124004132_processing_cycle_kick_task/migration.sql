-- graphile-worker's crontab accepts task names without dots, so the worker's kick task is "cape:cycle:kick";
-- and the definer's search path is pinned like every definer function's.
CREATE OR REPLACE FUNCTION processing_cycle_requested() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
  BEGIN
    IF to_regprocedure('graphile_worker.add_job(text,json,text,timestamptz,integer,text,integer,text[],text)') IS NOT NULL THEN
      PERFORM graphile_worker.add_job('cape:cycle:kick', json_build_object('reason', 'cycle requested'),
                                      job_key := 'cape.cycle.kick', job_key_mode := 'replace');
    END IF;
    RETURN NULL;
  END $$;

ALTER FUNCTION app_refund_status_of_visible_entries(uuid[]) SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION processing_bucket(uuid, integer) SET search_path = pg_catalog, public, pg_temp;

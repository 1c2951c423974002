-- Like every definer function: the temporary schema last, so the application role cannot shadow a table the
-- function reads with a temporary one and run it with the owner's rights.
ALTER FUNCTION app_refund_routing_facts(bigint[]) SET search_path = pg_catalog, public, pg_temp;

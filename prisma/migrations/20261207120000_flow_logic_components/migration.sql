-- Built-in steps renamed to the flow document contract's names: transform/filter -> filter/keep,
-- transform/split -> split/items, transform/batch -> batch/collect (its config's "seconds" ->
-- "maxWaitSeconds"; "body": "list", the bare list it sent), schedule/delay -> delay/wait ("wait":
-- "for" when it named a time without saying how: it waited for its seconds). Rewrites the stored
-- drafts and versions; a document written before is upgraded as it is read
-- (packages/flow/src/legacy.ts).
CREATE FUNCTION pg_temp.upgrade_flow_nodes(doc jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE WHEN jsonb_typeof(doc -> 'nodes') = 'array' THEN jsonb_set(doc, '{nodes}', COALESCE((
    SELECT jsonb_agg(
      CASE (n ->> 'component') || '/' || (n ->> 'function')
        WHEN 'transform/filter' THEN n || '{"component": "filter", "function": "keep"}'::jsonb
        WHEN 'transform/split' THEN n || '{"component": "split", "function": "items"}'::jsonb
        WHEN 'schedule/delay' THEN n || '{"component": "delay", "function": "wait"}'::jsonb
          || CASE WHEN jsonb_typeof(n -> 'config') = 'object' AND (n -> 'config') ? 'until' AND NOT (n -> 'config') ? 'wait'
               THEN jsonb_build_object('config', (n -> 'config') || '{"wait": "for"}'::jsonb)
               ELSE '{}'::jsonb END
        WHEN 'transform/batch' THEN n || '{"component": "batch", "function": "collect"}'::jsonb
          || jsonb_build_object('config',
               '{"body": "list"}'::jsonb
               || (CASE WHEN jsonb_typeof(n -> 'config') = 'object' THEN (n -> 'config') - 'seconds' ELSE '{}'::jsonb END)
               || CASE WHEN jsonb_typeof(n -> 'config') = 'object' AND (n -> 'config') ? 'seconds' AND NOT (n -> 'config') ? 'maxWaitSeconds'
                    THEN jsonb_build_object('maxWaitSeconds', n -> 'config' -> 'seconds')
                    ELSE '{}'::jsonb END)
        ELSE n
      END ORDER BY i)
    FROM jsonb_array_elements(doc -> 'nodes') WITH ORDINALITY AS e(n, i)), '[]'::jsonb))
  ELSE doc END
$fn$;

UPDATE "Flow" SET "draft" = pg_temp.upgrade_flow_nodes("draft")
  WHERE "draft" IS NOT NULL AND "draft"::text ~ '"(transform|schedule)"';
UPDATE "FlowVersion" SET "document" = pg_temp.upgrade_flow_nodes("document")
  WHERE "document"::text ~ '"(transform|schedule)"';

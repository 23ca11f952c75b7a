-- The queue bucket of a run (see runs.queue_bucket). Runs with equal buckets have equal values for every
-- tag key that a run limit names, and equal pools, so every run limit treats them alike: the dequeue
-- judges a bucket once instead of each of its runs. One definition, used both when a run is enqueued
-- (with parameters) and when a coordinator re-buckets queued runs after the limit keys changed.
CREATE OR REPLACE FUNCTION tidepool_queue_bucket(
  tags jsonb, limit_keys text[], root_pools text[], all_pools text[], unconstrained boolean
) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT jsonb_build_object(
    'tags', coalesce((SELECT jsonb_object_agg(k, tags -> k) FROM unnest(limit_keys) AS k), '{}'::jsonb),
    'limitKeys', to_jsonb(limit_keys),
    'rootPools', to_jsonb(root_pools),
    'pools', to_jsonb(all_pools),
    'unconstrained', unconstrained
  )::text
$$;

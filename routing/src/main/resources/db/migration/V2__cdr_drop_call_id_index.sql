-- No query reads CDRs by Call-ID (the API and the CSV export select by tenant and start time), and
-- this index cost more than any other part of writing a CDR: every insert lands on a random leaf,
-- so the embedded H2 store rewrote and compacted index pages all the time (routing/README.md,
-- "CDR database"). An operator who looks calls up by Call-ID in SQL on PostgreSQL can create it
-- again there; the engine does not need it.
DROP INDEX IF EXISTS cdr_call_id;

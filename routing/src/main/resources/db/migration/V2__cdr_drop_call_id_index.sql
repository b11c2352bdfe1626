-- No query reads CDRs by Call-ID (the API and the CSV export select by tenant and start time), and
-- this index cost more than any other part of writing a CDR: every insert lands on a random leaf,
-- so the embedded H2 store rewrote and compacted index pages all the time. In a 1,400 calls/s
-- benchmark step the CDR writer's share of the engine's CPU samples went from 15 % to 7 % without it
-- (routing/README.md, "CDR database"). An operator who looks calls up by Call-ID in SQL on
-- PostgreSQL can create it again there; the engine does not need it.
DROP INDEX IF EXISTS cdr_call_id;

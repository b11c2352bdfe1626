#!/bin/sh
# PostgreSQL for one test, run by io.trunkroute.testpeers.PostgresPeer as the container's command
# (user postgres): a fresh cluster inside the container, one database owned by one password user
# (SCRAM-SHA-256), TCP on every container address (the test reaches it through a mapped port),
# in the foreground, durability off (a test database lives for minutes).
# Environment: PEER_DB, PEER_USER, PEER_PASSWORD.
set -eu
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
data=/tmp/pgdata
pwfile=$(mktemp)
printf '%s\n' "$PEER_PASSWORD" > "$pwfile"
"$bin/initdb" -D "$data" -U "$PEER_USER" --pwfile="$pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 -N >/dev/null
rm -f "$pwfile"
echo "host all all 0.0.0.0/0 scram-sha-256" >> "$data/pg_hba.conf"
echo "host all all ::/0 scram-sha-256" >> "$data/pg_hba.conf"
echo "CREATE DATABASE \"$PEER_DB\" OWNER \"$PEER_USER\";" | "$bin/postgres" --single -D "$data" postgres >/dev/null
exec "$bin/postgres" -D "$data" -c listen_addresses='*' -c unix_socket_directories=/tmp \
  -c fsync=off -c synchronous_commit=off -c full_page_writes=off

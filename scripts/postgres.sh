#!/usr/bin/env bash
# A throw-away PostgreSQL 15 for the tests: Debian's server (installed when missing), its data and socket in a
# temporary folder, listening on loopback only, stopped by PID. Source this file: it exports
# TERRITOIRES_TEST_PG_URL and defines stop_test_postgres.
PG_PORT="${TERRITOIRES_TEST_PG_PORT:-55432}"
PG_BIN=/usr/lib/postgresql/15/bin
if [ ! -x "$PG_BIN/initdb" ]; then
  echo "Installation de PostgreSQL 15 (paquet Debian)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi
PG_DIR="$(mktemp -d /tmp/territoires-pg.XXXXXX)"
chown postgres "$PG_DIR"
runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off" start >/dev/null
runuser -u postgres -- "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -q -c "CREATE DATABASE territoires_e2e" postgres
export TERRITOIRES_TEST_PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
export TERRITOIRES_E2E_PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/territoires_e2e"

stop_test_postgres() {
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    kill -INT "$(head -1 "$PG_DIR/data/postmaster.pid")" 2>/dev/null || true
    for _ in $(seq 50); do [ -f "$PG_DIR/data/postmaster.pid" ] || break; sleep 0.1; done
  fi
  rm -rf "$PG_DIR"
}

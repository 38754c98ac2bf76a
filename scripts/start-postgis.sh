#!/usr/bin/env bash
# Starts a local PostgreSQL with PostGIS for the PostGIS reading test and prints the connection string
# to export as PLAN_TEST_PG. Debian 12, as root. The test skips when PLAN_TEST_PG is not set.
set -euo pipefail
packages=(postgresql postgresql-15-postgis-3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
pg_lsclusters -h | grep -q '^15 *main' || pg_createcluster 15 main >&2
pg_ctlcluster 15 main start >&2 2>/dev/null || true
cd /tmp
runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 >&2 <<'SQL'
SELECT 'CREATE ROLE plan_test LOGIN PASSWORD ''plan_test''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'plan_test') \gexec
SELECT 'CREATE DATABASE plan_test OWNER plan_test' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'plan_test') \gexec
SQL
runuser -u postgres -- psql -q -d plan_test -c 'CREATE EXTENSION IF NOT EXISTS postgis' >&2
echo "PG:host=127.0.0.1 port=5432 dbname=plan_test user=plan_test password=plan_test"

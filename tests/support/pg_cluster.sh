#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests (issue 20): initdb + pg_ctl in a temporary
# directory, listening only on a Unix socket in that directory (listen_addresses=''), so no
# system service, port or configuration is touched.
#
#   pg_cluster.sh start STATE_FILE   creates and starts a cluster; writes its directory to STATE_FILE
#   pg_cluster.sh stop STATE_FILE    stops it (fast) and removes the directory and STATE_FILE
#   pg_cluster.sh pause STATE_FILE   stops the server but keeps the cluster (outage tests)
#   pg_cluster.sh resume STATE_FILE  starts a paused cluster again
#
# Connect with postgresql:///DB?host=DIR&user=postgres (trust authentication on the socket,
# which only the cluster's owner and root can reach: the directory is 0700).
#
# Why the user switch: initdb and postgres refuse to run as root, and CI runs as root. As
# root the cluster runs as `nobody` (present on every Debian system) in a directory nobody
# owns; as any other user it runs as that user. fsync is off: the tests' data is thrown away,
# and it makes CREATE DATABASE per test cheap. The binaries are Debian's postgresql-15 server
# ones (/usr/lib/postgresql/15/bin), not pg_config's client directory.
# FEEDBACK_PG_OPTIONS, when set, is appended to the server's options (later -c settings win):
# the load benchmark passes "-c fsync=on -c synchronous_commit=on -c full_page_writes=on" so
# that PostgreSQL pays for durability as the collector's SQLite file does.
set -euo pipefail

action=${1:?usage: pg_cluster.sh start|stop|pause|resume STATE_FILE}
state=${2:?usage: pg_cluster.sh start|stop|pause|resume STATE_FILE}
bin=${FEEDBACK_PG_BIN:-}
if [[ -z $bin ]]; then
  for candidate in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [[ -x $candidate/initdb ]]; then bin=$candidate; break; fi
  done
fi
[[ -n $bin && -x $bin/initdb ]] || { echo "pg_cluster.sh: no PostgreSQL server binaries (apt-get install postgresql-15)" >&2; exit 1; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env -- "$@"
  else
    "$@"
  fi
}

case $action in
  start)
    if [[ -f $state && -d $(head -n1 "$state") ]]; then
      echo "pg_cluster.sh: $state names a cluster already ($(head -n1 "$state")); stop it first" >&2
      exit 1
    fi
    dir=$(mktemp -d /tmp/feedback-pg.XXXXXX)
    if [[ $(id -u) -eq 0 ]]; then chown nobody:nogroup "$dir"; fi
    chmod 700 "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 ${FEEDBACK_PG_OPTIONS:-}" \
      start >/dev/null || { cat "$dir/server.log" >&2; rm -rf "$dir"; exit 1; }
    printf '%s\n' "$dir" >"$state"
    ;;
  stop|pause|resume)
    [[ -f $state ]] || exit 0
    dir=$(head -n1 "$state")
    case $action in
      stop)
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$dir" "$state"
        ;;
      pause) as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ;;
      resume)
        as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
          -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 ${FEEDBACK_PG_OPTIONS:-}" \
          start >/dev/null
        ;;
    esac
    ;;
  *) echo "pg_cluster.sh: unknown action $action" >&2; exit 2 ;;
esac

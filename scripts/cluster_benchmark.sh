#!/usr/bin/env bash
# Multi-host benchmark (see scripts/cluster_benchmark.py; --short for a quick run, --help for
# the options): two Odoo hosts in their own network namespaces behind HAProxy, one
# PostgreSQL primary with a streaming replica serving the read-only requests. Run as root;
# needs haproxy (Debian package) and PostgreSQL's server binaries.
source "$(dirname "$0")/_env.sh"
export ADDONS_PATH
command -v haproxy >/dev/null || {
    echo "ERROR: haproxy is missing: apt-get install haproxy" >&2
    exit 1
}
exec python3 "$ROOT/scripts/cluster_benchmark.py" "$@"

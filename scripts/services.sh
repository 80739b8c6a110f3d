#!/usr/bin/env bash
# LocalGov Hub test services (PostgreSQL, Redis, Elasticsearch 8, Chromium) on loopback.
#   scripts/services.sh up        install what is missing, start everything, wait until healthy
#   scripts/services.sh env       print `export` lines (also written to .services/env by `up`)
#   scripts/services.sh status    one line per service
#   scripts/services.sh stop  <postgres|redis|elasticsearch>   (for outage tests)
#   scripts/services.sh start <postgres|redis|elasticsearch>   (waits until healthy)
#   scripts/services.sh down      stop everything;  `verify` = Elasticsearch feature smoke test
# Ports: Postgres 55432, Redis 56379, Elasticsearch 59200 (a healthy server already on a port is
# reused). State/logs: <repo>/.services/. Needs root (apt-get, runuser). Elasticsearch comes from
# Maven Central (integ-test-zip) plus shims built from scripts/es-shims (english, synonym_graph, GET /).
set -euo pipefail

ES_VERSION=8.19.21
PG_PORT=${HUB_PG_PORT:-55432}
REDIS_PORT=${HUB_REDIS_PORT:-56379}
ES_PORT=${HUB_ES_PORT:-59200}
ES_TRANSPORT_PORT=${HUB_ES_TRANSPORT_PORT:-59300}
ES_HEAP=${HUB_ES_HEAP:-512m}
PG_TIMEOUT=${HUB_PG_TIMEOUT:-60}
REDIS_TIMEOUT=${HUB_REDIS_TIMEOUT:-10}
ES_TIMEOUT=${HUB_ES_TIMEOUT:-120}
CHROMIUM=/usr/bin/chromium

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
STATE=$ROOT/.services
SHIM_DIR=$SCRIPT_DIR/es-shims
SHIM_REV=1   # bump when the shim packaging below changes
ES_USER=elasticsearch
export DEBIAN_FRONTEND=noninteractive

log() { printf 'services: [%3ss] %s\n' "$SECONDS" "$*" >&2; }
die() { printf 'services: ERROR: %s\n' "$*" >&2; exit 1; }

# --------------------------------------------------------------------------- helpers

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for TIMEOUT DESCRIPTION CMD... : poll CMD until it succeeds or the deadline passes.
wait_for() {
    local timeout=$1 what=$2; shift 2
    local deadline=$(( SECONDS + timeout ))
    until "$@"; do
        if (( SECONDS >= deadline )); then
            return 1
        fi
        sleep 0.1
    done
    log "$what is up"
}

wait_port_closed() {
    local port=$1 timeout=$2
    local deadline=$(( SECONDS + timeout ))
    while port_open "$port"; do
        (( SECONDS >= deadline )) && return 1
        sleep 0.05
    done
}

# alive and not a zombie (this machine's init reaps orphans only every second or so)
pid_alive() {
    [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null || return 1
    local st
    st=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    st=${st##*) }
    [[ ${st%% *} != Z ]]
}
read_pid() { if [[ -f $1 ]]; then tr -dc '0-9' <"$1"; fi; }

# pid of the process listening on 127.0.0.1:PORT (root sees every process)
listener_pid() {
    ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2 || true
}

# stop_pid PID TIMEOUT SIGNAL : send SIGNAL, wait up to TIMEOUT s, then SIGKILL.
stop_pid() {
    local pid=$1 timeout=$2 sig=${3:-TERM}
    pid_alive "$pid" || return 0
    kill -s "$sig" "$pid" 2>/dev/null || true
    local deadline=$(( SECONDS + timeout ))
    while pid_alive "$pid"; do
        if (( SECONDS >= deadline )); then
            log "pid $pid did not stop after ${timeout}s, killing it"
            kill -s KILL "$pid" 2>/dev/null || true
            sleep 0.2
            break
        fi
        sleep 0.05
    done
}

need_root() {
    [[ $(id -u) -eq 0 ]] || die "$1 needs root (run as root, or install it yourself)"
}

APT_UPDATED=0
apt_install() {
    (( $# )) || return 0
    need_root "installing $*"
    if (( ! APT_UPDATED )); then
        log "apt-get update"
        apt-get -o DPkg::Lock::Timeout=300 update -qq >"$STATE/apt.log" 2>&1 \
            || { tail -n 20 "$STATE/apt.log" >&2; die "apt-get update failed"; }
        APT_UPDATED=1
    fi
    log "apt-get install $*"
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$@" >>"$STATE/apt.log" 2>&1 \
        || { tail -n 30 "$STATE/apt.log" >&2; die "apt-get install $* failed (log: $STATE/apt.log)"; }
}

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }

pg_bin_dir() {
    local d
    d=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n1 || true)
    [[ -n $d && -x $d/initdb ]] && printf '%s\n' "$d"
}

# JDK for Elasticsearch and for compiling the shims: Debian's OpenJDK 17 unless HUB_ES_JAVA_HOME is set.
java_home() {
    local j=${HUB_ES_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture 2>/dev/null || echo amd64)}
    if [[ -x $j/bin/javac ]]; then printf '%s\n' "$j"; fi
}

# Packages needed for the given services (missing ones only).
missing_packages() {
    local svc pkgs=()
    for svc in "$@"; do
        case $svc in
            postgres) pg_bin_dir >/dev/null || pkgs+=(postgresql) ;;
            redis) command -v redis-server >/dev/null && command -v redis-cli >/dev/null || pkgs+=(redis-server redis-tools) ;;
            elasticsearch)
                [[ -n $(java_home) ]] || pkgs+=(openjdk-17-jdk-headless)
                command -v mvn >/dev/null || pkgs+=(maven)
                command -v unzip >/dev/null || pkgs+=(unzip)
                ;;
            chromium)
                [[ -x $CHROMIUM ]] || pkgs+=(chromium)
                pkg_installed fonts-liberation || pkgs+=(fonts-liberation)
                ;;
        esac
    done
    command -v curl >/dev/null || pkgs+=(curl)
    command -v ss >/dev/null || pkgs+=(iproute2)
    printf '%s\n' "${pkgs[@]}" | awk 'NF && !seen[$0]++'
}

ensure_packages() {
    local pkgs
    mapfile -t pkgs < <(missing_packages "$@")
    apt_install "${pkgs[@]}"
}

# Directory for state that a non-root service user must reach. Normally under .services/, but
# if the checkout lives somewhere other users cannot traverse (e.g. /root), use /var/tmp.
SVC_BASE=
svc_base() {
    if [[ -z $SVC_BASE ]]; then
        if runuser -u nobody -- test -x "$STATE" 2>/dev/null; then
            SVC_BASE=$STATE
        else
            SVC_BASE=/var/tmp/localgov-hub-services-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)
            mkdir -p "$SVC_BASE"
            chmod 755 "$SVC_BASE"
            ln -sfn "$SVC_BASE" "$STATE/service-data"
        fi
    fi
    printf '%s\n' "$SVC_BASE"
}

# --------------------------------------------------------------------------- PostgreSQL

pg_data() { printf '%s/pg/data\n' "$(svc_base)"; }

pg_hub_ok() {
    local bin
    bin=$(pg_bin_dir) || return 1
    [[ $(PGPASSWORD=hub PGCONNECT_TIMEOUT=2 "$bin/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U hub -d hub -Atc 'select 1' 2>/dev/null) == 1 ]]
}

pg_ready() {
    local bin
    bin=$(pg_bin_dir) || return 1
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 1
}

pg_bootstrap() {
    local bin
    bin=$(pg_bin_dir)
    PGCONNECT_TIMEOUT=5 "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres >/dev/null <<'SQL' \
        || die "could not create role/database hub on 127.0.0.1:$PG_PORT (is it someone else's server?)"
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hub') THEN
    CREATE ROLE hub LOGIN PASSWORD 'hub' CREATEDB;
  ELSE
    ALTER ROLE hub LOGIN PASSWORD 'hub' CREATEDB;
  END IF;
END
$$;
SELECT 'CREATE DATABASE hub OWNER hub' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'hub')\gexec
SQL
}

pg_install() {
    ensure_packages postgres
    local bin data
    bin=$(pg_bin_dir) || die "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin"
    data=$(pg_data)
    if [[ ! -f $data/PG_VERSION ]]; then
        need_root "initdb (runs as the postgres user)"
        log "initdb $data"
        rm -rf "$data"
        mkdir -p "$data"
        chown -R postgres: "$(dirname "$data")"
        chmod 700 "$data"
        runuser -u postgres -- "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 \
            --locale=C.UTF-8 --no-sync >"$(dirname "$data")/initdb.log" 2>&1 \
            || { cat "$(dirname "$data")/initdb.log" >&2; die "initdb failed"; }
        printf "\ninclude_if_exists = 'localgov.conf'\n" >>"$data/postgresql.conf"
    fi
    # Written on every start so that port/setting changes apply. Test-only: no durability.
    cat >"$data/localgov.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
max_connections = 200
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
logging_collector = off
EOF
    chown postgres: "$data/localgov.conf"
}

pg_start() {
    if pg_hub_ok; then
        log "postgres already running on 127.0.0.1:$PG_PORT (reused)"
        return 0
    fi
    if port_open "$PG_PORT"; then
        # something is listening: maybe a server whose hub role is missing
        if wait_for 10 "postgres" pg_ready; then
            pg_bootstrap
            pg_hub_ok && { log "postgres on 127.0.0.1:$PG_PORT reused (role hub created)"; return 0; }
        fi
        die "port $PG_PORT is in use by something that is not a usable PostgreSQL"
    fi
    pg_install
    local bin data logf
    bin=$(pg_bin_dir)
    data=$(pg_data)
    logf=$(dirname "$data")/postgres.log
    # after a crash (kill -9) the old postmaster may linger as a zombie for a moment
    if [[ -f $data/postmaster.pid ]]; then
        local old i
        old=$(head -n1 "$data/postmaster.pid")
        if ! pid_alive "$old"; then
            for (( i = 0; i < 50; i++ )); do kill -0 "$old" 2>/dev/null || break; sleep 0.1; done
            kill -0 "$old" 2>/dev/null && rm -f "$data/postmaster.pid"
        fi
    fi
    log "starting postgres on 127.0.0.1:$PG_PORT"
    : >"$logf"; chown postgres: "$logf"
    (cd / && runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$logf" -w -t "$PG_TIMEOUT" start >/dev/null 9>&-) \
        || { tail -n 20 "$logf" >&2; die "postgres failed to start (log: $logf)"; }
    wait_for "$PG_TIMEOUT" "postgres (127.0.0.1:$PG_PORT)" pg_ready \
        || { tail -n 20 "$logf" >&2; die "postgres not ready after ${PG_TIMEOUT}s (log: $logf)"; }
    pg_bootstrap
    pg_hub_ok || die "postgres is up but cannot log in as hub"
}

pg_stop() {
    local bin data pid
    data=$(pg_data)
    bin=$(pg_bin_dir || true)
    if [[ -n $bin && -f $data/postmaster.pid ]] && pid_alive "$(head -n1 "$data/postmaster.pid")"; then
        (cd / && runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 9>&-) \
            || stop_pid "$(head -n1 "$data/postmaster.pid")" 5 INT
    elif port_open "$PG_PORT"; then
        pid=$(listener_pid "$PG_PORT")
        [[ -n $pid ]] || die "cannot find the process listening on $PG_PORT"
        log "stopping external postgres (pid $pid)"
        stop_pid "$pid" 30 INT
    fi
    wait_port_closed "$PG_PORT" 10 || die "postgres port $PG_PORT still open"
    log "postgres stopped"
}

# --------------------------------------------------------------------------- Redis

redis_ok() {
    [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]
}

redis_start() {
    ensure_packages redis
    if redis_ok; then
        log "redis already running on 127.0.0.1:$REDIS_PORT (reused)"
        return 0
    fi
    port_open "$REDIS_PORT" && die "port $REDIS_PORT is in use by something that is not Redis"
    local dir=$STATE/redis
    mkdir -p "$dir"
    log "starting redis on 127.0.0.1:$REDIS_PORT"
    (cd "$dir" && redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --protected-mode no \
        --save '' --appendonly no --daemonize yes --dir "$dir" \
        --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" 9>&-) \
        || die "redis-server failed to start (log: $dir/redis.log)"
    wait_for "$REDIS_TIMEOUT" "redis (127.0.0.1:$REDIS_PORT)" redis_ok \
        || { tail -n 20 "$dir/redis.log" >&2; die "redis not ready after ${REDIS_TIMEOUT}s"; }
}

redis_stop() {
    local pid
    pid=$(read_pid "$STATE/redis/redis.pid")
    pid_alive "$pid" || pid=$(listener_pid "$REDIS_PORT")
    if port_open "$REDIS_PORT"; then
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    fi
    [[ -n $pid ]] && stop_pid "$pid" 5 TERM
    wait_port_closed "$REDIS_PORT" 5 || die "redis port $REDIS_PORT still open"
    log "redis stopped"
}

# --------------------------------------------------------------------------- Elasticsearch

es_home() { printf '%s/elasticsearch-%s\n' "$(svc_base)" "$ES_VERSION"; }
es_dir() { printf '%s/es\n' "$(svc_base)"; }
es_pidfile() { printf '%s/run/es.pid\n' "$(es_dir)"; }

es_health() {
    curl -fsS --max-time 3 "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=2s" 2>/dev/null \
        | grep -Eq '"status":"(green|yellow)"'
}

ensure_es_user() {
    id -u "$ES_USER" >/dev/null 2>&1 && return 0
    need_root "creating the $ES_USER user"
    log "creating system user $ES_USER"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$ES_USER"
}

# Compile scripts/es-shims/*.java into two plugins (re-built when the sources change):
#  - localgov-analysis-shim (stable plugin API): english, synonym_graph, stemmer, ... (no analysis-common)
#  - localgov-rest-root-shim (classic plugin): GET/HEAD / for es.info()/es.ping() (no rest-root)
# Returns 0 if (re)built.
es_build_shims() {
    local home=$1 jhome=$2
    local stampfile=$home/.localgov-shims.stamp stamp
    if ! compgen -G "$SHIM_DIR/*.java" >/dev/null; then
        log "warning: no $SHIM_DIR/*.java: Elasticsearch will lack english/synonym_graph and GET /"
        return 1
    fi
    stamp=$(cat "$SHIM_DIR"/*.java | sha256sum | cut -c1-16)-$ES_VERSION-$SHIM_REV
    [[ -f $stampfile && $(cat "$stampfile") == "$stamp" ]] && return 1
    log "building Elasticsearch shim plugins"
    local build=$STATE/es-shim-build
    local analysis=$home/plugins/localgov-analysis-shim root=$home/plugins/localgov-rest-root-shim
    rm -rf "$build" "$analysis" "$root" "$stampfile"
    mkdir -p "$build/classes" "$analysis" "$root"
    "$jhome/bin/javac" -nowarn --release 17 -encoding UTF-8 -cp "$home/lib/*" -d "$build/classes" "$SHIM_DIR"/*.java \
        >"$build/javac.log" 2>&1 || { cat "$build/javac.log" >&2; die "compiling $SHIM_DIR failed"; }
    (cd "$build/classes" && "$jhome/bin/jar" cf "$analysis/localgov-analysis-shim.jar" hub/esshim/LocalgovAnalysisShim*.class \
        && "$jhome/bin/jar" cf "$root/localgov-rest-root-shim.jar" hub/esshim/LocalgovRestRootShim*.class)
    # named_components.json maps each @NamedComponent("x") to its class, per extensible interface
    awk '
        /@NamedComponent\("/ { match($0, /"[^"]+"/); name = substr($0, RSTART + 1, RLENGTH - 2); next }
        name != "" && /public static class/ {
            iface = $6; sub(/[^A-Za-z].*/, "", iface)
            m[iface] = m[iface] (m[iface] == "" ? "" : ",\n") "    \"" name "\": \"hub.esshim.LocalgovAnalysisShim$" $4 "\""
            name = ""; next
        }
        END { n = 0; printf "{\n"; for (i in m) { printf "%s  \"org.elasticsearch.plugin.analysis.%s\": {\n%s\n  }", (n++ ? ",\n" : ""), i, m[i] }; printf "\n}\n" }
    ' "$SHIM_DIR/LocalgovAnalysisShim.java" >"$analysis/named_components.json"
    printf '%s\n' \
        "description=LocalGov Hub test-only analysis components (english, synonym_graph, stemmer, ...)" \
        "version=1.0.0" "name=localgov-analysis-shim" "java.version=17" "elasticsearch.version=$ES_VERSION" \
        >"$analysis/stable-plugin-descriptor.properties"
    printf '%s\n' \
        "description=LocalGov Hub test-only GET / endpoint" "version=1.0.0" "name=localgov-rest-root-shim" \
        "classname=hub.esshim.LocalgovRestRootShim" "java.version=17" "elasticsearch.version=$ES_VERSION" \
        >"$root/plugin-descriptor.properties"
    chown -R "$ES_USER": "$analysis" "$root"
    printf '%s\n' "$stamp" >"$stampfile"
    rm -rf "$build"
    return 0
}

ES_SHIM_REBUILT=0
es_install() {
    ensure_packages elasticsearch
    ensure_es_user
    local home jhome
    home=$(es_home)
    jhome=$(java_home)
    [[ -n $jhome ]] || die "no JDK 17 found (need java and javac; set HUB_ES_JAVA_HOME or install openjdk-17-jdk-headless)"
    if [[ ! -f $home/.localgov-installed ]]; then
        local dl=$STATE/downloads zip
        zip=$HOME/.m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip
        if [[ ! -s $zip ]]; then
            log "fetching Elasticsearch $ES_VERSION from Maven Central (cached in ~/.m2)"
            mkdir -p "$dl"
            zip=$dl/elasticsearch-$ES_VERSION.zip
            if ! (cd "$dl" && JAVA_HOME=$jhome mvn -B -q \
                    org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
                    -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
                    -DoutputDirectory="$dl" >"$dl/mvn.log" 2>&1) || [[ ! -s $zip ]]; then
                tail -n 30 "$dl/mvn.log" >&2
                die "could not fetch Elasticsearch $ES_VERSION with maven"
            fi
        fi
        log "unpacking Elasticsearch $ES_VERSION"
        local tmp
        tmp=$(svc_base)/.es-unpack.$$
        rm -rf "$tmp" "$home"
        mkdir -p "$tmp"
        unzip -q "$zip" -d "$tmp" || die "unzip $zip failed"
        mv "$tmp/elasticsearch-$ES_VERSION" "$home"
        rm -rf "$tmp" "$dl"
        touch "$home/.localgov-installed"
    fi
    if es_build_shims "$home" "$jhome"; then ES_SHIM_REBUILT=1; fi
    local d
    d=$(es_dir)
    mkdir -p "$d/data" "$d/logs" "$d/tmp" "$d/run"
    cat >"$home/config/elasticsearch.yml" <<EOF
# written by scripts/services.sh (test-only single node)
cluster.name: localgov-hub-test
node.name: localgov-hub-test
path.data: $d/data
path.logs: $d/logs
discovery.type: single-node
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $ES_TRANSPORT_PORT
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
    chown -R "$ES_USER": "$home" "$d"
}

es_start() {
    # Always make sure the distribution is installed, even when a running node is reused, so
    # that a later `stop`/`start` from this checkout is fast.
    es_install
    if es_health || { port_open "$ES_PORT" && wait_for 60 "elasticsearch" es_health; }; then
        if (( ES_SHIM_REBUILT )) && pid_alive "$(read_pid "$(es_pidfile)")"; then
            log "analysis shim changed: restarting elasticsearch"
            es_stop
        else
            log "elasticsearch already running on 127.0.0.1:$ES_PORT (reused)"
            return 0
        fi
    elif port_open "$ES_PORT"; then
        die "port $ES_PORT is in use by something that is not a healthy Elasticsearch"
    fi
    local home d jhome pidfile
    home=$(es_home); d=$(es_dir); jhome=$(java_home); pidfile=$(es_pidfile)
    rm -f "$pidfile"
    log "starting elasticsearch $ES_VERSION on 127.0.0.1:$ES_PORT"
    # -d returns once the node has started (or failed); health is polled afterwards anyway.
    if ! (cd "$home" && runuser -u "$ES_USER" -- env ES_JAVA_HOME="$jhome" \
            ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP ${HUB_ES_EXTRA_JAVA_OPTS:-}" ES_TMPDIR="$d/tmp" \
            ./bin/elasticsearch -d -p "$pidfile" >"$d/logs/startup.out" 2>&1 9>&-); then
        tail -n 30 "$d/logs/startup.out" >&2
        die "elasticsearch failed to start (logs: $d/logs)"
    fi
    wait_for "$ES_TIMEOUT" "elasticsearch (127.0.0.1:$ES_PORT)" es_health \
        || { tail -n 30 "$d/logs/localgov-hub-test.log" >&2 2>/dev/null; die "elasticsearch not healthy after ${ES_TIMEOUT}s (logs: $d/logs)"; }
}

es_stop() {
    local pid
    pid=$(read_pid "$(es_pidfile)")
    pid_alive "$pid" || pid=$(listener_pid "$ES_PORT")
    if [[ -n $pid ]]; then
        stop_pid "$pid" 30 TERM
    fi
    wait_port_closed "$ES_PORT" 10 || die "elasticsearch port $ES_PORT still open"
    rm -f "$(es_pidfile)"
    log "elasticsearch stopped"
}

# Smoke test of the search features LocalGov Hub relies on; prints one line per check.
es_verify() {
    local es=http://127.0.0.1:$ES_PORT idx=services-verify-$$ fail=0 out
    req() { curl -sS --max-time 10 -H 'Content-Type: application/json' "$@" 2>&1 || true; }
    check() { # NAME REGEX OUTPUT
        if grep -Eq "$2" <<<"$3"; then printf 'ok    %s\n' "$1"; else printf 'FAIL  %s: %s\n' "$1" "${3:0:300}"; fail=1; fi
    }
    req -XDELETE "$es/$idx" >/dev/null 2>&1 || true
    out=$(req "$es/")
    check "GET / (es.info)" '"number" : "[0-9.]+"|"number":"[0-9.]+"' "$out"
    out=$(curl -s -o /dev/null -w '%{http_code}' -I "$es/" 2>&1 || true)
    check "HEAD / (es.ping)" '^200$' "$out"
    out=$(req -XPUT "$es/$idx" -d '{
      "settings": {"number_of_shards": 1, "number_of_replicas": 0, "analysis": {
        "filter": {"hub_syn": {"type": "synonym_graph", "synonyms": ["bin, rubbish, refuse", "ctax, council tax"]},
                   "hub_stem": {"type": "stemmer", "language": "english"},
                   "hub_edge": {"type": "edge_ngram", "min_gram": 2, "max_gram": 10}},
        "analyzer": {"hub_search": {"tokenizer": "standard", "filter": ["lowercase", "hub_syn", "hub_stem"]},
                     "hub_shingle": {"tokenizer": "standard", "filter": ["lowercase", "shingle"]},
                     "hub_prefix": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding", "hub_edge"]}}}},
      "mappings": {"properties": {
        "title": {"type": "text", "analyzer": "english", "search_analyzer": "hub_search",
                  "fields": {"shingle": {"type": "text", "analyzer": "hub_shingle"},
                             "prefix": {"type": "text", "analyzer": "hub_prefix", "search_analyzer": "standard"}}},
        "body": {"type": "text", "analyzer": "english"},
        "suggest": {"type": "completion"}}}}')
    check "create index (english, synonym_graph, stemmer, edge_ngram, shingle)" '"acknowledged":true' "$out"
    out=$(req -XPOST "$es/$idx/_bulk?refresh=true" --data-binary $'{"index":{"_id":"1"}}\n{"title":"Rubbish collections","body":"Household rubbish and recycling collections every week in the borough","suggest":"rubbish collections"}\n{"index":{"_id":"2"}}\n{"title":"Council tax bands","body":"Find your council tax band and pay council tax online","suggest":"council tax"}\n{"index":{"_id":"3"}}\n{"title":"Recycling centres","body":"Household recycling centres and rubbish tips opening hours","suggest":"recycling centres"}\n')
    check "bulk index" '"errors":false' "$out"
    out=$(req "$es/$idx/_analyze" -d '{"analyzer": "english", "text": "The Running Collections"}')
    check "english analyzer stems and drops stopwords" '"token":"run".*"token":"collect"' "$out"
    out=$(req "$es/$idx/_search" -d '{"query": {"match": {"title": "bin"}}, "highlight": {"fields": {"title": {}}}}')
    check "synonym_graph search (bin -> rubbish)" '"_id":"1"' "$out"
    check "highlight" '<em>Rubbish</em>' "$out"
    out=$(req "$es/$idx/_search" -d '{"suggest": {"text": "councel tax", "fix": {"phrase": {"field": "title.shingle", "size": 1, "direct_generator": [{"field": "title.shingle", "suggest_mode": "always"}]}}}}')
    check "phrase suggester (councel tax -> council tax)" '"text":"council tax"' "$out"
    out=$(req "$es/$idx/_search" -d '{"query": {"more_like_this": {"fields": ["body"], "like": [{"_id": "1"}], "min_term_freq": 1, "min_doc_freq": 1}}}')
    check "more_like_this" '"_id":"3"' "$out"
    out=$(req "$es/$idx/_search" -d '{"suggest": {"c": {"prefix": "coun", "completion": {"field": "suggest"}}}}')
    check "completion suggester" '"text":"council tax"' "$out"
    out=$(req "$es/$idx/_search" -d '{"query": {"match": {"title": "ctax"}}}')
    check "multi-word synonym (ctax -> council tax)" '"_id":"2"' "$out"
    out=$(req "$es/$idx/_search" -d '{"query": {"match": {"title.prefix": "recy"}}}')
    check "edge_ngram prefix search" '"_id":"3"' "$out"
    req -XDELETE "$es/$idx" >/dev/null 2>&1 || true
    return "$fail"
}

# --------------------------------------------------------------------------- Chromium

chromium_install() {
    ensure_packages chromium
    [[ -x $CHROMIUM ]] || die "$CHROMIUM missing after install"
}

# --------------------------------------------------------------------------- commands

env_lines() {
    cat <<EOF
export DATABASE_URL=postgres://hub:hub@127.0.0.1:$PG_PORT/hub
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
export ELASTICSEARCH_URL=http://127.0.0.1:$ES_PORT
export PLAYWRIGHT_CHROMIUM=$CHROMIUM
EOF
}

status_line() { printf '%-14s %-8s %s\n' "$1" "$2" "$3"; }

cmd_status() {
    local pid
    if pg_hub_ok; then
        pid=$(listener_pid "$PG_PORT"); status_line postgres up "127.0.0.1:$PG_PORT pid ${pid:-?}"
    elif port_open "$PG_PORT"; then status_line postgres broken "127.0.0.1:$PG_PORT open but hub cannot log in"
    else status_line postgres down "127.0.0.1:$PG_PORT"; fi
    if command -v redis-cli >/dev/null && redis_ok; then
        pid=$(listener_pid "$REDIS_PORT"); status_line redis up "127.0.0.1:$REDIS_PORT pid ${pid:-?}"
    else status_line redis down "127.0.0.1:$REDIS_PORT"; fi
    if es_health; then
        local ver
        ver=$(curl -fsS --max-time 3 "http://127.0.0.1:$ES_PORT/" 2>/dev/null | grep -o '"number" *: *"[^"]*"' | cut -d'"' -f4 || true)
        pid=$(listener_pid "$ES_PORT"); status_line elasticsearch up "127.0.0.1:$ES_PORT pid ${pid:-?} (Elasticsearch ${ver:-?})"
    elif port_open "$ES_PORT"; then status_line elasticsearch starting "127.0.0.1:$ES_PORT (not yet yellow/green)"
    else status_line elasticsearch down "127.0.0.1:$ES_PORT"; fi
    if [[ -x $CHROMIUM ]]; then status_line chromium ok "$CHROMIUM"
    else status_line chromium missing "$CHROMIUM"; fi
}

lock() {
    mkdir -p "$STATE"
    exec 9>"$STATE/.lock"
    flock -w 900 9 || die "another services.sh is still running (lock $STATE/.lock)"
}

start_one() {
    case $1 in
        postgres|postgresql|pg) ensure_packages postgres; pg_start ;;
        redis) redis_start ;;
        elasticsearch|es) es_start ;;
        *) die "unknown service '$1' (postgres|redis|elasticsearch)" ;;
    esac
}

stop_one() {
    case $1 in
        postgres|postgresql|pg) pg_stop ;;
        redis) command -v redis-cli >/dev/null || die "redis-cli not installed"; redis_stop ;;
        elasticsearch|es) es_stop ;;
        *) die "unknown service '$1' (postgres|redis|elasticsearch)" ;;
    esac
}

cmd_up() {
    local t0 es_job
    t0=$SECONDS
    # one apt-get run for everything that is missing
    ensure_packages postgres redis elasticsearch chromium
    svc_base >/dev/null
    # Elasticsearch is the slowest: start it in the background while the others come up.
    es_start &
    es_job=$!
    pg_start
    redis_start
    chromium_install
    wait "$es_job" || die "elasticsearch did not come up"
    local d
    d=$(es_dir)
    es_verify >"$d/logs/verify.out" 2>&1 \
        || { cat "$d/logs/verify.out" >&2; die "elasticsearch is up but lacks features the search needs (see above)"; }
    log "elasticsearch search features verified"
    env_lines >"$STATE/env"
    log "all services up in $(( SECONDS - t0 ))s; env: $STATE/env"
}

cmd_down() {
    es_stop
    if command -v redis-cli >/dev/null; then redis_stop; fi
    pg_stop
}

main() {
    local cmd=${1:-}
    case $cmd in
        up) lock; cmd_up ;;
        down) lock; cmd_down ;;
        start) [[ $# -eq 2 ]] || die "usage: $0 start <postgres|redis|elasticsearch>"; lock; start_one "$2" ;;
        stop) [[ $# -eq 2 ]] || die "usage: $0 stop <postgres|redis|elasticsearch>"; lock; stop_one "$2" ;;
        restart) [[ $# -eq 2 ]] || die "usage: $0 restart <service>"; lock; stop_one "$2"; start_one "$2" ;;
        env) env_lines ;;
        status) cmd_status ;;
        verify) es_verify ;;
        -h|--help|help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
        *) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
}

main "$@"

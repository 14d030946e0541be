#!/usr/bin/env bash
# Supervised soak: a real redis-server, N karton tasks routed the way karton-system routes them, and
# the packaged sample consumer recycling itself under a real service manager (supervisord, or the
# seed's shell loop). When the queues are empty it checks that nothing was lost, duplicated or cut
# off, and prints one summary line; it exits 0 only when every check passes.
#
# Usage: scripts/soak.sh [--tasks N] [--manager supervisor|loop] [--port PORT]
#                        [--restart-redis-after K] [--timeout SECONDS]
#                        [--proceed-tasks N] [--extra-mb MB] [--leak-kb KB]
# Needs: redis-server and redis-cli (Debian: redis-server), supervisord (Debian: supervisor), and
# the packaged sample jar (./mvnw -B -DskipTests package).
set -euo pipefail

tasks=1000
manager=supervisor
port=6390
restart_redis_after=0
timeout=900
proceed_tasks=200
extra_mb=64
leak_kb=384
identity=karton.soak-parser

while [ $# -gt 0 ]; do
  case "$1" in
    --tasks) tasks=$2; shift 2 ;;
    --manager) manager=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --restart-redis-after) restart_redis_after=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --proceed-tasks) proceed_tasks=$2; shift 2 ;;
    --extra-mb) extra_mb=$2; shift 2 ;;
    --leak-kb) leak_kb=$2; shift 2 ;;
    *) echo "soak: unknown argument '$1'; accepted: --tasks N, --manager supervisor|loop, --port PORT, --restart-redis-after K, --timeout SECONDS, --proceed-tasks N, --extra-mb MB, --leak-kb KB" >&2; exit 2 ;;
  esac
done
case "$manager" in supervisor|loop) ;; *) echo "soak: --manager must be supervisor or loop, was '$manager'" >&2; exit 2 ;; esac
for tool in redis-server redis-cli; do
  command -v "$tool" >/dev/null || { echo "soak: $tool not found; install Debian's redis-server package" >&2; exit 2; }
done
if [ "$manager" = supervisor ] && ! command -v supervisord >/dev/null; then
  echo "soak: supervisord not found; install Debian's supervisor package" >&2; exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
jar=$(ls "$root"/sample-app/target/sample-app-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
[ -n "$jar" ] || { echo "soak: no sample jar; build it with ./mvnw -B -DskipTests package" >&2; exit 2; }
work=$(mktemp -d /tmp/soak.XXXXXX)
echo "soak: tasks=$tasks manager=$manager redis=127.0.0.1:$port proceed-tasks=$proceed_tasks extra-consumed-megabytes=$extra_mb leak=${leak_kb}KB/task work=$work"

cli() { redis-cli -h 127.0.0.1 -p "$port" "$@"; }

start_redis() {
  redis-server --port "$port" --bind 127.0.0.1 --dir "$work" --dbfilename dump.rdb --save '' \
    --appendonly no --daemonize yes --logfile "$work/redis.log" --pidfile "$work/redis.pid"
  for _ in $(seq 100); do cli ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "soak: redis-server did not answer on port $port" >&2; exit 1
}

stop_manager() {
  if [ "$manager" = supervisor ]; then
    [ -S "$work/supervisor.sock" ] && supervisorctl -c "$work/supervisord.conf" shutdown >/dev/null 2>&1 || true
  elif [ -n "${loop_pid:-}" ]; then
    kill -TERM -- "-$loop_pid" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 -- "-$loop_pid" 2>/dev/null || break; sleep 0.1; done
  fi
}

cleanup() {
  stop_manager
  cli shutdown nosave >/dev/null 2>&1 || true
}
trap cleanup EXIT

start_redis
started_at=$(date +%s)

# Route the tasks as karton-system does: the consumer's own copy of each task, status Spawned,
# stored in karton.task:<uid>, its uid pushed to the consumer's queue of the task's priority.
now=$(date +%s)
for i in $(seq 1 "$tasks"); do
  uid=$(printf 'soak-%07d' "$i")
  printf "SET karton.task:%s '{\"error\": null, \"headers\": {\"kind\": \"raw\", \"receiver\": \"%s\", \"type\": \"sample\"}, \"headers_persistent\": {}, \"last_update\": %s, \"orig_uid\": \"orig-%s\", \"parent_uid\": null, \"payload\": {\"file_name\": \"file-%s.bin\"}, \"payload_persistent\": {\"__headers_persistent\": {}}, \"priority\": \"normal\", \"root_uid\": \"%s\", \"status\": \"Spawned\", \"uid\": \"%s\"}'\n" \
    "$uid" "$identity" "$now" "$uid" "$i" "$uid" "$uid"
  printf 'RPUSH karton.queue.normal:%s %s\n' "$identity" "$uid"
done | cli >/dev/null
echo "soak: enqueued $(cli llen "karton.queue.normal:$identity") tasks"

java_opts="-Xmx256m"
# A free HTTP port (the sample serves Actuator), so that a soak never clashes with a running sample.
app_args="--sample.source=karton --spring.data.redis.port=$port --sample.karton.identity=$identity \
--sample.ledger=$work/ledger.txt --sample.tasks.duration=2ms --sample.leak.per-task=${leak_kb}KB \
--karton.memory-watcher.proceed-tasks=$proceed_tasks --karton.memory-watcher.extra-consumed-megabytes=$extra_mb \
--karton.memory-watcher.check-interval=1s --server.port=0"

if [ "$manager" = supervisor ]; then
  cat > "$work/supervisord.conf" <<CONF
[unix_http_server]
file=%(here)s/supervisor.sock

[supervisord]
logfile=%(here)s/supervisord.log
pidfile=%(here)s/supervisord.pid
childlogdir=%(here)s
user=root

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://%(here)s/supervisor.sock

[program:consumer]
command=java $java_opts -jar $jar $app_args
autorestart=unexpected
exitcodes=0
startsecs=0
stopsignal=TERM
stopwaitsecs=60
redirect_stderr=true
stdout_logfile=%(here)s/consumer.log
stdout_logfile_maxbytes=0
CONF
  supervisord -c "$work/supervisord.conf"
  app_log="$work/consumer.log"
else
  # shellcheck disable=SC2086 # app_args holds several arguments
  setsid env PAUSE=0 JAR="$jar" JAVA_OPTS="$java_opts" "$root/sample-app/run-forever.sh" $app_args \
    > "$work/loop.log" 2>&1 &
  loop_pid=$!
  app_log="$work/loop.log"
fi

queued() {
  cli eval "return redis.call('llen', KEYS[1]) + redis.call('llen', KEYS[2]) + redis.call('llen', KEYS[3]) + redis.call('llen', KEYS[4])" \
    4 "$identity" "karton.queue.high:$identity" "karton.queue.normal:$identity" "karton.queue.low:$identity"
}
consumed() { local c; c=$(cli hget karton.metrics.consumed "$identity"); echo "${c:-0}"; }

redis_restarted=no
deadline=$(( $(date +%s) + timeout ))
while true; do
  if [ "$(date +%s)" -gt "$deadline" ]; then
    echo "soak: timed out after ${timeout}s with $(queued) tasks queued and $(consumed) consumed" >&2
    tail -n 40 "$app_log" >&2
    exit 1
  fi
  done_count=$(consumed)
  if [ "$restart_redis_after" -gt 0 ] && [ "$redis_restarted" = no ] && [ "$done_count" -ge "$restart_redis_after" ]; then
    echo "soak: restarting redis-server after $done_count tasks"
    cli shutdown save >/dev/null 2>&1 || true
    sleep 3
    start_redis
    redis_restarted=yes
    continue
  fi
  if [ "$(queued)" = 0 ] && [ "$done_count" -ge "$tasks" ]; then
    break
  fi
  sleep 0.5
done
stop_manager
duration=$(( $(date +%s) - started_at ))

# Every task's final status, read back from Redis.
statuses=$(seq -f 'karton.task:soak-%07g' 1 "$tasks" | xargs -n 1000 redis-cli -h 127.0.0.1 -p "$port" mget \
  | grep -o '"status": *"[A-Za-z]*"' | sed 's/.*"\([A-Za-z]*\)"$/\1/' | sort | uniq -c)
finished=$(echo "$statuses" | awk '$2 == "Finished" { print $1 }'); finished=${finished:-0}

# The ledger: each task started once, finished once, and never started without finishing.
# Memory: the largest growth over the baseline seen at a task's end, and the largest growth of the
# resident set across one task (one task's worth: the leak plus whatever the JVM added meanwhile).
read -r duplicates interrupted max_growth_kb max_step_kb <<<"$(awk '
  $1 == "started" { s[$2]++ }
  $1 == "finished" {
    f[$2]++; split($3, p, "="); split($4, r, "="); split($5, b, "=")
    g = (r[2] - b[2]) / 1024; if (g > max) max = g
    if (p[2] in last) { step = (r[2] - last[p[2]]) / 1024; if (step > maxstep) maxstep = step }
    last[p[2]] = r[2]
  }
  END { d = 0; i = 0; for (id in f) if (f[id] > 1) d++; for (id in s) if (s[id] > f[id]) i++; printf "%d %d %d %d\n", d, i, max, maxstep }
' "$work/ledger.txt")"

if [ "$manager" = supervisor ]; then
  exits=$(grep -o 'exited: consumer (exit status [0-9]*' "$work/supervisord.log" | grep -o '[0-9]*$' || true)
else
  exits=$(grep -o 'exited with code [0-9]*' "$work/loop.log" | grep -o '[0-9]*$' || true)
fi
restarts=$(echo "$exits" | grep -c '^75$' || true)
foreign=$(echo "$exits" | grep -v '^75$' | grep -c . || true)
rules=$(grep -o 'restart requested: [a-z-]*' "$app_log" | sed 's/restart requested: //' | sort | uniq -c | awk '{ printf "%s%s=%s", sep, $2, $1; sep="," }')
lost=$(( tasks - finished ))
limit_kb=$(( extra_mb * 1024 + max_step_kb ))

echo "soak: statuses: $(echo "$statuses" | awk '{ printf "%s=%s ", $2, $1 }')"
echo "soak: duration=${duration}s rules=${rules:-none} foreign-exits=$foreign max-growth=${max_growth_kb}KB limit=${extra_mb}MB+one-task=${max_step_kb}KB (leak ${leak_kb}KB) redis-restarted=$redis_restarted"
echo "tasks=$tasks finished=$finished lost=$lost duplicates=$duplicates interrupted=$interrupted restarts=$restarts"

failed=0
[ "$lost" -eq 0 ] || { echo "soak: FAIL: $lost task(s) not Finished" >&2; failed=1; }
[ "$duplicates" -eq 0 ] || { echo "soak: FAIL: $duplicates task(s) processed more than once" >&2; failed=1; }
[ "$interrupted" -eq 0 ] || { echo "soak: FAIL: $interrupted task(s) started and never finished" >&2; failed=1; }
[ "$foreign" -eq 0 ] || { echo "soak: FAIL: $foreign exit(s) with a code other than the watcher's 75" >&2; failed=1; }
[ "$restarts" -ge $(( tasks / proceed_tasks - 1 )) ] || { echo "soak: FAIL: only $restarts restarts, expected at least $(( tasks / proceed_tasks - 1 ))" >&2; failed=1; }
[ "$max_growth_kb" -le "$limit_kb" ] || { echo "soak: FAIL: memory grew ${max_growth_kb}KB over the baseline, above the ${extra_mb}MB limit plus one task's ${max_step_kb}KB" >&2; failed=1; }
exit $failed

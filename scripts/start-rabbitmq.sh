#!/usr/bin/env bash
# Starts a local RabbitMQ broker on 127.0.0.1:5672 (user guest/guest) for the RabbitMQ tests,
# installing Debian's rabbitmq-server first if it is missing. Works without systemd (containers, CI).
# Idempotent: returns at once when a broker already answers. Needs root for apt-get.
set -euo pipefail

port="${RABBITMQ_NODE_PORT:-5672}"
timeout_seconds="${RABBITMQ_START_TIMEOUT:-120}"

accepts_connections() {
	(exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null
}

if accepts_connections; then
	echo "RabbitMQ already accepts connections on 127.0.0.1:${port}"
	exit 0
fi

if ! command -v rabbitmq-server >/dev/null 2>&1; then
	echo "Installing rabbitmq-server from Debian's packages"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update
	# Without systemd the package's post-install script may or may not start the broker; either way
	# it is started (or found running) below.
	apt-get install -y rabbitmq-server
fi

export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="${port}"
export RABBITMQ_NODENAME="${RABBITMQ_NODENAME:-rabbit@localhost}"
# The Erlang distribution port and epmd stay on loopback too.
export RABBITMQ_DIST_PORT="${RABBITMQ_DIST_PORT:-25672}"
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export ERL_EPMD_ADDRESS=127.0.0.1

log_dir="${RABBITMQ_LOG_BASE:-/var/log/rabbitmq}"
mkdir -p "${log_dir}"
echo "Starting rabbitmq-server on 127.0.0.1:${port} (log: ${log_dir}/start.log)"
if [ "$(id -u)" = "0" ] && id rabbitmq >/dev/null 2>&1; then
	chown -R rabbitmq:rabbitmq /var/lib/rabbitmq "${log_dir}" 2>/dev/null || true
fi
nohup rabbitmq-server >"${log_dir}/start.log" 2>&1 &

deadline=$((SECONDS + timeout_seconds))
until accepts_connections; do
	if [ "${SECONDS}" -ge "${deadline}" ]; then
		echo "RabbitMQ did not accept connections on 127.0.0.1:${port} within ${timeout_seconds}s" >&2
		tail -n 50 "${log_dir}/start.log" >&2 || true
		exit 1
	fi
	sleep 1
done
# The port opens before the default user and vhost exist: wait until the node reports it is running.
if command -v rabbitmqctl >/dev/null 2>&1; then
	rabbitmqctl -n "${RABBITMQ_NODENAME}" await_startup --timeout "${timeout_seconds}" >/dev/null
fi
echo "RabbitMQ accepts connections on 127.0.0.1:${port}"

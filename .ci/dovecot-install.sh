#!/usr/bin/env bash
# Makes /usr/sbin/dovecot available for the tests, which start private instances of their own
# (io.mailmind.testkit.DovecotServer): installs Debian/Ubuntu's dovecot-imapd when the binary is
# missing, and makes sure no system Dovecot runs or starts at boot (we never use it; it would only
# hold ports 143/993).
#
# Idempotent; apt-get update runs only when the package cannot be installed from the current lists.
# Needs root (or sudo). Environment: DOVECOT (binary to check, default /usr/sbin/dovecot).
set -euo pipefail

DOVECOT=${DOVECOT:-/usr/sbin/dovecot}
export DEBIAN_FRONTEND=noninteractive

log() { echo "dovecot-install: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        exec sudo --preserve-env=DOVECOT "$0" "$@"
    fi
    log "must run as root (or with sudo available)"
    exit 1
fi

install_package() {
    command -v apt-get >/dev/null 2>&1 || { log "apt-get not found: install Dovecot 2.3 (IMAP) by hand"; exit 1; }
    # keep the package from starting the system service while it installs (Debian policy-rc.d protocol,
    # honoured by invoke-rc.d and deb-systemd-invoke); only if nobody else has such a policy in place
    local policy=/usr/sbin/policy-rc.d created_policy=
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' > "$policy"
        chmod 755 "$policy"
        created_policy=1
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    local apt=(apt-get -q -y -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
    if ! "${apt[@]}" install --no-install-recommends dovecot-imapd >/tmp/dovecot-install.$$.log 2>&1; then
        log "installing from the current package lists failed; running apt-get update"
        apt-get -q update
        "${apt[@]}" install --no-install-recommends dovecot-imapd
    fi
    rm -f /tmp/dovecot-install.$$.log
    if [ -n "$created_policy" ]; then
        rm -f "$policy"
        trap - EXIT
    fi
}

stop_system_dovecot() {
    # systemd: stop and disable the unit (and the socket units some releases ship)
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
        for unit in dovecot.socket dovecot.service; do
            if systemctl list-unit-files "$unit" >/dev/null 2>&1; then
                systemctl stop "$unit" >/dev/null 2>&1 || true
                systemctl disable "$unit" >/dev/null 2>&1 || true
            fi
        done
    else
        # sysvinit, or a container without an init system
        if [ -x /etc/init.d/dovecot ]; then
            /etc/init.d/dovecot stop >/dev/null 2>&1 || true
        fi
        if command -v update-rc.d >/dev/null 2>&1 && [ -e /etc/init.d/dovecot ]; then
            update-rc.d dovecot disable >/dev/null 2>&1 || true
        fi
    fi
    # a system master still running (started by hand or by an init we do not know): stop exactly that one,
    # found by the pid file of the system configuration's base_dir, never by name
    local base_dir pid
    base_dir=$("$DOVECOT" -a 2>/dev/null | sed -n 's/^base_dir = //p' | head -n 1 || true)
    base_dir=${base_dir:-/run/dovecot}
    if [ -s "$base_dir/master.pid" ]; then
        pid=$(cat "$base_dir/master.pid")
        if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q dovecot; then
            log "stopping the system Dovecot (pid $pid)"
            kill -TERM "$pid" || true
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        fi
    fi
}

if [ -x "$DOVECOT" ]; then
    log "$DOVECOT is installed"
else
    log "installing dovecot-imapd"
    install_package
    [ -x "$DOVECOT" ] || { log "$DOVECOT still missing after installing dovecot-imapd"; exit 1; }
fi
stop_system_dovecot
for user in dovecot dovenull; do
    getent passwd "$user" >/dev/null || { log "user $user missing (dovecot-core creates it)"; exit 1; }
done
version=$("$DOVECOT" --version)
case "$version" in
    2.2.*|2.3.*) log "ready: Dovecot $version (the tests start private instances on free loopback ports)" ;;
    *) log "WARNING: Dovecot $version: the test harness writes 2.2/2.3 configuration and will skip or fail" ;;
esac

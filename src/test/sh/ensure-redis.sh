#!/bin/sh
# The cluster tests (in-process in mvn test, and the two-node run in mvn verify) start their own
# redis-server, Debian's: a machine without it gets it from apt (CI runs as root); when that fails
# the build fails with it, so the cluster tests are never skipped silently.
# apt must not start (or enable) a system Redis on 6379 while it installs: the tests never use one,
# and a user's own Redis is none of the build's business. A policy-rc.d answering 101 ("action
# forbidden") makes invoke-rc.d skip the package's service start; it is removed again afterwards.
set -eu

if [ -x /usr/bin/redis-server ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-redis: /usr/bin/redis-server is missing and this is not root;" >&2
    echo "ensure-redis: install it with: apt-get install redis-server" >&2
    exit 1
fi

policy=/usr/sbin/policy-rc.d
if [ -e "$policy" ]; then
    # someone else's policy: keep it, and rely on it (never replace or delete what we did not write)
    echo "ensure-redis: $policy exists, leaving it in place" >&2
    own_policy=false
else
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    chmod 755 "$policy"
    own_policy=true
fi
cleanup() {
    if [ "$own_policy" = true ]; then
        rm -f "$policy"
    fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

echo "ensure-redis: installing Debian's redis-server (without starting its service)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends redis-server

if [ ! -x /usr/bin/redis-server ]; then
    echo "ensure-redis: /usr/bin/redis-server is still missing after apt-get install" >&2
    exit 1
fi

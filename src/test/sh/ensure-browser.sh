#!/bin/sh
# The browser ITs drive Debian's Chromium through Debian's ChromeDriver: nothing may download a
# browser of its own here. A machine without them gets both from apt (CI runs as root); when that
# fails the build fails with it, so the browser tests are never skipped silently.
set -eu

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-browser: /usr/bin/chromium and /usr/bin/chromedriver are missing and this is not root;" >&2
    echo "ensure-browser: install them with: apt-get install chromium chromium-driver" >&2
    exit 1
fi

echo "ensure-browser: installing Debian's chromium and chromium-driver"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q chromium chromium-driver

for binary in /usr/bin/chromium /usr/bin/chromedriver; do
    if [ ! -x "$binary" ]; then
        echo "ensure-browser: $binary is still missing after apt-get install" >&2
        exit 1
    fi
done

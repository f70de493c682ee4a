#!/bin/sh
# Install the Debian 12 packages mod_rmentor needs to build, run and test.
# As root: installs what is missing with apt-get.  Otherwise: prints the one
# apt-get line to run and fails.
set -eu
PKGS="apache2 apache2-dev libaprutil1-dbd-sqlite3 libaprutil1-dbd-pgsql
libxml2-dev libssl-dev libpq-dev sqlite3 postgresql libcmocka-dev
python3 python3-pytest python3-requests python3-lxml python3-cssselect
libapache2-mod-auth-mellon python3-pysaml2 xmlsec1 openssl curl
libapache2-mod-shib libapache2-mod-auth-openidc wrk valgrind"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "mod_rmentor needs these Debian packages:$missing" >&2
    echo "Run as root:  apt-get update && apt-get install -y$missing" >&2
    exit 1
fi
echo "Installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# postgresql's package would start a cluster; the tests run their own.
apt-get install -y -qq --no-install-recommends $missing >/dev/null

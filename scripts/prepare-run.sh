#!/bin/sh
# Prepare a run directory for a private httpd that loads mod_rmentor with the
# demo SSO (conf/demo/).  Used by `make run` and by the test harness.
# Usage: scripts/prepare-run.sh RUN_DIR PORT DB [PG_PARAMS] [MODULE]
#   DB is sqlite3 or pgsql; PG_PARAMS the libpq keyword string for pgsql.
set -eu
run=$1 port=$2 db=$3 pg=${4:-} module=${5:-}
top=$(cd "$(dirname "$0")/.." && pwd)
[ -n "$module" ] || module=$top/build/mod_rmentor.so
user=www-data

mkdir -p "$run/db" "$run/htdocs" "$run/resources"
run=$(cd "$run" && pwd)

# The CSRF secret: 48 random bytes, 0600, read by the parent before it drops
# privileges (like a TLS key).  Kept across restarts so open forms stay valid.
if [ ! -s "$run/secret" ]; then
    (umask 077 && head -c 48 /dev/urandom > "$run/secret")
fi
chmod 600 "$run/secret"

# The HR export's signing key and certificate (RMentorHRSigningKey): a
# throw-away self-signed RSA pair for the demo and the tests, made once and
# kept; the key 0600, read by the parent before it drops privileges.
if [ ! -s "$run/hr-signing.key" ] || [ ! -s "$run/hr-signing.pem" ]; then
    (umask 077 && openssl req -x509 -newkey rsa:2048 -nodes -days 3650 \
        -subj "/C=GB/O=Demo University/CN=mod_rmentor HR export (demo)" \
        -keyout "$run/hr-signing.key" -out "$run/hr-signing.pem" 2>/dev/null)
    chmod 644 "$run/hr-signing.pem"
fi

# Demo accounts: every RewriteCond in demo-sso.conf (and in the sector
# view's demo-sector.conf, which `make run` adds) names one.  {SHA} entries:
# bcrypt would cap the server at about 1k requests/s.  A run directory made
# before an account was added to demo-sso.conf gets that account too (its
# other entries, and the load accounts tests add, are kept).
touch "$run/htpasswd"
missing=
for u in $(sed -n 's/^ *RewriteCond %{REMOTE_USER} =\([a-z0-9]*\)$/\1/p' \
             "$top/conf/demo/demo-sso.conf" "$top/conf/demo/demo-sector.conf"); do
    grep -q "^$u:" "$run/htpasswd" || missing="$missing $u"
done
if [ -n "$missing" ]; then
    cp "$run/htpasswd" "$run/htpasswd.tmp"
    for u in $missing; do
        htpasswd -bs "$run/htpasswd.tmp" "$u" mentoring 2>/dev/null
    done
    mv "$run/htpasswd.tmp" "$run/htpasswd"
fi
chmod 644 "$run/htpasswd"

{
    echo "# written by scripts/prepare-run.sh"
    echo "Define RM_RUN \"$run\""
    echo "Define RM_PORT $port"
    echo "Define RM_MODULE \"$module\""
    echo "Define RM_CONF \"$top/conf\""
    echo "Define RM_MOUNT /mentoring"
    echo "Define RM_DB $db"
    echo "Define RM_USER $user"
    [ -n "$pg" ] && echo "Define RM_PG_PARAMS \"$pg\""
    [ "$(id -u)" -eq 0 ] && echo "Define RM_AS_ROOT"
    echo "Include \"$top/conf/demo/httpd.conf\""
} > "$run/httpd.conf"

if [ "$(id -u)" -eq 0 ]; then
    # children run as www-data: they write the database (and its WAL) and must
    # be able to reach the run directory
    chown -R "$user:$user" "$run/db" "$run/resources"
    chmod 755 "$run" "$run/htdocs"
    chmod 750 "$run/resources"
fi
echo "$run/httpd.conf"

#!/bin/sh
# `make install`: put mod_rmentor into Debian's apache2, so that
# `a2enmod rmentor` works.  DESTDIR=/some/root installs below that root
# (for packaging and tests).
# Usage: scripts/install-system.sh build/mod_rmentor.so [build/rmentorctl]
set -eu
so=$1
ctl=${2:-$(dirname "$so")/rmentorctl}
top=$(cd "$(dirname "$0")/.." && pwd)
dest=${DESTDIR:-}
moddir=$dest/usr/lib/apache2/modules
sbin=$dest/usr/sbin
avail=$dest/etc/apache2/mods-available
share=$dest/usr/share/mod-rmentor
units=$dest/lib/systemd/system

if [ -z "$dest" ] && [ "$(id -u)" -ne 0 ]; then
    echo "make install needs root (or DESTDIR=...)" >&2
    exit 1
fi
install -d "$moddir" "$sbin" "$avail" "$share/conf" "$share/sql/sqlite" "$share/sql/pgsql" "$share/scripts"
install -m 0644 "$so" "$moddir/mod_rmentor.so"
install -m 0755 "$ctl" "$sbin/rmentorctl"
install -m 0644 "$top/conf/rmentor.load" "$avail/rmentor.load"
# never overwrite a site's edited configuration
if [ -e "$avail/rmentor.conf" ] && ! cmp -s "$top/conf/rmentor.conf" "$avail/rmentor.conf"; then
    install -m 0644 "$top/conf/rmentor.conf" "$avail/rmentor.conf.dist"
    echo "kept your $avail/rmentor.conf; the new default is rmentor.conf.dist"
else
    install -m 0644 "$top/conf/rmentor.conf" "$avail/rmentor.conf"
fi
for f in "$top"/conf/dbd-*.conf "$top"/conf/sso-*.conf "$top"/conf/hr-exchange.conf \
         "$top"/conf/data-protection.conf "$top"/conf/resources.conf \
         "$top"/conf/federation.conf; do
    [ -e "$f" ] && install -m 0644 "$f" "$share/conf/"
done
install -m 0644 "$top"/sql/sqlite/*.sql "$share/sql/sqlite/"
install -m 0644 "$top"/sql/pgsql/*.sql "$share/sql/pgsql/"
install -m 0755 "$top/scripts/rm-migrate-pgsql" "$share/scripts/"
# the reminders job (rmentorctl reminders run): a daily systemd timer, not
# enabled here, and a cron line for systems without one
install -d "$units"
install -m 0644 "$top/conf/systemd/rmentor-reminders.service" "$top/conf/systemd/rmentor-reminders.timer" "$units/"
install -m 0644 "$top/conf/systemd/rmentor-reminders.cron" "$share/conf/"
# the retention purge (rmentorctl dp purge): the same, daily at 03:40
install -m 0644 "$top/conf/systemd/rmentor-purge.service" "$top/conf/systemd/rmentor-purge.timer" "$units/"
install -m 0644 "$top/conf/systemd/rmentor-purge.cron" "$share/conf/"

cat <<TXT
Installed mod_rmentor:
  $moddir/mod_rmentor.so
  $sbin/rmentorctl (schema status | schema migrate | programmes list; run it
                   as www-data: rmentorctl --help)
  $avail/rmentor.load, rmentor.conf
  examples in $share/conf/

Next:
  1. Secret:   install -m 0600 /dev/null /etc/apache2/rmentor.secret
               head -c 48 /dev/urandom > /etc/apache2/rmentor.secret
  2. Database: install -d -o www-data -g www-data -m 0750 /var/lib/rmentor
               cp $share/conf/dbd-sqlite3.conf /etc/apache2/conf-available/rmentor-db.conf
               (or dbd-pgsql.conf for several web servers); a2enconf rmentor-db
  3. SSO:      adapt $share/conf/sso-shibboleth.conf (or sso-mellon / sso-openidc)
               and the <Location> at the end of rmentor.conf; set the role
               entitlements and RMentorAffiliationScope in rmentor.conf
  4. Enable:   a2enmod rmentor && apache2ctl configtest && systemctl reload apache2
  5. Reminders: set RMentorMailFrom and RMentorMailBaseURL in rmentor.conf, then
               systemctl enable --now rmentor-reminders.timer
               (or $share/conf/rmentor-reminders.cron into /etc/cron.d)
  6. Data protection: give your data protection officer the dpo role and set
               the RMentorRetention periods they agreed, as
               $share/conf/data-protection.conf shows; check with
               sudo -u www-data rmentorctl dp purge --dry-run, then
               systemctl enable --now rmentor-purge.timer
               (or $share/conf/rmentor-purge.cron into /etc/cron.d)
TXT

"""make install (into a DESTDIR) and the documented configuration load in a
real httpd."""
import os
import subprocess

import rmtest


def test_install_into_destdir_and_configtest():
    dest = rmtest.make_dir("rm-dest-")
    out = subprocess.run(["make", "-s", "install", "DESTDIR=" + dest], cwd=rmtest.ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert "a2enmod rmentor" in out
    so = os.path.join(dest, "usr/lib/apache2/modules/mod_rmentor.so")
    avail = os.path.join(dest, "etc/apache2/mods-available")
    assert os.path.isfile(so)
    ctl = os.path.join(dest, "usr/sbin/rmentorctl")
    assert os.access(ctl, os.X_OK)
    assert subprocess.run([ctl, "--help"], capture_output=True).returncode == 0
    with open(os.path.join(avail, "rmentor.load")) as f:
        load = f.read()
    assert "# Depends: dbd" in load
    assert "LoadModule rmentor_module /usr/lib/apache2/modules/mod_rmentor.so" in load
    # the reminders job's and the retention purge's timers and their cron
    # alternatives; the data protection example
    for unit in ("rmentor-reminders.service", "rmentor-reminders.timer",
                 "rmentor-purge.service", "rmentor-purge.timer"):
        assert os.path.isfile(os.path.join(dest, "lib/systemd/system", unit))
    for f in ("rmentor-reminders.cron", "rmentor-purge.cron", "data-protection.conf"):
        assert os.path.isfile(os.path.join(dest, "usr/share/mod-rmentor/conf", f))
    assert "rmentor-purge.timer" in out
    # a configuration built the Debian way from the installed files, with the
    # module path moved under DESTDIR, passes apache2 -t
    run = rmtest.make_dir("rm-conftest-")
    with open(os.path.join(run, "secret"), "wb") as f:
        f.write(os.urandom(48))
    conf = os.path.join(run, "httpd.conf")
    share = os.path.join(dest, "usr/share/mod-rmentor/conf")
    with open(conf, "w") as f:
        f.write("""ServerRoot %(run)s
Listen 127.0.0.1:%(port)d
ServerName 127.0.0.1
ErrorLog %(run)s/error.log
PidFile %(run)s/httpd.pid
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule dbd_module /usr/lib/apache2/modules/mod_dbd.so
LoadModule rmentor_module %(so)s
Include %(avail)s/rmentor.conf
Include %(share)s/dbd-sqlite3.conf
RMentorSecretFile %(run)s/secret
<Location /mentoring>
    SetHandler rmentor
    RMentorBasePath /mentoring
</Location>
""" % {"run": run, "port": rmtest.free_port(), "so": so, "avail": avail,
       "share": share})
    r = subprocess.run(["apache2", "-t", "-f", conf], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "Syntax OK" in r.stderr
    # the reminders' settings are the module's directives, checked by apache2 -t
    with open(conf) as f:
        base_conf = f.read()
    for extra, ok in (('RMentorMailFrom mentoring@example.ac.uk\nRMentorMailBaseURL '
                       'https://intranet.example.ac.uk/mentoring\nRMentorMailSiteName '
                       '"Mentorat r\u00e9ciproque"\nRMentorMailCommand "/usr/sbin/sendmail -t -i"\n',
                       None),
                      ("RMentorMailFrom not-an-address\n", "RMentorMailFrom must be"),
                      ("RMentorMailBaseURL intranet/mentoring\n", "RMentorMailBaseURL must be"),
                      ("RMentorMailCommand sendmail\n", "absolute path")):
        with open(conf, "w") as f:
            f.write(base_conf + extra)
        r = subprocess.run(["apache2", "-t", "-f", conf], capture_output=True, text=True)
        if ok is None:
            assert r.returncode == 0, r.stderr
        else:
            assert r.returncode != 0 and ok in r.stderr, r.stderr
    # the data protection example loads as shipped (its directives at their
    # defaults); values outside the documented ranges are refused
    for extra, ok in (("Include %s/data-protection.conf\n" % share, True),
                      ("RMentorSuppressBelow 1\n", False),
                      ("RMentorSuppressBelow 101\n", False),
                      ("RMentorRetention notes sometimes\n", False),
                      ("RMentorRetention gossip 12\n", False)):
        with open(conf, "w") as f:
            f.write(base_conf + extra)
        r = subprocess.run(["apache2", "-t", "-f", conf], capture_output=True, text=True)
        assert (r.returncode == 0) == ok, (extra, r.stderr)
    # the resources hub's directives: the example names a directory that
    # may not exist here (checked at start, not by -t); bad values refused
    for extra, ok in (("Include %s/resources.conf\n" % share, True),
                      ("RMentorResourceType pdf vtt png jpeg\n", True),
                      ("RMentorResourceType exe\n", False),
                      ("RMentorResourceType html\n", False),
                      ("RMentorResourceMaxBytes 100\n", False),
                      ("RMentorResourceMaxBytes lots\n", False),
                      ("RMentorResourceDir relative/dir\n", False)):
        with open(conf, "w") as f:
            f.write(base_conf + extra)
        r = subprocess.run(["apache2", "-t", "-f", conf], capture_output=True, text=True)
        assert (r.returncode == 0) == ok, (extra, r.stderr)
    with open(conf, "w") as f:
        f.write(base_conf)
    # a typo in a directive is caught by apache2 -t with a clear message
    with open(conf, "a") as f:
        f.write("RMentorSchema sometimes\n")
    r = subprocess.run(["apache2", "-t", "-f", conf], capture_output=True, text=True)
    assert r.returncode != 0 and "RMentorSchema must be auto or check" in r.stderr
    # installing again keeps an edited rmentor.conf
    with open(os.path.join(avail, "rmentor.conf"), "a") as f:
        f.write("# edited by the site\n")
    out = subprocess.run(["make", "-s", "install", "DESTDIR=" + dest], cwd=rmtest.ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert "kept your" in out
    assert os.path.isfile(os.path.join(avail, "rmentor.conf.dist"))
    subprocess.run(["rm", "-rf", dest, run])


def test_missing_secret_fails_at_start():
    srv = rmtest.Httpd("sqlite3")
    os.unlink(os.path.join(srv.dir, "secret"))
    r = subprocess.run(["apache2", "-f", srv.conf, "-k", "start"], capture_output=True,
                       text=True, timeout=30)
    log = "\n".join(srv.log_lines()) + r.stderr
    assert "cannot open RMentorSecretFile" in log
    subprocess.run(["apache2", "-f", srv.conf, "-k", "stop"], capture_output=True)
    srv.cleanup()


def test_resource_dir_inside_the_document_root_fails_at_start():
    """Uploaded resources are served only by the module, to their audience:
    a RMentorResourceDir the web server would serve itself is refused."""
    srv = rmtest.Httpd("sqlite3", extra_conf="RMentorResourceDir ${RM_RUN}/htdocs\n")
    r = subprocess.run(["apache2", "-f", srv.conf, "-k", "start"], capture_output=True,
                       text=True, timeout=30)
    log = "\n".join(srv.log_lines()) + r.stderr
    assert "is inside the DocumentRoot" in log, log
    subprocess.run(["apache2", "-f", srv.conf, "-k", "stop"], capture_output=True)
    srv.cleanup()


def test_every_directive_is_documented_in_conf():
    """Each directive the module declares (AP_INIT_* in its sources) is shown
    and explained in an example under conf/, which `make install` ships."""
    import glob
    import re
    names = set()
    for f in glob.glob(os.path.join(rmtest.ROOT, "mod_rmentor", "**", "*.c"), recursive=True):
        with open(f) as fh:
            names |= set(re.findall(r'AP_INIT_\w+\(\s*"(\w+)"', fh.read()))
    assert len(names) > 30, names
    text = ""
    for f in glob.glob(os.path.join(rmtest.ROOT, "conf", "**", "*"), recursive=True):
        if os.path.isfile(f):
            with open(f, errors="replace") as fh:
                text += fh.read()
    missing = sorted(n for n in names if not re.search(r"\b%s\b" % n, text))
    assert not missing, "directives without an example in conf/: %s" % missing

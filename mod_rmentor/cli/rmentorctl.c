/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * rmentorctl: the module's store from the command line, for the IT team and
 * for jobs that run outside httpd.  It reads the same configuration as the
 * module (the DBDriver, DBDParams and RMentorSchema lines of the httpd
 * configuration, following Include, IncludeOptional and Define), opens the
 * database through apr_dbd as mod_dbd would, and goes through the module's
 * own data layer (rm_db.h): the same migrations, the same statements.
 *
 *   rmentorctl [-f CONFIG] [-d DRIVER -p PARAMS] VERB...
 *     schema status      the schema's version, and whether it is current
 *     schema migrate     apply the migrations this build carries
 *     programmes list    every programme: id, name, dates (tab-separated)
 *     matching suggest ID
 *                        the pairs the matching would suggest for programme
 *                        ID now (the module's own scores and optimal
 *                        assignment, core/score.c and core/match.c), then
 *                        who would stay unmatched and why; writes nothing
 *     hr export [--programme ID] [--since T] [--out FILE] [--key K --cert C]
 *                        the progression export as one signed XML document
 *                        (cli/hr.c), read from the database page by page
 *     hr export-csv [--programme ID] [--since T] [--out FILE]
 *                        the same records as CSV
 *     hr import FILE [--dry-run]
 *                        HR's XML update, applied all or nothing, with a
 *                        report of each record (rejected ones with their line)
 *     dp export PERSON [--format xml|json] [--out FILE]
 *     dp erase PERSON --reason TEXT
 *     dp purge [--dry-run] [--today YYYY-MM-DD]
 *     dp coverage        data protection (cli/dp.c): a person's subject-access
 *                        document, erasure, the retention purge (the
 *                        configuration's RMentorRetention), and the list of
 *                        every column that holds a person
 *     reminders run [--dry-run] [--today YYYY-MM-DD]
 *                        send the reminders due today by email, each at most
 *                        once (cli/reminders.c); its settings are the
 *                        configuration's RMentorMailCommand, RMentorMailFrom,
 *                        RMentorMailSiteName (else RMentorSiteName) and
 *                        RMentorMailBaseURL; -f CONFIG is read for them even
 *                        when -d/-p name the database
 *
 * Exit codes (sysexits.h): 0 done (status: the schema is current);
 * 1 status only: the database needs `schema migrate`; 64 usage; 65 the
 * database's schema is newer than this build; 69 the database cannot be
 * opened or read; 75 reminders: a message could not be sent (the next run
 * tries it again); 78 the configuration cannot be read or names no database.
 * HR verbs: 65 an import refused or rejected (nothing changed), 66 the file
 * cannot be read, 73/74 the output cannot be written; 77 run as root on a
 * SQLite database another user owns (the server's files would become
 * root's): run it as that user.
 *
 * Run it as the user the web server runs as (www-data): a SQLite database,
 * its WAL and its directory must stay writable by the server.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <apr_fnmatch.h>
#include <apr_lib.h>
#include <httpd.h>                 /* HTTPD_ROOT */
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"
#include "features/matching/cohort.h"
#include "ctl.h"
#include "core/federation.h"
#include <libxml/parser.h>
#include "core/hrexport.h"
#include "core/retention.h"
#include <unistd.h>
#include <apr_user.h>

#define DEFAULT_CONFIG "/etc/apache2/apache2.conf"

typedef struct {
    apr_pool_t *pool;
    apr_table_t *defines;
    const char *server_root;
    const char *driver, *params;
    int schema_auto;
    rm_mail_conf mail;
    const char *site_name;          /* RMentorSiteName                       */
    rm_hr_opts hr;                  /* the HR verbs' settings                */
    rm_dp_opts dp;                  /* the data-protection verbs' settings   */
    int depth;
    const char *error;
} conf_state;

static void usage(FILE *f)
{
    fputs("usage: rmentorctl [-f CONFIG] [-d DRIVER -p PARAMS] VERB\n"
          "  schema status      the schema's version and whether it is current\n"
          "  schema migrate     apply the migrations this build carries\n"
          "  programmes list    every programme: id, name, opens, closes, starts\n"
          "  matching suggest ID  the pairs the matching would suggest now for\n"
          "                     programme ID, with scores; writes nothing\n"
          "  hr export [--programme ID] [--since TIME] [--institution SCOPE] [--out FILE]\n"
          "            [--key K --cert C]\n"
          "                     the HR progression export, one signed XML document\n"
          "                     (TIME: Unix seconds or 2026-12-05T10:00:00Z; SCOPE: a\n"
          "                     sector programme's institution, e.g. b.ac.uk: only its\n"
          "                     people)\n"
          "  hr export-csv [--programme ID] [--since TIME] [--institution SCOPE] [--out FILE]\n"
          "                     the same records as CSV\n"
          "  hr import FILE [--dry-run]\n"
          "  dp export PERSON [--format xml|json] [--out FILE]\n"
          "  dp erase PERSON --reason TEXT\n"
          "  dp purge [--dry-run] [--today YYYY-MM-DD]\n"
          "  dp coverage\n"
          "                     apply HR's XML update, all or nothing; prints a report\n"
          "  reminders run [--dry-run] [--today YYYY-MM-DD]\n"
          "                     send the reminders due today by email, each once\n"
          "  federation check FILE CERT\n"
          "                     a federation's metadata aggregate, its signature\n"
          "                     verified with CERT: the institutions\n"
          "                     RMentorFederationMetadata would take from it; exit 65\n"
          "                     when refused, expired or empty (no configuration\n"
          "                     or database needed)\n"
          "Exit codes: 0 done; 1 schema behind; 64 usage; 65 data refused or newer\n"
          "schema; 66 unreadable input; 69 database unavailable; 73/74 output not\n"
          "written; 75 try again later; 77 root on another user's SQLite file;\n"
          "78 configuration.\n"
          "CONFIG: an httpd configuration holding DBDriver and DBDParams (default "
          DEFAULT_CONFIG ");\n-d/-p name the database directly instead.\n", f);
}

/* ${NAME} replaced by Define's value (or the environment's, as httpd does). */
static char *expand(conf_state *cs, const char *s)
{
    char *out = "";
    const char *p = s;
    while (*p) {
        const char *d = strstr(p, "${"), *e;
        if (!d || !(e = strchr(d, '}'))) {
            out = apr_pstrcat(cs->pool, out, p, NULL);
            break;
        }
        {
            char *name = apr_pstrmemdup(cs->pool, d + 2, (apr_size_t)(e - d - 2));
            const char *v = apr_table_get(cs->defines, name);
            if (!v) v = getenv(name);
            out = apr_pstrcat(cs->pool, out, apr_pstrmemdup(cs->pool, p,
                              (apr_size_t)(d - p)), v ? v : "", NULL);
        }
        p = e + 1;
    }
    return out;
}

/* The next word of a directive line, quotes removed; NULL at the end. */
static char *word(apr_pool_t *p, const char **line)
{
    const char *s = *line, *start;
    char *w;
    while (apr_isspace(*s)) s++;
    if (!*s) return NULL;
    if (*s == '"' || *s == '\'') {
        char q = *s++;
        start = s;
        while (*s && *s != q) s++;
        w = apr_pstrmemdup(p, start, (apr_size_t)(s - start));
        if (*s) s++;
    }
    else {
        start = s;
        while (*s && !apr_isspace(*s)) s++;
        w = apr_pstrmemdup(p, start, (apr_size_t)(s - start));
    }
    *line = s;
    return w;
}

static int read_config(conf_state *cs, const char *path, int optional);

/* a file named in the configuration, relative to ServerRoot as httpd reads it */
static const char *rel(conf_state *cs, const char *path)
{
    if (!path || path[0] == '/' || !cs->server_root) return path;
    return apr_pstrcat(cs->pool, cs->server_root, "/", path, NULL);
}

static int include(conf_state *cs, const char *pattern, int optional)
{
    apr_array_header_t *files = NULL;
    const char *full = pattern;
    if (pattern[0] != '/' && cs->server_root)
        full = apr_pstrcat(cs->pool, cs->server_root, "/", pattern, NULL);
    if (!strpbrk(full, "*?["))
        return read_config(cs, full, optional);
    if (apr_match_glob(full, &files, cs->pool) != APR_SUCCESS || files->nelts == 0)
        return 0;
    {   /* apr_match_glob gives names only: prefix the directory */
        const char *slash = strrchr(full, '/');
        const char *dir = slash ? apr_pstrmemdup(cs->pool, full, (apr_size_t)(slash - full)) : ".";
        for (int i = 0; i < files->nelts; i++)
            if (read_config(cs, apr_pstrcat(cs->pool, dir, "/",
                            ((char **)files->elts)[i], NULL), optional) != 0)
                return -1;
    }
    return 0;
}

/* The directives rmentorctl needs, from an httpd configuration file; the
 * last DBDriver / DBDParams / RMentorSchema wins, as for the main server. */
static int read_config(conf_state *cs, const char *path, int optional)
{
    apr_file_t *f;
    char buf[8192];
    if (++cs->depth > 16) {
        cs->error = "Include nested more than 16 deep";
        return -1;
    }
    if (apr_file_open(&f, path, APR_FOPEN_READ, 0, cs->pool) != APR_SUCCESS) {
        cs->depth--;
        if (optional) return 0;
        cs->error = apr_psprintf(cs->pool, "cannot read %s", path);
        return -1;
    }
    while (apr_file_gets(buf, sizeof(buf), f) == APR_SUCCESS) {
        const char *line = buf;
        char *name;
        while (apr_isspace(*line)) line++;
        if (*line == '#' || !*line) continue;
        line = expand(cs, line);
        if (!(name = word(cs->pool, &line))) continue;
        if (!strcasecmp(name, "Define")) {
            char *k = word(cs->pool, &line), *v = word(cs->pool, &line);
            if (k) apr_table_set(cs->defines, k, v ? v : "");
        }
        else if (!strcasecmp(name, "ServerRoot")) {
            cs->server_root = word(cs->pool, &line);
        }
        else if (!strcasecmp(name, "Include") || !strcasecmp(name, "IncludeOptional")) {
            char *arg = word(cs->pool, &line);
            if (arg && include(cs, arg, !strcasecmp(name, "IncludeOptional")) != 0) {
                apr_file_close(f);
                return -1;
            }
        }
        else if (!strcasecmp(name, "DBDriver")) {
            cs->driver = word(cs->pool, &line);
        }
        else if (!strcasecmp(name, "DBDParams")) {
            while (apr_isspace(*line)) line++;
            {   /* the rest of the line, one quoted string or bare words */
                char *v = apr_pstrdup(cs->pool, line);
                size_t n = strlen(v);
                while (n && apr_isspace(v[n - 1])) v[--n] = '\0';
                if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
                    v[n - 1] = '\0';
                    v++;
                }
                cs->params = v;
            }
        }
        else if (!strcasecmp(name, "RMentorMailCommand")) {
            cs->mail.command = word(cs->pool, &line);
        }
        else if (!strcasecmp(name, "RMentorMailFrom")) {
            cs->mail.from = word(cs->pool, &line);
        }
        else if (!strcasecmp(name, "RMentorMailSiteName")) {
            cs->mail.site = word(cs->pool, &line);
        }
        else if (!strcasecmp(name, "RMentorSiteName")) {
            cs->site_name = word(cs->pool, &line);
        }
        else if (!strcasecmp(name, "RMentorMailBaseURL")) {
            char *v = word(cs->pool, &line);
            size_t n = v ? strlen(v) : 0;
            while (n && v[n - 1] == '/') v[--n] = '\0';
            cs->mail.base_url = v;
        }
        else if (!strcasecmp(name, "RMentorHRSigningKey")) {
            cs->hr.key_file = rel(cs, word(cs->pool, &line));
        }
        else if (!strcasecmp(name, "RMentorHRSigningCertificate")) {
            cs->hr.cert_file = rel(cs, word(cs->pool, &line));
        }
        else if (!strcasecmp(name, "RMentorHESALevel")) {
            char *g = word(cs->pool, &line), *l = word(cs->pool, &line);
            if (g && l) apr_table_set(cs->hr.hesa, g, l);
        }
        else if (!strcasecmp(name, "RMentorGradeScale")) {
            char *g;
            cs->hr.grades = apr_array_make(cs->pool, 10, sizeof(char *));
            while ((g = word(cs->pool, &line)))
                *(const char **)apr_array_push(cs->hr.grades) = g;
        }
        else if (!strcasecmp(name, "RMentorHRSelfIdentification")) {
            char *v;
            while ((v = word(cs->pool, &line)))
                if (!strcasecmp(v, "cli")) cs->hr.selfid = 1;
        }
        else if (!strcasecmp(name, "RMentorHRImportMaxBytes")) {
            char *v = word(cs->pool, &line);
            if (v) cs->hr.import_max = atol(v);
        }
        else if (!strcasecmp(name, "RMentorRetention")) {
            char *k = word(cs->pool, &line), *v = word(cs->pool, &line);
            int kind = rm_ret_kind(k), months;
            const char *err = NULL;
            if (kind >= 0 && v && rm_ret_parse_months(v, &months, &err) == 0)
                cs->dp.retention[kind] = months;
        }
        else if (!strcasecmp(name, "RMentorResourceDir")) {
            cs->dp.resource_dir = rel(cs, word(cs->pool, &line));
        }
        else if (!strcasecmp(name, "RMentorSchema")) {
            char *v = word(cs->pool, &line);
            cs->schema_auto = !(v && !strcasecmp(v, "check"));
        }
    }
    apr_file_close(f);
    cs->depth--;
    return 0;
}

int rm_ctl_ready(rm_db *db)
{
    int rc;
    db->schema_auto = 0;
    rc = rm_db_ready(db);
    if (rc == -1) {
        fprintf(stderr, "rmentorctl: the schema is not current (rmentorctl schema status)\n");
        return EX_DATAERR;
    }
    return rc ? EX_UNAVAILABLE : EX_OK;
}

static void log_to_stderr(const rm_db *db, int level, apr_status_t rv,
                          const char *msg)
{
    (void)db; (void)rv;
    fprintf(stderr, "rmentorctl: %s%s\n", level <= APLOG_ERR ? "error: " : "", msg);
}

static int open_db(apr_pool_t *p, conf_state *cs, rm_db **db)
{
    const apr_dbd_driver_t *drv = NULL;
    apr_dbd_t *handle = NULL;
    const char *err = NULL;
    apr_status_t rv;
    if (apr_dbd_init(p) != APR_SUCCESS
        || (rv = apr_dbd_get_driver(p, cs->driver, &drv)) != APR_SUCCESS) {
        fprintf(stderr, "rmentorctl: no apr_dbd driver \"%s\" (install "
                "libaprutil1-dbd-%s)\n", cs->driver, cs->driver);
        return EX_CONFIG;
    }
    if (apr_dbd_open_ex(drv, p, cs->params, &handle, &err) != APR_SUCCESS || !handle) {
        /* the driver's message, first line only: it may quote parameters */
        const char *e = err ? apr_pstrndup(p, err, strcspn(err, "\r\n")) : "unknown error";
        if (strstr(cs->params, "password")) e = "(message withheld: the parameters hold a password)";
        fprintf(stderr, "rmentorctl: cannot open the %s database: %s\n", cs->driver, e);
        return EX_UNAVAILABLE;
    }
    *db = rm_db_wrap(p, drv, handle, log_to_stderr, APLOG_NOTICE);
    (*db)->schema_auto = cs->schema_auto;
    rm_db_process_init(p, NULL);
    return EX_OK;
}

/* Run as root on a SQLite database another user owns (the web server's),
 * the tool would leave root's files beside it (its WAL and shared memory, a
 * new database) that httpd's children cannot open: refuse, and say whom to
 * run as. */
static int refuse_root(apr_pool_t *p, conf_state *cs)
{
    apr_finfo_t fi;
    const char *path = cs->params, *slash;
    if (geteuid() != 0 || strcmp(cs->driver, "sqlite3")) return EX_OK;
    if (apr_stat(&fi, path, APR_FINFO_USER, p) != APR_SUCCESS) {
        slash = strrchr(path, '/');
        path = slash ? apr_pstrmemdup(p, path, slash > path ? (apr_size_t)(slash - path) : 1) : ".";
        if (apr_stat(&fi, path, APR_FINFO_USER, p) != APR_SUCCESS) return EX_OK;
    }
    if (fi.user != 0) {
        char *name = NULL;
        if (apr_uid_name_get(&name, fi.user, p) != APR_SUCCESS) name = "its owner";
        fprintf(stderr, "rmentorctl: refusing to run as root on the SQLite database %s, "
                "which %s owns: files root made beside it would be unreadable to the web "
                "server. Run it as %s, e.g. runuser -u %s -- rmentorctl ...\n",
                cs->params, name, name, name);
        return EX_NOPERM;
    }
    return EX_OK;
}

static int schema_status(rm_db *db)
{
    int current = 0, known = 0;
    if (rm_db_schema_status(db, &current, &known) != 0) return EX_UNAVAILABLE;
    printf("schema at version %d; this build knows %d: %s\n", current, known,
           current == known ? "current"
           : current < known ? "run `rmentorctl schema migrate`"
           : "the database is newer than this build: install the matching module");
    return current == known ? EX_OK : current < known ? EX_BEHIND : EX_DATAERR;
}

static int schema_migrate(rm_db *db)
{
    int current = 0, known = 0, rc;
    if (rm_db_schema_status(db, &current, &known) != 0) return EX_UNAVAILABLE;
    if (current > known) return schema_status(db);
    db->schema_auto = 1;
    rc = rm_db_ready(db);
    if (rm_db_schema_status(db, &current, &known) != 0) return EX_UNAVAILABLE;
    if (rc == -1 || current != known) {
        fprintf(stderr, "rmentorctl: the migration failed; the database is left "
                "at version %d\n", current);
        return EX_UNAVAILABLE;
    }
    printf("schema at version %d: current\n", current);
    return EX_OK;
}

static int programmes_list(rm_db *db)
{
    rm_rows *rows;
    int rc;
    db->schema_auto = 0;            /* a listing never migrates */
    rc = rm_db_ready(db);
    if (rc == -1) {
        fprintf(stderr, "rmentorctl: the schema is not current (rmentorctl schema status)\n");
        return EX_DATAERR;
    }
    if (rc != 0 || rm_db_select(db, RM_Q_PROG_ALL, &rows, RM_NOARGS) != 0)
        return EX_UNAVAILABLE;
    printf("id\tname\topens\tcloses\tstarts\n");
    for (int i = 0; i < rows->n; i++) {
        const char **r = rows->rows[i];
        /* one record a line: tabs and newlines in a name become spaces */
        char *name = apr_pstrdup(db->pool, r[COL_PROGSUM_NAME]);
        for (char *c = name; *c; c++) if (*c == '\t' || *c == '\n' || *c == '\r') *c = ' ';
        printf("%s\t%s\t%s\t%s\t%s\n", r[COL_PROGSUM_ID], name, r[COL_PROGSUM_OPENS], r[COL_PROGSUM_CLOSES],
               r[COL_PROGSUM_START]);
    }
    return EX_OK;
}

/* one field of a tab-separated record: tabs and newlines become spaces */
static const char *field(apr_pool_t *p, const char *v)
{
    char *out = apr_pstrdup(p, v);
    for (char *c = out; *c; c++) if (*c == '\t' || *c == '\n' || *c == '\r') *c = ' ';
    return out;
}

static int matching_suggest(rm_db *db, const char *id)
{
    apr_pool_t *p = db->pool;
    rm_rows *prog;
    rm_cohort co;
    rm_suggestion *sug;
    long long total;
    int n, rc;
    char *end;
    apr_hash_t *paired;

    if (!id || strtoll(id, &end, 10) <= 0 || *end) {
        fprintf(stderr, "rmentorctl: matching suggest needs a programme id (rmentorctl programmes list)\n");
        return EX_USAGE;
    }
    if ((rc = rm_ctl_ready(db)) != EX_OK) return rc;
    if (rm_db_select(db, RM_Q_PROG_GET, &prog, RM_ARGS(id)) != 0)
        return EX_UNAVAILABLE;
    if (prog->n != 1) {
        fprintf(stderr, "rmentorctl: there is no programme %s\n", id);
        return EX_DATAERR;
    }
    if (rm_cohort_load(p, db, id, &co) != 0) return EX_UNAVAILABLE;
    if (rm_cohort_suggest(p, &co, &sug, &n, &total) != 0) {
        fprintf(stderr, "rmentorctl: the matching could not be computed\n");
        return EX_DATAERR;
    }
    printf("# %s: %d Mentors and %d %ss ready; %d pairs, total score %lld\n",
           field(p, prog->rows[0][COL_PROG_NAME]), co.nm, co.ns,
           field(p, prog->rows[0][COL_PROG_SENIOR_LABEL]), n, total);
    printf("mentor\tsenior\ttotal\ttopics\tgain\tavailability\tpreferences\tpinned\n");
    paired = apr_hash_make(p);
    for (int k = 0; k < n; k++) {
        const rm_cand *m = &co.c[co.mentors[sug[k].mentor]], *s = &co.c[co.seniors[sug[k].senior]];
        const rm_match_score *sc = &sug[k].score;
        apr_hash_set(paired, m, sizeof(m), "1");
        apr_hash_set(paired, s, sizeof(s), "1");
        printf("%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\n", field(p, m->row[COL_MC_NAME]),
               field(p, s->row[COL_MC_NAME]), sc->total, sc->topics, sc->gain,
               sc->availability, sc->pref, sug[k].pinned ? "yes" : "no");
    }
    for (int k = 0; k < co.nm + co.ns; k++) {
        int mentor = k < co.nm;
        const rm_cand *c = &co.c[mentor ? co.mentors[k] : co.seniors[k - co.nm]];
        if (apr_hash_get(paired, c, sizeof(c))) continue;
        printf("# unmatched: %s: %s\n", field(p, c->row[COL_MC_NAME]),
               rm_cohort_unmatched_reason(p, &co, c, mentor,
                                          field(p, prog->rows[0][COL_PROG_SENIOR_LABEL])));
    }
    return EX_OK;
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *p;
    conf_state cs;
    const char *config = NULL, *driver = NULL, *params = NULL;
    const char *verb = NULL, *object = NULL, *arg = NULL, *today = NULL;
    rm_db *db;
    int rc, i, dry_run = 0, hr_opt = 0, dp_opt = 0;
    long long hr_programme = 0, hr_since = 0;
    const char *hr_out = NULL, *hr_key = NULL, *hr_cert = NULL, *hr_scope = NULL;

    if (apr_app_initialize(&argc, &argv, NULL) != APR_SUCCESS) return EX_UNAVAILABLE;
    xmlInitParser();                /* before the HR verbs parse or sign */
    atexit(apr_terminate);
    apr_pool_create(&p, NULL);
    memset(&cs, 0, sizeof(cs));
    cs.pool = p;
    cs.defines = apr_table_make(p, 8);
    cs.schema_auto = 1;
    cs.hr.hesa = apr_table_make(p, 8);
    /* relative Include paths resolve against ServerRoot, whose default is
     * httpd's own (Debian: /etc/apache2, which apache2.conf does not set) */
    cs.server_root = HTTPD_ROOT;
    /* needs neither configuration nor database */
    if (argc >= 3 && !strcmp(argv[1], "federation") && !strcmp(argv[2], "check")) {
        if (argc != 5) {
            usage(stderr);
            return EX_USAGE;
        }
        return rm_fed_cli(p, argv[3], argv[4]);
    }

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return EX_OK;
        }
        if ((!strcmp(argv[i], "-f") || !strcmp(argv[i], "-d") || !strcmp(argv[i], "-p"))
            && i + 1 < argc) {
            const char **slot = argv[i][1] == 'f' ? &config : argv[i][1] == 'd' ? &driver : &params;
            *slot = argv[++i];
            continue;
        }
        if (!strcmp(argv[i], "--dry-run")) {
            dry_run = 1;
            continue;
        }
        if (!strcmp(argv[i], "--today") && i + 1 < argc) {
            today = argv[++i];
            continue;
        }
        if ((!strcmp(argv[i], "--format") || !strcmp(argv[i], "--reason")) && i + 1 < argc) {
            if (argv[i][2] == 'f') cs.dp.format = argv[++i];
            else cs.dp.reason = argv[++i];
            dp_opt = 1;
            continue;
        }
        if ((!strcmp(argv[i], "--programme") || !strcmp(argv[i], "--since")
             || !strcmp(argv[i], "--out") || !strcmp(argv[i], "--key")
             || !strcmp(argv[i], "--cert") || !strcmp(argv[i], "--institution"))
            && i + 1 < argc) {
            const char *o = argv[i], *v = argv[++i];
            char *end;
            hr_opt = 1;
            if (!strcmp(o, "--programme")) {
                hr_programme = strtoll(v, &end, 10);
                if (*end || hr_programme <= 0) {
                    fprintf(stderr, "rmentorctl: --programme needs a programme's number\n");
                    return EX_USAGE;
                }
            }
            else if (!strcmp(o, "--since")) {
                if ((hr_since = rm_hrx_parse_time(v)) < 0) {
                    fprintf(stderr, "rmentorctl: --since needs Unix seconds or a UTC time "
                            "such as 2026-12-05T10:00:00Z\n");
                    return EX_USAGE;
                }
            }
            else if (!strcmp(o, "--institution")) {
                const char *e = rm_fed_scope_check(v);
                if (e) {
                    fprintf(stderr, "rmentorctl: --institution %s: %s\n", v, e);
                    return EX_USAGE;
                }
                hr_scope = v;
            }
            else if (!strcmp(o, "--out")) hr_out = v;
            else if (!strcmp(o, "--key")) hr_key = v;
            else hr_cert = v;
            continue;
        }
        if (argv[i][0] == '-') {
            fprintf(stderr, "rmentorctl: unknown option %s\n", argv[i]);
            usage(stderr);
            return EX_USAGE;
        }
        if (!object) object = argv[i];
        else if (!verb) verb = argv[i];
        else if (!arg) arg = argv[i];
        else {
            fprintf(stderr, "rmentorctl: too many words\n");
            usage(stderr);
            return EX_USAGE;
        }
    }
    if (!object || !verb
        || !((!strcmp(object, "schema") && (!strcmp(verb, "status") || !strcmp(verb, "migrate")))
             || (!strcmp(object, "programmes") && !strcmp(verb, "list"))
             || (!strcmp(object, "matching") && !strcmp(verb, "suggest"))
             || (!strcmp(object, "reminders") && !strcmp(verb, "run"))
             || (!strcmp(object, "dp") && (!strcmp(verb, "export") || !strcmp(verb, "erase")
                                          || !strcmp(verb, "purge")
                                          || !strcmp(verb, "coverage")))
             || (!strcmp(object, "hr") && (!strcmp(verb, "export") || !strcmp(verb, "export-csv")
                                          || !strcmp(verb, "import"))))
        || (arg && strcmp(object, "matching") && strcmp(object, "hr") && strcmp(object, "dp"))
        || (arg && !strcmp(object, "hr") && strcmp(verb, "import"))
        || (!strcmp(object, "dp") && !arg != !(!strcmp(verb, "export") || !strcmp(verb, "erase")))
        || (today && strcmp(object, "reminders") && !(!strcmp(object, "dp") && !strcmp(verb, "purge")))
        || (dry_run && strcmp(object, "reminders")
            && !(!strcmp(object, "hr") && !strcmp(verb, "import"))
            && !(!strcmp(object, "dp") && !strcmp(verb, "purge")))
        || (hr_opt && !(!strcmp(object, "hr") && strcmp(verb, "import"))
            && !(!strcmp(object, "dp") && !strcmp(verb, "export") && !hr_programme && !hr_since
                 && !hr_key && !hr_cert && !hr_scope))
        || (dp_opt && strcmp(object, "dp"))
        || (cs.dp.format && (strcmp(verb, "export")
                             || (strcmp(cs.dp.format, "xml") && strcmp(cs.dp.format, "json"))))
        || (cs.dp.reason && strcmp(verb, "erase"))) {
        usage(stderr);
        return EX_USAGE;
    }
    /* the list of columns needs no database */
    if (!strcmp(object, "dp") && !strcmp(verb, "coverage")) return rm_dp_cli(NULL, &cs.dp, verb, NULL, 0, NULL);
    if ((driver || params) && (!driver || !params)) {
        fprintf(stderr, "rmentorctl: -d and -p go together\n");
        return EX_USAGE;
    }
    /* the configuration: for the database unless -d/-p name it, and for
     * the reminders' settings when it is given */
    if ((config || !driver) && read_config(&cs, config ? config : DEFAULT_CONFIG, 0) != 0) {
        fprintf(stderr, "rmentorctl: %s\n", cs.error);
        return EX_CONFIG;
    }
    if (driver) {
        cs.driver = driver;
        cs.params = params;
    }
    if (!cs.mail.command) cs.mail.command = "/usr/sbin/sendmail -t -i";
    if (!cs.mail.site) cs.mail.site = cs.site_name ? cs.site_name : "Reciprocal mentoring";
    if (!cs.driver || !cs.params) {
        fprintf(stderr, "rmentorctl: %s has no DBDriver and DBDParams\n",
                config ? config : DEFAULT_CONFIG);
        return EX_CONFIG;
    }
    if (strcmp(cs.driver, "sqlite3") && strcmp(cs.driver, "pgsql")) {
        fprintf(stderr, "rmentorctl: DBDriver %s is not supported (sqlite3 or pgsql)\n",
                cs.driver);
        return EX_CONFIG;
    }
    if ((rc = refuse_root(p, &cs)) != EX_OK) return rc;
    if ((rc = open_db(p, &cs, &db)) != EX_OK) return rc;
    if (!strcmp(object, "schema"))
        rc = !strcmp(verb, "status") ? schema_status(db) : schema_migrate(db);
    else if (!strcmp(object, "matching"))
        rc = matching_suggest(db, arg);
    else if (!strcmp(object, "reminders"))
        rc = rm_reminders_run(db, &cs.mail, dry_run, today);
    else if (!strcmp(object, "dp")) {
        cs.dp.site = cs.site_name;
        cs.dp.out = hr_out;
        rc = rm_dp_cli(db, &cs.dp, verb, arg, dry_run, today);
    }
    else if (!strcmp(object, "hr")) {
        if (!cs.hr.grades) {            /* the module's default scale */
            cs.hr.grades = apr_array_make(p, 10, sizeof(char *));
            for (int g = 1; g <= 10; g++)
                *(const char **)apr_array_push(cs.hr.grades) = apr_itoa(p, g);
        }
        if (hr_key) cs.hr.key_file = hr_key;
        if (hr_cert) cs.hr.cert_file = hr_cert;
        cs.hr.programme = hr_programme;
        cs.hr.since = hr_since;
        cs.hr.scope = hr_scope;
        cs.hr.out = hr_out;
        rc = !strcmp(verb, "import") ? rm_hr_import(db, &cs.hr, arg, dry_run)
                                     : rm_hr_export(db, &cs.hr, !strcmp(verb, "export-csv"));
    }
    else
        rc = programmes_list(db);
    apr_dbd_close(db->dbd->driver, db->dbd->handle);
    return rc;
}

/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * rmentorctl reminders run [--dry-run] [--today YYYY-MM-DD]: the reminders
 * due today, by email through the system's sendmail, each at most once.
 *
 * 1. What is due is read with the statements of features/reminders (the
 *    module prepares the same ones): one item per reminder, keyed (kind,
 *    person, subject) as table reminder is.
 * 2. Items are grouped by kind and person: one message each, so the team's
 *    kinds (new applications, pairs at risk, support actions) are digests.
 * 3. Each item is claimed before anything is sent, a message's items in one
 *    short transaction: INSERT ... ON CONFLICT DO NOTHING (1 row: ours), else
 *    an UPDATE of a 'failed' row back to 'claimed' (1 row: ours).  Two jobs at
 *    once: the database lets one of them change the rows, so only one sends,
 *    and a digest is never split between them.
 * 4. The claimer sends, then marks its items 'sent', or 'failed' (logged to
 *    stderr without the message) for the next run to claim again.  A claim
 *    left 'claimed' by a job that stopped midway is never sent again by
 *    itself (at most once): the summary lists it for a person to look at.
 *
 * The mail never holds notes, check-in answers, decision reasons or
 * special-category data: only names, dates, titles and links.  The sendmail
 * command is split into words once (no shell) and gets the message on its
 * standard input; it must read the recipient from the To header (-t).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include <apr_tables.h>
#include "ctl.h"
#include "store.h"
#include "core/mail.h"
#include "core/pace.h"
#include "features/areas.h"

RM_NAMED_ARGS(CHECKIN_RISK);

#define SINCE_DAYS 14          /* decisions and pairs this recent are told */
#define STALE_SECONDS 3600     /* a claim older than this is reported      */

typedef struct { const char *kind; int optional; const char *label, *hint; } kind_def;
#define KIND_DEF_(k, o, l, h) { k, o, l, h },
static const kind_def kinds[] = { RM_REMINDER_KINDS(KIND_DEF_) };
#define NKINDS ((int)(sizeof(kinds) / sizeof(kinds[0])))

enum { ST_DUE, ST_SENT, ST_FAILED, ST_OFF, ST_NOADDR, ST_BEFORE, ST_N };

typedef struct {
    int kind;                          /* index in kinds[]                  */
    const char *person, *name, *mail;
    const char *subject;               /* the reminder's key                */
    const char *title;                 /* the mail's subject when alone     */
    const char *text, *link;
} item;

typedef struct {
    rm_db *db;
    apr_pool_t *p;
    const rm_mail_conf *mc;
    int dry_run;
    const char *today;
    long tday;                         /* today, days since 1970            */
    long long now;                     /* seconds                           */
    apr_array_header_t *items;         /* item                              */
    apr_hash_t *off;                   /* "person kind" -> "1"              */
    int stats[NKINDS][ST_N];
    int messages_sent, messages_failed, errors;
} job;

/* a number as a statement's argument (apr_psprintf has no %lld) */
static const char *i64(apr_pool_t *p, long long v)
{
    return apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)v);
}

static int kind_index(const char *k)
{
    for (int i = 0; i < NKINDS; i++) if (!strcmp(kinds[i].kind, k)) return i;
    return -1;
}

static const char *day(job *j, long offset)
{
    return rm_date_format(j->p, j->tday + offset);
}

static const char *url(job *j, const char *path)
{
    return apr_pstrcat(j->p, j->mc->base_url, path, NULL);
}

static void add(job *j, const char *kind, const char *person, const char *name,
                const char *mail, const char *subject, const char *title,
                const char *text, const char *link)
{
    item *it = apr_array_push(j->items);
    it->kind = kind_index(kind);
    it->person = person;
    it->name = name;
    it->mail = mail;
    it->subject = subject;
    it->title = title;
    it->text = text;
    it->link = link;
}

static const char *role_label(job *j, const char *role, const char *senior_label)
{
    (void)j;
    return !strcmp(role, "mentor") ? "Mentor" : senior_label;
}

/* ---- what is due --------------------------------------------------------------- */

static int select_rows(job *j, const char *label, rm_rows **rows, const char *const *args)
{
    if (rm_db_select(j->db, label, rows, args) != 0) {
        j->errors++;
        return -1;
    }
    return 0;
}

static void due_global(job *j)
{
    apr_pool_t *p = j->p;
    const char *since = i64(p, (long long)(j->tday - SINCE_DAYS) * 86400);
    rm_rows *r;
    if (select_rows(j, RM_Q_REMIND_DECIDED, &r, RM_ARGS(since)) == 0)
        for (int i = 0; i < r->n; i++) {
            const char **w = r->rows[i];
            const char *st = w[COL_RD_A];
            const char *what = !strcmp(st, "accepted") ? "has been accepted"
                             : !strcmp(st, "waitlisted") ? "has been put on the waiting list"
                             : "has not been accepted this time";
            add(j, "decided", w[COL_RD_PERSON], w[COL_RD_NAME], w[COL_RD_MAIL],
                apr_pstrcat(p, "application:", w[COL_RD_ID], ":", st, NULL),
                apr_pstrcat(p, "Your application to ", w[COL_RD_PROG_NAME], NULL),
                apr_pstrcat(p, "Your application to ", w[COL_RD_PROG_NAME], " as ",
                            rm_article(role_label(j, w[COL_RD_B], w[COL_RD_C])), " ",
                            role_label(j, w[COL_RD_B], w[COL_RD_C]), " ", what,
                            ". The details are on your application's page.", NULL),
                url(j, apr_pstrcat(p, "/applications/", w[COL_RD_ID], NULL)));
        }
    if (select_rows(j, RM_Q_REMIND_PUBLISHED, &r, RM_ARGS(since)) == 0)
        for (int i = 0; i < r->n; i++) {
            const char **w = r->rows[i];
            for (int s = 0; s < 2; s++) {
                const char *who = s ? w[COL_RP_S_ID] : w[COL_RP_M_ID];
                add(j, "published", who, s ? w[COL_RP_S_NAME] : w[COL_RP_M_NAME],
                    s ? w[COL_RP_S_MAIL] : w[COL_RP_M_MAIL],
                    apr_pstrcat(p, "pair:", w[COL_RP_PAIR], NULL),
                    apr_pstrcat(p, "Your mentoring pair in ", w[COL_RP_PROG_NAME], NULL),
                    apr_pstrcat(p, "You have been paired with ",
                                s ? w[COL_RP_M_NAME] : w[COL_RP_S_NAME], " in ",
                                w[COL_RP_PROG_NAME], ". Your pair's page has what "
                                "comes next and where to record your meetings.", NULL),
                    url(j, apr_pstrcat(p, "/pairs/", w[COL_RP_PAIR], NULL)));
            }
        }
    if (select_rows(j, RM_Q_REMIND_TRAINING, &r, RM_ARGS(day(j, 2))) == 0)
        for (int i = 0; i < r->n; i++) {
            const char **w = r->rows[i];
            add(j, "training", w[COL_RD_PERSON], w[COL_RD_NAME], w[COL_RD_MAIL],
                apr_pstrcat(p, "training:", w[COL_RD_ID], NULL),
                apr_pstrcat(p, "Training on ", rm_date_human(p, w[COL_RD_B]), ": ",
                            w[COL_RD_A], NULL),
                apr_pstrcat(p, "You are booked on \"", w[COL_RD_A], "\" (",
                            w[COL_RD_PROG_NAME], ") on ", rm_date_human(p, w[COL_RD_B]),
                            ", ", w[COL_RD_C], " to ", w[COL_RD_D],
                            *w[COL_RD_E] ? apr_pstrcat(p, ", at ", w[COL_RD_E], NULL) : "",
                            ". If you cannot come, change your booking on the "
                            "training page.", NULL),
                url(j, apr_pstrcat(p, "/programmes/", w[COL_RD_PROG], "/training", NULL)));
        }
    if (select_rows(j, RM_Q_REMIND_SUPPORT, &r, RM_ARGS(day(j, 2))) == 0)
        for (int i = 0; i < r->n; i++) {
            const char **w = r->rows[i];
            int past = strcmp(w[COL_RD_A], j->today) < 0;
            add(j, "support_due", w[COL_RD_PERSON], w[COL_RD_NAME], w[COL_RD_MAIL],
                apr_pstrcat(p, "support:", w[COL_RD_ID], ":", w[COL_RD_A], NULL),
                past ? "A support action you own is overdue" : "A support action you own is due",
                apr_pstrcat(p, "The support action you own for the pair of ", w[COL_RD_C],
                            " and ", w[COL_RD_D], " (", w[COL_RD_PROG_NAME], ") ",
                            past ? "was" : "is", " due on ", rm_date_human(p, w[COL_RD_A]),
                            ".", NULL),
                url(j, apr_pstrcat(p, "/support/", w[COL_RD_ID], "/edit", NULL)));
        }
}

static void due_programme(job *j, const char **g)
{
    apr_pool_t *p = j->p;
    const char *pid = g[COL_RPG_ID], *pname = g[COL_RPG_NAME], *start = g[COL_RPG_START];
    int length = atoi(g[COL_RPG_LENGTH]), quiet = atoi(g[COL_RPG_QUIET_WEEKS]);
    int weeks = atoi(g[COL_RPG_CHECKIN_WEEKS]), evalw = atoi(g[COL_RPG_EVAL_WEEKS]);
    const char *end = rm_date_add_months(p, start, length);   /* start + length months */
    long tstart, tend;
    rm_rows *r, *team;
    if (!end || rm_date_parse(start, &tstart) != 0 || rm_date_parse(end, &tend) != 0) return;
    int running = j->tday >= tstart && j->tday < tend;

    /* the admins' daily list of new applications, while they are open */
    if (strcmp(j->today, g[COL_RPG_OPENS]) >= 0 && strcmp(j->today, g[COL_RPG_CLOSES]) <= 0
        && select_rows(j, RM_Q_REMIND_NEWAPPS, &r, RM_ARGS(pid)) == 0)
        for (int i = 0; i < r->n; i++) {
            const char **w = r->rows[i];
            add(j, "new_applications", w[COL_RD_PERSON], w[COL_RD_NAME], w[COL_RD_MAIL],
                apr_pstrcat(p, "application:", w[COL_RD_ID], NULL),
                apr_pstrcat(p, "A new application to ", pname, NULL),
                apr_pstrcat(p, w[COL_RD_A], " applied to ", pname, " as ",
                            rm_article(role_label(j, w[COL_RD_B], w[COL_RD_C])), " ",
                            role_label(j, w[COL_RD_B], w[COL_RD_C]), ".", NULL),
                url(j, apr_pstrcat(p, "/admin/programmes/", pid, "/applications", NULL)));
        }

    /* the team's list of pairs newly at risk (core/pace.c's rules, counted
     * by the check-in area's own statement) */
    if (running) {
        rm_pace pace;
        rm_checkin_state ws = rm_checkin_window(g[COL_RPG_CHECKIN], weeks, j->today);
        if (rm_pace_at(start, length, atoi(g[COL_RPG_MIN]), j->today, &pace) == 0
            && select_rows(j, RM_Q_CHECKIN_RISK, &r,
                           RM_ARGV(CHECKIN_RISK, .expected = apr_itoa(p, pace.expected),
                                   .closed = ws == RM_CHECKIN_CLOSED ? "1" : "0",
                                   .today = j->today, .programme_id = pid, .show = "risk",
                                   .limit = "10000", .offset = "0")) == 0
            && r->n && select_rows(j, RM_Q_REMIND_TEAM, &team, RM_ARGS(pid)) == 0)
            for (int i = 0; i < r->n; i++)
                for (int t = 0; t < team->n; t++) {
                    const char **w = r->rows[i], **m = team->rows[t];
                    add(j, "at_risk", m[COL_RD_PERSON], m[COL_RD_NAME], m[COL_RD_MAIL],
                        apr_pstrcat(p, "pair:", w[COL_CI_AR_PAIR], NULL),
                        apr_pstrcat(p, "A pair in ", pname, " is at risk", NULL),
                        apr_pstrcat(p, "The pair of ", w[COL_CI_AR_MENTOR], " and ",
                                    w[COL_CI_AR_SENIOR], " (", pname, ") is now at risk. "
                                    "The check-ins page says why.", NULL),
                        url(j, apr_pstrcat(p, "/admin/pairs/", w[COL_CI_AR_PAIR], "/support",
                                           NULL)));
                }
    }

    /* no meeting confirmed for quiet_weeks weeks */
    if (running && quiet > 0 && j->tday - 7L * quiet >= tstart) {
        long th = j->tday - 7L * quiet;
        if (select_rows(j, RM_Q_REMIND_QUIET, &r,
                        RM_ARGS(pid, i64(p, (long long)(th + 1) * 86400 - 1),
                                day(j, -7L * quiet))) == 0)
            for (int i = 0; i < r->n; i++) {
                const char **w = r->rows[i];
                const char *last = w[COL_RP_X];
                for (int s = 0; s < 2; s++)
                    add(j, "quiet", s ? w[COL_RP_S_ID] : w[COL_RP_M_ID],
                        s ? w[COL_RP_S_NAME] : w[COL_RP_M_NAME],
                        s ? w[COL_RP_S_MAIL] : w[COL_RP_M_MAIL],
                        apr_pstrcat(p, "pair:", w[COL_RP_PAIR], ":", *last ? last : "none", NULL),
                        "Time to meet your mentoring partner?",
                        apr_pstrcat(p, "No meeting of your pair with ",
                                    s ? w[COL_RP_M_NAME] : w[COL_RP_S_NAME], " (", pname,
                                    ") has been confirmed ",
                                    *last ? apr_pstrcat(p, "since ", rm_date_human(p, last), NULL)
                                          : "yet",
                                    apr_psprintf(p, " (%d weeks or more). When you have met, "
                                                 "record the meeting on your pair's page.", quiet),
                                    NULL),
                        url(j, apr_pstrcat(p, "/pairs/", w[COL_RP_PAIR], NULL)));
            }
    }

    /* the check-in: open and not answered; its last week */
    if (rm_checkin_window(g[COL_RPG_CHECKIN], weeks, j->today) == RM_CHECKIN_OPEN) {
        const char *last = rm_checkin_last_day(p, g[COL_RPG_CHECKIN], weeks);
        long topen, tlast;
        if (last && rm_date_parse(g[COL_RPG_CHECKIN], &topen) == 0
            && rm_date_parse(last, &tlast) == 0
            && select_rows(j, RM_Q_REMIND_CHECKIN, &r, RM_ARGS(pid)) == 0) {
            int closing = j->tday >= tlast - 6 && j->tday >= topen + 7;
            for (int i = 0; i < r->n; i++) {
                const char **w = r->rows[i];
                for (int s = 0; s < 2; s++) {
                    if (!strcmp(s ? w[COL_RP_Y] : w[COL_RP_X], "1")) continue;  /* answered */
                    add(j, closing ? "checkin_overdue" : "checkin_due",
                        s ? w[COL_RP_S_ID] : w[COL_RP_M_ID],
                        s ? w[COL_RP_S_NAME] : w[COL_RP_M_NAME],
                        s ? w[COL_RP_S_MAIL] : w[COL_RP_M_MAIL],
                        apr_pstrcat(p, "pair:", w[COL_RP_PAIR], NULL),
                        closing ? apr_pstrcat(p, "The check-in closes on ",
                                              rm_date_human(p, last), NULL)
                                : "The mid-point check-in is open",
                        apr_pstrcat(p, "The mid-point check-in for your pair with ",
                                    s ? w[COL_RP_M_NAME] : w[COL_RP_S_NAME], " (", pname,
                                    ") is open until ", rm_date_human(p, last),
                                    ", and you have not answered it yet. It takes a few "
                                    "minutes.", NULL),
                        url(j, apr_pstrcat(p, "/pairs/", w[COL_RP_PAIR], "/checkin", NULL)));
                }
            }
        }
    }

    /* the evaluation: 7, 14 and 21 days after the end, while it is open;
     * only the latest step reached (a job that missed days sends one) */
    if (j->tday >= tend + 7 && j->tday < tend + 7L * evalw) {
        int stepd = j->tday >= tend + 21 ? 21 : j->tday >= tend + 14 ? 14 : 7;
        const char *closes = rm_date_format(p, tend + 7L * evalw - 1);
        if (select_rows(j, RM_Q_REMIND_EVAL, &r, RM_ARGS(pid)) == 0)
            for (int i = 0; i < r->n; i++) {
                const char **w = r->rows[i];
                add(j, "evaluation", w[COL_RD_PERSON], w[COL_RD_NAME], w[COL_RD_MAIL],
                    apr_psprintf(p, "evaluation:%s:+%d", pid, stepd),
                    apr_pstrcat(p, "Your evaluation of ", pname, NULL),
                    apr_pstrcat(p, pname, " has ended. Please tell us how it went: the "
                                "evaluation is open until ", rm_date_human(p, closes), ".",
                                NULL),
                    url(j, apr_pstrcat(p, "/programmes/", pid, "/evaluation", NULL)));
            }
    }
}

/* ---- claims ----------------------------------------------------------------------- */

/* A group's items (one message) claimed in one transaction, so that two
 * jobs at once never split a digest between them: the second waits on the
 * first's rows (PostgreSQL) or its write lock (SQLite) and finds them
 * taken.  mine[i]: 1 this job holds item i's claim, 0 another did or it was
 * sent.  0, or -1 when the database failed (nothing claimed). */
static int claim_group(job *j, apr_array_header_t *group, int *mine)
{
    const char *now = i64(j->p, j->now);
    if (rm_db_begin(j->db) != 0) { rm_db_end(j->db, 0); return -1; }
    for (int i = 0; i < group->nelts; i++) {
        const item *it = APR_ARRAY_IDX(group, i, const item *);
        const char *k = kinds[it->kind].kind;
        int n = 0, n2 = 0;
        rm_db_exec(j->db, RM_Q_REMIND_CLAIM, &n, RM_ARGS(k, it->person, it->subject, now));
        if (n == 0)
            rm_db_exec(j->db, RM_Q_REMIND_RETRY, &n2, RM_ARGS(now, k, it->person, it->subject));
        mine[i] = n == 1 || n2 == 1;
    }
    return rm_db_end(j->db, 1) == 0 ? 0 : -1;
}

/* dry run: 1 when it would be claimed */
static int would_claim(job *j, const item *it)
{
    rm_rows *r;
    if (rm_db_select(j->db, RM_Q_REMIND_STATE, &r,
                     RM_ARGS(kinds[it->kind].kind, it->person, it->subject)) != 0) return -1;
    return r->n == 0 || !strcmp(r->rows[0][COL_RS_STATE], "failed");
}

static int mark(job *j, apr_array_header_t *claimed, int sent)
{
    const char *now = i64(j->p, j->now);
    if (rm_db_begin(j->db) != 0) { rm_db_end(j->db, 0); return -1; }
    for (int i = 0; i < claimed->nelts; i++) {
        const item *it = APR_ARRAY_IDX(claimed, i, const item *);
        if (sent)
            rm_db_exec(j->db, RM_Q_REMIND_SENT, NULL,
                       RM_ARGS(now, kinds[it->kind].kind, it->person, it->subject));
        else
            rm_db_exec(j->db, RM_Q_REMIND_FAILED, NULL,
                       RM_ARGS(kinds[it->kind].kind, it->person, it->subject));
    }
    return rm_db_end(j->db, 1);
}

/* ---- the message and sendmail ---------------------------------------------------- */

static const char *digest_title(job *j, int k, int n)
{
    const char *kind = kinds[k].kind;
    if (!strcmp(kind, "new_applications")) return apr_psprintf(j->p, "%d new applications", n);
    if (!strcmp(kind, "at_risk")) return apr_psprintf(j->p, "%d pairs newly at risk", n);
    if (!strcmp(kind, "support_due")) return apr_psprintf(j->p, "%d support actions you own are due", n);
    return apr_psprintf(j->p, "%d reminders: %s", n, kinds[k].label);
}

static char *compose(job *j, apr_array_header_t *claimed, const char **subject)
{
    apr_pool_t *p = j->p;
    const item *first = APR_ARRAY_IDX(claimed, 0, const item *);
    const kind_def *kd = &kinds[first->kind];
    char *body = apr_pstrcat(p, "Dear ", first->name, ",\n\n", NULL);
    *subject = claimed->nelts == 1 ? first->title : digest_title(j, first->kind, claimed->nelts);
    for (int i = 0; i < claimed->nelts; i++) {
        const item *it = APR_ARRAY_IDX(claimed, i, const item *);
        body = apr_pstrcat(p, body, claimed->nelts > 1 ? "- " : "", it->text, "\n",
                           claimed->nelts > 1 ? "  " : "\n", it->link, "\n\n", NULL);
    }
    body = apr_pstrcat(p, body, "-- \n", j->mc->site, "\n", j->mc->base_url, "/\n\n",
                       kd->optional
                       ? apr_pstrcat(p, "You can turn this kind of reminder off on ",
                                     url(j, "/reminders"), "\n", NULL)
                       : "This message tells you of something that concerns you directly, "
                         "so it cannot be turned off.\n", NULL);
    return body;
}

/* The command's exit status (0 sent), or -1 when it could not be run. */
static int sendmail(job *j, const char *msg)
{
    char **argv = NULL;
    int fd[2], status;
    pid_t pid;
    size_t len = strlen(msg), done = 0;
    if (apr_tokenize_to_argv(j->mc->command, &argv, j->p) != APR_SUCCESS || !argv[0])
        return -1;
    if (pipe(fd) != 0) return -1;
    fflush(NULL);
    if ((pid = fork()) < 0) { close(fd[0]); close(fd[1]); return -1; }
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);            /* ignored by this job, not by sendmail */
        dup2(fd[0], 0);
        close(fd[0]);
        close(fd[1]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fd[0]);
    while (done < len) {
        ssize_t w = write(fd[1], msg + done, len - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;                   /* it stopped reading: its status says */
        done += (size_t)w;
    }
    close(fd[1]);
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    if (!WIFEXITED(status)) return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return done == len ? WEXITSTATUS(status) : (WEXITSTATUS(status) ? WEXITSTATUS(status) : 1);
}

static const char *random_part(apr_pool_t *p)
{
    unsigned char b[12];
    char *h = apr_palloc(p, 2 * sizeof(b) + 1);
    if (apr_generate_random_bytes(b, sizeof(b)) != APR_SUCCESS) return NULL;
    for (size_t i = 0; i < sizeof(b); i++) sprintf(h + 2 * i, "%02x", b[i]);
    return h;
}

static void send_group(job *j, apr_array_header_t *group)
{
    apr_pool_t *p = j->p;
    const item *first = APR_ARRAY_IDX(group, 0, const item *);
    int k = first->kind;
    apr_array_header_t *claimed = apr_array_make(p, group->nelts, sizeof(const item *));
    const char *subject, *err = NULL, *msg;
    char *body;
    rm_mail m;
    apr_time_exp_t lt;
    int rc, *mine;

    if (kinds[k].optional
        && apr_hash_get(j->off, apr_pstrcat(p, first->person, " ", kinds[k].kind, NULL),
                        APR_HASH_KEY_STRING)) {
        j->stats[k][ST_OFF] += group->nelts;
        return;
    }
    if (!rm_mail_addr_ok(first->mail)) {
        j->stats[k][ST_NOADDR] += group->nelts;
        return;
    }
    mine = apr_pcalloc(p, sizeof(*mine) * (size_t)group->nelts);
    if (!j->dry_run && claim_group(j, group, mine) != 0) {
        j->errors += group->nelts;
        return;
    }
    for (int i = 0; i < group->nelts; i++) {
        const item *it = APR_ARRAY_IDX(group, i, const item *);
        int c = j->dry_run ? would_claim(j, it) : mine[i];
        if (c < 0) { j->errors++; continue; }
        if (c) *(const item **)apr_array_push(claimed) = it;
        else j->stats[k][ST_BEFORE]++;
    }
    if (!claimed->nelts) return;
    j->stats[k][ST_DUE] += claimed->nelts;
    body = compose(j, claimed, &subject);
    apr_time_exp_lt(&lt, apr_time_now());
    m = (rm_mail){ .from_name = j->mc->site, .from_addr = j->mc->from,
                   .to_name = first->name, .to_addr = first->mail, .subject = subject,
                   .body = body, .unique = random_part(p), .date = apr_time_now(),
                   .utc_offset = (int)lt.tm_gmtoff, .tag = kinds[k].kind };
    msg = rm_mail_build(p, &m, &err);
    if (j->dry_run) {
        if (!msg) fprintf(stderr, "rmentorctl: the %s reminder for person %s cannot be "
                          "written: %s\n", kinds[k].kind, first->person, err);
        return;
    }
    rc = msg ? sendmail(j, msg) : -2;
    if (rc == 0) {
        j->messages_sent++;
        j->stats[k][ST_SENT] += claimed->nelts;
        if (mark(j, claimed, 1) != 0) {
            j->errors++;
            fprintf(stderr, "rmentorctl: the %s reminder for person %s was sent but could not "
                    "be marked sent; its claim stays and it is not sent again\n",
                    kinds[k].kind, first->person);
        }
        return;
    }
    j->messages_failed++;
    j->stats[k][ST_FAILED] += claimed->nelts;
    /* the person and the kind only: never the message or the address */
    fprintf(stderr, "rmentorctl: error: the %s reminder for person %s was not sent (%s); "
            "the next run tries again\n", kinds[k].kind, first->person,
            rc == -2 ? apr_pstrcat(p, "message: ", err, NULL)
            : rc == -1 ? "the mail command could not be run"
            : apr_psprintf(p, "the mail command exited with status %d", rc));
    if (mark(j, claimed, 0) != 0) j->errors++;
}

/* ---- the run ------------------------------------------------------------------------ */

int rm_reminders_run(rm_db *db, const rm_mail_conf *mc, int dry_run, const char *today)
{
    apr_pool_t *p = db->pool;
    job j;
    rm_rows *r;
    apr_hash_t *groups;
    apr_array_header_t *order;
    int rc;

    memset(&j, 0, sizeof(j));
    j.db = db;
    j.p = p;
    j.mc = mc;
    j.dry_run = dry_run;
    j.now = (long long)apr_time_sec(apr_time_now());
    if (today) j.today = today;
    else {
        apr_time_exp_t lt;
        apr_time_exp_lt(&lt, apr_time_now());
        j.today = apr_psprintf(p, "%04d-%02d-%02d", lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday);
    }
    if (rm_date_parse(j.today, &j.tday) != 0) {
        fprintf(stderr, "rmentorctl: --today needs a date YYYY-MM-DD\n");
        return EX_USAGE;
    }
    if (!mc->from || !rm_mail_addr_ok(mc->from) || !mc->base_url || !*mc->base_url) {
        fprintf(stderr, "rmentorctl: reminders need RMentorMailFrom (an address) and "
                "RMentorMailBaseURL in the configuration\n");
        return EX_CONFIG;
    }
    signal(SIGPIPE, SIG_IGN);
    db->schema_auto = 0;
    rc = rm_db_ready(db);
    if (rc == -1) {
        fprintf(stderr, "rmentorctl: the schema is not current (rmentorctl schema status)\n");
        return EX_DATAERR;
    }
    if (rc != 0) return EX_UNAVAILABLE;

    j.items = apr_array_make(p, 64, sizeof(item));
    j.off = apr_hash_make(p);
    if (rm_db_select(db, RM_Q_REMIND_OFF_ALL, &r, RM_NOARGS) != 0) return EX_UNAVAILABLE;
    for (int i = 0; i < r->n; i++)
        apr_hash_set(j.off, apr_pstrcat(p, r->rows[i][COL_ROA_PERSON], " ",
                                        r->rows[i][COL_ROA_KIND], NULL),
                     APR_HASH_KEY_STRING, "1");
    due_global(&j);
    if (rm_db_select(db, RM_Q_REMIND_PROGRAMMES, &r, RM_NOARGS) != 0) return EX_UNAVAILABLE;
    for (int i = 0; i < r->n; i++) due_programme(&j, r->rows[i]);

    /* one message per kind and person, in the order first seen */
    groups = apr_hash_make(p);
    order = apr_array_make(p, 16, sizeof(apr_array_header_t *));
    for (int i = 0; i < j.items->nelts; i++) {
        item *it = &APR_ARRAY_IDX(j.items, i, item);
        const char *key = apr_psprintf(p, "%d %s", it->kind, it->person);
        apr_array_header_t *g = apr_hash_get(groups, key, APR_HASH_KEY_STRING);
        if (it->kind < 0) continue;
        if (!g) {
            g = apr_array_make(p, 4, sizeof(const item *));
            apr_hash_set(groups, key, APR_HASH_KEY_STRING, g);
            *(apr_array_header_t **)apr_array_push(order) = g;
        }
        *(const item **)apr_array_push(g) = it;
    }
    for (int k = 0; k < NKINDS; k++)         /* kinds in their order */
        for (int i = 0; i < order->nelts; i++) {
            apr_array_header_t *g = APR_ARRAY_IDX(order, i, apr_array_header_t *);
            if (APR_ARRAY_IDX(g, 0, const item *)->kind == k) send_group(&j, g);
        }

    printf("reminders for %s%s\n", j.today, dry_run ? " (dry run: nothing claimed or sent)" : "");
    printf("%-17s %5s %5s %6s %4s %10s %6s\n", "kind", "due", "sent", "failed", "off",
           "no-address", "before");
    for (int k = 0; k < NKINDS; k++)
        printf("%-17s %5d %5d %6d %4d %10d %6d\n", kinds[k].kind, j.stats[k][ST_DUE],
               j.stats[k][ST_SENT], j.stats[k][ST_FAILED], j.stats[k][ST_OFF],
               j.stats[k][ST_NOADDR], j.stats[k][ST_BEFORE]);
    printf("messages: %d sent, %d failed\n", j.messages_sent, j.messages_failed);
    if (rm_db_select(db, RM_Q_REMIND_STALE, &r,
                     RM_ARGS(i64(p, j.now - STALE_SECONDS))) == 0) {
        printf("stale claims (a job stopped between claiming and sending; not sent again "
               "automatically): %d\n", r->n);
        for (int i = 0; i < r->n; i++) {
            char when[APR_RFC822_DATE_LEN];
            apr_rfc822_date(when, apr_time_from_sec(apr_atoi64(r->rows[i][COL_RST_CLAIMED])));
            printf("  %s person %s %s claimed %s\n", r->rows[i][COL_RST_KIND],
                   r->rows[i][COL_RST_PERSON], r->rows[i][COL_RST_SUBJECT], when);
        }
    }
    else j.errors++;
    if (j.errors) {
        fprintf(stderr, "rmentorctl: %d database errors during the run\n", j.errors);
        return EX_UNAVAILABLE;
    }
    return j.messages_failed ? EX_TEMPFAIL : EX_OK;
}

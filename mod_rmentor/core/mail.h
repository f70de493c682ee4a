/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * A mail message for the reminders job (rmentorctl reminders run), written
 * by hand with no httpd and no library: RFC 5322 headers, MIME 1.0 (RFC
 * 2045) with one text/plain; charset=UTF-8 part in quoted-printable, display
 * names and the subject as RFC 2047 encoded-words when they are not plain
 * ASCII, every header line folded to at most 78 characters.  Lines end with
 * "\n", as sendmail reads its standard input.
 *
 * Header values never carry a line break: CR, LF and other controls in a
 * name or subject become spaces.  An address is refused unless it is a
 * plain ASCII addr-spec (rm_mail_addr_ok), so nothing outside the person's
 * own address can reach a To or From line.
 */
#ifndef RM_MAIL_H
#define RM_MAIL_H

#include <apr_pools.h>
#include <apr_time.h>

typedef struct {
    const char *from_name, *from_addr;  /* the site's name and address       */
    const char *to_name, *to_addr;      /* the person's name and address     */
    const char *subject;                /* UTF-8                             */
    const char *body;                   /* UTF-8 text, lines ending "\n"     */
    const char *unique;                 /* random, [A-Za-z0-9], for the
                                           Message-ID's left part           */
    apr_time_t date;                    /* the Date header's instant         */
    int utc_offset;                     /* its zone, seconds east of UTC     */
    const char *tag;                    /* NULL, or [a-z_]+: an
                                           X-RMentor-Reminder header, for
                                           people's mail filters            */
} rm_mail;

/* 1 when s is an address we write into a header: local@domain, printable
 * ASCII, the local part dot-atom text (at most 64), the domain letters,
 * digits, '-' and '.' labels (at most 253), no spaces or specials. */
int rm_mail_addr_ok(const char *s);

/* The whole message, or NULL with *err set (a bad address, not UTF-8). */
char *rm_mail_build(apr_pool_t *p, const rm_mail *m, const char **err);

/* The parts, exposed for the unit tests and the fuzz harness: */
/* "Name: value" folded, the value as encoded-words when not plain ASCII
 * (phrase 1: a display name, quoted when it holds specials). */
char *rm_mail_header(apr_pool_t *p, const char *name, const char *value, int phrase);
/* RFC 5322 date: "Sat, 05 Dec 2026 10:45:00 +0000" */
char *rm_mail_date(apr_pool_t *p, apr_time_t t, int utc_offset);
/* quoted-printable of UTF-8 text ("\n" line ends kept as line ends) */
char *rm_mail_qp(apr_pool_t *p, const char *text);

#endif

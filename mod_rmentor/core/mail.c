/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * A mail message written by hand (mail.h): about a page, so no GMime. */
#include <string.h>
#include <apr_strings.h>
#include <apr_base64.h>
#include <apr_lib.h>
#include "rm_core.h"
#include "mail.h"

#define MAX_LINE 78
#define EW_BYTES 39            /* UTF-8 bytes per encoded-word: 64 chars */

static int atext(unsigned char c)
{
    return apr_isalnum(c) || (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

int rm_mail_addr_ok(const char *s)
{
    const char *at = s ? strrchr(s, '@') : NULL, *c;
    size_t local, dom;
    if (!at || at == s) return 0;
    local = (size_t)(at - s);
    dom = strlen(at + 1);
    if (local > 64 || dom == 0 || dom > 253) return 0;
    for (c = s; c < at; c++)   /* dot-atom: no dot first, last or twice */
        if (!(atext((unsigned char)*c)
              || (*c == '.' && c != s && c + 1 != at && c[1] != '.'))) return 0;
    for (c = at + 1; *c; c++)
        if (!(apr_isalnum(*c) || *c == '-'
              || (*c == '.' && c != at + 1 && c[1] && c[1] != '.'))) return 0;
    return 1;
}

/* controls (CR, LF, tabs, DEL) become spaces; NULL when not UTF-8 */
static char *clean(apr_pool_t *p, const char *s)
{
    char *o = apr_pstrdup(p, s ? s : "");
    if (!rm_utf8_valid(o, strlen(o))) return NULL;
    for (char *c = o; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f) *c = ' ';
    return o;
}

static int plain_ascii(const char *s)
{
    for (; *s; s++) if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e) return 0;
    return 1;
}

/* value as encoded-words after "Name: ", each on its own folded line */
static char *encoded_words(apr_pool_t *p, const char *name, const char *v)
{
    char *out = apr_pstrcat(p, name, ":", NULL);
    size_t n = strlen(v), i = 0;
    if (!n) return out;
    while (i < n) {
        size_t k = n - i < EW_BYTES ? n - i : EW_BYTES;
        char b64[64];
        while (i + k < n && ((unsigned char)v[i + k] & 0xc0) == 0x80) k--;
        apr_base64_encode(b64, v + i, (int)k);
        out = apr_pstrcat(p, out, i ? "\n " : " ", "=?UTF-8?B?", b64, "?=", NULL);
        i += k;
    }
    return out;
}

/* plain text folded at spaces; NULL when a word will not fit */
static char *fold_plain(apr_pool_t *p, const char *name, const char *v)
{
    char *out = apr_pstrcat(p, name, ":", NULL);
    size_t col = strlen(out);
    const char *s = v;
    while (*s) {
        size_t sp = strspn(s, " "), w = strcspn(s + sp, " ");
        if (!w) break;                           /* trailing spaces */
        if (col + 1 + w > MAX_LINE) {
            if (1 + w > MAX_LINE) return NULL;
            out = apr_pstrcat(p, out, "\n", NULL);
            col = 0;
        }
        out = apr_pstrcat(p, out, " ", apr_pstrmemdup(p, s + sp, w), NULL);
        col += 1 + w;
        s += sp + w;
    }
    return out;
}

char *rm_mail_header(apr_pool_t *p, const char *name, const char *value, int phrase)
{
    char *v = clean(p, value), *out = NULL;
    if (!v) return NULL;
    if (plain_ascii(v)) {
        if (phrase) {   /* an atom phrase, or a quoted-string when it holds specials */
            int special = 0;
            for (const char *c = v; *c; c++)
                if (!atext((unsigned char)*c) && *c != ' ') special = 1;
            if (special) {
                char *q = apr_palloc(p, 2 * strlen(v) + 3), *d = q;
                *d++ = '"';
                for (const char *c = v; *c; c++) {
                    if (*c == '"' || *c == '\\') *d++ = '\\';
                    *d++ = *c;
                }
                *d++ = '"';
                *d = '\0';
                v = q;
            }
        }
        /* "=?" in plain text would read as an encoded-word: encode it all */
        if (!strstr(v, "=?")) out = fold_plain(p, name, v);
    }
    return out ? out : encoded_words(p, name, v);
}

static char *address_header(apr_pool_t *p, const char *name, const char *dname,
                            const char *addr)
{
    char *h;
    const char *last;
    if (!dname || !*dname) return apr_pstrcat(p, name, ": ", addr, NULL);
    if (!(h = rm_mail_header(p, name, dname, 1))) return NULL;
    last = strrchr(h, '\n');
    last = last ? last + 1 : h;
    return apr_pstrcat(p, h, strlen(last) + strlen(addr) + 3 > MAX_LINE ? "\n " : " ",
                       "<", addr, ">", NULL);
}

char *rm_mail_date(apr_pool_t *p, apr_time_t t, int utc_offset)
{
    static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                                          "Aug", "Sep", "Oct", "Nov", "Dec" };
    apr_time_exp_t x;
    int off = utc_offset < 0 ? -utc_offset : utc_offset;
    if (off > 24 * 3600 || apr_time_exp_gmt(&x, t + apr_time_from_sec(utc_offset))
                           != APR_SUCCESS) return NULL;
    return apr_psprintf(p, "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d", days[x.tm_wday],
                        x.tm_mday, months[x.tm_mon], x.tm_year + 1900, x.tm_hour, x.tm_min,
                        x.tm_sec, utc_offset < 0 ? '-' : '+', off / 3600, off % 3600 / 60);
}

char *rm_mail_qp(apr_pool_t *p, const char *text)
{
    size_t n = strlen(text), cap = n * 4 + 8, o = 0, col = 0;
    char *out = apr_palloc(p, cap);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        char tok[4];
        size_t k;
        int eol = i + 1 == n || text[i + 1] == '\n'
                  || (text[i + 1] == '\r' && (i + 2 == n || text[i + 2] == '\n'));
        if (c == '\n') { out[o++] = '\n'; col = 0; continue; }
        if (c == '\r' && (i + 1 == n || text[i + 1] == '\n')) continue;
        if ((c >= 33 && c <= 126 && c != '=' && !(col == 0 && (c == '.' || c == 'F')))
            || ((c == ' ' || c == '\t') && !eol)) {
            tok[0] = (char)c;
            k = 1;
        }
        else {
            apr_snprintf(tok, sizeof(tok), "=%02X", c);
            k = 3;
        }
        if (col + k > 75) {                       /* a soft line break */
            out[o++] = '=';
            out[o++] = '\n';
            col = 0;
            if (k == 1 && (c == '.' || c == 'F')) {  /* now first on its line */
                apr_snprintf(tok, sizeof(tok), "=%02X", c);
                k = 3;
            }
        }
        memcpy(out + o, tok, k);
        o += k;
        col += k;
    }
    out[o] = '\0';
    return out;
}

char *rm_mail_build(apr_pool_t *p, const rm_mail *m, const char **err)
{
    const char *at, *from, *to, *subject, *date, *body;
    if (!rm_mail_addr_ok(m->from_addr)) { *err = "the From address is not an address"; return NULL; }
    if (!rm_mail_addr_ok(m->to_addr)) { *err = "the recipient's address is not an address"; return NULL; }
    if (!m->unique || !*m->unique || strspn(m->unique, "abcdefghijklmnopqrstuvwxyz"
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != strlen(m->unique)
        || strlen(m->unique) > 40) { *err = "no unique part for the Message-ID"; return NULL; }
    if (m->tag && (!*m->tag || strspn(m->tag, "abcdefghijklmnopqrstuvwxyz_") != strlen(m->tag)
                   || strlen(m->tag) > 40)) { *err = "the reminder's tag is not a word"; return NULL; }
    if (!m->body || !rm_utf8_valid(m->body, strlen(m->body))) { *err = "the text is not UTF-8"; return NULL; }
    from = address_header(p, "From", m->from_name, m->from_addr);
    to = address_header(p, "To", m->to_name, m->to_addr);
    subject = rm_mail_header(p, "Subject", m->subject, 0);
    date = rm_mail_date(p, m->date, m->utc_offset);
    if (!from || !to || !subject || !date) { *err = "a name or the subject is not UTF-8"; return NULL; }
    at = strrchr(m->from_addr, '@');
    body = rm_mail_qp(p, m->body);
    return apr_pstrcat(p, from, "\n", to, "\n", subject, "\nDate: ", date,
                       "\nMessage-ID: <", m->unique, ".",
                       apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)apr_time_sec(m->date)),
                       "@", at + 1, ">\n"
                       "MIME-Version: 1.0\n"
                       "Content-Type: text/plain; charset=UTF-8\n"
                       "Content-Transfer-Encoding: quoted-printable\n"
                       "Auto-Submitted: auto-generated\n"
                       "X-Auto-Response-Suppress: All\n",
                       m->tag ? "X-RMentor-Reminder: " : "", m->tag ? m->tag : "",
                       m->tag ? "\n" : "", "\n",
                       body, *body && body[strlen(body) - 1] != '\n' ? "\n" : "", NULL);
}

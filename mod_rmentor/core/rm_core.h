/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * rm_core: the pure part of mod_rmentor.  Nothing here includes an httpd
 * header; everything takes an APR pool and plain data, so the same objects are
 * linked into the module, the unit tests and the fuzz harnesses.
 */
#ifndef RM_CORE_H
#define RM_CORE_H

#include <stddef.h>
#include <apr_pools.h>
#include <apr_tables.h>

/* ---- form bodies (application/x-www-form-urlencoded) ---------------------- */

typedef enum {
    RM_FORM_OK = 0,
    RM_FORM_TOO_MANY,       /* more fields than allowed                        */
    RM_FORM_BAD_ENCODING,   /* bad %-escape                                    */
    RM_FORM_DUPLICATE,      /* the same field twice                            */
    RM_FORM_BAD_NAME,       /* empty or over-long or non-token field name      */
    RM_FORM_BAD_UTF8,       /* a value that is not valid UTF-8, or holds NUL   */
    RM_FORM_TOO_LONG        /* a value longer than max_value bytes             */
} rm_form_status;

/* Parse a urlencoded body of len bytes into out (decoded names and values).
 * Bounded: at most max_fields fields, names of at most 64 bytes, values of at
 * most max_value bytes after decoding.  Duplicate names are refused. */
rm_form_status rm_form_parse(apr_pool_t *p, const char *body, size_t len,
                             int max_fields, size_t max_value,
                             apr_table_t *out);
const char *rm_form_status_text(rm_form_status st);

/* %-decode src[0..len) into a new pool string; '+' becomes ' '.
 * Returns NULL on a bad escape or an embedded NUL. */
char *rm_url_decode(apr_pool_t *p, const char *src, size_t len);

/* Percent-encode for a query component (unreserved characters kept). */
char *rm_url_encode(apr_pool_t *p, const char *s);

/* ---- text checks ---------------------------------------------------------- */

/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
int rm_utf8_valid(const char *s, size_t len);
/* Number of code points in a valid UTF-8 string. */
size_t rm_utf8_len(const char *s);
/* 1 when s holds C0/C1 control characters other than \t \r \n. */
int rm_has_controls(const char *s, int allow_newlines);
/* A copy with leading and trailing white space removed. */
char *rm_trim(apr_pool_t *p, const char *s);
/* A copy in lower case for searching, the same on every database: ASCII,
 * Latin-1 and Latin Extended-A, Greek and Cyrillic capitals lowered (each
 * to a letter of the same UTF-8 length); every other byte as it is. */
char *rm_fold(apr_pool_t *p, const char *s);

/* ---- field validation ----------------------------------------------------- */

/* Each returns NULL when value is acceptable, otherwise a sentence naming the
 * problem, fit to show next to the field labelled `label`. */
const char *rm_check_text(apr_pool_t *p, const char *label, const char *value,
                          int required, size_t max_chars, int multiline);
/* YYYY-MM-DD, a real calendar date. */
const char *rm_check_date(apr_pool_t *p, const char *label, const char *value,
                          int required);
/* YYYY-MM, a real month. */
const char *rm_check_month(apr_pool_t *p, const char *label, const char *value,
                           int required);
/* A whole number in [min, max]; *out receives it. */
const char *rm_check_int(apr_pool_t *p, const char *label, const char *value,
                         long min, long max, long *out);
/* One of a NULL-terminated list of allowed values. */
const char *rm_check_choice(apr_pool_t *p, const char *label,
                            const char *value, const char *const *allowed,
                            int required);
/* Parse YYYY-MM-DD into days since 1970-01-01; 0 on success. */
int rm_date_parse(const char *s, long *days);
/* days since epoch -> YYYY-MM-DD */
char *rm_date_format(apr_pool_t *p, long days);
/* Add months to a date, clamping the day to the month's end. */
char *rm_date_add_months(apr_pool_t *p, const char *date, int months);

/* ---- grade scale ---------------------------------------------------------- */

/* Position of grade in the ordered scale (0-based), or -1 when unknown.
 * Matching is exact after trimming; the scale is an array of char*. */
int rm_grade_rank(const apr_array_header_t *scale, const char *grade);

/* ---- SSO attributes ------------------------------------------------------- */

/* How an SSO module joins the values of a multi-valued attribute in one
 * environment variable (RMentorSSOModule picks it):
 *   RM_ESC_SHIB  Shibboleth SP: "\;" (backslash, delimiter) is a literal
 *                delimiter inside a value; any other backslash is itself;
 *   RM_ESC_NONE  mod_auth_mellon (MellonMergeEnvVars), mod_auth_openidc
 *                (OIDCClaimDelimiter): no escaping, every delimiter splits;
 *   RM_ESC_FULL  the form rm_attr_from_xml writes: "\" + delimiter and
 *                "\\" stand for a delimiter and a backslash. */
typedef enum { RM_ESC_NONE, RM_ESC_SHIB, RM_ESC_FULL } rm_attr_escape;
typedef struct {
    char delim;
    rm_attr_escape esc;
} rm_attr_syntax;
extern const rm_attr_syntax rm_attr_shibboleth;     /* ';', RM_ESC_SHIB */

/* Split a multi-valued attribute by syn.  Empty values are dropped.  At most
 * max_values are returned; the rest ignored. */
apr_array_header_t *rm_attr_split(apr_pool_t *p, const char *raw,
                                  int max_values, const rm_attr_syntax *syn);
/* 1 when the multi-valued raw attribute contains value exactly. */
int rm_attr_has(apr_pool_t *p, const char *raw, const char *value,
                const rm_attr_syntax *syn);
/* 1 when the array of char* holds value exactly (value non-empty). */
int rm_list_has(const apr_array_header_t *values, const char *value);
/* Decode XML character references (&amp; &lt; &gt; &quot; &apos; &#N; &#xN;)
 * in an attribute value as mod_auth_mellon passes it, values joined by
 * delim.  The result is in RM_ESC_FULL form for rm_attr_split with the same
 * delimiter: a decoded delimiter or backslash, and a backslash sent as it
 * is, stay inside their value.  NULL for NULL. */
char *rm_attr_from_xml(apr_pool_t *p, const char *raw, char delim);
/* The scope of a scoped identifier ("jo@example.ac.uk" -> "example.ac.uk"):
 * the part after the last '@', or NULL when there is none. */
const char *rm_scope_of(const char *scoped);
/* For a scoped affiliation "staff@example.ac.uk": 1 when the part before '@'
 * is one of `kinds` and, when scope is non-NULL, the scope matches
 * (case-insensitively).  An unscoped "staff" matches when scope is NULL. */
int rm_affiliation_match(const char *value, const apr_array_header_t *kinds,
                         const char *scope);

/* ---- text ------------------------------------------------------------------- */

/* "a" or "an" before noun, by its first letter. */
const char *rm_article(const char *noun);

/* ---- CSRF tokens ---------------------------------------------------------- */

#define RM_TOKEN_MAX 128

typedef enum {
    RM_TOKEN_OK = 0,
    RM_TOKEN_MISSING,
    RM_TOKEN_MALFORMED,
    RM_TOKEN_EXPIRED,
    RM_TOKEN_BAD_MAC     /* wrong secret, principal or form, or tampered */
} rm_token_status;

/* token = "<unix seconds>.<hex HMAC-SHA256(secret,
 *           principal \0 action \0 seconds)>": good for one person and one
 * form (its action, the path it posts to) for max_age seconds. */
char *rm_token_make(apr_pool_t *p, const unsigned char *secret,
                    size_t secret_len, const char *principal, const char *action,
                    long long now);
rm_token_status rm_token_check(const char *token, const unsigned char *secret,
                               size_t secret_len, const char *principal,
                               const char *action, long long now,
                               long long max_age);
const char *rm_token_status_text(rm_token_status st);

/* ---- routes --------------------------------------------------------------- */

#define RM_ROUTE_MAX_ARGS 3

/* A pattern is a path of '/'-separated segments below the mount point, such as
 * "/programmes/#/apply/STAR" (STAR being a literal asterisk).  '#' matches a positive decimal id (1..18 digits,
 * no leading zero), '*' matches one non-empty segment of [a-z0-9-].  The
 * matched ids / words are copied into args. */
typedef struct {
    int id;               /* the caller's route number                       */
    const char *method;   /* "GET" or "POST"                                 */
    const char *pattern;
} rm_route;

typedef struct {
    const rm_route *route;  /* NULL when nothing matched                     */
    int path_matched;       /* some route matched the path but not the method */
    int nargs;
    char args[RM_ROUTE_MAX_ARGS][24];
} rm_route_match;

/* path is the part of the URI below the mount point ("" or starting '/').
 * Returns 0 when a route matched (m->route set).  Paths with empty segments,
 * "." or "..", or characters outside [A-Za-z0-9._-] never match. */
int rm_route_find(const rm_route *table, size_t n, const char *method,
                  const char *path, rm_route_match *m);

/* Parse a decimal id as matched by '#'; returns 0 on failure. */
long long rm_parse_id(const char *s);

/* ---- migrations ----------------------------------------------------------- */

/* Split one of our migration files into statements (see sqlsplit.c). */
apr_array_header_t *rm_sql_split(apr_pool_t *p, const char *sql);

/* ---- dates for people (validate.c) ------------------------------------------ */

/* "29 January 2025" from YYYY-MM-DD; the input when it is not a date. */
const char *rm_date_human(apr_pool_t *p, const char *iso);
/* "January 2025" from YYYY-MM; the input when it is not a month. */
const char *rm_month_human(apr_pool_t *p, const char *ym);
/* What a person may type where a browser has no date or month control (a
 * text box instead): YYYY-MM-DD from itself or from "29 January 2025" / "29
 * Jan 2025" (any case); YYYY-MM from itself or "February 2025" / "Feb 2025".
 * NULL when it is neither; numeric day/month orders are not guessed. */
const char *rm_date_from_human(apr_pool_t *p, const char *s);
const char *rm_month_from_human(apr_pool_t *p, const char *s);
/* "23 November 2026 at 14:05" (local time) from Unix seconds; "" for none. */
const char *rm_time_human(apr_pool_t *p, const char *secs);

/* ---- HTML output (htmlout.c) ----------------------------------------------- */

struct _xmlDoc;
/* Receives the serialised page in pieces; returns 0, or non-zero to stop. */
typedef int (*rm_html_write_fn)(void *ctx, const char *s, size_t n);
/* Write a libxml2 HTML document out as HTML5 (htmlout.c says exactly how).
 * Returns 0, or -1 when write failed or the tree holds what cannot be
 * written safely (a void element with children, "</" in a script or style,
 * a comment, processing instruction or entity reference). */
int rm_html_serialize(const struct _xmlDoc *doc, rm_html_write_fn write, void *ctx);

#endif

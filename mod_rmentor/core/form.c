/* Licensed under the Apache License, Version 2.0 (see LICENSE). */
#include <string.h>
#include <ctype.h>
#include <apr_strings.h>
#include "rm_core.h"

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char *rm_url_decode(apr_pool_t *p, const char *src, size_t len)
{
    char *out = apr_palloc(p, len + 1);
    size_t i, o = 0;
    for (i = 0; i < len; i++) {
        char c = src[i];
        if (c == '+') {
            c = ' ';
        }
        else if (c == '%') {
            int hi, lo;
            if (i + 2 >= len) return NULL;
            hi = hexval((unsigned char)src[i + 1]);
            lo = hexval((unsigned char)src[i + 2]);
            if (hi < 0 || lo < 0) return NULL;
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0') return NULL;
        out[o++] = c;
    }
    out[o] = '\0';
    return out;
}

char *rm_url_encode(apr_pool_t *p, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s), i, o = 0;
    char *out = apr_palloc(p, 3 * n + 1);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out[o++] = (char)c;
        }
        else {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    out[o] = '\0';
    return out;
}

static int name_ok(const char *s)
{
    size_t n = strlen(s), i;
    if (n == 0 || n > 64) return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(isalnum(c) || c == '_' || c == '-' || c == '.')) return 0;
    }
    return 1;
}

rm_form_status rm_form_parse(apr_pool_t *p, const char *body, size_t len,
                             int max_fields, size_t max_value,
                             apr_table_t *out)
{
    size_t pos = 0;
    int count = 0;
    while (pos < len) {
        size_t end = pos, eq;
        const char *name, *value;
        while (end < len && body[end] != '&') end++;
        if (end == pos) {          /* "a=1&&b=2": tolerate empty pairs */
            pos = end + 1;
            continue;
        }
        if (++count > max_fields) return RM_FORM_TOO_MANY;
        eq = pos;
        while (eq < end && body[eq] != '=') eq++;
        if (eq - pos > 3 * 64) return RM_FORM_BAD_NAME;
        name = rm_url_decode(p, body + pos, eq - pos);
        if (!name) return RM_FORM_BAD_ENCODING;
        if (!name_ok(name)) return RM_FORM_BAD_NAME;
        if (eq < end) {
            if (end - eq - 1 > 3 * max_value) return RM_FORM_TOO_LONG;
            value = rm_url_decode(p, body + eq + 1, end - eq - 1);
        }
        else {
            value = "";
        }
        if (!value) return RM_FORM_BAD_ENCODING;
        if (strlen(value) > max_value) return RM_FORM_TOO_LONG;
        if (!rm_utf8_valid(value, strlen(value))) return RM_FORM_BAD_UTF8;
        if (apr_table_get(out, name)) return RM_FORM_DUPLICATE;
        apr_table_setn(out, name, value);
        pos = end + 1;
    }
    return RM_FORM_OK;
}

const char *rm_form_status_text(rm_form_status st)
{
    switch (st) {
    case RM_FORM_OK:           return "ok";
    case RM_FORM_TOO_MANY:     return "The form sent more fields than this page accepts.";
    case RM_FORM_BAD_ENCODING: return "The form data was not encoded correctly.";
    case RM_FORM_DUPLICATE:    return "The form sent the same field more than once.";
    case RM_FORM_BAD_NAME:     return "The form sent a field this page does not know.";
    case RM_FORM_BAD_UTF8:     return "The form sent text that is not valid UTF-8.";
    case RM_FORM_TOO_LONG:     return "A field in the form is longer than this service accepts.";
    }
    return "The form could not be read.";
}

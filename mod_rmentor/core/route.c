/* Licensed under the Apache License, Version 2.0 (see LICENSE). */
#include <string.h>
#include <ctype.h>
#include "rm_core.h"

long long rm_parse_id(const char *s)
{
    long long v = 0;
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 18 || s[0] == '0') return 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i])) return 0;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int seg_chars_ok(const char *s, size_t n)
{
    if (n == 0) return 0;
    if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(isalnum(c) || c == '-' || c == '_' || c == '.')) return 0;
    }
    return 1;
}

/* Match one pattern against the path; fills m->args on success. */
static int match_one(const char *pat, const char *path, rm_route_match *m)
{
    int nargs = 0;
    /* both start with '/' or are empty ("" is the mount point itself) */
    if (*pat == '\0' || strcmp(pat, "/") == 0)
        return *path == '\0' || strcmp(path, "/") == 0;
    while (*pat) {
        const char *ps, *xs;
        size_t pn, xn;
        if (*pat != '/' || *path != '/') return 0;
        pat++;
        path++;
        ps = pat;
        while (*pat && *pat != '/') pat++;
        pn = (size_t)(pat - ps);
        xs = path;
        while (*path && *path != '/') path++;
        xn = (size_t)(path - xs);
        /* a literal segment first: most patterns fail here, at once (a
         * pattern's literals are valid segments, so an equal one is too) */
        if (!(pn == 1 && (*ps == '#' || *ps == '*'))) {
            if (pn != xn || memcmp(ps, xs, pn) != 0) return 0;
            continue;
        }
        if (!seg_chars_ok(xs, xn)) return 0;
        if (pn == 1 && *ps == '#') {
            char buf[24];
            if (xn > 18 || nargs >= RM_ROUTE_MAX_ARGS) return 0;
            memcpy(buf, xs, xn);
            buf[xn] = '\0';
            if (!rm_parse_id(buf)) return 0;
            memcpy(m->args[nargs++], buf, xn + 1);
        }
        else if (pn == 1 && *ps == '*') {
            if (xn > 23 || nargs >= RM_ROUTE_MAX_ARGS) return 0;
            for (size_t i = 0; i < xn; i++) {
                unsigned char c = (unsigned char)xs[i];
                if (!(islower(c) || isdigit(c) || c == '-')) return 0;
            }
            memcpy(m->args[nargs], xs, xn);
            m->args[nargs++][xn] = '\0';
        }
    }
    if (*path) return 0;
    m->nargs = nargs;
    return 1;
}

int rm_route_find(const rm_route *table, size_t n, const char *method,
                  const char *path, rm_route_match *m)
{
    memset(m, 0, sizeof(*m));
    if (!path || (*path && *path != '/')) return -1;
    for (size_t i = 0; i < n; i++) {
        rm_route_match tmp;
        tmp.nargs = 0;
        if (!match_one(table[i].pattern, path, &tmp)) continue;
        if (strcmp(table[i].method, method) != 0) {
            m->path_matched = 1;
            continue;
        }
        m->route = &table[i];
        m->path_matched = 1;
        m->nargs = tmp.nargs;
        memcpy(m->args, tmp.args, sizeof(tmp.args));
        return 0;
    }
    return -1;
}

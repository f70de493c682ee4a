/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * rm_route_find over the module's real route table, and rm_parse_id.
 *
 * The table is every area's routes as mod_rmentor/features/areas.h lists
 * them, the table the router serves, expanded here without its handlers
 * (which need httpd).
 *
 * Input: "METHOD PATH" (METHOD one of GET, POST, or empty for any other
 * method, as rm_dispatch passes it), or just PATH for GET.
 *
 * Invariants:
 *  - a match is in the table, has the asked method, and no earlier route with
 *    that method matches the path (first match wins);
 *  - it has one argument per '#' or '*' segment: '#' ones parse with
 *    rm_parse_id to the same digits, '*' ones are 1..23 of [a-z0-9-];
 *    putting the arguments back into the pattern gives the path;
 *  - a matched path has no empty, "." or ".." segment and no character
 *    outside [A-Za-z0-9._-];
 *  - no match: path_matched is set exactly when some route of another method
 *    matches the path;
 *  - rm_parse_id agrees with a reference (1..18 digits, no leading zero).
 */
#include <string.h>
#include <ctype.h>
#include <apr_strings.h>
#include "fuzz_common.h"
#include "../../mod_rmentor/features/areas.h"

/* the module's own table (mod_rmentor/features/areas.h), without its handlers */
static const rm_route routes[] = { RM_ROUTES(RM_ROUTE_ENTRY) };
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

static long long ref_id(const char *s)
{
    size_t n = strlen(s);
    long long v = 0;
    if (n == 0 || n > 18 || s[0] == '0') return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int path_clean(const char *path)
{
    const char *s = path;
    if (!*s || strcmp(s, "/") == 0) return 1;
    while (*s) {
        const char *b;
        size_t n;
        if (*s != '/') return 0;
        b = ++s;
        while (*s && *s != '/') s++;
        n = (size_t)(s - b);
        if (n == 0 || (n == 1 && b[0] == '.') || (n == 2 && b[0] == '.' && b[1] == '.'))
            return 0;
        for (size_t i = 0; i < n; i++)
            if (!(isalnum((unsigned char)b[i]) || b[i] == '.' || b[i] == '_' || b[i] == '-'))
                return 0;
    }
    return 1;
}

/* does route i alone match path (whatever its method)? */
static int route_matches(size_t i, const char *path)
{
    rm_route_match m;
    return rm_route_find(&routes[i], 1, routes[i].method, path, &m) == 0;
}

static void check(apr_pool_t *p, const char *method, const char *path)
{
    rm_route_match m;
    int rc = rm_route_find(routes, NROUTES, method, path, &m);
    if (rc == 0) {
        const rm_route *r = m.route;
        const char *pat;
        char *rebuilt = "";
        int want = 0, k = 0;
        FZ_ASSERT(r && r >= routes && r < routes + NROUTES, "route outside the table");
        FZ_ASSERT(strcmp(r->method, method) == 0, "%s matched a %s route", method, r->method);
        FZ_ASSERT(m.path_matched == 1, "path_matched not set on a match");
        FZ_ASSERT(path_clean(path), "unclean path matched: \"%s\"", path);
        for (const rm_route *e = routes; e < r; e++)
            FZ_ASSERT(strcmp(e->method, method) != 0 || !route_matches((size_t)(e - routes), path),
                      "route %d matched but %d (earlier) matches too", (int)(r - routes), (int)(e - routes));
        for (pat = r->pattern; *pat; pat++)
            if ((*pat == '#' || *pat == '*') && pat[-1] == '/' && (!pat[1] || pat[1] == '/'))
                want++;
        FZ_ASSERT(m.nargs == want, "route %d: %d args, pattern has %d", (int)(r - routes), m.nargs, want);
        for (pat = r->pattern; *pat; pat++) {
            if ((*pat == '#' || *pat == '*') && pat[-1] == '/' && (!pat[1] || pat[1] == '/')) {
                const char *a = m.args[k++];
                size_t al = strnlen(a, sizeof(m.args[0]));
                FZ_ASSERT(al > 0 && al < sizeof(m.args[0]), "arg %d unterminated or empty", k);
                if (*pat == '#') {
                    long long id = rm_parse_id(a);
                    char back[32];
                    snprintf(back, sizeof(back), "%lld", id);
                    FZ_ASSERT(id > 0 && strcmp(back, a) == 0, "id arg \"%s\" does not parse", a);
                }
                else {
                    FZ_ASSERT(al <= 23, "word arg too long");
                    for (size_t i = 0; i < al; i++)
                        FZ_ASSERT(islower((unsigned char)a[i]) || isdigit((unsigned char)a[i])
                                  || a[i] == '-', "word arg \"%s\"", a);
                }
                rebuilt = apr_pstrcat(p, rebuilt, a, NULL);
            }
            else {
                rebuilt = apr_pstrcat(p, rebuilt, apr_pstrndup(p, pat, 1), NULL);
            }
        }
        if (strcmp(r->pattern, "/") == 0)
            FZ_ASSERT(*path == '\0' || strcmp(path, "/") == 0, "root matched \"%s\"", path);
        else
            FZ_ASSERT(strcmp(rebuilt, path) == 0, "route %d rebuilt \"%s\" from \"%s\"",
                      (int)(r - routes), rebuilt, path);
    }
    else {
        int other = 0;
        FZ_ASSERT(rc == -1 && m.route == NULL, "no match but rc %d / route set", rc);
        for (size_t i = 0; i < NROUTES; i++) {
            if (!route_matches(i, path)) continue;
            FZ_ASSERT(strcmp(routes[i].method, method) != 0,
                      "route %d matches \"%s %s\" but rm_route_find said no", (int)i,
                      method, path);
            other = 1;
        }
        FZ_ASSERT(m.path_matched == other, "path_matched %d, expected %d for \"%s\"",
                  m.path_matched, other, path);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const methods[] = { "GET", "POST", "" };
    apr_pool_t *p = fz_begin();
    char *all = fz_cstr(data, size), *path = all;
    const char *first = NULL;

    if (strncmp(all, "GET ", 4) == 0) { first = "GET"; path = all + 4; }
    else if (strncmp(all, "POST ", 5) == 0) { first = "POST"; path = all + 5; }
    else if (all[0] == ' ') { first = ""; path = all + 1; }
    path = fz_cstr((const uint8_t *)path, strlen(path));  /* exact-size buffer */

    if (first) check(p, first, path);
    for (size_t i = 0; i < 3; i++) check(p, methods[i], path);
    {
        rm_route_match m;
        FZ_ASSERT(rm_route_find(routes, NROUTES, "GET", NULL, &m) == -1 && !m.route,
                  "NULL path matched");
    }
    FZ_ASSERT(rm_parse_id(path) == ref_id(path), "rm_parse_id(\"%s\") = %lld", path,
              rm_parse_id(path));
    fz_end();
    return 0;
}

/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * A per-process cache of query results, so that a page read many times runs
 * its statements once per change of the data instead of once per view.
 *
 * What is cached: the rows of a read statement (store.c marks which), keyed
 * by its label and its arguments; never inside a write transaction, whose
 * reads must see its own changes.  Authorisation is untouched: a page gets
 * the same rows the database would have returned and checks role and
 * ownership on them as before.
 *
 * When an entry is stale: every entry carries the generation current when
 * its query started, and is served only while the generation is unchanged.
 * The generation moves on
 *   - after every write transaction this process ends (db.c), before the
 *     response is sent, so a writer always reads its own write;
 *   - SQLite: when a request's connection reports, with PRAGMA data_version,
 *     that any other connection (another child, another process such as the
 *     sqlite3 shell or a migration script) committed since it last looked.
 *     That check runs on every request before the first cached read, so a
 *     commit acknowledged anywhere is seen by every later request;
 *   - PostgreSQL: on a notification from the database (pgnotify.c), which
 *     arrives asynchronously: another server's commit is seen here
 *     milliseconds after it was acknowledged, not by the next request for
 *     certain (conf/scale-out.conf); while this process is not listening,
 *     nothing from PostgreSQL is cached or served from cache.
 * An entry whose query started before a change can never be served after it:
 * the generation it carries is older than the current one.
 *
 * Whether the cache may be used at all is decided per database (the
 * rm_cache_domain of rm.h), since one child may serve virtual hosts on both:
 * SQLite's flag goes on with the child's first SQLite request, PostgreSQL's
 * only while the listener hears notifications.  A SQLite request therefore
 * never turns caching on for a PostgreSQL host whose changes go unheard, nor
 * does a lost listener turn it off for SQLite.  The generation stays shared:
 * a change in one database also ends the other's entries, which costs a
 * re-read, never a stale row.
 *
 * Memory: entries are malloc'd (a pool cannot free single entries) within a
 * byte budget (RMentorCacheSize), least recently used evicted first, and all
 * freed when the child exits.  One mutex per process guards the table; a hit
 * copies the rows into the request pool, so an entry may be evicted while a
 * page still uses its rows.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_atomic.h>
#include <apr_strings.h>
#include <apr_shm.h>
#include <apr_thread_mutex.h>
#include "rm.h"

APLOG_USE_MODULE(rmentor);

#define NBUCKETS 4096                   /* a power of two */

typedef struct entry entry;
struct entry {
    entry *chain;                       /* next in the hash bucket          */
    entry *newer, *older;               /* the LRU list                     */
    apr_uint32_t hash, gen;
    size_t keylen, bloblen, size;
    int n, ncols;
    int cls;                            /* CLS_ROWS or CLS_PAGES            */
    char data[];                        /* key bytes, then the cells' text  */
};

/* Two classes, each with its own LRU list and share of the budget: the rows
 * of read statements, and pages kept as written (web/html.c, label
 * "rm_page").  Pages are large and many (one per person and URL), so a
 * working set of pages larger than their share evicts only pages: the rows
 * that rebuild a page stay, and a page missed costs its tree, not its
 * queries. */
enum { CLS_ROWS, CLS_PAGES, NCLS };

static struct {
    apr_thread_mutex_t *lock;
    entry *buckets[NBUCKETS];
    entry *newest[NCLS], *oldest[NCLS];
    size_t used[NCLS], limit[NCLS], budget;
    /* per rm_cache_domain; 0: off, or (PostgreSQL) not listening */
    volatile apr_uint32_t usable[RM_CACHE_DOMAINS];
    apr_uint64_t hits, misses, stored;
    server_rec *s;
} c;

/* The generation lives in shared memory made before the children fork, so
 * a write in one child is seen by the next request in every other child of
 * this server at once; until it exists (or if it cannot be made), a
 * per-process counter serves and caching stays off. */
static volatile apr_uint32_t local_generation = 1;
static volatile apr_uint32_t *generation = &local_generation;
static apr_shm_t *gen_shm;

apr_status_t rm_cache_post_config(apr_pool_t *pconf, server_rec *s)
{
    apr_status_t rv = apr_shm_create(&gen_shm, 64, NULL, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, rv, s, RM_TAG "cannot create "
                     "shared memory for the cache's generation; caching is off");
        gen_shm = NULL;
        generation = &local_generation;
        return APR_SUCCESS;
    }
    generation = apr_shm_baseaddr_get(gen_shm);
    apr_atomic_set32(generation, 1);
    return APR_SUCCESS;
}

apr_uint32_t rm_cache_generation(void)
{
    return apr_atomic_read32(generation);
}

void rm_cache_invalidate(void)
{
    apr_atomic_inc32(generation);
}

void rm_cache_set_usable(rm_cache_domain d, int usable)
{
    /* a change of state always starts a new generation: nothing read while
     * changes went unnoticed may be served afterwards */
    rm_cache_invalidate();
    apr_atomic_set32(&c.usable[d], usable && c.budget > 0);
    rm_cache_invalidate();
}

int rm_cache_usable(rm_cache_domain d)
{
    return apr_atomic_read32(&c.usable[d]) != 0;
}

int rm_cache_enabled(void)
{
    return c.budget > 0;
}

static void unlink_entry(entry *e)
{
    entry **pp = &c.buckets[e->hash & (NBUCKETS - 1)];
    while (*pp && *pp != e) pp = &(*pp)->chain;
    if (*pp) *pp = e->chain;
    if (e->newer) e->newer->older = e->older; else c.newest[e->cls] = e->older;
    if (e->older) e->older->newer = e->newer; else c.oldest[e->cls] = e->newer;
    c.used[e->cls] -= e->size;
    free(e);
}

static apr_status_t cache_cleanup(void *data)
{
    (void)data;
    if (c.budget)
        ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, c.s, RM_TAG "cache at child exit: "
                     "%" APR_UINT64_T_FMT " hits, %" APR_UINT64_T_FMT " misses, %"
                     APR_UINT64_T_FMT " stored, %" APR_SIZE_T_FMT " bytes held",
                     c.hits, c.misses, c.stored, c.used[CLS_ROWS] + c.used[CLS_PAGES]);
    for (int d = 0; d < RM_CACHE_DOMAINS; d++) apr_atomic_set32(&c.usable[d], 0);
    for (int k = 0; k < NCLS; k++)
        while (c.oldest[k]) unlink_entry(c.oldest[k]);
    return APR_SUCCESS;
}

void rm_cache_child_init(apr_pool_t *p, server_rec *s, apr_size_t budget)
{
    memset(&c, 0, sizeof(c));
    c.s = s;
    c.budget = gen_shm ? budget : 0;
    /* a quarter for kept pages, the rest for rows */
    c.limit[CLS_PAGES] = c.budget / 4;
    c.limit[CLS_ROWS] = c.budget - c.limit[CLS_PAGES];
    if (apr_thread_mutex_create(&c.lock, APR_THREAD_MUTEX_DEFAULT, p) != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                     RM_TAG "cannot create the cache lock; caching is off");
        c.budget = 0;
        return;
    }
    apr_pool_cleanup_register(p, NULL, cache_cleanup, apr_pool_cleanup_null);
}

/* The virtual host (each may have its own database), then label NUL arg NUL
 * arg NUL ..., in the request pool. */
static const char *make_key(request_rec *r, const char *label,
                            const char *const *args, size_t *len)
{
    size_t n = sizeof(r->server) + strlen(label) + 1;
    char *k, *w;
    for (const char *const *a = args; *a; a++) n += strlen(*a) + 1;
    w = k = apr_palloc(r->pool, n);
    memcpy(w, &r->server, sizeof(r->server));
    w += sizeof(r->server);
    for (const char *s = label; ; s = *args++) {
        size_t l = strlen(s) + 1;
        memcpy(w, s, l);
        w += l;
        if (!*args) break;
    }
    *len = n;
    return k;
}

static apr_uint32_t hash_key(const char *k, size_t n)
{
    apr_uint32_t h = 2166136261u;       /* FNV-1a */
    for (size_t i = 0; i < n; i++) { h ^= (unsigned char)k[i]; h *= 16777619u; }
    return h;
}

static entry *find(const char *key, size_t keylen, apr_uint32_t h)
{
    for (entry *e = c.buckets[h & (NBUCKETS - 1)]; e; e = e->chain)
        if (e->hash == h && e->keylen == keylen && !memcmp(e->data, key, keylen))
            return e;
    return NULL;
}

/* The rows of an entry, copied into pool p. */
static rm_rows *copy_out(apr_pool_t *p, const entry *e)
{
    rm_rows *rr = apr_pcalloc(p, sizeof(*rr));
    const char *s = apr_pmemdup(p, e->data + e->keylen, e->bloblen);
    rr->n = e->n;
    rr->ncols = e->ncols;
    rr->rows = apr_palloc(p, sizeof(const char **) * (e->n ? e->n : 1));
    for (int i = 0; i < e->n; i++) {
        const char **cols = apr_palloc(p, sizeof(char *) * (e->ncols + 1));
        for (int j = 0; j < e->ncols; j++) {
            cols[j] = s;
            s += strlen(s) + 1;
        }
        cols[e->ncols] = NULL;
        rr->rows[i] = cols;
    }
    return rr;
}

rm_rows *rm_cache_get(request_rec *r, rm_cache_domain d, const char *label,
                      const char *const *args, apr_uint32_t gen)
{
    size_t keylen;
    const char *key;
    apr_uint32_t h;
    entry *e;
    rm_rows *rr = NULL;
    if (!rm_cache_usable(d)) return NULL;
    key = make_key(r, label, args, &keylen);
    h = hash_key(key, keylen);
    apr_thread_mutex_lock(c.lock);
    e = find(key, keylen, h);
    if (e && e->gen != gen) {           /* from before a change */
        unlink_entry(e);
        e = NULL;
    }
    if (e) {
        if (c.newest[e->cls] != e) {    /* move to the front */
            e->newer->older = e->older;
            if (e->older) e->older->newer = e->newer; else c.oldest[e->cls] = e->newer;
            e->newer = NULL;
            e->older = c.newest[e->cls];
            c.newest[e->cls]->newer = e;
            c.newest[e->cls] = e;
        }
        rr = copy_out(r->pool, e);
        c.hits++;
    }
    else {
        c.misses++;
    }
    apr_thread_mutex_unlock(c.lock);
    /* the label only: arguments can hold what a person typed */
    ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, RM_TAG "cache %s %s",
                  rr ? "hit" : "miss", label);
    return rr;
}

void rm_cache_put(request_rec *r, rm_cache_domain d, const char *label,
                  const char *const *args, apr_uint32_t gen, const rm_rows *rows)
{
    size_t keylen, bloblen = 0, size;
    const char *key;
    apr_uint32_t h;
    entry *e, *old;
    char *w;
    int k;
    if (!rm_cache_usable(d) || gen != rm_cache_generation()) return;
    key = make_key(r, label, args, &keylen);
    for (int i = 0; i < rows->n; i++)
        for (int j = 0; j < rows->ncols; j++)
            bloblen += strlen(rows->rows[i][j]) + 1;
    size = sizeof(entry) + keylen + bloblen;
    k = strcmp(label, "rm_page") ? CLS_ROWS : CLS_PAGES;
    if (size > c.limit[k] / 8) return;  /* one entry never crowds out the rest */
    if (!(e = malloc(size))) return;
    e->keylen = keylen;
    e->bloblen = bloblen;
    e->size = size;
    e->n = rows->n;
    e->ncols = rows->ncols;
    e->gen = gen;
    e->hash = h = hash_key(key, keylen);
    memcpy(e->data, key, keylen);
    w = e->data + keylen;
    for (int i = 0; i < rows->n; i++)
        for (int j = 0; j < rows->ncols; j++) {
            size_t l = strlen(rows->rows[i][j]) + 1;
            memcpy(w, rows->rows[i][j], l);
            w += l;
        }
    apr_thread_mutex_lock(c.lock);
    if ((old = find(key, keylen, h)) != NULL) unlink_entry(old);
    e->cls = k;
    while (c.oldest[k] && c.used[k] + size > c.limit[k]) unlink_entry(c.oldest[k]);
    e->chain = c.buckets[h & (NBUCKETS - 1)];
    c.buckets[h & (NBUCKETS - 1)] = e;
    e->newer = NULL;
    e->older = c.newest[k];
    if (c.newest[k]) c.newest[k]->newer = e; else c.oldest[k] = e;
    c.newest[k] = e;
    c.used[k] += size;
    c.stored++;
    apr_thread_mutex_unlock(c.lock);
}

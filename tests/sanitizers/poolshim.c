/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * poolshim: makes APR pool memory visible to ASan and valgrind in a running
 * httpd (make test-asan / make test-valgrind, LD_PRELOAD).
 *
 * Debian's APR is built without pool debugging and without valgrind support:
 * apr_palloc carves strings out of 8 KiB blocks, so an overflow of a pool
 * buffer, or a read of pool memory after the pool was cleared, is invisible to
 * both tools.  Here apr_palloc and apr_pcalloc return one malloc block per
 * call, owned by the pool; apr_pool_clear and apr_pool_destroy free a pool's
 * blocks after APR has run its cleanups (in APR, too, the memory outlives
 * every cleanup).  libapr, libaprutil, httpd and every module call these
 * through the PLT, so all of them get it (apr_psprintf writes into pool nodes
 * itself and stays imprecise).  Each block has a 16-byte header in front
 * (the owner's list link), so only overruns past the end are caught exactly.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <apr_pools.h>

typedef void *(*palloc_fn)(apr_pool_t *, apr_size_t);
typedef void (*pool_fn)(apr_pool_t *);

typedef struct blk { struct blk *next; void *pad; } blk;        /* 16 bytes */
typedef struct owner { struct owner *next; apr_pool_t *pool; blk *blocks; } owner;

#define NBUCKETS 65536
static owner *table[NBUCKETS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static palloc_fn real_palloc;
static pool_fn real_clear, real_destroy;

static void init(void)
{
    if (!real_palloc) {
        real_clear = (pool_fn)dlsym(RTLD_NEXT, "apr_pool_clear");
        real_destroy = (pool_fn)dlsym(RTLD_NEXT, "apr_pool_destroy");
        real_palloc = (palloc_fn)dlsym(RTLD_NEXT, "apr_palloc");
        if (!real_palloc || !real_clear || !real_destroy) abort();
    }
}

static size_t bucket(const apr_pool_t *p)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15ull;
    return (size_t)(x >> 48) & (NBUCKETS - 1);
}

/* remove and return p's block list (caller frees) */
static blk *detach(apr_pool_t *p, int forget)
{
    owner **o, *dead = NULL;
    blk *b = NULL;
    pthread_mutex_lock(&lock);
    for (o = &table[bucket(p)]; *o; o = &(*o)->next) {
        if ((*o)->pool == p) {
            b = (*o)->blocks;
            (*o)->blocks = NULL;
            if (forget) {
                dead = *o;
                *o = dead->next;
            }
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    free(dead);
    return b;
}

static void free_list(blk *b)
{
    while (b) {
        blk *n = b->next;
        free(b);
        b = n;
    }
}

void *apr_palloc(apr_pool_t *p, apr_size_t size)
{
    blk *b = malloc(sizeof(blk) + (size ? size : 1));
    owner *o;
    size_t h = bucket(p);
    if (!b) abort();
    pthread_mutex_lock(&lock);
    for (o = table[h]; o && o->pool != p; o = o->next)
        ;
    if (!o) {
        o = calloc(1, sizeof(*o));
        if (!o) abort();
        o->pool = p;
        o->next = table[h];
        table[h] = o;
    }
    b->next = o->blocks;
    o->blocks = b;
    pthread_mutex_unlock(&lock);
    return b + 1;
}

#undef apr_pcalloc
void *apr_pcalloc(apr_pool_t *p, apr_size_t size);
void *apr_pcalloc(apr_pool_t *p, apr_size_t size)
{
    return memset(apr_palloc(p, size), 0, size);
}

void apr_pool_clear(apr_pool_t *p)
{
    blk *before, *during;
    init();
    before = detach(p, 0);
    real_clear(p);              /* cleanups may still read the old blocks */
    during = detach(p, 0);      /* what cleanups allocated while clearing */
    free_list(before);
    free_list(during);
}

void apr_pool_destroy(apr_pool_t *p)
{
    blk *before, *during;
    init();
    before = detach(p, 0);
    real_destroy(p);            /* children go first, through this function */
    during = detach(p, 1);
    free_list(before);
    free_list(during);
}

/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Pool set-up and the apr_palloc interposer for the fuzz harnesses.
 *
 * The harness executable defines apr_palloc and apr_pcalloc; the linker
 * exports them, so both the core objects and libapr-1 itself (which calls
 * apr_palloc through its PLT: apr_pstrdup, apr_array_push, apr_table_*, ...)
 * get these.  Allocations from the per-input pool become exact-size malloc
 * blocks that ASan guards; every other pool is served by the real apr_palloc.
 * (apr_psprintf writes into pool nodes directly and stays imprecise.)
 */
#include <dlfcn.h>
#include <string.h>
#include <apr_general.h>
#include "fuzz_common.h"

typedef void *(*palloc_fn)(apr_pool_t *, apr_size_t);

static apr_pool_t *root, *cur;
static void **blocks;
static size_t nblocks, capblocks;
static palloc_fn real_palloc;

static void track(void *m)
{
    if (nblocks == capblocks) {
        capblocks = capblocks ? 2 * capblocks : 256;
        blocks = realloc(blocks, capblocks * sizeof(*blocks));
        if (!blocks) abort();
    }
    blocks[nblocks++] = m;
}

static void *own_alloc(apr_size_t size)
{
    void *m = malloc(size ? size : 1);
    if (!m) abort();
    track(m);
    return m;
}

void *apr_palloc(apr_pool_t *p, apr_size_t size)
{
    if (cur && p == cur) return own_alloc(size);
    if (!real_palloc) {
        real_palloc = (palloc_fn)dlsym(RTLD_NEXT, "apr_palloc");
        if (!real_palloc) abort();
    }
    return real_palloc(p, size);
}

#undef apr_pcalloc
void *apr_pcalloc(apr_pool_t *p, apr_size_t size);
void *apr_pcalloc(apr_pool_t *p, apr_size_t size)
{
    return memset(apr_palloc(p, size), 0, size);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (apr_initialize() != APR_SUCCESS) abort();
    if (apr_pool_create(&root, NULL) != APR_SUCCESS) abort();
    return 0;
}

apr_pool_t *fz_begin(void)
{
    apr_pool_t *p;
    if (apr_pool_create(&p, root) != APR_SUCCESS) abort();
    cur = p;
    return p;
}

void fz_end(void)
{
    apr_pool_t *p = cur;
    cur = NULL;                 /* the pool's own teardown uses the real allocator */
    apr_pool_destroy(p);
    for (size_t i = 0; i < nblocks; i++) free(blocks[i]);
    nblocks = 0;
}

char *fz_mem(const uint8_t *data, size_t size)
{
    char *m = own_alloc(size);
    if (size) memcpy(m, data, size);
    return m;
}

char *fz_cstr(const uint8_t *data, size_t size)
{
    const uint8_t *z = size ? memchr(data, 0, size) : NULL;
    size_t n = z ? (size_t)(z - data) : size;
    char *s = own_alloc(n + 1);
    if (n) memcpy(s, data, n);
    s[n] = '\0';
    return s;
}

void fz_split2(const uint8_t *data, size_t size, char sep, char **a, char **b)
{
    const uint8_t *x = size ? memchr(data, (unsigned char)sep, size) : NULL;
    if (!x) {
        *a = fz_cstr(data, size);
        *b = fz_cstr(data, 0);
        return;
    }
    *a = fz_cstr(data, (size_t)(x - data));
    *b = fz_cstr(x + 1, size - (size_t)(x - data) - 1);
}

/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Shared by the libFuzzer harnesses of mod_rmentor/core (tests/fuzz/).
 *
 * - One APR pool per input (fz_begin / fz_end).
 * - Precise pool memory for ASan: fuzz_common.c interposes apr_palloc and
 *   apr_pcalloc, so every allocation made from the per-input pool is its own
 *   malloc block, freed at fz_end.  Without this an overflow of a pool string
 *   would land in the pool's 8 KiB block and ASan would never see it.
 * - fz_cstr: the input copied into an exact-size heap buffer, NUL-terminated,
 *   so a read one byte past the string is caught.
 * - FZ_ASSERT: an invariant that failed aborts with a message (libFuzzer then
 *   writes the input to the artefact directory).
 */
#ifndef RM_FUZZ_COMMON_H
#define RM_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <apr_pools.h>
#include <apr_tables.h>
#include "rm_core.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A fresh pool for one input; everything allocated from it is freed by fz_end. */
apr_pool_t *fz_begin(void);
void fz_end(void);

/* data[0..size) as a NUL-terminated heap string of exactly size+1 bytes
 * (stops at an embedded NUL, as a C caller would see it).  Freed by fz_end. */
char *fz_cstr(const uint8_t *data, size_t size);
/* An exact-size heap copy of data (not terminated).  Freed by fz_end. */
char *fz_mem(const uint8_t *data, size_t size);

/* Split data at the first occurrence of sep: *a gets the part before, *b the
 * part after (both fz_cstr copies).  Without sep, *b is "". */
void fz_split2(const uint8_t *data, size_t size, char sep, char **a, char **b);

#define FZ_ASSERT(cond, ...)                                                   \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "\nINVARIANT FAILED %s:%d: %s\n  ", __FILE__,     \
                    __LINE__, #cond);                                          \
            fprintf(stderr, __VA_ARGS__);                                      \
            fputc('\n', stderr);                                               \
            abort();                                                           \
        }                                                                      \
    } while (0)

#endif

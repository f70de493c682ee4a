/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * A form's values and errors while a page shows it again: what was sent
 * (v) and the sentence naming what is wrong with each field (e).  For the
 * page files of the areas, which read and show their own forms; the short
 * names V, E and SETE expect the form's values in a variable named fv.
 */
#ifndef RM_FORM_VALS_H
#define RM_FORM_VALS_H

#include <apr_tables.h>

typedef struct {
    apr_table_t *v, *e;
} form_vals;

static inline form_vals *fv_new(apr_pool_t *p)
{
    form_vals *fv = apr_pcalloc(p, sizeof(*fv));
    fv->v = apr_table_make(p, 12);
    fv->e = apr_table_make(p, 4);
    return fv;
}

/* the value sent, or NULL */
#define V(k) apr_table_get(fv->v, k)
/* the error of a field, or NULL */
#define E(k) apr_table_get(fv->e, k)
/* the field's error when x is one (x evaluated once) */
#define SETE(k, x) do { const char *e_ = (x); if (e_) apr_table_setn(fv->e, k, e_); } while (0)

#endif

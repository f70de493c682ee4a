/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * One way to declare a form: a table of fields, shown with the page
 * builder's controls and read back with the core's checks.  Every area's
 * forms use it (features/apply: the application forms; features/admin: the
 * programme form).
 */
#ifndef RM_FIELDS_H
#define RM_FIELDS_H

#include "rm.h"

typedef enum {
    RM_FIELD_TEXT, RM_FIELD_AREA, RM_FIELD_DATE, RM_FIELD_MONTH, RM_FIELD_INT,
    RM_FIELD_GRADE                  /* one of RMentorGradeScale */
} rm_field_kind;

typedef struct {
    const char *name;
    const char *label, *hint;       /* may hold {senior} and {plan}
                                       (rm_programme_text)                 */
    const char *errname;            /* the field inside an error sentence  */
    rm_field_kind kind;
    int required, max;              /* max: characters                     */
    long lo, hi;                    /* RM_FIELD_INT: the range             */
    const char *autocomplete;       /* WCAG 1.3.5 input purpose, or NULL   */
    const char *dflt;               /* a new record's value, or NULL       */
    int col;                        /* the result column it edits, or -1   */
} rm_field;

/* Show the field in form with value and error; prog (or NULL) fills the
 * label's and hint's {senior} and {plan}. */
void rm_field_show(rm_page *pg, xmlNodePtr form, const rm_field *f,
                   const char **prog, const char *value, const char *error);
/* Read the field from the posted form: its trimmed value in *value; NULL,
 * or the sentence that says what is wrong with it. */
const char *rm_field_read(rm_req *rq, const rm_field *f, const char **value);

#endif

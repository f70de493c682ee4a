/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * A sector body's list of members (features/membership): the sign-in
 * names an admin uploads as a text or CSV file, or pastes, one a line.
 * Each line's first field (up to a comma, semicolon or tab; double quotes
 * around it dropped) is a name; blank lines, lines starting with '#' and a
 * first line "principal" / "eppn" (a CSV header) are skipped.  A name is
 * 3..256 bytes of UTF-8 without spaces or control characters, holding one
 * '@' inside it (a scoped name: jo@example.ac.uk); it is kept in lower
 * case, each once.
 */
#ifndef RM_MEMBERS_H
#define RM_MEMBERS_H

#include <stddef.h>
#include <apr_pools.h>
#include <apr_tables.h>

/* The names of text[0..len) into *out (an array of const char *, in the
 * order first seen), at most max of them.  NULL, or a sentence naming the
 * first problem and its line (*out then NULL). */
const char *rm_members_parse(apr_pool_t *p, const char *text, size_t len, int max,
                             apr_array_header_t **out);

#endif

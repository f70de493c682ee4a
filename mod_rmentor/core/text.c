/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Small pieces of English for text built from a programme's own settings.
 */
#include <ctype.h>
#include "rm_core.h"

const char *rm_article(const char *noun)
{
    /* by the first letter: "an Executive Partner", "a Mentor"; the common
     * exceptions of sound ("an hour", "a university") do not arise in the
     * role names this is used for, and a site can always phrase its label */
    if (!noun) return "a";
    switch (tolower((unsigned char)noun[0])) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return "an";
    default: return "a";
    }
}

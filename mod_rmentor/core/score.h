/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The matching score of a Mentor and a Senior Mentor, explained by
 * criterion, and the hard constraints that forbid a pair.  Pure C: the
 * module's matching page, rmentorctl and the unit tests share it.  The
 * assignment over the whole cohort is core/match.c.
 */
#ifndef RM_SCORE_H
#define RM_SCORE_H

#include <apr_pools.h>

/* The fixed vocabularies an application chooses from: NULL-terminated
 * code, label pairs (codes: [a-z-], at most 63 of each). */
extern const char *const rm_vocab_topics[];    /* topics to discuss        */
extern const char *const rm_vocab_gains[];     /* to gain / can offer      */
extern const char *const rm_vocab_slots[];     /* half-days to meet        */

/* Codes of vocab found in a comma-separated list, as a bit set (bit i: the
 * i-th code); unknown codes are ignored. */
unsigned long long rm_codes_mask(const char *list, const char *const *vocab);
/* 1 when the comma-separated list holds code. */
int rm_codes_has(const char *list, const char *code);
/* The labels of a bit set, joined by ", ". */
const char *rm_codes_labels(apr_pool_t *p, unsigned long long mask,
                            const char *const *vocab);

#define RM_PREF_MAX 3

/* One applicant as the score sees them.  Identifiers (principal, mail,
 * line managers, preferences) compare case-insensitively; a person is
 * named by their sign-in name or their mail address. */
typedef struct {
    const char *principal, *mail;
    const char *department;         /* compared trimmed, case-insensitively */
    const char *institution;        /* scope of the principal, or ""       */
    const char *line_manager;       /* stated on the application, or ""    */
    const char *manager_sso;        /* from SSO / HR data, or ""           */
    unsigned long long topics, gains, offers, slots;
    const char *prefer[RM_PREF_MAX], *avoid[RM_PREF_MAX];   /* NULL or "": none */
} rm_match_person;

typedef struct {
    int w_topics, w_gain, w_availability, w_pref_mentor, w_pref_senior;
    int apart_department, apart_institution;
} rm_match_weights;

/* The defaults of a programme without settings. */
extern const rm_match_weights rm_match_default_weights;

/* Why a pair may never be made (bits). */
enum {
    RM_APART_MANAGER     = 1,   /* one is the other's line manager          */
    RM_APART_DEPARTMENT  = 2,   /* same department (programme setting)      */
    RM_APART_INSTITUTION = 4,   /* same institution (programme setting)     */
    RM_APART_LISTED      = 8,   /* on the programme's "do not pair" list    */
    RM_APART_SELF        = 16   /* the same person                          */
};

typedef struct {
    int topics;         /* w_topics per shared topic                        */
    int gain;           /* w_gain per wish met by what the other offers,
                           both ways                                       */
    int availability;   /* w_availability per shared half-day               */
    int pref;           /* + or - w_pref_mentor / w_pref_senior per stated
                           wish to be paired with / to avoid the other     */
    int total;
    unsigned apart;     /* RM_APART_* bits; non-zero: never pair            */
} rm_match_score;

/* Score mentor with senior (RM_APART_LISTED is the caller's to add). */
void rm_match_score_pair(const rm_match_weights *w, const rm_match_person *mentor,
                         const rm_match_person *senior, rm_match_score *out);
/* 1 when identifier names the person (sign-in name or mail). */
int rm_match_names(const rm_match_person *who, const char *identifier);
/* "line manager, same department" for the RM_APART_* bits */
const char *rm_apart_text(apr_pool_t *p, unsigned apart);

#endif

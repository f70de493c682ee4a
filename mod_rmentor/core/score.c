/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The matching score (score.h): what two applications share, each
 * criterion weighted by the programme's settings, and the hard constraints.
 */
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include "score.h"

const char *const rm_vocab_topics[] = {
    "barriers", "Barriers to progression",
    "sponsorship", "Sponsorship and advocacy",
    "leading-change", "Leading change",
    "recruitment", "Recruitment and selection",
    "promotion", "Promotion and pay",
    "culture", "Inclusive culture",
    "data", "Race equality data",
    "policy", "Policy and governance",
    "career", "Career planning",
    "networks", "Networks and visibility",
    "strategy", "Strategy and decisions at the top",
    "lived-experience", "Lived experience of race at work",
    NULL
};

/* what one partner hopes to gain is what the other may offer */
const char *const rm_vocab_gains[] = {
    "senior-insight", "Insight into senior leadership",
    "lived-insight", "Insight into the experience of staff of colour",
    "career-advice", "Career advice",
    "sponsorship", "Sponsorship and introductions",
    "confidence", "Confidence and profile",
    "challenge", "Challenge to assumptions",
    "change-ideas", "Ideas for change in the institution",
    "networks", "Wider networks",
    NULL
};

const char *const rm_vocab_slots[] = {
    "mon-am", "Monday morning", "mon-pm", "Monday afternoon",
    "tue-am", "Tuesday morning", "tue-pm", "Tuesday afternoon",
    "wed-am", "Wednesday morning", "wed-pm", "Wednesday afternoon",
    "thu-am", "Thursday morning", "thu-pm", "Thursday afternoon",
    "fri-am", "Friday morning", "fri-pm", "Friday afternoon",
    NULL
};

const rm_match_weights rm_match_default_weights = { 10, 10, 5, 30, 15, 1, 0 };

unsigned long long rm_codes_mask(const char *list, const char *const *vocab)
{
    unsigned long long mask = 0;
    const char *s = list;
    while (s && *s) {
        const char *e = strchr(s, ',');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        /* a code equals the item when it matches its n bytes and ends there */
        for (int i = 0; vocab[2 * i] && i < 64; i++)
            if (vocab[2 * i][0] == s[0] && !strncmp(vocab[2 * i], s, n) && !vocab[2 * i][n])
                mask |= 1ULL << i;
        s = e ? e + 1 : NULL;
    }
    return mask;
}

const char *rm_codes_labels(apr_pool_t *p, unsigned long long mask,
                            const char *const *vocab)
{
    const char *out = "";
    for (int i = 0; vocab[2 * i] && i < 64; i++)
        if (mask & (1ULL << i))
            out = *out ? apr_pstrcat(p, out, ", ", vocab[2 * i + 1], NULL) : vocab[2 * i + 1];
    return out;
}

static int bits(unsigned long long x)
{
    return __builtin_popcountll(x);
}

/* s without surrounding white space equals t likewise, ignoring case;
 * empty never equals */
static int same_text(const char *s, const char *t)
{
    size_t ns, nt;
    if (!s || !t) return 0;
    while (*s == ' ' || *s == '\t') s++;
    while (*t == ' ' || *t == '\t') t++;
    ns = strlen(s);
    nt = strlen(t);
    while (ns && (s[ns - 1] == ' ' || s[ns - 1] == '\t')) ns--;
    while (nt && (t[nt - 1] == ' ' || t[nt - 1] == '\t')) nt--;
    return ns && ns == nt && !strncasecmp(s, t, ns);
}

int rm_match_names(const rm_match_person *who, const char *identifier)
{
    return same_text(who->principal, identifier) || same_text(who->mail, identifier);
}

static int manages(const rm_match_person *boss, const rm_match_person *staff)
{
    return rm_match_names(boss, staff->line_manager)
        || rm_match_names(boss, staff->manager_sso);
}

static int wish(const char *const *list, const rm_match_person *other)
{
    for (int i = 0; i < RM_PREF_MAX; i++)
        if (list[i] && rm_match_names(other, list[i])) return 1;
    return 0;
}

void rm_match_score_pair(const rm_match_weights *w, const rm_match_person *mentor,
                         const rm_match_person *senior, rm_match_score *out)
{
    memset(out, 0, sizeof(*out));
    if (same_text(mentor->principal, senior->principal))
        out->apart |= RM_APART_SELF;
    if (manages(mentor, senior) || manages(senior, mentor))
        out->apart |= RM_APART_MANAGER;
    if (w->apart_department && same_text(mentor->department, senior->department))
        out->apart |= RM_APART_DEPARTMENT;
    if (w->apart_institution && same_text(mentor->institution, senior->institution))
        out->apart |= RM_APART_INSTITUTION;

    out->topics = w->w_topics * bits(mentor->topics & senior->topics);
    out->gain = w->w_gain * (bits(mentor->gains & senior->offers)
                             + bits(senior->gains & mentor->offers));
    out->availability = w->w_availability * bits(mentor->slots & senior->slots);
    /* a Mentor's wish weighs w_pref_mentor, a Senior Mentor's w_pref_senior */
    if (wish(mentor->prefer, senior)) out->pref += w->w_pref_mentor;
    if (wish(mentor->avoid, senior)) out->pref -= w->w_pref_mentor;
    if (wish(senior->prefer, mentor)) out->pref += w->w_pref_senior;
    if (wish(senior->avoid, mentor)) out->pref -= w->w_pref_senior;
    out->total = out->topics + out->gain + out->availability + out->pref;
}

const char *rm_apart_text(apr_pool_t *p, unsigned apart)
{
    static const struct { unsigned bit; const char *text; } t[] = {
        { RM_APART_SELF, "the same person" },
        { RM_APART_MANAGER, "line manager" },
        { RM_APART_DEPARTMENT, "same department" },
        { RM_APART_INSTITUTION, "same institution" },
        { RM_APART_LISTED, "on the do-not-pair list" },
    };
    const char *out = "";
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (apart & t[i].bit)
            out = *out ? apr_pstrcat(p, out, ", ", t[i].text, NULL) : t[i].text;
    return out;
}

int rm_codes_has(const char *list, const char *code)
{
    size_t n = strlen(code);
    const char *s = list;
    while (s && *s) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len == n && !strncmp(s, code, n)) return 1;
        s = e ? e + 1 : NULL;
    }
    return 0;
}

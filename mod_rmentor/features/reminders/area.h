/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Reminders by email.  The mail itself is sent by a job outside httpd
 * (`rmentorctl reminders run`, cli/reminders.c), which reads what is due
 * through the statements below, the same ones the module prepares; each
 * reminder is claimed in table reminder before it is sent, so it is sent at
 * most once.  The module's part is the page where a signed-in person turns
 * the optional kinds off for themselves (table reminder_off).  Macros only.
 *
 * The kinds, in the order the job sends them; O(kind, optional, label, hint):
 * optional 0 is always sent (it tells someone of a decision about them, or
 * of a task they own).
 */
#ifndef RM_AREA_REMINDERS_H
#define RM_AREA_REMINDERS_H

#define RM_REMINDER_KINDS(O) \
    O("decided",         0, "Your application was decided", "") \
    O("published",       0, "Your pair has been published", "") \
    O("support_due",     0, "A support action you own is due", "") \
    O("training",        1, "Training in two days", \
      "Two days before a training session you booked.") \
    O("quiet",           1, "No meeting confirmed for a while", \
      "When your pair has had no confirmed meeting for the weeks the programme sets.") \
    O("checkin_due",     1, "The check-in is open", \
      "When the mid-point check-in opens and you have not answered it.") \
    O("checkin_overdue", 1, "The check-in closes soon", \
      "In the check-in's last week, if you have still not answered it.") \
    O("evaluation",      1, "The evaluation is waiting for you", \
      "One, two and three weeks after the programme ends, until you answer it.") \
    O("new_applications", 1, "New applications (programme admins)", \
      "A daily list of new applications while a programme's applications are open.") \
    O("at_risk",         1, "Pairs newly at risk (programme team)", \
      "A daily list of the pairs of your programmes that have newly become at risk.")

#define RM_reminders_ROUTES(R) \
    R("GET",  "/reminders",     rm_page_reminders)      \
    R("POST", "/reminders",     rm_page_reminders_post)

#define RM_reminders_NOTICES(N) \
    N("reminders-saved", "Your email reminder settings have been saved.")

#define RM_reminders_NAV(V) \
    V("Email reminders", "/reminders", 0)

#define RM_Q_REMIND_OFF_MINE     "rm_remind_off_mine"
#define RM_Q_REMIND_OFF_CLEAR    "rm_remind_off_clear"
#define RM_Q_REMIND_OFF_ADD      "rm_remind_off_add"
#define RM_Q_REMIND_OFF_ALL      "rm_remind_off_all"
#define RM_Q_REMIND_CLAIM        "rm_remind_claim"
#define RM_Q_REMIND_RETRY        "rm_remind_retry"
#define RM_Q_REMIND_SENT         "rm_remind_sent"
#define RM_Q_REMIND_FAILED       "rm_remind_failed"
#define RM_Q_REMIND_STATE        "rm_remind_state"
#define RM_Q_REMIND_STALE        "rm_remind_stale"
#define RM_Q_REMIND_PROGRAMMES   "rm_remind_programmes"
#define RM_Q_REMIND_DECIDED      "rm_remind_decided"
#define RM_Q_REMIND_TRAINING     "rm_remind_training"
#define RM_Q_REMIND_SUPPORT      "rm_remind_support"
#define RM_Q_REMIND_EVAL         "rm_remind_eval"
#define RM_Q_REMIND_NEWAPPS      "rm_remind_newapps"
#define RM_Q_REMIND_TEAM         "rm_remind_team"
#define RM_Q_REMIND_PUBLISHED    "rm_remind_published"
#define RM_Q_REMIND_QUIET        "rm_remind_quiet"
#define RM_Q_REMIND_CHECKIN      "rm_remind_checkin"

/* RM_Q_REMIND_OFF_MINE: kind */
enum { COL_RO_KIND };
/* RM_Q_REMIND_OFF_ALL: person, kind */
enum { COL_ROA_PERSON, COL_ROA_KIND };
/* RM_Q_REMIND_STATE: state, claimed_at */
enum { COL_RS_STATE, COL_RS_CLAIMED };
/* RM_Q_REMIND_STALE: kind, person, subject, claimed_at */
enum { COL_RST_KIND, COL_RST_PERSON, COL_RST_SUBJECT, COL_RST_CLAIMED };
/* RM_Q_REMIND_PROGRAMMES */
enum { COL_RPG_ID, COL_RPG_NAME, COL_RPG_START, COL_RPG_LENGTH, COL_RPG_MIN,
       COL_RPG_CHECKIN, COL_RPG_CHECKIN_WEEKS, COL_RPG_QUIET_WEEKS, COL_RPG_EVAL_WEEKS,
       COL_RPG_OPENS, COL_RPG_CLOSES, COL_RPG_SENIOR_LABEL };
/* A person's row (DECIDED, TRAINING, SUPPORT, EVAL, NEWAPPS, TEAM): who,
 * their address, the programme, what it is about (ID) and five values whose
 * meaning is the statement's (see reminders_sql.c) */
enum { COL_RD_PERSON, COL_RD_NAME, COL_RD_MAIL, COL_RD_PROG, COL_RD_PROG_NAME,
       COL_RD_ID, COL_RD_A, COL_RD_B, COL_RD_C, COL_RD_D, COL_RD_E };
/* A pair's row (PUBLISHED, QUIET, CHECKIN): both partners, and two values */
enum { COL_RP_PAIR, COL_RP_PROG, COL_RP_PROG_NAME, COL_RP_M_ID, COL_RP_M_NAME,
       COL_RP_M_MAIL, COL_RP_S_ID, COL_RP_S_NAME, COL_RP_S_MAIL, COL_RP_X, COL_RP_Y };

#endif

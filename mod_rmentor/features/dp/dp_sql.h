/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The labels of data protection's writes (dp_sql.c), used by dp_data.c
 * only: the pages never write but through it.
 */
#ifndef RM_DP_SQL_H
#define RM_DP_SQL_H

#define RM_Q_DPX_PERSON        "rm_dpx_person"
#define RM_Q_DPX_APPS          "rm_dpx_apps"
#define RM_Q_DPX_NOTES         "rm_dpx_notes"
#define RM_Q_DPX_AGENDA        "rm_dpx_agenda"
#define RM_Q_DPX_DISPUTE       "rm_dpx_dispute"
#define RM_Q_DPX_CHECKINS      "rm_dpx_checkins"
#define RM_Q_DPX_END_REQ       "rm_dpx_end_req"
#define RM_Q_DPX_EVENT         "rm_dpx_event"
#define RM_Q_DPX_EVAL_ANSWERS  "rm_dpx_eval_answers"
#define RM_Q_DPX_EVAL_NAMED    "rm_dpx_eval_named"
#define RM_Q_DPX_REFLECTIONS   "rm_dpx_reflections"
#define RM_Q_DPX_ACTIONS       "rm_dpx_actions"
#define RM_Q_DPX_CAREERS       "rm_dpx_careers"
#define RM_Q_DPX_STORIES       "rm_dpx_stories"
#define RM_Q_DPX_FEED          "rm_dpx_feed"
#define RM_Q_DPX_REMINDERS     "rm_dpx_reminders"
#define RM_Q_DPX_REMINDERS_OFF "rm_dpx_reminders_off"
#define RM_Q_DPX_TEAM          "rm_dpx_team"
#define RM_Q_DPX_MEMBERS       "rm_dpx_members"
#define RM_Q_DPX_AUDIT_ACTOR   "rm_dpx_audit_actor"
#define RM_Q_DPX_HRI_ACTOR     "rm_dpx_hri_actor"
#define RM_Q_DPX_DPE_ACTOR     "rm_dpx_dpe_actor"
#define RM_Q_DPX_DPU_ACTOR     "rm_dpx_dpu_actor"
#define RM_Q_DPX_RECORD        "rm_dpx_record"

#define RM_Q_DPR_PROGRAMMES    "rm_dpr_programmes"
#define RM_Q_DPR_APPS          "rm_dpr_apps"
#define RM_Q_DPR_NOTES         "rm_dpr_notes"
#define RM_Q_DPR_MEETINGS      "rm_dpr_meetings"
#define RM_Q_DPR_END_REQ       "rm_dpr_end_req"
#define RM_Q_DPR_SUPPORT       "rm_dpr_support"
#define RM_Q_DPR_END_NOTE      "rm_dpr_end_note"
#define RM_Q_DPR_CHECKINS      "rm_dpr_checkins"
#define RM_Q_DPR_EVAL_ANSWERS  "rm_dpr_eval_answers"
#define RM_Q_DPR_EVAL_NAMED    "rm_dpr_eval_named"
#define RM_Q_DPR_REFLECTIONS   "rm_dpr_reflections"
#define RM_Q_DPR_ACTIONS       "rm_dpr_actions"
#define RM_Q_DPR_CAREERS       "rm_dpr_careers"
#define RM_Q_DPR_STORIES       "rm_dpr_stories"
#define RM_Q_DPR_EVENT         "rm_dpr_event"
#define RM_Q_DPR_OVERRIDES     "rm_dpr_overrides"
#define RM_Q_DPR_RULES         "rm_dpr_rules"
#define RM_Q_DPR_DECISIONS     "rm_dpr_decisions"
#define RM_Q_DPR_APP_REST      "rm_dpr_app_rest"
#define RM_Q_DPR_PEOPLE        "rm_dpr_people"
#define RM_Q_DPR_RECORD        "rm_dpr_record"

#endif

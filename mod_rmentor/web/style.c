/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The stylesheet every page links, served by the module itself (public and
 * cacheable, unlike the pages).
 */
#include <http_protocol.h>
#include "rm.h"

static const char stylesheet[] =
    "body{font-family:system-ui,Arial,sans-serif;line-height:1.5;margin:0;color:#0b0c0c;background:#fff}\n"
    ".skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:1rem;background:#fd0;color:#0b0c0c;padding:.5rem}\n"
    ".site-header{background:#1d3557;color:#fff;padding:.75rem 1.5rem;display:flex;flex-wrap:wrap;gap:1.5rem;align-items:center}\n"
    ".site-header a{color:#fff}.site-name{font-weight:bold;margin:0}.signed-in{margin:0 0 0 auto}\n"
    "nav ul{list-style:none;display:flex;gap:1rem;margin:0;padding:0}\n"
    ".inline-links{flex-wrap:wrap;gap:.5rem 1.25rem;margin-bottom:1.5rem}\n"
    ".prewrap{white-space:pre-wrap;overflow-wrap:anywhere}.reflection{border-top:1px solid #b1b4b6;margin-top:1rem}\n"
    ".reflection .meta{color:#505a5f;font-size:.95rem}\n"
    "main{max-width:60rem;margin:0 auto;padding:1.5rem}\n"
    "a{color:#1d4ed8}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 5px #0b0c0c}\n"
    ".field{margin-bottom:1.5rem}label,legend{display:block;font-weight:bold}\n"
    "input[type=text],input[type=date],input[type=month],input[type=time],input[type=number],input[type=email],input[type=url],textarea,select{display:block;width:100%;max-width:36rem;padding:.4rem;border:2px solid #0b0c0c;font:inherit;box-sizing:border-box}\n"
    "input[type=number],input[type=time]{max-width:8rem}fieldset{border:0;padding:0;margin:0}fieldset fieldset{margin-top:1rem}\n"
    ".group{margin:0 0 2rem}.group>legend{padding:0}.group>legend h2{margin:0 0 1rem;font-size:1.5rem}\n"
    ".inline-form{display:inline;margin:0}.button-small{padding:.2rem .6rem;font-weight:normal}\n"
    ".radio{display:flex;gap:.5rem;align-items:center;margin:.25rem 0}.radio label{font-weight:normal}\n"
    "input[type=radio],input[type=checkbox]{width:1.5rem;height:1.5rem;margin:0;flex:none}\n"
    ".checkboxes{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,16rem),1fr));gap:.25rem 1.5rem;margin:.25rem 0}\n"
    ".checkbox{display:flex;gap:.5rem;align-items:center}.checkbox label{font-weight:normal}\n"
    "td .tag{margin-left:.25rem}\n"
    ".warning{border-left:5px solid #b10e1e;padding:.5rem 1rem;font-weight:bold}td form+form{margin-top:.5rem}\n"
    ".hint{color:#505a5f;margin:.25rem 0}.error-message{color:#b10e1e;font-weight:bold;margin:.25rem 0}\n"
    ".field-error{border-left:5px solid #b10e1e;padding-left:1rem}\n"
    ".error-summary{border:5px solid #b10e1e;padding:1rem;margin-bottom:1.5rem}.error-summary:focus{outline:3px solid #fd0;outline-offset:0}.error-summary a{color:#b10e1e;font-weight:bold}\n"
    ".notice{border-left:5px solid #1d70b8;padding:.5rem 1rem;margin-bottom:1.5rem;background:#f3f7fb}\n"
    ".notice-success{border-color:#00703c}\n"
    ".button{background:#00703c;color:#fff;border:0;padding:.6rem 1.2rem;font:inherit;font-weight:bold;cursor:pointer}\n"
    ".button-secondary{background:#f3f2f1;color:#0b0c0c;border:2px solid #0b0c0c}.button-warning{background:#b10e1e}\n"
    ".table-wrap{overflow-x:auto;position:relative;margin-bottom:1.5rem}.table-wrap:focus{outline:3px solid #fd0;box-shadow:0 0 0 5px #0b0c0c}\n"
    "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.5rem;border-bottom:1px solid #b1b4b6;vertical-align:top}\n"
    "caption{text-align:left;font-weight:bold;padding:.5rem 0}\n"
    "dl.summary{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,2fr);gap:.25rem 1rem}dt{font-weight:bold}dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}\n"
    ".chart{margin:0 0 1rem}.chart svg{max-width:100%;height:auto}.chart text{font:13px system-ui,Arial,sans-serif;fill:#0b0c0c}\n"
    ".chart .axis line{stroke:#b1b4b6}.chart .s0{fill:#1d3557}.chart .s1{fill:#b35c00}.chart .s2{fill:#2e7d32}.chart .s3{fill:#6a1b9a}.chart .sup{font-style:italic}\n"
    /* the programme report prints as the programme's final report: no
     * header, navigation or download links; a section's chart and table on
     * one page where they fit, bars in their colours */
    "@media print{.skip,.site-header,nav,.no-print{display:none}main{max-width:none;padding:0}body{font-size:11pt}"
    ".report-section{break-inside:avoid;page-break-inside:avoid}.chart,.table-wrap{break-inside:avoid;page-break-inside:avoid}"
    ".table-wrap{overflow:visible}.report-section h2{break-after:avoid;page-break-after:avoid}a{color:inherit;text-decoration:none}"
    ".chart svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n"
    "@media (max-width:40em){dl.summary{grid-template-columns:1fr}dd{margin-bottom:.5rem}.site-header{gap:.5rem}.signed-in{margin:0}}\n"
    ".visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}\n"
    /* status tags: the word, a border in the text's colour (so not colour
     * alone), and text on each background at 6:1 or more (WCAG AA) */
    ".tag{display:inline-block;padding:0 .4rem;border:2px solid currentColor;font-weight:bold;color:#0b0c0c;background:#fff;white-space:nowrap}\n"
    ".tag-submitted{color:#0c2d4a;background:#bbd4ea}.tag-accepted{color:#005a30;background:#cce2d8}\n"
    ".tag-waitlisted{color:#6e3619;background:#fcd6c3}.tag-declined{color:#942514;background:#f6d7d2}\n"
    ".tag-withdrawn{color:#383f43;background:#eeefef}\n"
    ".status{font-weight:bold}.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end}.filters .field{margin-bottom:.5rem}\n"
    ".note{border-left:4px solid #b1b4b6;padding:0 0 0 1rem;margin:0 0 1.5rem}.note h3{font-size:1rem;margin:0 0 .25rem}.note p{margin:.25rem 0;overflow-wrap:anywhere}\n"
    ".site-footer{border-top:1px solid #b1b4b6;padding:1rem 1.5rem;color:#505a5f}\n";

int rm_send_stylesheet(request_rec *r)
{
    apr_table_setn(r->headers_out, "Cache-Control", "public, max-age=3600");
    apr_table_setn(r->headers_out, "X-Content-Type-Options", "nosniff");
    ap_set_content_type(r, "text/css; charset=utf-8");
    ap_set_content_length(r, sizeof(stylesheet) - 1);
    if (!r->header_only) ap_rwrite(stylesheet, sizeof(stylesheet) - 1, r);
    return OK;
}

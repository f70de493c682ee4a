/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * A federation's SAML metadata read for its institutions (fedmeta.h).
 */
#include <string.h>
#include <stdint.h>
#include <strings.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include <apr_file_io.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "fedmeta.h"
#include "xmlsign.h"

#define NS_MD    "urn:oasis:names:tc:SAML:2.0:metadata"
#define NS_SHIB  "urn:mace:shibboleth:metadata:1.0"
#define NS_MDUI  "urn:oasis:names:tc:SAML:metadata:ui"
#define NS_XML   "http://www.w3.org/XML/1998/namespace"

static apr_status_t doc_free(void *d)
{
    xmlFreeDoc(d);
    return APR_SUCCESS;
}

static int is(const xmlNode *n, const char *ns, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href
           && !strcmp((const char *)n->ns->href, ns) && !strcmp((const char *)n->name, name);
}

static const xmlNode *child(const xmlNode *n, const char *ns, const char *name)
{
    for (n = n ? n->children : NULL; n; n = n->next)
        if (is(n, ns, name)) return n;
    return NULL;
}

/* days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil) */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    long era;
    unsigned yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

apr_time_t rm_fedmeta_datetime(const char *s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, mo, d, h, mi, sec, oh = 0, om = 0, leap;
    long long t;
    if (!s || strlen(s) < 19 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo)
        || s[7] != '-' || digits(s + 8, 2, &d) || s[10] != 'T' || digits(s + 11, 2, &h)
        || s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' || digits(s + 17, 2, &sec))
        return 0;
    s += 19;
    if (*s == '.') {
        int n = 0;
        while (*++s >= '0' && *s <= '9')
            if (++n > 9) return 0;
        if (!n) return 0;
    }
    if (*s == 'Z') s++;
    else if (*s == '+' || *s == '-') {
        int sign = *s == '-' ? -1 : 1;
        if (digits(s + 1, 2, &oh) || s[3] != ':' || digits(s + 4, 2, &om) || oh > 14 || om > 59)
            return 0;
        oh *= sign;
        om *= sign;
        s += 6;
    }
    if (*s) return 0;
    leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1]
        || (mo == 2 && d == 29 && !leap) || h > 23 || mi > 59 || sec > 60)
        return 0;
    t = (long long)days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60
        + (sec > 59 ? 59 : sec) - (oh * 3600 + om * 60);
    return t <= 0 ? 0 : apr_time_from_sec(t);
}

/* the element's validUntil, nearer than limit; -1 when malformed */
static apr_time_t until(const xmlNode *n, apr_time_t limit)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST "validUntil");
    apr_time_t t;
    if (!v) return limit;
    t = rm_fedmeta_datetime((const char *)v);
    xmlFree(v);
    if (!t) return -1;
    return limit && limit < t ? limit : t;
}

/* text of n, whitespace collapsed, control characters dropped, at most 200
 * bytes cut at a character boundary; NULL when empty */
static const char *plain(apr_pool_t *p, const xmlNode *n)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *out, *o;
    const char *s;
    int space = 0;
    if (!v) return NULL;
    out = o = apr_palloc(p, strlen((const char *)v) + 1);
    for (s = (const char *)v; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c <= 0x20 || c == 0x7f) {
            space = o > out;
            continue;
        }
        if (space) *o++ = ' ';
        space = 0;
        *o++ = (char)c;
    }
    *o = '\0';
    xmlFree(v);
    if (o - out > 200) {
        o = out + 200;
        while (o > out && ((unsigned char)*o & 0xC0) == 0x80) o--;
        while (o > out && o[-1] == ' ') o--;
        *o = '\0';
    }
    return *out ? out : NULL;
}

/* the English one of the name elements under parent, else the first */
static const char *display(apr_pool_t *p, const xmlNode *parent, const char *ns,
                           const char *name)
{
    const xmlNode *first = NULL;
    for (const xmlNode *n = parent ? parent->children : NULL; n; n = n->next) {
        xmlChar *lang;
        int en;
        if (!is(n, ns, name)) continue;
        lang = xmlGetNsProp(n, BAD_CAST "lang", BAD_CAST NS_XML);
        en = lang && (!xmlStrcasecmp(lang, BAD_CAST "en") || !xmlStrncasecmp(lang, BAD_CAST "en-", 3));
        xmlFree(lang);
        if (en && plain(p, n)) return plain(p, n);
        if (!first) first = n;
    }
    return first ? plain(p, first) : NULL;
}

static void scopes_of(apr_pool_t *p, const xmlNode *ext, rm_fedmeta_idp *idp, rm_fedmeta *md)
{
    for (const xmlNode *n = ext ? ext->children : NULL; n; n = n->next) {
        xmlChar *rx, *v;
        int skip;
        if (!is(n, NS_SHIB, "Scope")) continue;
        rx = xmlGetProp(n, BAD_CAST "regexp");
        v = xmlNodeGetContent(n);
        skip = (rx && (!xmlStrcmp(rx, BAD_CAST "true") || !xmlStrcmp(rx, BAD_CAST "1")))
               || !v || rm_fed_scope_check((const char *)v)
               || idp->scopes->nelts >= RM_FEDMETA_MAX_SCOPES;
        for (int i = 0; !skip && i < idp->scopes->nelts; i++)
            skip = !strcasecmp(APR_ARRAY_IDX(idp->scopes, i, const char *), (const char *)v);
        if (skip) md->skipped_scopes++;
        else APR_ARRAY_PUSH(idp->scopes, const char *) = apr_pstrdup(p, (const char *)v);
        xmlFree(rx);
        xmlFree(v);
    }
}

static const char *entity(apr_pool_t *p, const xmlNode *e, apr_time_t limit, apr_time_t now,
                          rm_fedmeta *md)
{
    const xmlNode *sso = child(e, NS_MD, "IDPSSODescriptor"), *ext;
    rm_fedmeta_idp *idp;
    xmlChar *eid;
    apr_time_t t = until(e, limit);

    if (t < 0) return "an EntityDescriptor's validUntil is not a date and time";
    if (++md->entities > 10 * RM_FEDMETA_MAX_IDPS) return "the metadata lists too many entities";
    if (!sso) return NULL;                              /* a service provider */
    if (t && t <= now) md->expired++;   /* kept: its sign-ins are refused as stale */
    eid = xmlGetProp(e, BAD_CAST "entityID");
    if (!eid || !*eid || xmlStrlen(eid) > 1024 || strpbrk((const char *)eid, " \t\r\n\"<>")) {
        xmlFree(eid);
        return "an identity provider's entityID is missing or not a URI";
    }
    if (md->idps->nelts >= RM_FEDMETA_MAX_IDPS) {
        xmlFree(eid);
        return "the metadata lists too many identity providers";
    }
    idp = apr_array_push(md->idps);
    idp->entity_id = apr_pstrdup(p, (const char *)eid);
    xmlFree(eid);
    idp->valid_until = t;
    idp->scopes = apr_array_make(p, 1, sizeof(const char *));
    ext = child(sso, NS_MD, "Extensions");
    scopes_of(p, ext, idp, md);
    scopes_of(p, child(e, NS_MD, "Extensions"), idp, md);
    idp->name = display(p, child(ext, NS_MDUI, "UIInfo"), NS_MDUI, "DisplayName");
    if (!idp->name)
        idp->name = display(p, child(e, NS_MD, "Organization"), NS_MD, "OrganizationDisplayName");
    if (!idp->name) {                   /* the scope, else the entityID, cut */
        const char *n = idp->scopes->nelts ? APR_ARRAY_IDX(idp->scopes, 0, const char *)
                                           : idp->entity_id;
        size_t k = strlen(n);
        if (k > 200)
            for (k = 200; k > 0 && ((unsigned char)n[k] & 0xC0) == 0x80; k--)
                ;
        idp->name = apr_pstrmemdup(p, n, k);
    }
    return NULL;
}

static const char *walk(apr_pool_t *p, const xmlNode *n, apr_time_t limit, apr_time_t now,
                        rm_fedmeta *md)
{
    apr_time_t t = until(n, limit);
    const char *e = NULL;
    if (t < 0) return "an EntitiesDescriptor's validUntil is not a date and time";
    if (is(n, NS_MD, "EntityDescriptor")) return entity(p, n, limit, now, md);
    for (const xmlNode *c = n->children; c && !e; c = c->next)
        if (is(c, NS_MD, "EntitiesDescriptor") || is(c, NS_MD, "EntityDescriptor"))
            e = walk(p, c, t, now, md);
    return e;
}

static const char *read_doc(apr_pool_t *p, apr_pool_t *scratch, const char *buf, size_t len,
                            const char *cert_file, apr_time_t now, rm_fedmeta *md)
{
    xmlDocPtr doc;
    xmlNodePtr root;
    const char *err = NULL;

    doc = xmlReadMemory(buf, (int)len, NULL, NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING
                        | (len > 10000000 ? XML_PARSE_HUGE : 0));
    if (!doc) return "the metadata is not well-formed XML";
    apr_pool_cleanup_register(scratch, doc, doc_free, apr_pool_cleanup_null);
    if (doc->intSubset || doc->extSubset) return "the metadata has a DOCTYPE, which is refused";
    root = xmlDocGetRootElement(doc);
    if (!is(root, NS_MD, "EntitiesDescriptor") && !is(root, NS_MD, "EntityDescriptor"))
        return "the root element is not a SAML 2.0 md:EntitiesDescriptor or md:EntityDescriptor";
    if (cert_file) {
        int ok = rm_xmlsig_verify_root(doc, cert_file, &err);
        if (ok != 1)
            return apr_pstrcat(p, "the metadata's signature is not valid: ",
                               err ? err : "unknown", NULL);
    }
    md->valid_until = until(root, 0);
    if (md->valid_until < 0) return "the root's validUntil is not a date and time";
    return walk(p, root, 0, now, md);
}

const char *rm_fedmeta_read(apr_pool_t *p, const char *buf, size_t len, const char *cert_file,
                            apr_time_t now, rm_fedmeta *md)
{
    apr_pool_t *scratch;
    const char *err;

    memset(md, 0, sizeof(*md));
    md->idps = apr_array_make(p, 16, sizeof(rm_fedmeta_idp));
    if (len == 0 || len > RM_FEDMETA_MAX_BYTES || len > (size_t)0x7fffffff)
        return "the metadata is empty or larger than 512 MiB";
    /* the document tree (many times the file's size) lives only while it
     * is read; what is kept is in p */
    if (apr_pool_create(&scratch, p) != APR_SUCCESS) return "out of memory";
    err = read_doc(p, scratch, buf, len, cert_file, now, md);
    apr_pool_destroy(scratch);
    if (err) apr_array_clear(md->idps);
    return err;
}

rm_fedmeta_file rm_fedmeta_read_file(apr_pool_t *p, const char *file, const char *cert_file,
                                     apr_time_t now, rm_fedmeta *md, const char **err,
                                     apr_status_t *rv)
{
    apr_pool_t *tmp;
    apr_file_t *f;
    apr_finfo_t fi;
    apr_size_t n = 0;
    rm_fedmeta_file out = RM_FEDMETA_READ;
    char *buf;

    *err = NULL;
    memset(md, 0, sizeof(*md));
    md->idps = apr_array_make(p, 1, sizeof(rm_fedmeta_idp));
    if ((*rv = apr_pool_create(&tmp, p)) != APR_SUCCESS) return RM_FEDMETA_UNREADABLE;
    *rv = apr_file_open(&f, file, APR_FOPEN_READ | APR_FOPEN_BINARY, 0, tmp);
    if (*rv == APR_SUCCESS) *rv = apr_file_info_get(&fi, APR_FINFO_SIZE, f);
    if (*rv != APR_SUCCESS) out = RM_FEDMETA_UNREADABLE;
    else if (fi.size <= 0 || fi.size > RM_FEDMETA_MAX_BYTES) out = RM_FEDMETA_BAD_SIZE;
    else {
        buf = apr_palloc(tmp, (apr_size_t)fi.size);
        *rv = apr_file_read_full(f, buf, (apr_size_t)fi.size, &n);
        if (*rv != APR_SUCCESS || n != (apr_size_t)fi.size) out = RM_FEDMETA_UNREADABLE;
        else if ((*err = rm_fedmeta_read(p, buf, n, cert_file, now, md)))
            out = RM_FEDMETA_REFUSED;
    }
    apr_pool_destroy(tmp);              /* closes the file, frees the text */
    return out;
}

int rm_fedmeta_institutions(apr_pool_t *p, const rm_fedmeta *md, apr_array_header_t *out,
                            int (*skip)(const char *scope, void *ctx), void *ctx)
{
    apr_hash_t *seen = apr_hash_make(p);
    int added = 0;
    for (int i = 0; i < md->idps->nelts; i++) {
        const rm_fedmeta_idp *idp = &APR_ARRAY_IDX(md->idps, i, rm_fedmeta_idp);
        for (int k = 0; k < idp->scopes->nelts; k++) {
            const char *sc = APR_ARRAY_IDX(idp->scopes, k, const char *);
            char *key = apr_pstrdup(p, sc);
            intptr_t at;
            rm_institution *in;
            for (char *c = key; *c; c++)
                if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
            if (skip && skip(key, ctx)) continue;
            at = (intptr_t)apr_hash_get(seen, key, APR_HASH_KEY_STRING);
            if (at) {
                in = &APR_ARRAY_IDX(out, at - 1, rm_institution);
                APR_ARRAY_PUSH((apr_array_header_t *)in->idps, const char *) = idp->entity_id;
                if (idp->valid_until && (!in->valid_until || idp->valid_until < in->valid_until))
                    in->valid_until = idp->valid_until;
                continue;
            }
            in = apr_array_push(out);
            in->scope = key;
            in->name = idp->name;
            in->idps = apr_array_make(p, 1, sizeof(const char *));
            APR_ARRAY_PUSH((apr_array_header_t *)in->idps, const char *) = idp->entity_id;
            in->valid_until = idp->valid_until;
            in->from_metadata = 1;
            apr_hash_set(seen, key, APR_HASH_KEY_STRING, (void *)(intptr_t)out->nelts);
            added++;
        }
    }
    return added;
}

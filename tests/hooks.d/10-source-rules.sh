#!/bin/sh
# `make test` hook: rules of the module's source that the compiler cannot
# check.  Ends with "source rules: N passed, M failed".
#
# 1. libxml2 is called only where its use is safe.  Pages are libxml2 trees
#    whose nodes live in the request pool (mod_rmentor/web/html.c): a libxml2
#    function that frees, reallocates or merges nodes (xmlFreeNode,
#    xmlAddChild, xmlNodeAddContent, xmlSetProp, ...) would free pool memory.
#    So html.c may call only the functions allowed below, and every other
#    file of the module builds pages through html.c's helpers.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# RM_SRC: another source tree to check (to test this hook)
src=${RM_SRC:-$top/mod_rmentor}
passed=0
failed=0

# calls of libxml2 functions (xmlFoo( or htmlFoo( ), comments removed first
calls() {
    sed -e 's://.*$::' "$1" | awk '
        { line = $0
          while (1) {
              if (incomment) {
                  e = index(line, "*/"); if (!e) { line = ""; break }
                  line = substr(line, e + 2); incomment = 0
              }
              s = index(line, "/*"); if (!s) break
              out = out substr(line, 1, s - 1); line = substr(line, s + 2); incomment = 1
          }
          print out line; out = "" }' |
        grep -oE '\<(xml|html)[A-Z][A-Za-z0-9_]*[[:space:]]*\(' | tr -d ' \t(' | sort -u
}

check() {   # file, allowed functions (space separated)
    file=$1; allowed=" $(echo $2) "
    bad=""
    for f in $(calls "$file"); do
        case "$allowed" in *" $f "*) ;; *) bad="$bad $f" ;; esac
    done
    if [ -n "$bad" ]; then
        echo "FAIL ${file#$top/}: calls libxml2's$bad (pages are pool trees: see html.c)"
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
}

# 2. XML exchanged with other systems (the HR area, features/hr/, its core
#    files core/hrexport*.c, core/hrimport.c, core/xmlsign.c, a
#    federation's metadata read by core/fedmeta.c, and rmentorctl's
#    cli/hr.c) is made of ordinary libxml2 documents, malloc'd
#    and freed by a pool cleanup, and signed with xmlsec: those files may
#    build, parse, validate, serialise and sign documents, and no other may.
#    They never build pages with them.
xml_exchange="xmlNewDoc xmlFreeDoc xmlNewNode xmlNewDocNode xmlNewChild xmlNewTextChild
 xmlNewProp xmlNewNs xmlSetNs xmlDocSetRootElement xmlDocGetRootElement xmlAddChild
 xmlGetProp xmlGetNsProp xmlNodeGetContent xmlFree xmlStrcmp xmlStrEqual
 xmlCtxtReadMemory xmlNewParserCtxt xmlFreeParserCtxt xmlReadMemory
 xmlDocDumpMemoryEnc xmlDocDumpFormatMemoryEnc xmlSaveToBuffer xmlSaveDoc xmlSaveClose
 xmlBufferCreate xmlBufferFree xmlBufferContent xmlBufferLength
 xmlSchemaNewMemParserCtxt xmlSchemaNewParserCtxt xmlSchemaParse xmlSchemaFreeParserCtxt
 xmlSchemaNewValidCtxt xmlSchemaValidateDoc xmlSchemaFreeValidCtxt xmlSchemaFree
 xmlSetStructuredErrorFunc xmlResetLastError xmlGetLastError
 xmlAddPrevSibling xmlDictCreate xmlDictLookup xmlNewDocText xmlSaveToIO xmlDocDump
 xmlCreateMemoryParserCtxt xmlCtxtUseOptions xmlFreeEnumeration xmlNodeListGetString
 xmlParseDocument xmlSAX2EndElementNs xmlSAX2StartDocument xmlSAX2StartElementNs
 xmlSchemaSetParserStructuredErrors xmlSchemaSetValidStructuredErrors xmlStopParser
 xmlHasProp xmlAddID xmlGetID xmlStrlen xmlStrcasecmp xmlStrncasecmp"

# every C file of the module, in every directory (core/, web/, data/,
# features/<area>/, cli/), by its path below mod_rmentor/
for file in $(find "$src" -name '*.c' | sort); do
    case "${file#$src/}" in
        web/html.c)     check "$file" "htmlNewDoc xmlFreeDoc" ;;
        mod_rmentor.c|cli/rmentorctl.c)  check "$file" "xmlInitParser" ;;
        features/hr/*|core/hrexport*.c|core/hrimport.c|core/xmlsign.c|core/fedmeta.c|core/sar.c|cli/hr.c)
                        check "$file" "$xml_exchange $(calls "$file" | grep '^xmlSec' | tr '\n' ' ')" ;;
        *)              check "$file" "" ;;
    esac
done
echo "source rules: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

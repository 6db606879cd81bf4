/* selector: label selectors (labels.Parse, metav1.LabelSelector) and field selectors
 * (fields.ParseSelector), with upstream's grammar, validation and error wording. */
#ifndef KUBE_SELECTOR_H
#define KUBE_SELECTOR_H

#include <jansson.h>
#include <stdbool.h>

struct lsel;

/* Looks a label (or field) up for matching; NULL when the object has none. */
typedef const char *(*sel_get_fn)(void *ctx, const char *key);

/*
 * Parse "a=b,c!=d,e in (x,y),f notin (z),g,!h,i>1,j<2"; "" selects everything. Requirements are
 * kept sorted by key and set values sorted and de-duplicated, as upstream. On error returns -1
 * and sets *err (malloc'd), e.g. "unable to parse requirement: <nil>: Invalid value: ...".
 */
int lsel_parse(const char *s, struct lsel **out, char **err);

/*
 * From a metav1.LabelSelector object {matchLabels, matchExpressions}. As upstream's
 * LabelSelectorAsSelector: NULL or JSON null gives a selector that matches nothing (lsel_empty
 * false, string ""); {} or empty lists give one that matches everything.
 */
int lsel_from_json(const json_t *ls, struct lsel **out, char **err);

bool lsel_match(const struct lsel *s, sel_get_fn get, void *ctx);
/* labels is a JSON object of string values (NULL: no labels). */
bool lsel_match_json(const struct lsel *s, const json_t *labels);
/* True when the selector places no restriction (selects everything). */
bool lsel_empty(const struct lsel *s);
/* Upstream's String(): "app=nginx,tier in (a,b)". malloc'd. */
char *lsel_string(const struct lsel *s);
void lsel_free(struct lsel *s);

struct fsel;

/* Parse "metadata.name=x,status.phase!=Running" ("==" too; \, \= \\ escape values). */
int fsel_parse(const char *s, struct fsel **out, char **err);
/* A field the object lacks compares as "". */
bool fsel_match(const struct fsel *s, sel_get_fn get, void *ctx);
int fsel_count(const struct fsel *s);
const char *fsel_field(const struct fsel *s, int i);
/* The unescaped value. */
const char *fsel_value(const struct fsel *s, int i);
/* = or ==, as opposed to != */
bool fsel_is_eq(const struct fsel *s, int i);
/* Upstream's String(): terms sorted, values escaped. malloc'd. */
char *fsel_string(const struct fsel *s);
void fsel_free(struct fsel *s);

#endif

/* admission: upstream's built-in admission chain, in upstream's order. The registry calls one
 * mutating step and one validating step for every write, and lets creates through the
 * ResourceQuota gate, which serializes quota-checked writes per namespace. */
#ifndef KUBE_ADMISSION_H
#define KUBE_ADMISSION_H

#include <jansson.h>
#include <stdbool.h>

struct rinfo;
struct kind;

/* --enable-admission-plugins and --disable-admission-plugins (comma-separated names, NULL for
 * none) applied to upstream's default set; 0, or -1 with upstream's message in err. */
int adm_configure(const char *enable, const char *disable, char *err, size_t errlen);

/* Mutating plugins: NamespaceLifecycle, LimitRanger (defaults), ServiceAccount,
 * NodeRestriction, Priority, DefaultTolerationSeconds; ResourceQuota's own status follows its
 * spec. Runs after defaults and before the strategy's prepare step; old is NULL on create.
 * NULL or a Status. */
json_t *adm_mutate(struct rinfo *ri, json_t *obj, const json_t *old);
/* Validating plugins: LimitRanger (min/max/ratio), Priority (one global default), and
 * ResourceQuota for updates. Creates meet ResourceQuota in the gate below. */
json_t *adm_validate(struct rinfo *ri, const json_t *obj, const json_t *old);
/* Deletes, and pods/eviction (cur is the pod then): NodeRestriction. NULL or a Status. */
json_t *adm_delete(struct rinfo *ri, const json_t *cur);
/* serviceaccounts/token, with the TokenRequest as sent: NodeRestriction. NULL or a Status. */
json_t *adm_token_request(struct rinfo *ri, const json_t *tr);

/* ResourceQuota for creates. go runs once every earlier quota-checked write in the
 * namespace is stored and visible in the cache: with st set (and obj released) when the
 * create is refused, else with obj (handed back) and a turn that the caller must end with
 * adm_quota_leave once the write is done, whatever the outcome. */
struct adm_turn;
typedef void (*adm_go_fn)(void *arg, json_t *obj, struct adm_turn *t, json_t *st);
void adm_quota_enter(struct rinfo *ri, json_t *obj, adm_go_fn go, void *arg);
/* stored is the written object with its resourceVersion, or NULL if nothing was written. */
void adm_quota_leave(struct adm_turn *t, const json_t *stored);

/* ---- the plugins' logic over plain objects (lists are JSON arrays of objects) ---- */

/* LimitRanger: container defaults from the ranges; the annotation names what was set. */
void adm_limit_default(json_t *pod, const json_t *ranges);
/* LimitRanger's checks for a Pod or PersistentVolumeClaim; NULL or the message (malloc'd). */
char *adm_limit_check(const char *kind, const json_t *obj, const json_t *ranges);
/* ServiceAccount: the projected token volume, mounted in every container. */
void adm_sa_mount(json_t *pod, const char *volume_name);
bool adm_sa_automount(const json_t *pod, const json_t *sa);
/* DefaultTolerationSeconds. */
void adm_tolerations(json_t *pod);
/* Priority: spec.priority and preemptionPolicy from the classes; NULL or the message. */
char *adm_priority(json_t *pod, const json_t *classes);
/* ResourceQuota: what one object uses (a ResourceList of strings, new reference). */
json_t *adm_usage(const struct kind *k, const json_t *obj);
/* Whether quota constrains obj at all (scopes and resources). */
bool adm_quota_matches(const struct kind *k, const json_t *quota, const json_t *obj);
/* Check obj (replacing old, or NULL) against quota whose usage is used; NULL or the message. */
char *adm_quota_check(const struct kind *k, const json_t *quota, const json_t *used,
		      const json_t *obj, const json_t *old);

#endif

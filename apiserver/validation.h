/* validation: the shared validators of upstream's apimachinery and core validation packages.
 * Every function appends fe_* causes (see common/status.h) with upstream's fields and wording. */
#ifndef KUBE_VALIDATION_H
#define KUBE_VALIDATION_H

#include <jansson.h>
#include <stdbool.h>

/* How a kind's metadata.name is checked (upstream's per-kind ValidateNameFunc). */
enum val_name_rule {
	VAL_NAME_SUBDOMAIN, /* RFC 1123 subdomain: most kinds */
	VAL_NAME_LABEL,	    /* RFC 1123 label: namespaces */
	VAL_NAME_DNS1035,   /* RFC 1035 label: services */
	VAL_NAME_SEGMENT,   /* a path segment: RBAC kinds */
	VAL_NAME_ANY,	    /* not checked: certificate signing requests */
};

/* The name rule of a kind, from its group ("" for core) and Kind. */
enum val_name_rule val_name_rule(const char *group, const char *kind);
/* True for resources whose names must be a DNS label (namespaces; services, RFC 1035). */
bool val_name_is_label(const char *resource);

/* ObjectMeta on create (old NULL) or update. The name rule comes from obj's kind and
 * apiVersion (VAL_NAME_SUBDOMAIN when absent); val_object_meta_rule takes it explicitly. */
void val_object_meta(const json_t *obj, bool namespaced, const json_t *old, json_t *causes);
void val_object_meta_rule(const json_t *obj, bool namespaced, const json_t *old,
			  enum val_name_rule rule, json_t *causes);

extern const char *const val_volume_sources[];

/* Name and key grammars: each appends one Invalid cause per upstream message. */
void val_dns_label(json_t *causes, const char *field, const char *value);
void val_dns_subdomain(json_t *causes, const char *field, const char *value);
void val_dns1035_label(json_t *causes, const char *field, const char *value);
void val_qualified_name(json_t *causes, const char *field, const char *value);
void val_label_value(json_t *causes, const char *field, const char *value);
void val_config_key(json_t *causes, const char *field, const char *key);
void val_port_name(json_t *causes, const char *field, const char *value);
void val_name(json_t *causes, const char *field, const char *value, enum val_name_rule rule);
bool val_is_dns_label(const char *s);
bool val_is_dns_subdomain(const char *s);
bool val_is_qualified_name(const char *s);

/* Label and annotation maps (field is "metadata.labels" and the like). */
void val_labels(json_t *causes, const char *field, const json_t *labels);
void val_annotations(json_t *causes, const char *field, const json_t *annotations);

/* Scalars. */
void val_nonneg(json_t *causes, const char *field, const json_t *v);
void val_positive(json_t *causes, const char *field, const json_t *v);
/* A port number (1-65535); required when req and absent or 0. */
void val_port_num(json_t *causes, const char *field, const json_t *v, bool req);
/* An int-or-string port: a number or an IANA service name. */
void val_port_num_or_name(json_t *causes, const char *field, const json_t *v);
/* An enum string: Required when absent or empty (if required), NotSupported when unknown. */
void val_enum(json_t *causes, const char *field, const json_t *v, const char *const *allowed,
	      bool required);
void val_immutable(json_t *causes, const char *field, const json_t *nv, const json_t *ov);
/* Invalid with a value already rendered Go-style (structs, nil maps). */
void val_invalid_raw(json_t *causes, const char *field, const char *rendered, const char *detail);
void val_not_found(json_t *causes, const char *field, const char *value);

/* Quantities: true when s follows the resource.Quantity grammar. */
bool val_is_quantity(const char *s);
/* A quantity field (string or number) that must parse and be non-negative. */
void val_quantity(json_t *causes, const char *field, const json_t *q);
/* Compare two quantities: <0, 0, >0; 0 when either does not parse. */
int val_quantity_cmp(const json_t *a, const json_t *b);

/* Label selectors. */
void val_label_selector(json_t *causes, const char *field, const json_t *sel);
bool val_selector_empty(const json_t *sel);
bool val_selector_matches(const json_t *sel, const json_t *labels);
/* Go's %#v of a *metav1.LabelSelector, as upstream messages print it; malloc'd. */
char *val_selector_go(const json_t *sel);
/* Go's %#v of a map[string]string (nil when absent); malloc'd. */
char *val_map_go(const json_t *m);

/* Pod specs: the whole PodSpec and a PodTemplateSpec (metadata labels/annotations + spec). */
void val_pod_spec(json_t *causes, const char *field, const json_t *spec);
void val_pod_template(json_t *causes, const char *field, const json_t *tmpl);
/* A workload's template: its labels must match sel (when sel is not empty), restartPolicy
 * must be one of restart (NULL: any), and activeDeadlineSeconds is refused when owner names
 * the workload kind for the message ("ReplicaSet"); NULL allows it. */
void val_workload_template(json_t *causes, const char *field, const json_t *tmpl, const json_t *sel,
			   const char *const *restart, const char *owner);
void val_tolerations(json_t *causes, const char *field, const json_t *tols);
void val_resources(json_t *causes, const char *field, const json_t *res);

#endif

/* defaults: the shared defaulting of pod specs, as upstream's core/v1 defaults.go. */
#include <stdbool.h>
#include <string.h>

#include "defaults.h"
#include "validation.h"
#include "jsonx.h"

void def_set(json_t *obj, const char *key, json_t *val)
{
	json_t *cur = json_object_get(obj, key);

	if (json_is_object(obj) && (!cur || json_is_null(cur)))
		json_object_set_new(obj, key, val);
	else
		json_decref(val);
}

static void def_str(json_t *obj, const char *key, const char *val)
{
	const char *cur = json_string_value(json_object_get(obj, key));

	if (json_is_object(obj) && (!cur || !*cur))
		json_object_set_new(obj, key, json_string(val));
}

/* An object member, created when absent; NULL when obj is not an object. */
static json_t *child(json_t *obj, const char *key)
{
	json_t *c = json_object_get(obj, key);

	if (!json_is_object(obj))
		return NULL;
	if (!json_is_object(c)) {
		c = json_object();
		json_object_set_new(obj, key, c);
	}
	return c;
}

const char *def_pull_policy(const char *image)
{
	const char *at, *end, *colon = NULL, *p;

	if (!image || !*image)
		return "IfNotPresent";
	at = strchr(image, '@');
	end = at ? at : image + strlen(image);
	for (p = image; p < end; p++) {
		if (*p == '/')
			colon = NULL;
		else if (*p == ':')
			colon = p;
	}
	/* References that do not parse (upper-case repositories) have no tag upstream. */
	for (p = image; p < (colon ? colon : end); p++)
		if (*p >= 'A' && *p <= 'Z')
			return "IfNotPresent";
	if (!colon)
		return at ? "IfNotPresent" : "Always";
	return end - colon - 1 == 6 && !strncmp(colon + 1, "latest", 6) ? "Always" : "IfNotPresent";
}

static void def_http_get(json_t *h)
{
	if (!json_is_object(h))
		return;
	def_str(h, "path", "/");
	def_str(h, "scheme", "HTTP");
}

static void def_probe(json_t *p)
{
	if (!json_is_object(p))
		return;
	def_set(p, "timeoutSeconds", json_integer(1));
	def_set(p, "periodSeconds", json_integer(10));
	def_set(p, "successThreshold", json_integer(1));
	def_set(p, "failureThreshold", json_integer(3));
	def_http_get(json_object_get(p, "httpGet"));
}

static void def_field_ref(json_t *ref)
{
	if (json_is_object(ref))
		def_str(ref, "apiVersion", "v1");
}

static void def_container(json_t *c)
{
	static const char *const probes[] = {"livenessProbe", "readinessProbe", "startupProbe",
					     NULL};
	json_t *e, *lc;
	size_t i;

	if (!json_is_object(c))
		return;
	def_str(c, "imagePullPolicy", def_pull_policy(jx_str(c, "image")));
	def_str(c, "terminationMessagePath", "/dev/termination-log");
	def_str(c, "terminationMessagePolicy", "File");
	child(c, "resources");
	json_array_foreach(json_object_get(c, "ports"), i, e) def_str(e, "protocol", "TCP");
	json_array_foreach(json_object_get(c, "env"), i, e)
	    def_field_ref(jx_get(e, "valueFrom.fieldRef"));
	for (int p = 0; probes[p]; p++)
		def_probe(json_object_get(c, probes[p]));
	lc = json_object_get(c, "lifecycle");
	def_http_get(jx_get(lc, "postStart.httpGet"));
	def_http_get(jx_get(lc, "preStop.httpGet"));
}

static void def_downward_items(json_t *src)
{
	json_t *it;
	size_t i;

	json_array_foreach(json_object_get(src, "items"), i, it)
	    def_field_ref(json_object_get(it, "fieldRef"));
}

static void def_projected(json_t *pr)
{
	json_t *s;
	size_t i;

	def_set(pr, "defaultMode", json_integer(0644));
	json_array_foreach(json_object_get(pr, "sources"), i, s)
	{
		json_t *tok = json_object_get(s, "serviceAccountToken");

		if (json_is_object(tok))
			def_set(tok, "expirationSeconds", json_integer(3600));
		def_downward_items(json_object_get(s, "downwardAPI"));
	}
}


static void def_volume(json_t *v)
{
	json_t *s;
	bool any = false;

	for (int i = 0; val_volume_sources[i]; i++)
		any |= json_object_get(v, val_volume_sources[i]) &&
		       !json_is_null(json_object_get(v, val_volume_sources[i]));
	if (!any) {
		json_object_set_new(v, "emptyDir", json_object());
		return;
	}
	if ((s = json_object_get(v, "secret")) && json_is_object(s))
		def_set(s, "defaultMode", json_integer(0644));
	if ((s = json_object_get(v, "configMap")) && json_is_object(s))
		def_set(s, "defaultMode", json_integer(0644));
	if ((s = json_object_get(v, "downwardAPI")) && json_is_object(s)) {
		def_set(s, "defaultMode", json_integer(0644));
		def_downward_items(s);
	}
	if ((s = json_object_get(v, "projected")) && json_is_object(s))
		def_projected(s);
	if ((s = json_object_get(v, "hostPath")) && json_is_object(s))
		def_set(s, "type", json_string(""));
	if ((s = json_object_get(v, "iscsi")) && json_is_object(s))
		def_str(s, "iscsiInterface", "default");
	if ((s = json_object_get(v, "rbd")) && json_is_object(s)) {
		def_str(s, "pool", "rbd");
		def_str(s, "user", "admin");
		def_str(s, "keyring", "/etc/ceph/keyring");
	}
	if ((s = json_object_get(v, "azureDisk")) && json_is_object(s)) {
		def_str(s, "cachingMode", "ReadWrite");
		def_str(s, "fsType", "ext4");
		def_set(s, "readOnly", json_false());
		def_str(s, "kind", "Shared");
	}
	if ((s = jx_get(v, "ephemeral.volumeClaimTemplate")) && json_is_object(s)) {
		def_pvc_spec(json_object_get(s, "spec"));
		def_set(s, "metadata", json_object());
		def_set(json_object_get(s, "metadata"), "creationTimestamp", json_null());
	}
}

void def_pod_spec(json_t *spec)
{
	static const char *const lists[] = {"containers", "initContainers", "ephemeralContainers",
					    NULL};
	json_t *e;
	size_t i;

	if (!json_is_object(spec))
		return;
	def_str(spec, "dnsPolicy", "ClusterFirst");
	def_str(spec, "restartPolicy", "Always");
	def_set(spec, "securityContext", json_object());
	def_set(spec, "terminationGracePeriodSeconds", json_integer(30));
	def_str(spec, "schedulerName", "default-scheduler");
	for (int l = 0; lists[l]; l++)
		json_array_foreach(json_object_get(spec, lists[l]), i, e) def_container(e);
	json_array_foreach(json_object_get(spec, "volumes"), i, e) if (json_is_object(e))
	    def_volume(e);
}

void def_pod_template(json_t *tmpl)
{
	json_t *md;

	if (!json_is_object(tmpl))
		return;
	md = child(tmpl, "metadata");
	def_set(md, "creationTimestamp", json_null());
	def_pod_spec(json_object_get(tmpl, "spec"));
}

/* Requests a container leaves out default to its limits. */
static void def_requests(json_t *c)
{
	json_t *lim = jx_get(c, "resources.limits"), *req, *q;
	const char *k;

	if (!json_is_object(lim))
		return;
	req = child(child(c, "resources"), "requests");
	json_object_foreach(lim, k, q) if (!json_object_get(req, k)) json_object_set(req, k, q);
}

static void def_host_ports(json_t *ctrs)
{
	json_t *c, *p;
	size_t i, j;

	json_array_foreach(ctrs, i, c) json_array_foreach(json_object_get(c, "ports"), j, p)
	{
		json_t *hp = json_object_get(p, "hostPort");

		if (json_is_object(p) && (!hp || json_integer_value(hp) == 0) &&
		    json_object_get(p, "containerPort"))
			json_object_set(p, "hostPort", json_object_get(p, "containerPort"));
	}
}

void def_pod(json_t *pod)
{
	json_t *spec = json_object_get(pod, "spec"), *c;
	size_t i;

	if (!json_is_object(spec))
		return;
	json_array_foreach(json_object_get(spec, "containers"), i, c) def_requests(c);
	json_array_foreach(json_object_get(spec, "initContainers"), i, c) def_requests(c);
	def_set(spec, "enableServiceLinks", json_true());
	if (jx_bool(spec, "hostNetwork", false)) {
		def_host_ports(json_object_get(spec, "containers"));
		def_host_ports(json_object_get(spec, "initContainers"));
	}
	def_pod_spec(spec);
}

void def_pvc_spec(json_t *spec)
{
	if (json_is_object(spec))
		def_str(spec, "volumeMode", "Filesystem");
}

void def_pvc(json_t *pvc)
{
	if (!json_is_object(pvc))
		return;
	def_pvc_spec(json_object_get(pvc, "spec"));
	def_str(child(pvc, "status"), "phase", "Pending");
}

/* Validation messages compared with what upstream's API server returns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../../apiserver/kind.h"
#include "status.h"
#include "../../../apiserver/validation.h"

static json_t *parse(const char *s)
{
	json_error_t err;
	json_t *v = json_loads(s, 0, &err);

	if (!v)
		fail_msg("bad test JSON: %s: %s", err.text, s);
	return v;
}

/* "field: message" of cause i, as upstream's field.Error.Error() prints it. */
static const char *cause(const json_t *causes, size_t i)
{
	static char buf[4096];
	const json_t *c = json_array_get(causes, i);

	if (!c)
		return "(none)";
	snprintf(buf, sizeof(buf), "%s: %s", json_string_value(json_object_get(c, "field")),
		 json_string_value(json_object_get(c, "message")));
	return buf;
}

static const char *reason(const json_t *causes, size_t i)
{
	return json_string_value(json_object_get(json_array_get(causes, i), "reason"));
}

/* Run a kind's metadata and spec validation the way the registry does. */
static json_t *validate(const struct strategy *s, bool namespaced, const char *obj, const char *old)
{
	json_t *o = parse(obj), *p = old ? parse(old) : NULL, *causes = json_array();

	val_object_meta(o, namespaced, p, causes);
	if (s->validate)
		s->validate(o, p, causes);
	json_decref(o);
	json_decref(p);
	return causes;
}

static void test_field_errors(void **state)
{
	json_t *c = json_array(), *v = json_string("x"), *n = json_integer(-1);
	static const char *const sup[] = {"a", "b", NULL};

	(void)state;
	fe_required(c, "spec.a", "");
	fe_required(c, "spec.b", "must be set");
	fe_invalid(c, "spec.c", v, "bad");
	fe_invalid(c, "spec.d", n, "must be greater than or equal to 0");
	fe_not_supported(c, "spec.e", v, sup);
	fe_forbidden(c, "spec.f", "not allowed");
	fe_duplicate(c, "spec.g", v);
	fe_too_long(c, "metadata.annotations", NULL, 262144);
	fe_too_many(c, "spec.h", 5, 4);
	fe_invalid_str(c, "spec.i", "a\"b\n", "quoted");
	assert_string_equal(cause(c, 0), "spec.a: Required value");
	assert_string_equal(reason(c, 0), "FieldValueRequired");
	assert_string_equal(cause(c, 1), "spec.b: Required value: must be set");
	assert_string_equal(cause(c, 2), "spec.c: Invalid value: \"x\": bad");
	assert_string_equal(cause(c, 3),
			    "spec.d: Invalid value: -1: must be greater than or equal to 0");
	assert_string_equal(cause(c, 4),
			    "spec.e: Unsupported value: \"x\": supported values: \"a\", \"b\"");
	assert_string_equal(reason(c, 4), "FieldValueNotSupported");
	assert_string_equal(cause(c, 5), "spec.f: Forbidden: not allowed");
	assert_string_equal(cause(c, 6), "spec.g: Duplicate value: \"x\"");
	assert_string_equal(cause(c, 7),
			    "metadata.annotations: Too long: may not be more than 262144 bytes");
	assert_string_equal(reason(c, 7), "FieldValueTooLong");
	assert_string_equal(cause(c, 8), "spec.h: Too many: 5: must have at most 4 items");
	assert_string_equal(cause(c, 9), "spec.i: Invalid value: \"a\\\"b\\n\": quoted");
	json_decref(c);
	json_decref(v);
	json_decref(n);
}

static void test_name_rules(void **state)
{
	json_t *c;

	(void)state;
	c = validate(&configmap_strategy, true,
		     "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"Foo\","
		     "\"namespace\":\"default\"}}",
		     NULL);
	assert_int_equal(json_array_size(c), 1);
	assert_string_equal(
	    cause(c, 0),
	    "metadata.name: Invalid value: \"Foo\": a lowercase RFC 1123 subdomain must "
	    "consist of lower case alphanumeric characters, '-' or '.', and must start and end "
	    "with an alphanumeric character (e.g. 'example.com', regex used for validation is "
	    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
	json_decref(c);

	c = validate(
	    &namespace_strategy, false,
	    "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"a.b\"}}", NULL);
	assert_string_equal(cause(c, 0),
			    "metadata.name: Invalid value: \"a.b\": must not contain dots");
	json_decref(c);

	c = validate(
	    &namespace_strategy, false,
	    "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"A_\"}}", NULL);
	assert_string_equal(
	    cause(c, 0),
	    "metadata.name: Invalid value: \"A_\": a lowercase RFC 1123 label must consist of "
	    "lower case alphanumeric characters or '-', and must start and end with an "
	    "alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation "
	    "is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
	json_decref(c);

	c = json_array();
	val_name(c, "metadata.name", "1svc", val_name_rule("", "Service"));
	assert_string_equal(
	    cause(c, 0),
	    "metadata.name: Invalid value: \"1svc\": a DNS-1035 label must consist of lower "
	    "case alphanumeric characters or '-', start with an alphabetic character, and end "
	    "with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
	    "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
	json_decref(c);
	assert_true(val_name_is_label("namespaces"));
	assert_false(val_name_is_label("pods"));
	assert_int_equal(val_name_rule("rbac.authorization.k8s.io", "Role"), VAL_NAME_SEGMENT);
}

static void test_meta_required(void **state)
{
	json_t *c;

	(void)state;
	c = validate(&secret_strategy, true, "{\"metadata\":{}}", NULL);
	assert_int_equal(json_array_size(c), 2);
	assert_string_equal(cause(c, 0), "metadata.name: Required value: name or generateName is "
					 "required");
	assert_string_equal(cause(c, 1), "metadata.namespace: Required value");
	json_decref(c);
	c = validate(&node_strategy, false, "{\"metadata\":{\"name\":\"n\",\"namespace\":\"x\"}}",
		     NULL);
	assert_string_equal(cause(c, 0), "metadata.namespace: Forbidden: not allowed on this type");
	json_decref(c);
}

static void test_labels_annotations(void **state)
{
	json_t *c, *obj;
	char *big;

	(void)state;
	c = validate(
	    &configmap_strategy, true,
	    "{\"metadata\":{\"name\":\"a\",\"namespace\":\"d\",\"labels\":{\"a/b/c\":\"x\","
	    "\"k\":\"-bad\"}}}",
	    NULL);
	assert_int_equal(json_array_size(c), 2);
	assert_string_equal(
	    cause(c, 0),
	    "metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of "
	    "alphanumeric characters, '-', '_' or '.', and must start and end with an "
	    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used "
	    "for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS "
	    "subdomain prefix and '/' (e.g. 'example.com/MyName')");
	assert_string_equal(
	    cause(c, 1),
	    "metadata.labels: Invalid value: \"-bad\": a valid label must be an empty string or "
	    "consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
	    "an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex "
	    "used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
	json_decref(c);

	big = malloc(300000);
	memset(big, 'x', 299999);
	big[299999] = 0;
	obj = json_pack("{s:{s:s, s:s, s:{s:s}}}", "metadata", "name", "a", "namespace", "d",
			"annotations", "k", big);
	c = json_array();
	val_object_meta(obj, true, NULL, c);
	assert_int_equal(json_array_size(c), 1);
	assert_string_equal(cause(c, 0),
			    "metadata.annotations: Too long: may not be more than 262144 bytes");
	free(big);
	json_decref(obj);
	json_decref(c);
}

static void test_meta_update(void **state)
{
	json_t *c;

	(void)state;
	c = validate(&configmap_strategy, true,
		     "{\"metadata\":{\"name\":\"b\",\"namespace\":\"d\",\"uid\":\"1\"}}",
		     "{\"metadata\":{\"name\":\"a\",\"namespace\":\"d\",\"uid\":\"1\"}}");
	assert_int_equal(json_array_size(c), 1);
	assert_string_equal(cause(c, 0), "metadata.name: Invalid value: \"b\": field is immutable");
	json_decref(c);

	c = validate(&configmap_strategy, true,
		     "{\"metadata\":{\"name\":\"a\",\"namespace\":\"d\",\"finalizers\":[\"foo\"]}}",
		     NULL);
	assert_string_equal(cause(c, 0),
			    "metadata.finalizers[0]: Invalid value: \"foo\": name is neither a "
			    "standard finalizer name nor is it fully qualified");
	json_decref(c);
}

static const char *const pod_ok =
    "{\"metadata\":{\"name\":\"p\",\"namespace\":\"d\"},\"spec\":{\"restartPolicy\":\"Always\","
    "\"dnsPolicy\":\"ClusterFirst\",\"containers\":[{\"name\":\"c\",\"image\":\"nginx\","
    "\"imagePullPolicy\":\"Always\",\"terminationMessagePolicy\":\"File\"}]}}";

static void test_pod_spec(void **state)
{
	json_t *c;

	(void)state;
	c = validate(&pod_strategy, true, pod_ok, NULL);
	assert_int_equal(json_array_size(c), 0);
	json_decref(c);

	c = validate(
	    &pod_strategy, true,
	    "{\"metadata\":{\"name\":\"p\",\"namespace\":\"d\"},\"spec\":{\"restartPolicy\":"
	    "\"Always\",\"dnsPolicy\":\"ClusterFirst\",\"containers\":[]}}",
	    NULL);
	assert_int_equal(json_array_size(c), 1);
	assert_string_equal(cause(c, 0), "spec.containers: Required value");
	json_decref(c);

	c = validate(
	    &pod_strategy, true,
	    "{\"metadata\":{\"name\":\"p\",\"namespace\":\"d\"},\"spec\":{\"restartPolicy\":"
	    "\"Sometimes\",\"dnsPolicy\":\"ClusterFirst\",\"containers\":[{\"name\":\"C\","
	    "\"imagePullPolicy\":\"Always\",\"terminationMessagePolicy\":\"File\","
	    "\"volumeMounts\":[{\"name\":\"v\",\"mountPath\":\"/x\"}]}]}}",
	    NULL);
	assert_int_equal(json_array_size(c), 4);
	assert_string_equal(
	    cause(c, 0),
	    "spec.containers[0].name: Invalid value: \"C\": a lowercase RFC 1123 label must "
	    "consist of lower case alphanumeric characters or '-', and must start and end with "
	    "an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
	    "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
	assert_string_equal(cause(c, 1), "spec.containers[0].image: Required value");
	assert_string_equal(cause(c, 2),
			    "spec.containers[0].volumeMounts[0].name: Not found: \"v\"");
	assert_string_equal(cause(c, 3),
			    "spec.restartPolicy: Unsupported value: \"Sometimes\": supported "
			    "values: \"Always\", \"OnFailure\", \"Never\"");
	json_decref(c);
}

static const char *const pod_fmt =
    "{\"metadata\":{\"name\":\"p\",\"namespace\":\"d\"},\"spec\":{\"restartPolicy\":\"Always\","
    "\"dnsPolicy\":\"%s\",\"containers\":[{\"name\":\"c\",\"image\":\"%s\","
    "\"imagePullPolicy\":\"Always\",\"terminationMessagePolicy\":\"File\"}]}}";

static void test_pod_update(void **state)
{
	char nw[1024];
	json_t *c;

	(void)state;
	snprintf(nw, sizeof(nw), pod_fmt, "ClusterFirst", "nginx:2");
	c = validate(&pod_strategy, true, nw, pod_ok);
	assert_int_equal(json_array_size(c), 0);
	json_decref(c);

	snprintf(nw, sizeof(nw), pod_fmt, "Default", "nginx");
	c = validate(&pod_strategy, true, nw, pod_ok);
	assert_int_equal(json_array_size(c), 1);
	assert_non_null(strstr(cause(c, 0),
			       "spec: Forbidden: pod updates may not change fields other than "
			       "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec."
			       "activeDeadlineSeconds`,`spec.tolerations` (only additions to "
			       "existing tolerations),`spec.terminationGracePeriodSeconds` (allow "
			       "it to be set to 1 if it was previously negative)\n"));
	json_decref(c);
}

static const char *const deploy_fmt =
    "{\"metadata\":{\"name\":\"d\",\"namespace\":\"d\"},\"spec\":{\"replicas\":1,"
    "\"selector\":{\"matchLabels\":{\"app\":\"%s\"}},\"strategy\":{\"type\":\"RollingUpdate\","
    "\"rollingUpdate\":{\"maxUnavailable\":\"25%%\",\"maxSurge\":\"25%%\"}},"
    "\"template\":{\"metadata\":{\"labels\":{\"app\":\"%s\"}},\"spec\":{\"restartPolicy\":"
    "\"Always\",\"dnsPolicy\":\"ClusterFirst\",\"containers\":[{\"name\":\"c\",\"image\":"
    "\"nginx\",\"imagePullPolicy\":\"Always\",\"terminationMessagePolicy\":\"File\"}]}}}}";

static void test_deployment(void **state)
{
	char a[2048], b[2048];
	json_t *c;

	(void)state;
	snprintf(a, sizeof(a), deploy_fmt, "web", "web");
	snprintf(b, sizeof(b), deploy_fmt, "api", "web");
	c = validate(&deployment_strategy, true, a, NULL);
	assert_int_equal(json_array_size(c), 0);
	json_decref(c);

	c = validate(&deployment_strategy, true, b, NULL);
	assert_int_equal(json_array_size(c), 1);
	assert_string_equal(
	    cause(c, 0), "spec.template.metadata.labels: Invalid value: "
			 "map[string]string{\"app\":\"web\"}: `selector` does not match template "
			 "`labels`");
	json_decref(c);

	snprintf(b, sizeof(b), deploy_fmt, "wex", "wex");
	c = validate(&deployment_strategy, true, b, a);
	assert_int_equal(json_array_size(c), 1);
	assert_string_equal(cause(c, 0),
			    "spec.selector: Invalid value: "
			    "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"wex\"}, "
			    "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is "
			    "immutable");
	json_decref(c);
}

static void test_service(void **state)
{
	json_t *c;

	(void)state;
	c = validate(&service_strategy, true,
		     "{\"kind\":\"Service\",\"metadata\":{\"name\":\"s\",\"namespace\":\"d\"},"
		     "\"spec\":{\"type\":\"Cluster\",\"sessionAffinity\":\"None\",\"ports\":["
		     "{\"port\":80,\"protocol\":\"TCP\",\"targetPort\":80},"
		     "{\"name\":\"b\",\"port\":70000,\"protocol\":\"TCP\",\"targetPort\":80}]}}",
		     NULL);
	assert_int_equal(json_array_size(c), 3);
	assert_string_equal(cause(c, 0), "spec.ports[0].name: Required value");
	assert_string_equal(cause(c, 1), "spec.ports[1].port: Invalid value: 70000: must be "
					 "between 1 and 65535, inclusive");
	assert_string_equal(cause(c, 2),
			    "spec.type: Unsupported value: \"Cluster\": supported values: "
			    "\"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"");
	json_decref(c);

	c = validate(&service_strategy, true,
		     "{\"metadata\":{\"name\":\"s\",\"namespace\":\"d\"},\"spec\":{\"type\":"
		     "\"ClusterIP\",\"sessionAffinity\":\"None\",\"clusterIPs\":[\"10.0.0.2\"],"
		     "\"ports\":[{\"port\":80,\"protocol\":\"TCP\",\"targetPort\":80}]}}",
		     "{\"metadata\":{\"name\":\"s\",\"namespace\":\"d\"},\"spec\":{\"type\":"
		     "\"ClusterIP\",\"clusterIPs\":[\"10.0.0.1\"]}}");
	assert_int_equal(json_array_size(c), 1);
	assert_string_equal(cause(c, 0), "spec.clusterIPs[0]: Invalid value: "
					 "[]string{\"10.0.0.2\"}: may not change once set");
	json_decref(c);
}

static void test_configmap_keys(void **state)
{
	json_t *c;

	(void)state;
	c = validate(&configmap_strategy, true,
		     "{\"metadata\":{\"name\":\"a\",\"namespace\":\"d\"},\"data\":{\"a b\":\"x\","
		     "\"..x\":\"y\"}}",
		     NULL);
	assert_int_equal(json_array_size(c), 2);
	assert_string_equal(cause(c, 0),
			    "data[a b]: Invalid value: \"a b\": a valid config key must consist of "
			    "alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
			    "'KEY_NAME',  or 'key-name', regex used for validation is "
			    "'[-._a-zA-Z0-9]+')");
	assert_string_equal(cause(c, 1), "data[..x]: Invalid value: \"..x\": must not start with "
					 "'..'");
	json_decref(c);
}

static void test_rbac_and_job(void **state)
{
	json_t *c;

	(void)state;
	c = validate(&role_strategy, true,
		     "{\"metadata\":{\"name\":\"r\",\"namespace\":\"d\"},\"rules\":[{\"apiGroups\":"
		     "[\"\"],\"resources\":[\"pods\"]}]}",
		     NULL);
	assert_int_equal(json_array_size(c), 1);
	assert_string_equal(
	    cause(c, 0), "rules[0].verbs: Required value: verbs must contain at least one value");
	json_decref(c);

	c = validate(&job_strategy, true,
		     "{\"metadata\":{\"name\":\"j\",\"namespace\":\"d\"},\"spec\":{\"selector\":{},"
		     "\"template\":{\"spec\":{\"restartPolicy\":\"Always\",\"dnsPolicy\":"
		     "\"ClusterFirst\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\","
		     "\"imagePullPolicy\":\"Always\",\"terminationMessagePolicy\":\"File\"}]}}}}",
		     NULL);
	assert_int_equal(json_array_size(c), 1);
	assert_string_equal(cause(c, 0),
			    "spec.template.spec.restartPolicy: Unsupported value: \"Always\": "
			    "supported values: \"OnFailure\", \"Never\"");
	json_decref(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_field_errors),  cmocka_unit_test(test_name_rules),
	    cmocka_unit_test(test_meta_required), cmocka_unit_test(test_labels_annotations),
	    cmocka_unit_test(test_meta_update),	  cmocka_unit_test(test_pod_spec),
	    cmocka_unit_test(test_pod_update),	  cmocka_unit_test(test_deployment),
	    cmocka_unit_test(test_service),	  cmocka_unit_test(test_configmap_keys),
	    cmocka_unit_test(test_rbac_and_job),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "selector.h"

static void check_string(const char *in, const char *want)
{
	struct lsel *s;
	char *err = NULL, *got;

	if (lsel_parse(in, &s, &err))
		fail_msg("parse %s: %s", in, err);
	got = lsel_string(s);
	if (strcmp(got, want))
		fail_msg("%s: got %s want %s", in, got, want);
	free(got);
	lsel_free(s);
}

static void test_parse_string(void **state)
{
	static const char *const cases[][2] = {
	    {"", ""},
	    {"  ", ""},
	    {"x=a", "x=a"},
	    {"x==a", "x==a"},
	    {"x!=a", "x!=a"},
	    {"x", "x"},
	    {"!x", "!x"},
	    {" ! x ", "!x"},
	    {"x>1", "x>1"},
	    {"x<10", "x<10"},
	    {"x=", "x="},
	    {"x=,y=b", "x=,y=b"},
	    {"x in (b,a)", "x in (a,b)"},
	    {"x in (a,a,b)", "x in (a,b)"},
	    {"x notin (a)", "x notin (a)"},
	    {"x in ()", "x in ()"},
	    {"x in (,a)", "x in (,a)"},
	    {"x in (a,)", "x in (,a)"},
	    {"x in (in,notin)", "x in (in,notin)"},
	    {"z=1,a=2,m", "a=2,m,z=1"},
	    {"app=nginx,tier in (b,a)", "app=nginx,tier in (a,b)"},
	    {"example.com/app=x", "example.com/app=x"},
	    {"x=a,x!=b", "x=a,x!=b"},
	    {"x in(a) , y", "x in (a),y"},
	    {"a.b-c_d=v.1-2_3", "a.b-c_d=v.1-2_3"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_string(cases[i][0], cases[i][1]);
}

static void check_err(const char *in, const char *want)
{
	struct lsel *s = (struct lsel *)1;
	char *err = NULL;

	if (!lsel_parse(in, &s, &err))
		fail_msg("%s parsed", in);
	assert_null(s);
	assert_non_null(err);
	if (strcmp(err, want))
		fail_msg("%s:\n got  %s\n want %s", in, err, want);
	free(err);
}

static void test_parse_errors(void **state)
{
	(void)state;
	check_err("x=a,", "found '', expected: identifier after ','");
	check_err(",", "found ',', expected: !, identifier, or 'end of string'");
	check_err("x y", "unable to parse requirement: found 'y', expected: in, notin, =, ==, "
			 "!=, gt, lt");
	check_err("x in a", "unable to parse requirement: found 'a' expected: '('");
	check_err("x in (a", "unable to parse requirement: found '', expected: ',' or ')'");
	check_err("x in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'");
	check_err("x=a=b", "found '=', expected: ',' or 'end of string'");
	check_err("x=(a)", "unable to parse requirement: found '(', expected: identifier");
	check_err("!", "unable to parse requirement: found '', expected: identifier");
	check_err(
	    "a$b",
	    "unable to parse requirement: <nil>: Invalid value: \"a$b\": name part must "
	    "consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
	    "an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
	    "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
	check_err(
	    "app=a$b",
	    "unable to parse requirement: values[0][app]: Invalid value: \"a$b\": a valid "
	    "label must be an empty string or consist of alphanumeric characters, '-', '_' or "
	    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
	    "'my_value',  or '12345', regex used for validation is "
	    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
	check_err("x>a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', "
			 "'Lt' operators, the value must be an integer");
	check_err(
	    "x>99999999999999999999",
	    "unable to parse requirement: values[0]: Invalid value: "
	    "\"99999999999999999999\": for 'Gt', 'Lt' operators, the value must be an integer");
	/* Upstream quirk kept: a negative bound is not a valid label value. */
	check_err("x<-1",
		  "unable to parse requirement: values[0][x]: Invalid value: \"-1\": a "
		  "valid label must be an empty string or consist of alphanumeric characters, "
		  "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
		  "'MyValue',  or 'my_value',  or '12345', regex used for validation is "
		  "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
	check_err("/a", "unable to parse requirement: <nil>: Invalid value: \"/a\": prefix part "
			"must be non-empty");
}

static void test_parse_hostile(void **state)
{
	struct lsel *s;
	char *err = NULL;
	char big[200];

	(void)state;
	/* Keys and values beyond 63 characters, bad prefixes, invalid UTF-8, control bytes. */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	assert_int_equal(lsel_parse(big, &s, &err), -1);
	assert_non_null(strstr(err, "must be no more than 63 characters"));
	free(err);
	assert_int_equal(lsel_parse("Bad_Prefix/x=y", &s, &err), -1);
	assert_non_null(strstr(err, "prefix part a lowercase RFC 1123 subdomain"));
	free(err);
	assert_int_equal(lsel_parse("a/b/c", &s, &err), -1);
	assert_non_null(strstr(err, "a qualified name must consist"));
	free(err);
	assert_int_equal(lsel_parse("x=\xff\xfe", &s, &err), -1);
	assert_non_null(strstr(err, "\\xff\\xfe"));
	free(err);
	assert_int_equal(lsel_parse("x=\x01", &s, &err), -1);
	free(err);
	assert_int_equal(lsel_parse("x in (a$,b$)", &s, &err), -1);
	assert_true(err[strlen("unable to parse requirement: ")] == '[');
	free(err);

	/* Many requirements. */
	size_t n = 20000;
	char *many = malloc(n * 4 + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(many + 4 * i, "a=b,", 4);
	many[n * 4 - 1] = 0;
	assert_int_equal(lsel_parse(many, &s, &err), 0);
	lsel_free(s);
	free(many);
	assert_int_equal(lsel_parse(NULL, &s, &err), 0);
	assert_true(lsel_empty(s));
	lsel_free(s);
}

static void check_match(const char *sel, const char *labels_json, bool want)
{
	struct lsel *s;
	char *err = NULL;
	json_t *labels = json_loads(labels_json, 0, NULL);

	if (lsel_parse(sel, &s, &err))
		fail_msg("parse %s: %s", sel, err);
	if (lsel_match_json(s, labels) != want)
		fail_msg("%s vs %s: want %d", sel, labels_json, want);
	lsel_free(s);
	json_decref(labels);
}

static void test_match(void **state)
{
	static const struct {
		const char *sel, *labels;
		bool want;
	} cases[] = {
	    {"", "{}", true},
	    {"", "{\"a\":\"b\"}", true},
	    {"a=b", "{\"a\":\"b\"}", true},
	    {"a=b", "{\"a\":\"c\"}", false},
	    {"a=b", "{}", false},
	    {"a==b", "{\"a\":\"b\"}", true},
	    {"a!=b", "{}", true},
	    {"a!=b", "{\"a\":\"b\"}", false},
	    {"a!=b", "{\"a\":\"c\"}", true},
	    {"a", "{\"a\":\"\"}", true},
	    {"a", "{}", false},
	    {"!a", "{}", true},
	    {"!a", "{\"a\":\"x\"}", false},
	    {"a in (x,y)", "{\"a\":\"y\"}", true},
	    {"a in (x,y)", "{\"a\":\"z\"}", false},
	    {"a in (x,y)", "{}", false},
	    {"a notin (x,y)", "{}", true},
	    {"a notin (x,y)", "{\"a\":\"x\"}", false},
	    {"a in ()", "{\"a\":\"\"}", true},
	    {"a=", "{\"a\":\"\"}", true},
	    {"a>1", "{\"a\":\"2\"}", true},
	    {"a>1", "{\"a\":\"1\"}", false},
	    {"a>1", "{\"a\":\"x\"}", false},
	    {"a>1", "{}", false},
	    {"a<1", "{\"a\":\"-5\"}", true},
	    {"a=b,c=d", "{\"a\":\"b\",\"c\":\"d\"}", true},
	    {"a=b,c=d", "{\"a\":\"b\"}", false},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_match(cases[i].sel, cases[i].labels, cases[i].want);
}

static void test_from_json(void **state)
{
	struct lsel *s;
	char *err = NULL, *str;
	json_t *j, *labels = json_pack("{s:s, s:s}", "app", "web", "tier", "fe");

	(void)state;
	/* null: matches nothing. */
	assert_int_equal(lsel_from_json(NULL, &s, &err), 0);
	assert_false(lsel_empty(s));
	assert_false(lsel_match_json(s, labels));
	str = lsel_string(s);
	assert_string_equal(str, "");
	free(str);
	lsel_free(s);
	j = json_null();
	assert_int_equal(lsel_from_json(j, &s, &err), 0);
	assert_false(lsel_match_json(s, labels));
	lsel_free(s);

	/* {}: matches everything. */
	j = json_object();
	assert_int_equal(lsel_from_json(j, &s, &err), 0);
	assert_true(lsel_empty(s));
	assert_true(lsel_match_json(s, labels));
	lsel_free(s);
	json_decref(j);

	j = json_loads("{\"matchLabels\":{\"tier\":\"fe\",\"app\":\"web\"},\"matchExpressions\":["
		       "{\"key\":\"env\",\"operator\":\"NotIn\",\"values\":[\"prod\",\"dev\"]},"
		       "{\"key\":\"app\",\"operator\":\"Exists\"}]}",
		       0, NULL);
	assert_int_equal(lsel_from_json(j, &s, &err), 0);
	str = lsel_string(s);
	assert_string_equal(str, "app=web,app,env notin (dev,prod),tier=fe");
	free(str);
	assert_true(lsel_match_json(s, labels));
	lsel_free(s);
	json_decref(j);

	j = json_loads("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Foo\"}]}", 0, NULL);
	assert_int_equal(lsel_from_json(j, &s, &err), -1);
	assert_string_equal(err, "\"Foo\" is not a valid label selector operator");
	free(err);
	json_decref(j);

	j = json_loads("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\"}]}", 0, NULL);
	assert_int_equal(lsel_from_json(j, &s, &err), -1);
	assert_non_null(strstr(err, "values set can't be empty"));
	free(err);
	json_decref(j);

	j = json_loads("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Exists\","
		       "\"values\":[\"x\"]}]}",
		       0, NULL);
	assert_int_equal(lsel_from_json(j, &s, &err), -1);
	assert_non_null(strstr(err, "values set must be empty"));
	free(err);
	json_decref(j);

	j = json_loads("{\"matchLabels\":{\"a b\":\"x\"}}", 0, NULL);
	assert_int_equal(lsel_from_json(j, &s, &err), -1);
	assert_true(!strncmp(err, "key: Invalid value: \"a b\": name part", 36));
	free(err);
	json_decref(j);

	j = json_loads("{\"matchLabels\":{\"a\":5}}", 0, NULL);
	assert_int_equal(lsel_from_json(j, &s, &err), -1);
	free(err);
	json_decref(j);
	j = json_loads("[1]", 0, NULL);
	assert_int_equal(lsel_from_json(j, &s, &err), -1);
	free(err);
	json_decref(j);
	json_decref(labels);
}

struct kv {
	const char *k, *v;
};

static const char *kv_get(void *ctx, const char *key)
{
	for (const struct kv *p = ctx; p->k; p++)
		if (!strcmp(p->k, key))
			return p->v;
	return NULL;
}

static void test_field_selector(void **state)
{
	struct fsel *s;
	char *err = NULL, *str;
	struct kv obj[] = {{"metadata.name", "web"}, {"status.phase", "Running"}, {NULL, NULL}};

	(void)state;
	assert_int_equal(fsel_parse("status.phase!=Pending,metadata.name==web", &s, &err), 0);
	assert_int_equal(fsel_count(s), 2);
	/* Terms are sorted as upstream sorts them. */
	assert_string_equal(fsel_field(s, 0), "metadata.name");
	assert_string_equal(fsel_value(s, 0), "web");
	assert_true(fsel_is_eq(s, 0));
	assert_string_equal(fsel_field(s, 1), "status.phase");
	assert_false(fsel_is_eq(s, 1));
	assert_null(fsel_field(s, 2));
	assert_true(fsel_match(s, kv_get, obj));
	str = fsel_string(s);
	assert_string_equal(str, "metadata.name=web,status.phase!=Pending");
	free(str);
	fsel_free(s);

	/* A missing field is "". */
	assert_int_equal(fsel_parse("spec.nodeName=", &s, &err), 0);
	assert_true(fsel_match(s, kv_get, obj));
	fsel_free(s);
	assert_int_equal(fsel_parse("spec.nodeName!=", &s, &err), 0);
	assert_false(fsel_match(s, kv_get, obj));
	fsel_free(s);

	/* Escapes. */
	assert_int_equal(fsel_parse("a=x\\,y\\=z\\\\,,b=c", &s, &err), 0);
	assert_int_equal(fsel_count(s), 2);
	assert_string_equal(fsel_value(s, 0), "x,y=z\\");
	str = fsel_string(s);
	assert_string_equal(str, "a=x\\,y\\=z\\\\,b=c");
	free(str);
	fsel_free(s);

	assert_int_equal(fsel_parse("", &s, &err), 0);
	assert_int_equal(fsel_count(s), 0);
	assert_true(fsel_match(s, kv_get, obj));
	fsel_free(s);

	assert_int_equal(fsel_parse("a", &s, &err), -1);
	assert_string_equal(err, "invalid selector: 'a'; can't understand 'a'");
	free(err);
	assert_int_equal(fsel_parse("a=b=c", &s, &err), -1);
	assert_string_equal(err, "invalid field selector: unescaped character in value: 61");
	free(err);
	assert_int_equal(fsel_parse("a=\\x", &s, &err), -1);
	assert_string_equal(err, "invalid field selector: invalid escape sequence: \\x");
	free(err);
	assert_int_equal(fsel_parse("a=b\\", &s, &err), -1);
	assert_string_equal(err, "invalid field selector: invalid escape sequence: \\");
	free(err);
	/* != is found before = at the same place. */
	assert_int_equal(fsel_parse("a!=b", &s, &err), 0);
	assert_string_equal(fsel_field(s, 0), "a");
	fsel_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_string),  cmocka_unit_test(test_parse_errors),
	    cmocka_unit_test(test_parse_hostile), cmocka_unit_test(test_match),
	    cmocka_unit_test(test_from_json),	  cmocka_unit_test(test_field_selector),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "yaml.h"

/* Load one document and compare its compact JSON form. */
static void check_load(const char *yaml, const char *want_json)
{
	char *err = NULL;
	json_t *v = yaml_load(yaml, strlen(yaml), &err);
	char *got;

	if (!v)
		fail_msg("load %s: %s", yaml, err);
	got = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
	if (strcmp(got, want_json))
		fail_msg("load %s: got %s want %s", yaml, got, want_json);
	free(got);
	json_decref(v);
}

static void check_load_err(const char *yaml, size_t len, const char *want_substr)
{
	char *err = NULL;
	json_t *v = yaml_load(yaml, len, &err);

	if (v)
		fail_msg("load %s: expected an error", yaml);
	assert_non_null(err);
	assert_null(strchr(err, '\n'));
	if (want_substr && !strstr(err, want_substr))
		fail_msg("load %s: error %s lacks %s", yaml, err, want_substr);
	free(err);
}

static void test_scalars(void **state)
{
	static const char *const cases[][2] = {
	    {"a: ~", "{\"a\":null}"},
	    {"a: null", "{\"a\":null}"},
	    {"a:", "{\"a\":null}"},
	    {"a: Null", "{\"a\":null}"},
	    {"a: nULL", "{\"a\":\"nULL\"}"},
	    {"a: true", "{\"a\":true}"},
	    {"a: False", "{\"a\":false}"},
	    {"a: yes", "{\"a\":true}"},
	    {"a: No", "{\"a\":false}"},
	    {"a: on", "{\"a\":true}"},
	    {"a: OFF", "{\"a\":false}"},
	    {"a: y", "{\"a\":true}"},
	    {"a: n", "{\"a\":false}"},
	    {"a: yEs", "{\"a\":\"yEs\"}"},
	    {"a: 42", "{\"a\":42}"},
	    {"a: -42", "{\"a\":-42}"},
	    {"a: +42", "{\"a\":42}"},
	    {"a: 0x1F", "{\"a\":31}"},
	    {"a: 0o17", "{\"a\":15}"},
	    {"a: 017", "{\"a\":15}"},
	    {"a: 0b101", "{\"a\":5}"},
	    {"a: 1_000", "{\"a\":1000}"},
	    {"a: 09", "{\"a\":9}"},
	    {"a: 9223372036854775807", "{\"a\":9223372036854775807}"},
	    {"a: -9223372036854775808", "{\"a\":-9223372036854775808}"},
	    {"a: 1.5", "{\"a\":1.5}"},
	    {"a: 1.0", "{\"a\":1}"},
	    {"a: 1e3", "{\"a\":1000}"},
	    {"a: .5", "{\"a\":0.5}"},
	    {"a: -.5", "{\"a\":-0.5}"},
	    {"a: 1e400", "{\"a\":\"1e400\"}"},
	    {"a: 1.2.3", "{\"a\":\"1.2.3\"}"},
	    {"a: 0x", "{\"a\":\"0x\"}"},
	    {"a: +", "{\"a\":\"+\"}"},
	    {"y: 1", "{\"true\":1}"},
	    {"a: 2001-12-14", "{\"a\":\"2001-12-14\"}"},
	    {"a: 2024-01-02T03:04:05Z", "{\"a\":\"2024-01-02T03:04:05Z\"}"},
	    {"a: 1:20", "{\"a\":\"1:20\"}"},
	    {"a: '42'", "{\"a\":\"42\"}"},
	    {"a: \"true\"", "{\"a\":\"true\"}"},
	    {"a: ''", "{\"a\":\"\"}"},
	    {"a: !!str 42", "{\"a\":\"42\"}"},
	    {"a: !!float 1", "{\"a\":1}"},
	    {"a: !foo 42", "{\"a\":\"42\"}"},
	    {"a: \"tab\\there\"", "{\"a\":\"tab\\there\"}"},
	    {"a: \"nul\\0x\"", "{\"a\":\"nul\\u0000x\"}"},
	    {"a: héllo wörld", "{\"a\":\"héllo wörld\"}"},
	    {"a: <<", "{\"a\":\"<<\"}"},
	    {"a: |\n  line1\n  line2\n", "{\"a\":\"line1\\nline2\\n\"}"},
	    {"a: |-\n  line1\n  line2\n", "{\"a\":\"line1\\nline2\"}"},
	    {"a: >\n  folded\n  text\n", "{\"a\":\"folded text\\n\"}"},
	    {"42", "42"},
	    {"plain", "\"plain\""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_load(cases[i][0], cases[i][1]);
}

static void test_keys(void **state)
{
	(void)state;
	check_load("1: a\ntrue: b\nyes: c\n1.5: d\n0x10: e\n", /* yes overwrites true */
		   "{\"1\":\"a\",\"true\":\"c\",\"1.5\":\"d\",\"16\":\"e\"}");
	check_load("a: 1\na: 2\n", "{\"a\":2}");
	check_load("? complex\n: v\n", "{\"complex\":\"v\"}");
	check_load_err("~: a\n", 5, "unsupported map key");
	check_load_err("? [a]\n: v\n", 10, "invalid map key");
	check_load_err("? {a: 1}\n: v\n", 13, "invalid map key");
}

static void test_structures(void **state)
{
	(void)state;
	check_load(
	    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    app: web\n"
	    "spec:\n  containers:\n  - name: c\n    image: nginx\n    ports:\n"
	    "    - containerPort: 80\n",
	    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\",\"labels\":"
	    "{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\","
	    "\"ports\":[{\"containerPort\":80}]}]}}");
	check_load("{a: [1, 2, {b: c}], d: []}", "{\"a\":[1,2,{\"b\":\"c\"}],\"d\":[]}");
	check_load("- a\n- - b\n  - c\n- {}\n", "[\"a\",[\"b\",\"c\"],{}]");
	check_load("# only a comment\n---\na: 1\n", "{\"a\":1}");
}

static void test_json_input(void **state)
{
	char *err = NULL;
	const char *s = "{\"a\": 1}\n{\"b\": [true, null]}  ";
	json_t *v = yaml_load_all(s, strlen(s), &err);

	(void)state;
	assert_non_null(v);
	assert_int_equal(json_array_size(v), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(v, 0), "a")), 1);
	json_decref(v);
	/* JSON with tabs, which YAML would refuse as indentation. */
	check_load("{\n\t\"a\": \"x\"\n}", "{\"a\":\"x\"}");
}

static void test_anchors(void **state)
{
	(void)state;
	check_load("a: &x {p: 1}\nb: *x\n", "{\"a\":{\"p\":1},\"b\":{\"p\":1}}");
	check_load("base: &b\n  p: 1\n  q: 2\nder:\n  <<: *b\n  q: 3\n",
		   "{\"base\":{\"p\":1,\"q\":2},\"der\":{\"p\":1,\"q\":3}}");
	check_load(
	    "a: &a {x: 1, z: 1}\nb: &b {x: 2, w: 2}\nc:\n  <<: [*a, *b]\n",
	    "{\"a\":{\"x\":1,\"z\":1},\"b\":{\"x\":2,\"w\":2},\"c\":{\"x\":1,\"w\":2,\"z\":1}}");
	check_load("c:\n  <<: {k: v}\n  o: 1\n", "{\"c\":{\"k\":\"v\",\"o\":1}}");
	check_load("c:\n  '<<': {k: v}\n", "{\"c\":{\"<<\":{\"k\":\"v\"}}}");
	check_load("a: &s str\nb: *s\n", "{\"a\":\"str\",\"b\":\"str\"}");
	check_load_err("a: *nope\n", 9, "unknown anchor 'nope'");
	check_load_err("a: &x [1, *x]\n", 14, "contains itself");
	check_load_err("a: &x 1\nb:\n  <<: *x\n", 20, "map merge requires map");
	check_load_err("b:\n  <<: [1]\n", 13, "map merge requires map");
}

static void test_billion_laughs(void **state)
{
	const char *bomb =
	    "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
	    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
	    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
	    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
	    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";

	(void)state;
	check_load_err(bomb, strlen(bomb), "excessive aliasing");
}

static void test_depth(void **state)
{
	size_t n = 100000;
	char *s = malloc(2 * n + 1);

	(void)state;
	memset(s, '[', n);
	memset(s + n, ']', n);
	s[2 * n] = 0;
	check_load_err(s, 2 * n, "max depth");
	/* Deep block nesting too. */
	free(s);
	s = calloc(1, 1300 * 1300);
	for (size_t i = 0, off = 0; i < 1200; i++) {
		memset(s + off, ' ', i);
		off += i;
		memcpy(s + off, "- ", 2);
		off += 2;
		s[off++] = '\n';
	}
	check_load_err(s, strlen(s), NULL);
	free(s);

	/* Just under the limit works. */
	n = YAML_MAX_DEPTH - 1;
	s = malloc(2 * n + 2);
	memset(s, '[', n);
	s[n] = '1';
	memset(s + n + 1, ']', n);
	s[2 * n + 1] = 0;
	char *err = NULL;
	json_t *v = yaml_load(s, strlen(s), &err);
	assert_non_null(v);
	json_decref(v);
	free(s);
}

static void test_errors(void **state)
{
	(void)state;
	check_load_err("", 0, "no document");
	check_load_err("# nothing\n", 10, "no document");
	check_load_err("---\n---\n", 8, "no document");
	check_load_err("a: 1\n---\nb: 2\n", 14, "single document");
	check_load_err("a: b: c\n", 8, "yaml: mapping values are not allowed in this context");
	check_load_err("a:\n  - b\n  c: d\n", 16, "line 2: did not find expected");
	check_load_err("a: [1, 2\n", 9, "yaml:");
	check_load_err("a: \"unterminated\n", 17, "yaml:");
	check_load_err("a: \xff\xfe\n", 6, "yaml:");
	check_load_err("a: \xc3\n", 5, "yaml:");
	check_load_err("a: b\0c\n", 7, "yaml:");
	check_load_err("a: .inf\n", 8, "unsupported value");
	check_load_err("a: .nan\n", 8, "unsupported value");
	check_load_err("a: !!int abc\n", 13, "cannot decode");
	check_load_err("\t- a\n", 5, "yaml:");
}

static void test_load_all(void **state)
{
	const char *s = "a: 1\n---\n---\n# c\n---\n- x\n...\n---\nnull\n";
	char *err = NULL;
	json_t *v = yaml_load_all(s, strlen(s), &err);

	(void)state;
	assert_non_null(v);
	/* Empty documents are skipped; an explicit null is a document. */
	assert_int_equal(json_array_size(v), 3);
	assert_true(json_is_null(json_array_get(v, 2)));
	json_decref(v);

	v = yaml_load_all("", 0, &err);
	assert_non_null(v);
	assert_int_equal(json_array_size(v), 0);
	json_decref(v);
	v = yaml_load_all(NULL, 0, &err);
	assert_non_null(v);
	json_decref(v);
}

static void check_dump(const char *json, const char *want, bool sorted)
{
	json_t *v = json_loads(json, JSON_DECODE_ANY, NULL);
	char *got;

	assert_non_null(v);
	got = sorted ? yaml_dump_sorted(v) : yaml_dump(v);
	assert_non_null(got);
	if (strcmp(got, want))
		fail_msg("dump %s:\n--- got\n%s--- want\n%s", json, got, want);
	free(got);
	json_decref(v);
}

static void test_dump(void **state)
{
	(void)state;
	check_dump("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\","
		   "\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"c\","
		   "\"args\":[\"a\",\"b\"],\"ports\":[{\"containerPort\":80}]}]}}",
		   "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    app: web\n"
		   "spec:\n  containers:\n  - name: c\n    args:\n    - a\n    - b\n    ports:\n"
		   "    - containerPort: 80\n",
		   false);
	check_dump("{\"s\":[\"1\",\"true\",\"\",\"yes\",\"y\",\"null\",\"~\",\"1.5\",\"0x1F\","
		   "\"2001-12-14\",\"1:20\",\"<<\",\".inf\",\"plain\",\"a: b\",\"- x\",\"#c\","
		   "\"x #c\",\"@x\",\"yEs\",\"1.2.3\",\"tab\\tx\",\"é\"]}",
		   "s:\n- \"1\"\n- \"true\"\n- \"\"\n- \"yes\"\n- \"y\"\n- \"null\"\n- \"~\"\n"
		   "- \"1.5\"\n- \"0x1F\"\n- \"2001-12-14\"\n- \"1:20\"\n- \"<<\"\n- \".inf\"\n"
		   "- plain\n- 'a: b'\n- '- x'\n- '#c'\n- 'x #c'\n- '@x'\n- yEs\n- 1.2.3\n"
		   "- \"tab\\tx\"\n- é\n",
		   false);
	check_dump("{\"a\":\"l1\\nl2\",\"b\":\"l1\\nl2\\n\",\"c\":\"trail \\nx\"}",
		   "a: |-\n  l1\n  l2\nb: |\n  l1\n  l2\nc: \"trail \\nx\"\n", false);
	check_dump("{\"i\":1,\"j\":-7,\"f\":0.5,\"g\":1.0,\"h\":1e21,\"k\":1234567.5,"
		   "\"m\":1e-7,\"t\":true,\"z\":null,\"e\":{},\"l\":[]}",
		   "i: 1\nj: -7\nf: 0.5\ng: 1\nh: 1e+21\nk: 1.2345675e+06\nm: 1e-07\nt: true\n"
		   "z: null\ne: {}\nl: []\n",
		   false);
	check_dump("{\"a\":[[1,2],{\"b\":[]}]}", "a:\n- - 1\n  - 2\n- b: []\n", false);
	check_dump("\"x\"", "x\n", false);
	check_dump("[]", "[]\n", false);
	check_dump("{\"k\":\"a\\n\\n\"}", "k: |+\n  a\n\n", false);
	/* Long strings fold at 80 columns, as kubectl prints them. */
	check_dump("{\"m\":\"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm "
		   "nnnn oooo pppp qqqq rrrr\"}",
		   "m: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn "
		   "oooo pppp\n  qqqq rrrr\n",
		   false);
}

static void test_dump_sorted(void **state)
{
	(void)state;
	check_dump("{\"spec\":1,\"kind\":2,\"apiVersion\":3,\"metadata\":{\"b\":1,\"a\":2}}",
		   "apiVersion: 3\nkind: 2\nmetadata:\n  a: 2\n  b: 1\nspec: 1\n", true);
	check_dump("{\"a10\":1,\"a9\":2,\"a_b\":3,\"aB\":4,\"a-b\":5}",
		   "a-b: 5\na_b: 3\na9: 2\na10: 1\naB: 4\n", true);
}

static void test_round_trip(void **state)
{
	const char *json = "{\"a\":[\"1\",\"x: y\",\"multi\\nline\\n\",\"\",true,null,3,2.5,{}],"
			   "\"b\":{\"c\":\"yes\",\"d\":\"  lead\",\"e\":\"trail  \"}}";
	json_t *v = json_loads(json, 0, NULL), *back;
	char *y = yaml_dump(v), *err = NULL;

	(void)state;
	assert_non_null(y);
	back = yaml_load(y, strlen(y), &err);
	assert_non_null(back);
	assert_true(json_equal(v, back));
	json_decref(back);
	json_decref(v);
	free(y);
}

static void test_dump_hostile(void **state)
{
	json_t *root = json_array(), *cur = root;

	(void)state;
	for (int i = 0; i < YAML_MAX_DEPTH + 5; i++) {
		json_t *next = json_array();
		json_array_append_new(cur, next);
		cur = next;
	}
	assert_null(yaml_dump(root));
	json_decref(root);
	assert_null(yaml_dump(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scalars),	 cmocka_unit_test(test_keys),
	    cmocka_unit_test(test_structures),	 cmocka_unit_test(test_json_input),
	    cmocka_unit_test(test_anchors),	 cmocka_unit_test(test_billion_laughs),
	    cmocka_unit_test(test_depth),	 cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_load_all),	 cmocka_unit_test(test_dump),
	    cmocka_unit_test(test_dump_sorted),	 cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_dump_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

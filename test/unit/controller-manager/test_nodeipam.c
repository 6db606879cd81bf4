/* node-ipam's pool: subnets handed out in order, taken ranges skipped, released ones reused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../../controller-manager/cm.h"
#include "../../../controller-manager/decide.h"

struct rec *cm_recorder(struct kc *kc, const char *component)
{
	(void)kc;
	(void)component;
	return NULL;
}

static void expect_cidr(struct ipam_pool *p, long idx, const char *want)
{
	char buf[64];

	assert_true(idx >= 0);
	ipam_pool_cidr(p, idx, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_alloc(void **state)
{
	struct ipam_pool p;
	char err[200];

	(void)state;
	assert_int_equal(ipam_pool_init(&p, "10.244.0.0/16", 24, err, sizeof(err)), 0);
	assert_int_equal(p.n, 256);
	expect_cidr(&p, ipam_pool_alloc(&p), "10.244.0.0/24");
	/* an existing node's range is skipped */
	assert_int_equal(ipam_pool_occupy(&p, "10.244.1.0/24"), 1);
	expect_cidr(&p, ipam_pool_alloc(&p), "10.244.2.0/24");
	/* released ranges come back once the rest is used */
	ipam_pool_release(&p, 0);
	for (int i = 3; i < 256; i++)
		assert_int_equal(ipam_pool_alloc(&p), i);
	assert_int_equal(ipam_pool_alloc(&p), 0);
	assert_int_equal(ipam_pool_alloc(&p), -1); /* exhausted */
	/* outside the pool */
	assert_int_equal(ipam_pool_occupy(&p, "192.168.0.0/24"), -1);
	assert_int_equal(ipam_pool_occupy(&p, "garbage"), -1);
	ipam_pool_free(&p);
}

static void test_service_range(void **state)
{
	struct ipam_pool p;
	char err[200];

	(void)state;
	assert_int_equal(ipam_pool_init(&p, "10.0.0.0/22", 24, err, sizeof(err)), 0);
	/* a larger range takes every subnet inside it */
	assert_int_equal(ipam_pool_occupy(&p, "10.0.0.0/23"), 0);
	expect_cidr(&p, ipam_pool_alloc(&p), "10.0.2.0/24");
	/* a smaller one takes the subnet holding it */
	assert_int_equal(ipam_pool_occupy(&p, "10.0.3.128/25"), 3);
	assert_int_equal(ipam_pool_alloc(&p), -1);
	ipam_pool_free(&p);
}

static void test_bad(void **state)
{
	struct ipam_pool p;
	char err[200];

	(void)state;
	assert_int_equal(ipam_pool_init(&p, "10.0.0.0/16", 8, err, sizeof(err)), -1);
	assert_int_equal(ipam_pool_init(&p, "10.0.0.0/8", 30, err, sizeof(err)), -1);
	assert_int_equal(ipam_pool_init(&p, "fd00::/64", 80, err, sizeof(err)), -1);
	assert_int_equal(ipam_pool_init(&p, "10.0.0.0", 24, err, sizeof(err)), -1);
	/* host bits are masked off */
	assert_int_equal(ipam_pool_init(&p, "10.1.2.3/16", 17, err, sizeof(err)), 0);
	expect_cidr(&p, ipam_pool_alloc(&p), "10.1.0.0/17");
	expect_cidr(&p, ipam_pool_alloc(&p), "10.1.128.0/17");
	ipam_pool_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_alloc),
	    cmocka_unit_test(test_service_range),
	    cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The work queue: merging, no key twice in processing, re-adds after done, delays, back-off,
 * parallelism and asynchronous completion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "workqueue.h"

static struct event_base *base;
static struct wq *q;
static char seen[64][32]; /* keys handed out, in order */
static int nseen;
static int result = WQ_OK;
static int busy, max_busy;

static int sync_cb(void *arg, const char *key)
{
	(void)arg;
	if (nseen < 64)
		snprintf(seen[nseen++], sizeof(seen[0]), "%s", key);
	if (result == WQ_PENDING && ++busy > max_busy)
		max_busy = busy;
	return result;
}

static int setup(void **state)
{
	(void)state;
	base = event_base_new();
	q = wq_new(base, "test", 2, sync_cb, NULL);
	nseen = busy = max_busy = 0;
	result = WQ_OK;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	wq_free(q);
	event_base_free(base);
	return 0;
}

static void run_for(int ms)
{
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};

	event_base_loopexit(base, &tv);
	event_base_dispatch(base);
}

static void test_merge(void **state)
{
	(void)state;
	wq_add(q, "a");
	wq_add(q, "b");
	wq_add(q, "a");
	assert_int_equal(wq_len(q), 2);
	assert_int_equal(nseen, 0); /* handed out from the loop, not from wq_add */
	run_for(20);
	assert_int_equal(nseen, 2);
	assert_string_equal(seen[0], "a");
	assert_string_equal(seen[1], "b");
	assert_int_equal(wq_len(q), 0);
	assert_int_equal(wq_processing(q), 0);
}

static void test_processing_exclusive(void **state)
{
	(void)state;
	result = WQ_PENDING;
	wq_add(q, "a");
	run_for(10);
	assert_int_equal(nseen, 1);
	/* Re-added while in processing: held back until done, then handed out once. */
	wq_add(q, "a");
	wq_add(q, "a");
	run_for(10);
	assert_int_equal(nseen, 1);
	assert_int_equal(wq_len(q), 0);
	busy--;
	wq_done(q, "a");
	run_for(10);
	assert_int_equal(nseen, 2);
	busy--;
	wq_done(q, "a");
	run_for(10);
	assert_int_equal(nseen, 2);
	wq_done(q, "a"); /* not in processing: ignored */
}

static void test_workers(void **state)
{
	char key[16];

	(void)state;
	result = WQ_PENDING;
	for (int i = 0; i < 5; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		wq_add(q, key);
	}
	run_for(10);
	assert_int_equal(nseen, 2);
	assert_int_equal(wq_processing(q), 2);
	assert_int_equal(wq_len(q), 3);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < nseen; i++) {
			if (seen[i][0]) {
				wq_done(q, seen[i]);
				seen[i][0] = 0;
				busy--;
			}
		}
		run_for(10);
	}
	assert_int_equal(nseen, 5);
	assert_int_equal(max_busy, 2);
}

static void test_add_after(void **state)
{
	(void)state;
	wq_add_after(q, "late", 150);
	wq_add_after(q, "early", 30);
	wq_add_after(q, "late", 400); /* the earlier time stands */
	run_for(80);
	assert_int_equal(nseen, 1);
	assert_string_equal(seen[0], "early");
	run_for(150);
	assert_int_equal(nseen, 2);
	assert_string_equal(seen[1], "late");
	run_for(300);
	assert_int_equal(nseen, 2);
}

static void test_rate_limited(void **state)
{
	(void)state;
	wq_set_limits(q, 20, 100, 0, 0);
	result = WQ_RETRY;
	wq_add(q, "x");
	/* Retries after 20, 40, 80, 100, 100 ms: about 6 attempts in 400 ms. */
	run_for(400);
	assert_in_range(nseen, 5, 7);
	assert_true(wq_requeues(q, "x") >= 5);
	result = WQ_OK;
	run_for(150);
	assert_int_equal(wq_requeues(q, "x"), 0);
	wq_add_rate_limited(q, "y");
	assert_int_equal(wq_requeues(q, "y"), 1);
	wq_forget(q, "y");
	assert_int_equal(wq_requeues(q, "y"), 0);
}

static void test_bucket(void **state)
{
	char key[16];

	(void)state;
	/* The overall bucket spreads a burst of failures: 2 at once, then 20 a second. */
	wq_set_limits(q, 1, 1, 20, 2);
	for (int i = 0; i < 6; i++) {
		snprintf(key, sizeof(key), "b%d", i);
		wq_add_rate_limited(q, key);
	}
	run_for(60);
	assert_in_range(nseen, 2, 3);
	run_for(250);
	assert_int_equal(nseen, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_merge, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_processing_exclusive, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_workers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add_after, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rate_limited, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bucket, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

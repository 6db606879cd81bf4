/* The scheduling queue: priority then creation order, back-off 1 s doubling to 10 s, the
 * unschedulable pods and what moves them, and status-only updates that must not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../scheduler/scheduler.h"

static json_t *mkpod(const char *name, int prio, const char *created)
{
	return json_pack("{s:{s:s, s:s, s:s}, s:{s:i, s:[]}}", "metadata", "name", name,
			 "namespace", "default", "creationTimestamp", created, "spec", "priority",
			 prio, "containers");
}

static void add(struct sch_queue *q, const char *name, int prio, const char *created)
{
	json_t *p = mkpod(name, prio, created);

	sch_queue_add(q, p, 100);
	json_decref(p);
}

static void test_order(void **state)
{
	struct sch_queue q;
	const char *want[] = {"default/vip", "default/old", "default/new", "default/low"};

	(void)state;
	sch_queue_init(&q);
	add(&q, "new", 0, "2024-01-01T00:00:02Z");
	add(&q, "low", -5, "2024-01-01T00:00:00Z");
	add(&q, "vip", 1000, "2024-01-01T00:00:09Z");
	add(&q, "old", 0, "2024-01-01T00:00:01Z");
	add(&q, "old", 0, "2024-01-01T00:00:01Z"); /* merged */
	assert_int_equal(sch_queue_count(&q, SCH_Q_ACTIVE), 4);
	for (int i = 0; i < 4; i++) {
		struct sch_qpod *p = sch_queue_pop(&q);

		assert_non_null(p);
		assert_string_equal(p->key, want[i]);
		assert_int_equal(p->state, SCH_Q_INFLIGHT);
	}
	assert_null(sch_queue_pop(&q));
	assert_int_equal(sch_queue_count(&q, SCH_Q_INFLIGHT), 4);
	sch_queue_free(&q);
}

static void test_backoff(void **state)
{
	struct sch_queue q;
	struct sch_qpod *p;

	(void)state;
	sch_queue_init(&q);
	assert_true(sch_queue_backoff(&q, 1) == 1);
	assert_true(sch_queue_backoff(&q, 2) == 2);
	assert_true(sch_queue_backoff(&q, 4) == 8);
	assert_true(sch_queue_backoff(&q, 5) == 10);
	assert_true(sch_queue_backoff(&q, 30) == 10);
	add(&q, "a", 0, "2024-01-01T00:00:00Z");
	p = sch_queue_pop(&q);
	sch_queue_requeue(&q, p, false, 100); /* an error: back-off */
	assert_int_equal(p->state, SCH_Q_BACKOFF);
	sch_queue_flush(&q, 100.5);
	assert_null(sch_queue_pop(&q));
	sch_queue_flush(&q, 101);
	p = sch_queue_pop(&q);
	assert_non_null(p);
	sch_queue_requeue(&q, p, false, 101);
	assert_true(p->backoff_until == 103);
	sch_queue_free(&q);
}

static void test_unschedulable(void **state)
{
	struct sch_queue q;
	struct sch_qpod *p;
	json_t *obj;

	(void)state;
	sch_queue_init(&q);
	add(&q, "a", 0, "2024-01-01T00:00:00Z");
	p = sch_queue_pop(&q);
	sch_queue_requeue(&q, p, true, 100);
	assert_int_equal(p->state, SCH_Q_UNSCHED);
	sch_queue_flush(&q, 150);
	assert_int_equal(p->state, SCH_Q_UNSCHED);
	/* A status-only update (ours) leaves it waiting; a spec change does not. */
	obj = json_deep_copy(p->obj);
	json_object_set_new(obj, "status", json_pack("{s:s}", "phase", "Pending"));
	sch_queue_add(&q, obj, 150);
	assert_int_equal(p->state, SCH_Q_UNSCHED);
	json_decref(obj);
	obj = json_deep_copy(p->obj); /* cached objects are never changed in place */
	json_object_set_new(json_object_get(obj, "spec"), "nodeSelector", json_object());
	sch_queue_add(&q, obj, 150);
	assert_int_equal(p->state, SCH_Q_ACTIVE);
	json_decref(obj);
	/* A cluster event moves it; through back-off when that has not run out. */
	p = sch_queue_pop(&q);
	sch_queue_requeue(&q, p, true, 200);
	sch_queue_move_all(&q, 200.5);
	assert_int_equal(p->state, SCH_Q_BACKOFF);
	/* At most five minutes unschedulable. */
	sch_queue_flush(&q, 210);
	p = sch_queue_pop(&q);
	sch_queue_requeue(&q, p, true, 210);
	sch_queue_flush(&q, 509);
	assert_int_equal(p->state, SCH_Q_UNSCHED);
	sch_queue_flush(&q, 511);
	assert_int_equal(p->state, SCH_Q_ACTIVE);
	/* The cluster changed while it was being tried: straight to back-off. */
	p = sch_queue_pop(&q);
	sch_queue_move_all(&q, 600);
	sch_queue_requeue(&q, p, true, 600);
	assert_int_equal(p->state, SCH_Q_BACKOFF);
	sch_queue_del(&q, "default/a");
	assert_int_equal(q.all.count, 0);
	assert_int_equal(sch_queue_count(&q, SCH_Q_BACKOFF), 0);
	sch_queue_free(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_order),
	    cmocka_unit_test(test_backoff),
	    cmocka_unit_test(test_unschedulable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

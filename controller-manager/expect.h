/*
 * expect: a controller's expectations (upstream's ControllerExpectations). After asking for N
 * creations or deletions for an owner, the controller waits for its informer to show them
 * before counting pods again, so a slow watch never makes it create or delete twice. An
 * expectation older than 5 minutes is given up on (a lost watch event must not wedge it).
 */
#ifndef CM_EXPECT_H
#define CM_EXPECT_H

#include <stdbool.h>

struct exp_set;

struct exp_set *exp_new(void);
void exp_free(struct exp_set *e);

/* Expect adds creations and dels deletions for key (replacing what was expected). */
void exp_expect(struct exp_set *e, const char *key, int adds, int dels);
/* One creation (or deletion) was seen, or a request failed and will never be seen. */
void exp_observed_add(struct exp_set *e, const char *key);
void exp_observed_del(struct exp_set *e, const char *key);
/* Nothing outstanding (or no record, or expired): the controller may act on what it sees. */
bool exp_satisfied(const struct exp_set *e, const char *key);
/* The owner is gone. */
void exp_forget(struct exp_set *e, const char *key);

#endif

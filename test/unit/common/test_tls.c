/* tls: self-signed serving certificates made by daemons that share a --cert-dir. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "tls.h"

/* Daemons started together each find no certificate and make one: whichever pair ends up on
 * disk, its key must be the certificate's. */
static void test_concurrent_self_signed(void **state)
{
	(void)state;
	for (int round = 0; round < 20; round++) {
		char dir[] = "/tmp/kubec-tls.XXXXXX", cert[64], key[64], err[256];
		SSL_CTX *ctx;
		pid_t kids[6];

		assert_non_null(mkdtemp(dir));
		snprintf(cert, sizeof(cert), "%s/d.crt", dir);
		snprintf(key, sizeof(key), "%s/d.key", dir);
		for (int i = 0; i < 6; i++) {
			kids[i] = fork();
			assert_true(kids[i] >= 0);
			if (!kids[i])
				_exit(tls_self_signed(cert, key, "d", "localhost,127.0.0.1", err,
						      sizeof(err))
					  ? 1
					  : 0);
		}
		for (int i = 0; i < 6; i++) {
			int st;
			assert_int_equal(waitpid(kids[i], &st, 0), kids[i]);
			assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
		}
		ctx = tls_server_ctx(cert, key, NULL, NULL, err, sizeof(err));
		if (!ctx)
			fail_msg("round %d: %s", round, err);
		SSL_CTX_free(ctx);
		unlink(cert);
		unlink(key);
		rmdir(dir);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_concurrent_self_signed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

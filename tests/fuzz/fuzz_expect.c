/*
 * fuzz_expect.c - libFuzzer harness over the expectation parser
 * (analyzer/expect.c, doc/expectations.md): the input is an .expect file;
 * what parses is compared with no attempt and with two made-up ones, as
 * `ikescope check` would.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/expect.h"
#include "analyzer/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size); /* stops at a NUL, as reading a file does */
	GError *err = NULL;
	size_t total = 0;
	GArray *exp = expect_parse("fuzz.expect", text, &err);
	if (!exp) {
		total += strlen(err->message);
		g_error_free(err);
	} else {
		static Attempt a[2];
		a[0].verdict.status = VERDICT_OK;
		a[1].verdict.status = VERDICT_FAILED;
		a[1].profile = PROFILE_IKEV2;
		const Attempt *list[2] = { &a[0], &a[1] };
		for (size_t n = 0; n <= 2; n++) {
			GPtrArray *msgs = g_ptr_array_new_with_free_func(g_free);
			total += expect_compare("fuzz.expect", exp, list, n, attempt_nat, msgs);
			g_ptr_array_free(msgs, TRUE);
		}
		g_array_free(exp, TRUE);
	}
	g_free(text);
	return total == (size_t)-1;
}

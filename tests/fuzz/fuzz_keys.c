/*
 * fuzz_keys.c - libFuzzer harness over every key-file parser: the input
 * is the content of a --keys file (the format is recognised from the
 * content: Wireshark esp_sa / ikev1 / ikev2 tables, tcpdump -E, ip xfrm
 * state, charon logs).  After loading, every SA's transform is prepared,
 * the keys are exported and the problem report is built, as `ikescope
 * keys` does; a second load of the same text exercises merging.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "dissectors/keyring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Keyring *kr = keyring_new();
	GError *err = NULL;
	size_t total = 0;
	for (int pass = 0; pass < 2; pass++) {
		if (keyring_load_text(kr, "fuzz", (const char *)data, size, &err) < 0) {
			total += strlen(err->message);
			g_clear_error(&err);
			break;
		}
	}
	for (size_t i = 0; i < keyring_n_sas(kr); i++) {
		EspSa *sa = keyring_sa_at(kr, i);
		if (!keyring_sa_xform(kr, sa) && sa->xform_error)
			total += strlen(sa->xform_error);
		uint8_t src[16] = { 0 };
		total += keyring_find(kr, sa->ah, sa->spi, sa->af, src, src) != NULL;
	}
	char *e, *v1, *v2;
	keyring_export_wireshark(kr, &e, &v1, &v2);
	total += strlen(e) + strlen(v1) + strlen(v2);
	g_free(e), g_free(v1), g_free(v2);
	char *rep = keyring_sa_report(kr);
	total += strlen(rep);
	g_free(rep);
	const GPtrArray *probs = keyring_problems(kr);
	for (guint i = 0; probs && i < probs->len; i++)
		total += strlen(probs->pdata[i]);
	keyring_free(kr);
	return total == (size_t)-1;
}

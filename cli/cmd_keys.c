/*
 * cmd_keys.c - key files for the other commands (--keys FILE), and
 * `ikescope keys`: what a set of key files holds (never the keys), and
 * `--export wireshark DIR` to write them as Wireshark's tables.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "cli.h"
#include "dissectors/dissect.h"
#include "dissectors/keyring.h"

static bool load_key_file(Keyring *kr, const char *path);

/* A Wireshark configuration directory (what WIRESHARK_CONFIG_DIR names):
 * its key tables are loaded, the rest of it (preferences...) is not ours. */
static bool load_key_dir(Keyring *kr, const char *dir)
{
	static const char *const tables[] = { "esp_sa", "ikev1_decryption_table", "ikev2_decryption_table" };
	bool ok = true, any = false;
	for (size_t i = 0; i < G_N_ELEMENTS(tables); i++) {
		gchar *f = g_build_filename(dir, tables[i], NULL);
		if (g_file_test(f, G_FILE_TEST_IS_REGULAR)) {
			any = true;
			ok = load_key_file(kr, f) && ok;
		}
		g_free(f);
	}
	if (!any) {
		cli_error("--keys %s: a directory without Wireshark key tables (esp_sa, ikev1_decryption_table, "
			  "ikev2_decryption_table)",
			  dir);
		return false;
	}
	return ok;
}

bool cli_load_keys(Keyring *kr, const char *path)
{
	if (g_file_test(path, G_FILE_TEST_IS_DIR))
		return load_key_dir(kr, path);
	return load_key_file(kr, path);
}

int cli_input_opt(int opt, char *arg, GPtrArray *files, const char **bpf, Keyring **kr)
{
	switch (opt) {
	case 'r':
		g_ptr_array_add(files, arg);
		return CLI_OPT_TAKEN;
	case 'f':
		*bpf = arg;
		return CLI_OPT_TAKEN;
	case 'k':
		if (!*kr)
			*kr = keyring_new();
		return cli_load_keys(*kr, arg) ? CLI_OPT_TAKEN : CLI_OPT_BAD_KEYS;
	default:
		return opt;
	}
}

static bool load_key_file(Keyring *kr, const char *path)
{
	gchar *text = NULL;
	gsize len = 0;
	GError *err = NULL;
	if (!g_file_get_contents(path, &text, &len, &err)) {
		cli_error("--keys %s: %s", path, err->message);
		g_error_free(err);
		return false;
	}
	guint before = keyring_problems(kr)->len;
	int n = keyring_load_text(kr, path, text, len, &err);
	memset(text, 0, len); /* keys are secrets: do not leave them lying in freed memory */
	g_free(text);
	if (n < 0) {
		cli_error("--keys %s", err->message);
		g_error_free(err);
		return false;
	}
	const GPtrArray *p = keyring_problems(kr);
	for (guint i = before; i < p->len; i++)
		cli_warn("%s", (const char *)g_ptr_array_index(p, i));
	keyring_set_problems_shown(kr, p->len);
	if (n == 0 && p->len == before)
		cli_warn("%s: no keys in this %s file", path, keyfmt_name(keyring_last_format(kr)));
	return true;
}

void cli_report_keys(Keyring *kr, const DissectCtx *ctx, const char *path)
{
	/* what went wrong with IKE keys while dissecting (one line per SA) */
	const GPtrArray *p = keyring_problems(kr);
	for (guint i = keyring_problems_shown(kr); i < p->len; i++)
		cli_warn("%s: %s", path, (const char *)g_ptr_array_index(p, i));
	keyring_set_problems_shown(kr, p->len);
	char *r = keyring_sa_report(kr);
	gchar **lines = g_strsplit(r, "\n", -1);
	for (gchar **l = lines; *l; l++)
		if (**l)
			cli_warn("%s: %s", path, *l);
	g_strfreev(lines);
	g_free(r);
	if (ctx && ctx->esp_track && keyring_n_sas(kr)) {
		r = esp_track_report_unkeyed(ctx->esp_track);
		lines = g_strsplit(r, "\n", -1);
		for (gchar **l = lines; *l; l++)
			if (**l)
				cli_warn("%s: %s", path, *l);
		g_strfreev(lines);
		g_free(r);
	}
}

void cmd_keys_usage(FILE *out)
{
	fputs("Usage: ikescope keys [OPTIONS] KEYFILE...\n"
	      "Read key files and say what they hold (SPIs, algorithms, IKE SAs;\n"
	      "never the keys themselves), or write them as Wireshark tables.\n"
	      "\n"
	      "Key files (format recognised from the content): Wireshark esp_sa,\n"
	      "ikev1_decryption_table and ikev2_decryption_table; tcpdump -E secrets;\n"
	      "'ip xfrm state' / 'ip -s xfrm state' output; strongSwan charon logs\n"
	      "with IKE and CHD at log level 4.\n"
	      "\n"
	      "A directory (a Wireshark configuration directory) stands for the\n"
	      "esp_sa, ikev1_decryption_table and ikev2_decryption_table in it.\n"
	      "\n"
	      "  -k, --keys FILE        a key file (repeatable; key files may also be\n"
	      "                         given without -k)\n"
	      "      --export FORMAT DIR\n"
	      "                         write the keys in FORMAT ('wireshark': the files\n"
	      "                         esp_sa, ikev1_decryption_table and\n"
	      "                         ikev2_decryption_table, usable as\n"
	      "                         WIRESHARK_CONFIG_DIR) into DIR, which is created;\n"
	      "                         this prints secrets into those files\n"
	      "  -h, --help             this help\n"
	      "\n"
	      "Exit status: 0 ok, 2 bad usage or a key file that cannot be read.\n"
	      "Lines that cannot be used are reported as FILE:LINE: problem, and the\n"
	      "rest still loads.\n",
	      out);
}

static bool write_file(const char *dir, const char *name, const char *text)
{
	gchar *path = g_build_filename(dir, name, NULL);
	GError *err = NULL;
	bool ok = g_file_set_contents(path, text, -1, &err);
	if (ok) {
		chmod(path, 0600);
		printf("wrote %s\n", path);
	} else {
		cli_error("%s", err->message);
		g_error_free(err);
	}
	g_free(path);
	return ok;
}

static void describe(const Keyring *kr)
{
	for (size_t i = 0;; i++) {
		const EspSa *sa = keyring_sa_at(kr, i);
		if (!sa)
			break;
		char spi[16];
		if (sa->any_spi)
			g_strlcpy(spi, "*", sizeof(spi));
		else
			g_snprintf(spi, sizeof(spi), "0x%08x", sa->spi);
		printf("%s SA %s: %s, %s%s%s (%s)\n", sa->ah ? "AH" : "ESP", spi,
		       sa->ah ? "no encryption" : esp_enc_info(sa->enc)->name, esp_auth_info(sa->auth)->name,
		       sa->esn ? ", ESN" : "", sa->encap ? ", UDP-encapsulated" : "", sa->origin);
	}
	for (size_t i = 0;; i++) {
		const IkeV1Keys *k = keyring_ikev1_at(kr, i);
		if (!k)
			break;
		char c[17];
		keyring_hex(k->icookie, 8, c);
		printf("IKEv1 SA %s: %zu-byte Ka (%s)\n", c, k->ka_len, k->origin);
	}
	for (size_t i = 0;; i++) {
		const IkeV2Keys *k = keyring_ikev2_at(kr, i);
		if (!k)
			break;
		char a[17], b[17];
		keyring_hex(k->spi_i, 8, a);
		keyring_hex(k->spi_r, 8, b);
		printf("IKEv2 SA %s/%s: %s, %s (%s)\n", a, b, k->enc ? k->enc : "?", k->integ ? k->integ : "?",
		       k->origin);
	}
	printf("%zu ESP/AH SAs, %zu IKEv1 SAs, %zu IKEv2 SAs\n", keyring_n_sas(kr), keyring_n_ikev1(kr),
	       keyring_n_ikev2(kr));
}

int cmd_keys(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "keys", required_argument, NULL, 'k' },
		{ "export", required_argument, NULL, 1 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	GPtrArray *files = g_ptr_array_new();
	const char *export_fmt = NULL;
	int rc = EXIT_OK;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "k:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'k':
			g_ptr_array_add(files, optarg);
			break;
		case 1:
			export_fmt = optarg;
			break;
		case 'h':
			cmd_keys_usage(stdout);
			goto out;
		default:
			cmd_keys_usage(stderr);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	const char *dir = NULL;
	int first = optind;
	if (export_fmt) {
		if (strcmp(export_fmt, "wireshark") != 0) {
			cli_error("--export knows only 'wireshark', not '%s'", export_fmt);
			rc = EXIT_USAGE;
			goto out;
		}
		if (optind >= argc) {
			cli_error("--export wireshark needs a directory");
			rc = EXIT_USAGE;
			goto out;
		}
		dir = argv[optind];
		first = optind + 1;
	}
	for (int i = first; i < argc; i++)
		g_ptr_array_add(files, argv[i]);
	if (files->len == 0) {
		cli_error("keys: no key file given");
		cmd_keys_usage(stderr);
		rc = EXIT_USAGE;
		goto out;
	}
	Keyring *kr = keyring_new();
	for (guint i = 0; i < files->len; i++)
		if (!cli_load_keys(kr, files->pdata[i]))
			rc = EXIT_USAGE;
	if (dir) {
		if (g_mkdir_with_parents(dir, 0700) != 0) {
			cli_error("%s: %s", dir, g_strerror(errno));
			rc = EXIT_USAGE;
		} else {
			char *e, *v1, *v2;
			keyring_export_wireshark(kr, &e, &v1, &v2);
			bool ok = write_file(dir, "esp_sa", e) && write_file(dir, "ikev1_decryption_table", v1) &&
				  write_file(dir, "ikev2_decryption_table", v2) &&
				  write_file(dir, "preferences",
					     "# written by ikescope keys --export wireshark\n"
					     "esp.enable_encryption_decode: TRUE\n"
					     "esp.enable_authentication_check: TRUE\n");
			memset(e, 0, strlen(e));
			memset(v1, 0, strlen(v1));
			memset(v2, 0, strlen(v2));
			g_free(e);
			g_free(v1);
			g_free(v2);
			if (!ok)
				rc = EXIT_USAGE;
		}
	} else {
		describe(kr);
	}
	keyring_free(kr);
out:
	fflush(stdout);
	g_ptr_array_free(files, TRUE);
	return rc;
}

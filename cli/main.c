/*
 * main.c - the ikescope binary: global options and subcommand dispatch.
 * The only place that exits.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs("ikescope: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs("ikescope: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void usage(FILE *out)
{
	fputs("Usage: ikescope COMMAND [OPTIONS] FILE...\n"
	      "Find where an L2TP/IPsec, IKEv2 or PPTP VPN connection fails, from a capture.\n"
	      "\n"
	      "Commands:\n"
	      "  report     every connection attempt: where it stopped, in which\n"
	      "             direction, why, and what to change (--json for NDJSON)\n"
	      "  check      compare the attempts with expected outcomes (CI)\n"
	      "  dissect    decode every packet: list, detail tree (-V), hex (-x),\n"
	      "             tshark-compatible fields (-T fields -e NAME)\n"
	      "  live -i IFACE\n"
	      "             capture on interfaces and follow attempts as they unfold\n"
	      "  keys       what key files hold; --export wireshark DIR writes them\n"
	      "             as Wireshark tables\n"
	      "  tui        browse attempts in the terminal: timeline per attempt,\n"
	      "             packets, detail tree and bytes\n"
	      "  help [COMMAND]\n"
	      "             show this help, or a command's options\n"
	      "\n"
	      "Options:\n"
	      "  -h, --help     this help\n"
	      "      --version  print the version\n"
	      "\n"
	      "Exit status: 0 ok, 1 attempts or checks failed, 2 bad usage or\n"
	      "unreadable input.  See ikescope(1).\n",
	      out);
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-v") == 0) {
		printf("ikescope %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	if (strcmp(cmd, "help") == 0) {
		if (argc < 3) {
			usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[2], "dissect") == 0) {
			cmd_dissect_usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[2], "report") == 0) {
			cmd_report_usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[2], "check") == 0) {
			cmd_check_usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[2], "live") == 0) {
			cmd_live_usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[2], "keys") == 0) {
			cmd_keys_usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[2], "tui") == 0) {
			cmd_tui_usage(stdout);
			return EXIT_OK;
		}
		cli_error("no such command '%s'", argv[2]);
		return EXIT_USAGE;
	}
	if (strcmp(cmd, "dissect") == 0)
		return cmd_dissect(argc - 1, argv + 1);
	if (strcmp(cmd, "report") == 0)
		return cmd_report(argc - 1, argv + 1);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "keys") == 0)
		return cmd_keys(argc - 1, argv + 1);
	if (strcmp(cmd, "live") == 0)
		return cmd_live(argc - 1, argv + 1);
	if (strcmp(cmd, "tui") == 0)
		return cmd_tui(argc - 1, argv + 1);
	cli_error("unknown command '%s' (try 'ikescope --help')", cmd);
	return EXIT_USAGE;
}

bool cli_parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end || v > max || s[0] == '-')
		return false;
	*out = v;
	return true;
}

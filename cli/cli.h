/*
 * cli.h - subcommands of the ikescope binary and shared exit codes
 * (DESIGN §5: 0 ok, 1 check failed / attempts failed, 2 usage or
 * unreadable input).
 */
#ifndef IKS_CLI_H
#define IKS_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <glib.h>

enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1,
	EXIT_USAGE = 2,
};

int cmd_dissect(int argc, char **argv);
void cmd_dissect_usage(FILE *out);
int cmd_report(int argc, char **argv);
void cmd_report_usage(FILE *out);
int cmd_check(int argc, char **argv);
void cmd_check_usage(FILE *out);
int cmd_keys(int argc, char **argv);
void cmd_keys_usage(FILE *out);
int cmd_live(int argc, char **argv);
void cmd_live_usage(FILE *out);
int cmd_tui(int argc, char **argv); /* issue 8 */
void cmd_tui_usage(FILE *out);

struct Keyring;
struct DissectCtx;
/* Read a key file into the keyring; problems are printed as warnings.
 * False (with an error printed) when the file cannot be used at all. */
bool cli_load_keys(struct Keyring *kr, const char *path);
/* -r FILE, -f BPF and -k KEYS, the same in every subcommand that reads
 * captures: files, *bpf or *kr (created on the first -k) take the option
 * and CLI_OPT_TAKEN is returned, or CLI_OPT_BAD_KEYS when the key file
 * cannot be used (message printed; the usage exit status follows); any
 * other option is returned as it is, for the subcommand's own switch. */
enum { CLI_OPT_TAKEN = 0, CLI_OPT_BAD_KEYS = -2 };
int cli_input_opt(int opt, char *arg, GPtrArray *files, const char **bpf, struct Keyring **kr);
/* After a capture: SAs whose keys did not work, SPIs without keys. */
void cli_report_keys(struct Keyring *kr, const struct DissectCtx *ctx, const char *path);

/* Print "ikescope: " + message to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A whole decimal number from 0 to max (no sign, nothing after it). */
bool cli_parse_uint(const char *s, unsigned long long max, unsigned long long *out);

#endif

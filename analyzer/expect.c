/*
 * expect.c - the `.expect` format of doc/expectations.md.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "expect.h"

#define EXPECT_ERROR (g_quark_from_static_string("ikescope-expect"))

const char *verdict_status_name(VerdictStatus s)
{
	switch (s) {
	case VERDICT_OK: return "ok";
	case VERDICT_FAILED: return "failed";
	case VERDICT_INCOMPLETE: return "incomplete";
	}
	return "?";
}

const char *verdict_direction_name(VerdictDirection d)
{
	switch (d) {
	case VDIR_NONE: return "none";
	case VDIR_I2R: return "i2r";
	case VDIR_R2I: return "r2i";
	case VDIR_BOTH: return "both";
	}
	return "?";
}

static bool parse_verdict(const char *v, VerdictStatus *out)
{
	for (int s = VERDICT_OK; s <= VERDICT_INCOMPLETE; s++)
		if (strcmp(v, verdict_status_name((VerdictStatus)s)) == 0) {
			*out = (VerdictStatus)s;
			return true;
		}
	return false;
}

static bool parse_direction(const char *v, VerdictDirection *out)
{
	for (int d = VDIR_NONE; d <= VDIR_BOTH; d++)
		if (strcmp(v, verdict_direction_name((VerdictDirection)d)) == 0) {
			*out = (VerdictDirection)d;
			return true;
		}
	return false;
}

/* "key=value": the value when the word has that key, else NULL. */
static const char *value_of(const char *word, const char *key)
{
	size_t n = strlen(key);
	if (strncmp(word, key, n) == 0 && word[n] == '=')
		return word + n + 1;
	return NULL;
}

static bool parse_line(const char *name, unsigned lineno, char **w, unsigned nw, unsigned expect_n, Expectation *e,
		       GError **err)
{
	static const char *const keys[] = { "verdict", "stage", "direction", "cause", "profile", "nat", "findings" };
	memset(e, 0, sizeof(*e));
	e->line = lineno;
	if (nw < 7 || nw > 9 || strcmp(w[0], "attempt") != 0) {
		g_set_error(err, EXPECT_ERROR, 1,
			    "%s:%u: expected 'attempt N verdict=V stage=S direction=D cause=C profile=P [nat=X] "
			    "[findings=F,...]'",
			    name, lineno);
		return false;
	}
	char *end;
	unsigned long n = strtoul(w[1], &end, 10);
	if (*end || n != expect_n) {
		g_set_error(err, EXPECT_ERROR, 1, "%s:%u: attempt number '%s' out of sequence (expected %u)", name,
			    lineno, w[1], expect_n);
		return false;
	}
	e->n = (unsigned)n;
	unsigned skip = 0; /* 1 when the optional nat= is left out before findings= */
	for (unsigned i = 2; i < nw; i++) {
		if (i - 2 + skip == 5 && !value_of(w[i], "nat") && value_of(w[i], "findings"))
			skip = 1;
		if (i - 2 + skip >= sizeof(keys) / sizeof(keys[0])) {
			g_set_error(err, EXPECT_ERROR, 1, "%s:%u: unexpected word '%s' after the last key", name, lineno,
				    w[i]);
			return false;
		}
		const char *key = keys[i - 2 + skip];
		const char *v = value_of(w[i], key);
		if (!v) {
			g_set_error(err, EXPECT_ERROR, 1, "%s:%u: expected %s=... as word %u, found '%s'", name, lineno,
				    key, i + 1, w[i]);
			return false;
		}
		bool good = true;
		switch (i - 2 + skip) {
		case 0:
			good = parse_verdict(v, &e->verdict);
			break;
		case 1:
			e->has_stage = strcmp(v, "-") != 0;
			good = !e->has_stage || stage_from_name(v, &e->stage);
			break;
		case 2:
			good = parse_direction(v, &e->direction);
			break;
		case 3:
			good = strcmp(v, "-") == 0 ? (e->cause = CAUSE_NONE, true) : cause_from_name(v, &e->cause);
			break;
		case 4:
			good = profile_from_name(v, &e->profile);
			break;
		case 5:
			good = !strcmp(v, "client") || !strcmp(v, "server") || !strcmp(v, "both") || !strcmp(v, "none");
			if (good) {
				e->has_nat = true;
				g_strlcpy(e->nat, v, sizeof(e->nat));
			}
			break;
		case 6:
			e->has_findings = true;
			if (strcmp(v, "-") == 0)
				break;
			char **ids = g_strsplit(v, ",", -1);
			for (char **id = ids; *id && good; id++) {
				FindingId f;
				good = finding_from_name(*id, &f);
				if (good)
					e->findings |= 1u << f;
				else
					v = *id;
			}
			if (!good) {
				g_set_error(err, EXPECT_ERROR, 1, "%s:%u: unknown finding '%s'", name, lineno, v);
				g_strfreev(ids);
				return false;
			}
			g_strfreev(ids);
			break;
		}
		if (!good) {
			g_set_error(err, EXPECT_ERROR, 1, "%s:%u: unknown %s '%s'", name, lineno, key, v);
			return false;
		}
	}
	return true;
}

GArray *expect_parse(const char *name, const char *text, GError **err)
{
	GArray *out = g_array_new(FALSE, TRUE, sizeof(Expectation));
	char **lines = g_strsplit(text, "\n", -1);
	unsigned lineno = 0;
	for (char **l = lines; *l; l++) {
		lineno++;
		char *s = g_strstrip(*l);
		if (*s == '\0' || *s == '#')
			continue;
		char **w = g_strsplit_set(s, " \t", -1);
		/* drop empty words from runs of blanks */
		unsigned nw = 0;
		for (unsigned i = 0; w[i]; i++)
			if (*w[i])
				w[nw++] = w[i];
			else
				g_free(w[i]);
		w[nw] = NULL;
		Expectation e;
		bool ok = nw < 16 && parse_line(name, lineno, w, nw, out->len + 1, &e, err);
		if (!ok && err && !*err)
			g_set_error(err, EXPECT_ERROR, 1, "%s:%u: too many words", name, lineno);
		g_strfreev(w);
		if (!ok) {
			g_strfreev(lines);
			g_array_free(out, TRUE);
			return NULL;
		}
		g_array_append_val(out, e);
	}
	g_strfreev(lines);
	return out;
}

/* "a,b" for a set of findings, "-" for none */
static void finding_list(uint32_t set, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (int f = 0; f < FINDING__COUNT && o + 20 < size; f++)
		if (set & (1u << f))
			o += (size_t)g_snprintf(buf + o, size - o, "%s%s", o ? "," : "", finding_def((FindingId)f)->id);
	if (!o)
		g_strlcpy(buf, "-", size);
}

unsigned expect_compare(const char *name, const GArray *exp, const Attempt *const *attempts, size_t n,
			const char *(*nat_of)(const Attempt *), GPtrArray *messages)
{
	unsigned diffs = 0;
	if (exp->len != n) {
		g_ptr_array_add(messages, g_strdup_printf("%s: expected %u attempt%s, found %zu", name, exp->len,
							  exp->len == 1 ? "" : "s", n));
		diffs++;
	}
	for (guint i = 0; i < exp->len && i < n; i++) {
		const Expectation *e = &g_array_index(exp, Expectation, i);
		const Attempt *a = attempts[i];
		const Verdict *v = &a->verdict;
#define DIFF(key, want, got)                                                                                  \
	do {                                                                                                  \
		g_ptr_array_add(messages, g_strdup_printf("%s:%u: attempt %u: %s expected %s, got %s", name,  \
							  e->line, e->n, key, want, got));                   \
		diffs++;                                                                                      \
	} while (0)
		if (e->verdict != v->status)
			DIFF("verdict", verdict_status_name(e->verdict), verdict_status_name(v->status));
		bool got_stage = v->has_stage && v->status != VERDICT_OK;
		if (e->has_stage != got_stage || (e->has_stage && e->stage != v->stage))
			DIFF("stage", e->has_stage ? stage_name(e->stage) : "-", got_stage ? stage_name(v->stage) : "-");
		if (e->direction != v->direction)
			DIFF("direction", verdict_direction_name(e->direction), verdict_direction_name(v->direction));
		if (e->cause != v->cause)
			DIFF("cause", cause_def(e->cause)->id, cause_def(v->cause)->id);
		if (e->profile != a->profile)
			DIFF("profile", profile_get(e->profile)->name, profile_get(a->profile)->name);
		if (e->has_nat && nat_of && strcmp(e->nat, nat_of(a)) != 0)
			DIFF("nat", e->nat, nat_of(a));
		if (e->has_findings) {
			uint32_t got = 0;
			FindingList fl;
			findings_list(a, &fl);
			for (unsigned k = 0; k < fl.n; k++)
				got |= 1u << fl.f[k].id;
			if (e->findings ? (got & e->findings) != e->findings : got != 0) {
				char want[256], have[256];
				finding_list(e->findings, want, sizeof(want));
				finding_list(got, have, sizeof(have));
				DIFF("findings", want, have);
			}
		}
#undef DIFF
	}
	return diffs;
}

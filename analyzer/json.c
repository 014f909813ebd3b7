/*
 * json.c - attempts as JSON (doc/json-schema.md).
 */
#include "config.h"

#include <stdio.h>

#include "dissectors/dissect.h"
#include "expect.h"
#include "json.h"

const char *attempt_nat(const Attempt *a)
{
	/* from the NAT-D hashes the IKE exchange carried */
	if (a->nat_initiator && a->nat_responder)
		return "both";
	if (a->nat_initiator)
		return "client";
	if (a->nat_responder)
		return "server";
	return "none";
}

void attempt_endpoint(const Attempt *a, bool initiator, char *buf, size_t size)
{
	char addr[64];
	fmt_ip_addr(a->af, initiator ? a->initiator : a->responder, addr, sizeof(addr));
	uint16_t port = initiator ? a->iport : a->rport;
	if (a->af == 6)
		snprintf(buf, size, "[%s]:%u", addr, port);
	else
		snprintf(buf, size, "%s:%u", addr, port);
}

static const char *stage_status_name(StageStatus s)
{
	switch (s) {
	case STATUS_MISSING: return "missing";
	case STATUS_PARTIAL: return "partial";
	case STATUS_COMPLETE: return "complete";
	case STATUS_FAILED: return "failed";
	}
	return "?";
}

static void dir_json(JsonBuilder *b, const char *name, const DirStats *d)
{
	json_builder_set_member_name(b, name);
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "packets");
	json_builder_add_int_value(b, d->packets);
	json_builder_set_member_name(b, "retransmissions");
	json_builder_add_int_value(b, d->retransmissions);
	json_builder_set_member_name(b, "errors");
	json_builder_add_int_value(b, d->errors);
	json_builder_set_member_name(b, "first_frame");
	json_builder_add_int_value(b, (gint64)d->first_frame);
	json_builder_set_member_name(b, "last_frame");
	json_builder_add_int_value(b, (gint64)d->last_frame);
	json_builder_set_member_name(b, "first_time");
	if (d->packets)
		json_builder_add_double_value(b, (double)d->first_ns / 1e9);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "last_time");
	if (d->packets)
		json_builder_add_double_value(b, (double)d->last_ns / 1e9);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "unanswered");
	json_builder_add_int_value(b, d->unanswered);
	json_builder_set_member_name(b, "resent");
	json_builder_add_int_value(b, d->resent);
	json_builder_set_member_name(b, "backoff_s");
	json_builder_begin_array(b);
	for (unsigned i = 0; i < d->resent && i < DIR_MAX_BACKOFF; i++)
		json_builder_add_double_value(b, d->backoff_ms[i] / 1000.0);
	json_builder_end_array(b);
	json_builder_end_object(b);
}

static const char *basis_name(EvidenceBasis b)
{
	switch (b) {
	case BASIS_CLEAR: return "clear";
	case BASIS_INFERRED: return "inferred";
	case BASIS_DECRYPTED: return "decrypted";
	}
	return "?";
}

static void findings_json(JsonBuilder *b, const Attempt *a)
{
	FindingList fl;
	findings_list(a, &fl);
	json_builder_set_member_name(b, "findings");
	json_builder_begin_array(b);
	for (unsigned i = 0; i < fl.n; i++) {
		const Finding *f = &fl.f[i];
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "id");
		json_builder_add_string_value(b, finding_def(f->id)->id);
		json_builder_set_member_name(b, "stage");
		if (f->has_stage)
			json_builder_add_string_value(b, stage_name(f->stage));
		else
			json_builder_add_null_value(b);
		json_builder_set_member_name(b, "direction");
		json_builder_add_string_value(b, verdict_direction_name(f->direction));
		json_builder_set_member_name(b, "text");
		json_builder_add_string_value(b, f->text);
		json_builder_set_member_name(b, "evidence");
		json_builder_begin_array(b);
		for (unsigned k = 0; k < f->n_evidence; k++)
			json_builder_add_int_value(b, (gint64)f->evidence[k]);
		json_builder_end_array(b);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

JsonNode *attempt_to_json(const Attempt *a, const char *file)
{
	JsonBuilder *b = json_builder_new();
	char ep[80];
	json_builder_begin_object(b);
	if (file) {
		json_builder_set_member_name(b, "file");
		json_builder_add_string_value(b, file);
	}
	json_builder_set_member_name(b, "id");
	json_builder_add_int_value(b, a->id);
	json_builder_set_member_name(b, "profile");
	json_builder_add_string_value(b, profile_get(a->profile)->name);
	attempt_endpoint(a, true, ep, sizeof(ep));
	json_builder_set_member_name(b, "initiator");
	json_builder_add_string_value(b, ep);
	attempt_endpoint(a, false, ep, sizeof(ep));
	json_builder_set_member_name(b, "responder");
	json_builder_add_string_value(b, ep);
	json_builder_set_member_name(b, "nat");
	json_builder_add_string_value(b, attempt_nat(a));
	json_builder_set_member_name(b, "first_frame");
	json_builder_add_int_value(b, (gint64)a->first_frame);
	json_builder_set_member_name(b, "last_frame");
	json_builder_add_int_value(b, (gint64)a->last_frame);
	if (a->dns_seen) {
		json_builder_set_member_name(b, "dns");
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "name");
		json_builder_add_string_value(b, a->dns_name);
		json_builder_set_member_name(b, "answered");
		json_builder_add_boolean_value(b, a->dns_answered);
		json_builder_set_member_name(b, "rcode");
		json_builder_add_int_value(b, a->dns_rcode);
		json_builder_end_object(b);
	}
	json_builder_set_member_name(b, "stages");
	json_builder_begin_array(b);
	const Profile *p = profile_get(a->profile);
	for (size_t i = 0; i < p->n_stages; i++) {
		const StageStats *s = &a->stages[p->stages[i]];
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "name");
		json_builder_add_string_value(b, stage_name(p->stages[i]));
		json_builder_set_member_name(b, "status");
		json_builder_add_string_value(b, stage_status_name(s->status));
		dir_json(b, "i2r", &s->dir[DIR_I2R]);
		dir_json(b, "r2i", &s->dir[DIR_R2I]);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);

	const Verdict *v = &a->verdict;
	const CauseDef *c = cause_def(v->cause);
	json_builder_set_member_name(b, "verdict");
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "status");
	json_builder_add_string_value(b, verdict_status_name(v->status));
	json_builder_set_member_name(b, "stage");
	if (v->has_stage && v->status != VERDICT_OK)
		json_builder_add_string_value(b, stage_name(v->stage));
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "direction");
	json_builder_add_string_value(b, verdict_direction_name(v->direction));
	json_builder_set_member_name(b, "cause");
	if (v->cause != CAUSE_NONE)
		json_builder_add_string_value(b, c->id);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "fix");
	if (v->cause != CAUSE_NONE)
		json_builder_add_string_value(b, c->fix);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "windows_error");
	if (v->cause != CAUSE_NONE && c->windows)
		json_builder_add_string_value(b, c->windows);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "detail");
	json_builder_add_string_value(b, v->detail);
	json_builder_set_member_name(b, "evidence");
	json_builder_begin_array(b);
	for (unsigned i = 0; i < v->n_evidence; i++)
		json_builder_add_int_value(b, (gint64)v->evidence[i]);
	json_builder_end_array(b);
	json_builder_set_member_name(b, "basis");
	json_builder_add_string_value(b, basis_name(v->basis));
	json_builder_set_member_name(b, "confirm_with");
	if (v->confirm_with[0])
		json_builder_add_string_value(b, v->confirm_with);
	else
		json_builder_add_null_value(b);
	json_builder_end_object(b);
	findings_json(b, a);
	json_builder_end_object(b);
	JsonNode *n = json_builder_get_root(b);
	g_object_unref(b);
	return n;
}
